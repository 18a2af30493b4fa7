//! `specmoor coverage` (specs/adoption.md AD-2).

use super::{print, Global};
use crate::error::Result;
use crate::report::Format;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output format
    #[arg(long, default_value = "human", value_parser = Format::parser(&[Format::Human, Format::Json, Format::Markdown]))]
    format: Format,
}

pub fn run(g: &Global, a: &Args) -> Result<i32> {
    let s = g.session()?;
    let mut c = crate::coverage::coverage(&s.repo, &s.config)?;
    c.config = s.config_source;
    print(&c, a.format)?;
    Ok(c.exit_code())
}
