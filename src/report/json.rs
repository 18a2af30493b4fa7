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

pub fn render(report: &Report) -> String {
    let j = Json {
        schema: SCHEMA,
        base: report.base.as_deref(),
        head: &report.head,
        findings: &report.findings,
        summary: report.summary(),
    };
    let mut s = serde_json::to_string_pretty(&j).expect("report serialises");
    s.push('\n');
    s
}
