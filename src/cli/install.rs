//! `specmoor install` (specs/hooks.md HK-2).

use super::{emit, Global};
use crate::error::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only this hook (repeatable)
    #[arg(long = "hook", value_name = "NAME")]
    hooks: Vec<String>,
    /// Install even into a `core.hooksPath` directory or a hooks directory inside the
    /// work tree, and replace a hook of ours that has lines specmoor did not write
    /// (kept as NAME.specmoor-edited)
    #[arg(long)]
    force: bool,
}

pub fn run(g: &Global, a: &Args) -> Result<i32> {
    let lines = crate::hooks::install(&g.repo()?, &a.hooks, a.force)?;
    emit(&format!("{}\n", lines.join("\n")))?;
    Ok(0)
}
