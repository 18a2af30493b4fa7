//! `specmoor completions SHELL` (specs/adoption.md AD-3).

use super::{emit, Cli};
use crate::error::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// bash, zsh, fish, powershell or elvish
    shell: clap_complete::Shell,
}

pub fn run(a: &Args) -> Result<i32> {
    use clap::CommandFactory;
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "specmoor", &mut buf);
    emit(&String::from_utf8_lossy(&buf))?;
    Ok(0)
}
