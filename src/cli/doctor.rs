//! `specmoor doctor` (specs/hooks.md HK-3).

use super::{emit, Global};
use crate::error::Result;

pub fn run(g: &Global) -> Result<i32> {
    let (lines, problems) = crate::hooks::doctor(&g.repo()?)?;
    emit(&format!("{}\n", lines.join("\n")))?;
    Ok(if problems == 0 { 0 } else { 1 })
}
