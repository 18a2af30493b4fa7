// mimalloc: checks on large repositories allocate and free hundreds of thousands of
// small index entries and paths; glibc malloc spent a fifth of a pre-commit run there.
// Its v2 line (libmimalloc-sys's `v2` feature), not v3: on the 100,000-file benchmark
// v3 touched half as much heap again (60 vs 41 MB at 1,000 paths, every fresh 2 MB
// page zeroed by the kernel), and checks took 3-28% longer.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use libmimalloc_sys::{mi_option_set, mi_option_t};

// Indices into the bundled mimalloc v2 option enum (libmimalloc-sys is pinned exactly;
// the test below fails if an upgrade moves them).
const MI_OPTION_PURGE_DELAY: mi_option_t = 15;
const MI_OPTION_ARENA_RESERVE: mi_option_t = 23;

fn tune_allocator() {
    // SAFETY: plain setters of process-wide integer options; valid at any time.
    unsafe {
        // Return freed memory after 100 ms. Under v3 (1 s by default) this kept peak
        // RSS lower, and 3 ms made memory be given back and faulted in again (zeroed)
        // so often that checks took ~15% longer; under v2 10 ms (its default), 100
        // ms, 1 s or never made no measurable difference.
        mi_option_set(MI_OPTION_PURGE_DELAY, 100);
        // Reserve address space 64 MiB at a time rather than 1 GiB, so that a run
        // under `ulimit -v` is not refused memory it does not use.
        mi_option_set(MI_OPTION_ARENA_RESERVE, 64 * 1024);
    }
}

/// A write past a file size limit (`ulimit -f`) fails with EFBIG, handled as an error
/// (exit 2, the file unchanged, no temporary file left), instead of killing the
/// process with SIGXFSZ (specs/cli.md CL-2).
#[cfg(unix)]
fn ignore_sigxfsz() {
    // SAFETY: sets the disposition of one signal to "ignore" at start-up, before any
    // other thread exists; no handler code runs.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

fn main() {
    #[cfg(unix)]
    ignore_sigxfsz();
    tune_allocator();
    exit_now(specmoor::cli::main());
}

/// End the process once everything is written: flush standard output (which
/// `std::process::exit` would do) and leave without the allocator's exit-time
/// collection. mimalloc, linked statically, walks and gives back every arena at
/// exit (`mi_process_done`), work the kernel does anyway when the process ends:
/// ~3% of a small check's time. Every file specmoor writes is complete (written,
/// synced and renamed) before `cli::main` returns; nothing else runs at exit.
fn exit_now(code: i32) -> ! {
    use std::io::Write;
    // an error here is what `std::process::exit` ignores too: the report's own
    // writes have already failed or succeeded (and set the code)
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    #[cfg(unix)]
    // SAFETY: `_exit` ends the process; no Rust state is used after it.
    unsafe {
        libc::_exit(code)
    }
    #[cfg(not(unix))]
    std::process::exit(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_indices_name_the_options_we_mean() {
        // the defaults of mimalloc v2's options.c: purge_delay 10 ms, arena_reserve 1 GiB
        unsafe {
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), 10);
            // (kept in KiB)
            assert_eq!(
                libmimalloc_sys::mi_option_get(MI_OPTION_ARENA_RESERVE),
                1 << 20
            );
        }
    }
}
