//! `specmoor check` (specs/cli.md CL-1, CL-3, CL-4).

use super::{print, Global};
use crate::check::{self, Mode};
use crate::error::{Fatal, FatalKind, Result};
use crate::report::{self, Format};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Check the index against HEAD (the default)
    #[arg(long, conflicts_with = "base")]
    staged: bool,
    /// Check merge-base(BASE, HEAD)..HEAD
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// Head revision of the range (default: HEAD)
    #[arg(long, value_name = "REV", requires = "base")]
    head: Option<String>,
    /// Output format
    #[arg(long, default_value = "human", value_parser = Format::parser(&[
        (Format::Human, "One diagnostic per finding, pointing at the spec line, then a summary"),
        (Format::Json, "The report as JSON (specmoor.report/1)"),
        (Format::Sarif, "SARIF 2.1.0, for GitHub code scanning"),
        (Format::Github, "Workflow-command annotations, plus the step summary when GITHUB_STEP_SUMMARY is set"),
        (Format::Markdown, "A pull-request comment body: verdict, counts, findings by spec"),
    ]))]
    format: Format,
    /// Also write the JSON report to PATH
    #[arg(long, value_name = "PATH")]
    json_file: Option<PathBuf>,
    /// Also write SARIF 2.1.0 to PATH (for code scanning upload)
    #[arg(long, value_name = "PATH")]
    sarif_file: Option<PathBuf>,
    /// Waive every finding (but SM010) because the pull request carries LABEL
    #[arg(long, value_name = "LABEL")]
    waive_label: Option<String>,
    /// Who set the waiving label (reported with the waiver)
    #[arg(long, value_name = "WHO", requires = "waive_label")]
    waived_by: Option<String>,
    /// Print the ids of the blobs this check needs and a partial clone lacks, one a
    /// line (for `git fetch --stdin`); run again after fetching until it prints nothing
    #[arg(long, conflicts_with_all = ["format", "json_file", "sarif_file", "waive_label"])]
    list_objects: bool,
}

pub fn run(g: &Global, a: &Args) -> Result<i32> {
    let gate = g.gate()?;
    let mode = match &a.base {
        Some(b) => Mode::Range {
            base: b.clone(),
            head: a.head.clone().unwrap_or_else(|| "HEAD".into()),
        },
        None => Mode::Staged,
    };
    if a.list_objects {
        let ids = check::missing_objects(&gate.repo, gate.rules(), &mode)?;
        return print_objects(&ids);
    }
    if matches!(mode, Mode::Range { .. }) {
        crate::par::one_shot();
    }
    crate::par::ends_after_check();
    let mut report = check::check(&gate.repo, gate.rules(), &mode)?;
    if let Some(label) = &a.waive_label {
        waive_by_label(&mut report, label, a.waived_by.as_deref());
    }
    if let Some(p) = &a.json_file {
        write(p, &report::json::render(&report))?;
    }
    if let Some(p) = &a.sarif_file {
        write(p, &report::sarif::render(&report))?;
    }
    if a.format == Format::Github {
        if let Some(p) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
            report::github::append_step_summary(&report, Path::new(&p)).map_err(|e| {
                Fatal::new(FatalKind::Io, format!("cannot write the step summary: {e}"))
            })?;
        }
    }
    match a.format {
        // streamed: the text of a large report is never held whole
        Format::Json => super::emit_with(|out| report::json::write(&report, &mut { out }))?,
        _ => print(&report, a.format)?,
    }
    let code = report.exit_code();
    crate::par::leave((report, gate));
    Ok(code)
}

/// `--list-objects`: one blob id a line (`git fetch --stdin` reads them).
pub(super) fn print_objects(ids: &[gix::ObjectId]) -> Result<i32> {
    let text: String = ids.iter().map(|id| format!("{id}\n")).collect();
    super::emit(&text)?;
    Ok(0)
}

/// The pull request carries the waiving label: every finding but SM010 is waived.
fn waive_by_label(report: &mut report::Report, label: &str, who: Option<&str>) {
    let by = match who.filter(|w| !w.is_empty()) {
        Some(w) => format!("label {label} (set by {w})"),
        None => format!("label {label}"),
    };
    for f in report
        .findings
        .iter_mut()
        .filter(|f| f.code != crate::codes::RuleCode::Waiver && f.waived.is_none())
    {
        f.waived = Some(report::Waived {
            by: by.clone(),
            reason: format!("the pull request carries the `{label}` label"),
        });
    }
}

/// A report file the user named: through the safe writer (never half a file, a
/// full disk or file size limit is exit 2 and leaves nothing behind).
fn write(path: &Path, text: &str) -> Result<()> {
    crate::write::write_atomic(path, text.as_bytes(), crate::write::Links::Follow)
}
