//! `specmoor uninstall` (specs/hooks.md HK-3).

use super::{emit, Global};
use crate::error::Result;

pub fn run(g: &Global) -> Result<i32> {
    let lines = crate::hooks::uninstall(&g.repo()?)?;
    emit(&format!("{}\n", lines.join("\n")))?;
    Ok(0)
}
