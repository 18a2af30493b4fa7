//! `specmoor man` (specs/adoption.md AD-3).

use super::{emit, Cli};
use crate::error::{Fatal, FatalKind, Result};

pub fn run() -> Result<i32> {
    use clap::CommandFactory;
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| Fatal::new(FatalKind::Io, format!("cannot render the man page: {e}")))?;
    emit(&String::from_utf8_lossy(&buf))?;
    Ok(0)
}
