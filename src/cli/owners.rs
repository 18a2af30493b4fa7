//! `specmoor owners PATH...` (specs/cli.md CL-1).

use super::{print, Global};
use crate::error::Result;
use crate::report::owners::Owners;
use crate::report::Format;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Paths (relative to the current directory), each optionally with `:LINE`
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
    let rel: Vec<(String, Option<u32>)> = a
        .paths
        .iter()
        .map(|p| {
            let (p, line) = split_line(p);
            Ok((s.repo.repo_relative(&p)?, line))
        })
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

/// `src/x.rs:12` → (`src/x.rs`, 12) (specs/tags.md TG-7); a path without a `:LINE`
/// suffix (or one that exists as written) is kept whole.
fn split_line(p: &std::path::Path) -> (PathBuf, Option<u32>) {
    let Some(text) = p.to_str() else {
        return (p.to_path_buf(), None);
    };
    match text.rsplit_once(':') {
        Some((path, line))
            if !path.is_empty()
                && !line.is_empty()
                && line.bytes().all(|b| b.is_ascii_digit())
                && !p.exists() =>
        {
            match line.parse::<u32>() {
                Ok(n) if n > 0 => (PathBuf::from(path), Some(n)),
                _ => (p.to_path_buf(), None),
            }
        }
        _ => (p.to_path_buf(), None),
    }
}
