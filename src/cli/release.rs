//! `specmoor release` (specs/release.md RL-3).

use super::{emit_err, print, Global};
use crate::error::Result;
use crate::report::Format;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The previous release (a tag such as v1.4.0)
    #[arg(long, value_name = "REV")]
    from: String,
    /// The release being made (default: HEAD)
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    to: String,
    /// The release's version (default: from --to when it is a vX.Y.Z tag)
    #[arg(long, value_name = "X.Y.Z")]
    version: Option<String>,
    /// Output format (markdown: the release notes only, a GitHub release body)
    #[arg(long, default_value = "human", value_parser = Format::parser(&[
        (Format::Human, "The release notes, then the verdict"),
        (Format::Json, "The specs, versions, entries and failures as JSON (specmoor.release/1)"),
        (Format::Markdown, "The release notes only, a GitHub release body"),
    ]))]
    format: Format,
    /// Print the ids of the blobs the gate needs and a partial clone lacks, one a
    /// line (for `git fetch --stdin`); run again after fetching until it prints nothing
    #[arg(long, conflicts_with = "format")]
    list_objects: bool,
}

pub fn run(g: &Global, a: &Args) -> Result<i32> {
    let gate = g.gate()?;
    if a.list_objects {
        let outcome = crate::release::gate(
            &gate.repo,
            gate.rules(),
            &a.from,
            &a.to,
            a.version.as_deref(),
        );
        let ids = crate::check::missing_after(&gate.repo, outcome)?;
        return super::check::print_objects(&ids);
    }
    let r = crate::release::gate(
        &gate.repo,
        gate.rules(),
        &a.from,
        &a.to,
        a.version.as_deref(),
    )?;
    print(&r, a.format)?;
    if a.format == Format::Markdown && !r.failures.is_empty() {
        emit_err(&format!(
            "specmoor release: refused\n  × {}\n",
            r.failures.join("\n  × ")
        ));
    }
    Ok(r.exit_code())
}
