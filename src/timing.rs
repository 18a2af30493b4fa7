//! Phase timings for profiling (specs/cli.md CL-7): `-v/--verbose` prints how long each
//! phase took to stderr; `SPECMOOR_TIMINGS=1`, its former switch, still does for this
//! release. Costs nothing when off.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

static VERBOSE: AtomicBool = AtomicBool::new(false);

/// `--verbose`: print the timings from now on.
pub fn set_verbose() {
    VERBOSE.store(true, Ordering::Relaxed);
}

fn enabled() -> bool {
    static ENV: OnceLock<bool> = OnceLock::new();
    VERBOSE.load(Ordering::Relaxed)
        || *ENV.get_or_init(|| std::env::var_os("SPECMOOR_TIMINGS").is_some_and(|v| v != "0"))
}

/// Measures from creation to [`Phase::done`].
pub struct Phase {
    name: std::borrow::Cow<'static, str>,
    start: Option<Instant>,
}

pub fn phase(name: impl Into<std::borrow::Cow<'static, str>>) -> Phase {
    Phase {
        name: name.into(),
        start: enabled().then(Instant::now),
    }
}

impl Phase {
    pub fn done(self) {
        self.stop().print();
    }

    /// [`Phase::done`] put off: the time taken now, printed later (phases that run
    /// on several threads at once are printed in a fixed order).
    pub fn stop(self) -> Stopped {
        Stopped {
            took: self.start.map(|s| s.elapsed()),
            name: self.name,
        }
    }
}

/// A phase's time, to be printed.
pub struct Stopped {
    name: std::borrow::Cow<'static, str>,
    took: Option<std::time::Duration>,
}

impl Stopped {
    pub fn print(&self) {
        if let Some(d) = self.took {
            eprintln!(
                "specmoor timing: {:<28} {:>8.1} ms",
                self.name,
                d.as_secs_f64() * 1000.0
            );
        }
    }
}
