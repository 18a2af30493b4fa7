//! `specmoor audit` (specs/adoption.md AD-5): replay past commits with the current
//! config. It reports, it does not gate: exit 0 when the audit ran, 2 when it could
//! not (a revision or a cut history), or when some commit could not be checked (its
//! row says why; the others are judged and reported all the same).

use super::{emit, Global};
use crate::audit::{Select, Walk, DEFAULT_LAST};
use crate::error::{Fatal, Result};
use crate::report::{Format, Render};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Replay the newest N commits (default 50)
    #[arg(long, value_name = "N", conflicts_with = "range", value_parser = clap::value_parser!(u32).range(1..))]
    last: Option<u32>,
    /// Replay the commits of A..B: reachable from B, not from A
    #[arg(long, value_name = "A..B")]
    range: Option<String>,
    /// Where --last counts back from
    #[arg(
        long,
        value_name = "REV",
        default_value = "HEAD",
        conflicts_with = "range"
    )]
    rev: String,
    /// Only the first-parent line (the branch's own history)
    #[arg(long, conflicts_with = "merges")]
    first_parent: bool,
    /// Only the merges of the first-parent line, each judged against its first
    /// parent: one verdict per merged pull request
    #[arg(long)]
    merges: bool,
    /// Output format
    #[arg(long, default_value = "human", value_parser = Format::parser(&[
        (Format::Human, "Per-commit verdicts and the hot spots, as text"),
        (Format::Json, "Every commit and finding (specmoor.audit/1)"),
        (Format::Markdown, "A Markdown summary: the headline and a table of flag rates per rule"),
        (Format::Html, "One self-contained page, nothing loaded from the network"),
    ]))]
    format: Format,
    /// Write the output to FILE instead of stdout
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(g: &Global, a: &Args) -> Result<i32> {
    let s = g.session()?;
    // the config every commit is judged by, with its place in the repository (so a
    // commit that edits it is seen doing so, as `check --config` sees it)
    let config_path = match &g.config {
        Some(p) => {
            let abs = if p.is_absolute() {
                p.clone()
            } else {
                s.repo.cwd.join(p)
            };
            s.repo.repo_relative(&abs).ok()
        }
        None => s
            .repo
            .workdir
            .as_ref()
            .map(|_| crate::config_file::CONFIG_PATH.to_string()),
    };
    let select = match &a.range {
        Some(r) => Select::Range(r.clone()),
        None => Select::Last {
            n: a.last.map_or(DEFAULT_LAST, |n| n as usize),
            rev: a.rev.clone(),
        },
    };
    let walk = if a.merges {
        Walk::Merges
    } else if a.first_parent {
        Walk::FirstParent
    } else {
        Walk::All
    };
    let audit = crate::audit::audit(
        &s.repo,
        &s.config,
        config_path.as_deref(),
        s.config_source,
        &select,
        walk,
    )?;
    let text = audit
        .render(a.format, false)
        .ok_or_else(|| Fatal::usage(format!("audit has no {:?} output", a.format)))?;
    match &a.output {
        Some(p) => {
            crate::write::write_atomic(p, text.as_bytes(), crate::write::Links::Follow)?;
            super::emit_err(&format!(
                "specmoor audit: wrote {} ({} commit{})\n",
                p.display(),
                audit.commits.len(),
                crate::report::plural(audit.commits.len())
            ));
        }
        None => emit(&text)?,
    }
    // a commit `check` could not judge is not a pass: the audit is incomplete
    let unreadable = audit.commits.iter().filter(|c| c.unreadable()).count();
    if unreadable > 0 {
        super::emit_err(&format!(
            "specmoor audit: {unreadable} commit{} could not be checked (verdict error): the audit is incomplete\n",
            crate::report::plural(unreadable)
        ));
        return Ok(2);
    }
    Ok(0)
}
