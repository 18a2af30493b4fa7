//! `specmoor uninstall` (specs/hooks.md HK-3).

use super::{emit, Global};
use crate::error::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Also take out a hook of ours that has lines specmoor did not write, keeping
    /// the edited file as NAME.specmoor-edited
    #[arg(long)]
    force: bool,
}

pub fn run(g: &Global, a: &Args) -> Result<i32> {
    let lines = crate::hooks::uninstall(&g.repo()?, a.force)?;
    emit(&format!("{}\n", lines.join("\n")))?;
    Ok(0)
}
