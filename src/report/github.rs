//! GitHub Actions output: workflow-command annotations (escaped: file names are
//! untrusted and must not forge commands), a plain list of every finding for the
//! log, and the Markdown summary appended to `$GITHUB_STEP_SUMMARY`.

use super::{Finding, Report};
use crate::rules::Severity;

/// GitHub shows this many annotations of each kind per step.
pub const ANNOTATIONS_PER_KIND: usize = 10;
/// The step summary of one step may not exceed 1 MiB.
pub const SUMMARY_LIMIT: usize = 1024 * 1024;

/// Escape a workflow-command message: `%`, CR, LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property: the message escapes plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn annotation(f: &Finding) -> String {
    let kind = match (&f.waived, f.severity) {
        (Some(_), _) => "notice",
        (None, Severity::Error) => "error",
        _ => "warning",
    };
    let mut props = Vec::new();
    if let Some(p) = &f.path {
        props.push(format!("file={}", escape_property(p)));
        if let Some(l) = f
            .line
            .filter(|_| f.line_file.is_none() || f.line_file == f.path)
        {
            props.push(format!("line={l}"));
        }
    }
    props.push(format!(
        "title={}",
        escape_property(&format!("specmoor {} {}", f.code, f.rule))
    ));
    let mut msg = f.message.clone();
    if let Some(w) = &f.waived {
        msg = format!("waived by {}: {} — {msg}", w.by, w.reason);
    }
    format!("::{kind} {}::{}\n", props.join(","), escape_data(&msg))
}

/// The log output: annotations (capped per kind, with the rest counted), then every
/// finding as a plain line, then the summary line.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let mut counts = [0usize; 3];
    let mut hidden = [0usize; 3];
    for f in &report.findings {
        let k = match (&f.waived, f.severity) {
            (Some(_), _) => 2,
            (None, Severity::Error) => 0,
            _ => 1,
        };
        if counts[k] < ANNOTATIONS_PER_KIND {
            out.push_str(&annotation(f));
            counts[k] += 1;
        } else {
            hidden[k] += 1;
        }
    }
    for (k, name) in ["errors", "warnings", "waived findings"].iter().enumerate() {
        if hidden[k] > 0 {
            out.push_str(&format!(
                "::notice title=specmoor::{} more {name} are not annotated (GitHub shows {ANNOTATIONS_PER_KIND} per kind); all are listed in this log and the step summary\n",
                hidden[k]
            ));
        }
    }
    // every finding, as plain log lines (`::` cannot start a line here)
    for f in &report.findings {
        let state = match (&f.waived, f.severity) {
            (Some(w), _) => format!("waived by {} ({})", w.by, w.reason),
            (None, s) => s.as_str().to_string(),
        };
        let line = format!(
            "{} {} [{state}] {}: {}",
            f.code,
            f.rule,
            f.path.as_deref().or(f.spec.as_deref()).unwrap_or("-"),
            f.message
        );
        out.push_str("  ");
        out.push_str(&line.replace(['\r', '\n'], " "));
        out.push('\n');
    }
    let s = report.summary();
    out.push_str(&format!(
        "specmoor: {} error{}, {} warning{}, {} waived — {} changed path{}, {} owned by a spec\n",
        s.errors,
        crate::report::plural(s.errors),
        s.warnings,
        crate::report::plural(s.warnings),
        s.waived,
        report.stats.changed_paths,
        if report.stats.changed_paths == 1 {
            ""
        } else {
            "s"
        },
        report.stats.owned_paths
    ));
    out
}

/// Append the Markdown summary to the file `$GITHUB_STEP_SUMMARY` names, keeping the
/// file within GitHub's 1 MiB.
pub fn append_step_summary(report: &Report, path: &std::path::Path) -> std::io::Result<()> {
    use std::io::Write;
    let used = std::fs::metadata(path)
        .map(|m| m.len() as usize)
        .unwrap_or(0);
    let room = SUMMARY_LIMIT.saturating_sub(used);
    if room < 512 {
        return Ok(());
    }
    let md = super::markdown::render(report, room - 1);
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    f.write_all(md.as_bytes())?;
    f.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_file_names_cannot_forge_commands() {
        let f = Finding {
            path: Some("src/::error::x,y:z%\n::warning::forged.rs".into()),
            line: Some(3),
            ..Finding::new(
                crate::codes::RuleCode::Unowned,
                "line one\nline two 100%".into(),
            )
        };
        let a = annotation(&f);
        assert_eq!(a.matches('\n').count(), 1, "one line: {a:?}");
        assert!(a.starts_with("::"));
        assert!(
            a.contains("file=src/%3A%3Aerror%3A%3Ax%2Cy%3Az%25%0A%3A%3Awarning%3A%3Aforged.rs"),
            "{a}"
        );
        assert!(a.ends_with("::line one%0Aline two 100%25\n"), "{a}");
        let r = Report {
            head: "INDEX".into(),
            findings: vec![f],
            ..Default::default()
        };
        for l in render(&r).lines() {
            assert!(!l.starts_with("::warning::forged"), "{l}");
        }
    }

    #[test]
    fn annotations_are_capped_and_the_rest_counted() {
        let r = Report {
            head: "INDEX".into(),
            findings: (0..25)
                .map(|i| Finding {
                    path: Some(format!("src/{i}.rs")),
                    ..Finding::new(crate::codes::RuleCode::Drift, "x".into())
                })
                .collect(),
            ..Default::default()
        };
        let out = render(&r);
        assert_eq!(
            out.lines().filter(|l| l.starts_with("::error ")).count(),
            10
        );
        assert!(out.contains("::notice title=specmoor::15 more errors"));
        assert_eq!(out.lines().filter(|l| l.starts_with("  SM001")).count(), 25);
    }
}
