//! `specmoor coverage` (specs/adoption.md AD-2).

use super::Global;
use crate::error::{Fatal, FatalKind, Result};
use crate::report::{Format, Render};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output format
    #[arg(long, default_value = "human", value_parser = Format::parser(&[
        (Format::Human, "Counts, the share owned per top-level folder, then the findings"),
        (Format::Json, "Everything as JSON (specmoor.coverage/1)"),
        (Format::Markdown, "A Markdown summary: the counts, a table of the share owned per folder, unowned files, findings"),
        (Format::Html, "One self-contained page: a treemap of ownership, nothing loaded from the network"),
    ]))]
    format: Format,
    /// Write the output to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Outline drift hot spots from FILE, the output of `specmoor audit --format json` (html)
    #[arg(long, value_name = "FILE")]
    audit: Option<PathBuf>,
}

pub fn run(g: &Global, a: &Args) -> Result<i32> {
    if a.audit.is_some() && a.format != Format::Html {
        return Err(
            Fatal::usage("--audit draws drift on the map: use it with --format html").into(),
        );
    }
    let hotspots = match &a.audit {
        Some(p) => {
            let path = g.start_dir()?.join(p);
            let bytes = std::fs::read(&path).map_err(|e| {
                Fatal::new(
                    FatalKind::Io,
                    format!("cannot read the audit report {}: {e}", p.display()),
                )
            })?;
            Some(crate::coverage_map::read_audit(
                &bytes,
                &p.display().to_string(),
            )?)
        }
        None => None,
    };
    let s = g.session()?;
    let mut c = crate::coverage::coverage_with(&s.repo, &s.config, a.format == Format::Html)?;
    c.config = s.config_source;
    // the page is drawn here: the map module reads the coverage, not the other way
    let html = (a.format == Format::Html).then(|| crate::coverage_map::html(&c, hotspots.as_ref()));
    match &a.output {
        Some(p) => {
            let text = match html {
                Some(h) => h,
                None => c.render(a.format, false).ok_or_else(|| {
                    Fatal::usage(format!("coverage has no {:?} output", a.format))
                })?,
            };
            crate::write::write_atomic(
                &g.start_dir()?.join(p),
                text.as_bytes(),
                crate::write::Links::Follow,
            )?;
        }
        None => match html {
            Some(h) => super::emit(&h)?,
            None => super::print(&c, a.format)?,
        },
    }
    Ok(c.exit_code())
}
