//! `specmoor init` (specs/adoption.md AD-1).

use super::{emit, Global};
use crate::error::Result;

pub fn run(g: &Global) -> Result<i32> {
    let lines = crate::init::init(&g.repo()?)?;
    emit(&format!("{}\n", lines.join("\n")))?;
    Ok(0)
}
