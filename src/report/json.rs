//! The JSON report, `specmoor.report/1` (specs/cli.md CL-4). A stable contract.

use super::{Finding, Report, Summary};
use serde::Serialize;

pub const SCHEMA: &str = "specmoor.report/1";

#[derive(Serialize)]
struct Json<'a> {
    schema: &'static str,
    base: Option<&'a str>,
    head: &'a str,
    findings: &'a [Finding],
    summary: Summary,
}

fn json(report: &Report) -> Json<'_> {
    Json {
        schema: SCHEMA,
        base: report.base.as_deref(),
        head: &report.head,
        findings: &report.findings,
        summary: report.summary(),
    }
}

pub fn render(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&json(report)).expect("report serialises");
    s.push('\n');
    s
}

/// [`render`]'s bytes, written to `out` as they are made: a report of 40,000
/// findings is ~25 MB of text, which a string grown by doubling touches twice over.
pub fn write(report: &Report, out: &mut impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &json(report)).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}
