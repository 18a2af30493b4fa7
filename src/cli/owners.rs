//! `specmoor owners PATH...` (specs/cli.md CL-1).

use super::{print, Global};
use crate::error::Result;
use crate::report::owners::Owners;
use crate::report::Format;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Paths (relative to the current directory)
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, default_value = "human", value_parser = Format::parser(&[
        (Format::Human, "Each path, then its owners and the rule line of each"),
        (Format::Json, "The same as JSON"),
    ]))]
    format: Format,
}

pub fn run(g: &Global, a: &Args) -> Result<i32> {
    let s = g.session()?;
    let rel: Vec<String> = a
        .paths
        .iter()
        .map(|p| s.repo.repo_relative(p))
        .collect::<Result<_>>()?;
    let result = crate::check::owners(&s.repo, &s.config, &rel)?;
    print(
        &Owners {
            paths: result,
            config: s.config_source,
        },
        a.format,
    )?;
    Ok(0)
}
