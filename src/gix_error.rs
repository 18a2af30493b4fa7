//! gix errors as [`Fatal`]s.

use crate::error::Fatal;

/// Wrap a gix error, printing its whole chain, with what we were doing.
pub fn gix_fatal(doing: impl std::fmt::Display, err: &gix::Error) -> Fatal {
    let mut msg = format!("{doing}: {err}");
    for cause in err.iter_errors().skip(1) {
        let c = cause.to_string();
        if !msg.contains(&c) {
            msg.push_str(": ");
            msg.push_str(&c);
        }
    }
    Fatal::git(msg)
}
