//! The renderings of `specmoor audit` (specs/adoption.md AD-5): a terminal table, the
//! JSON document `specmoor.audit/1`, a Markdown report to paste into an issue, and
//! one self-contained HTML page. Commit subjects, paths and spec names come from the
//! repository and are untrusted: escaped in Markdown and HTML, control characters
//! replaced in human output.

use super::{plural, Format, Render};
use crate::audit::{Audit, CodeCount, CommitAudit, HotSpot, Totals};
use crate::codes::Severity;
use serde::Serialize;

pub const SCHEMA: &str = "specmoor.audit/1";

/// How many rows of a hot-spot table the human, Markdown and HTML outputs show.
const TOP: usize = 10;

impl Render for Audit {
    fn render(&self, format: Format, _color: bool) -> Option<String> {
        Some(match format {
            Format::Human => human(self),
            Format::Json => json(self),
            Format::Markdown => markdown(self),
            Format::Html => html(self),
            _ => return None,
        })
    }
}

/// `SM001×2 SM011(w)`: unwaived findings per code, warnings marked.
fn codes(c: &[CodeCount]) -> String {
    c.iter()
        .map(|k| {
            let w = if k.severity == Severity::Error {
                ""
            } else {
                "(w)"
            };
            if k.count > 1 {
                format!("{}{w}×{}", k.code, k.count)
            } else {
                format!("{}{w}", k.code)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn pct(r: f64) -> String {
    format!("{:.1} %", r * 100.0)
}

/// Text for a terminal: control characters (escape sequences) replaced.
fn plain(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// At most `n` characters, an ellipsis marking the cut.
fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

fn headline(t: &Totals) -> String {
    format!(
        "{} of {} judged commit{} would have been blocked ({})",
        t.failed,
        t.judged,
        plural(t.judged),
        pct(t.blocked_rate)
    )
}

fn skipped_note(t: &Totals) -> Option<String> {
    let roots = t.skipped - t.unreadable;
    let mut notes = Vec::new();
    if roots > 0 {
        notes.push(format!(
            "{roots} root commit{} not judged (no parent to compare with)",
            plural(roots)
        ));
    }
    if t.unreadable > 0 {
        notes.push(format!(
            "{} commit{} `check` could not judge (it exits 2 there; verdict error, why in the table)",
            t.unreadable,
            plural(t.unreadable)
        ));
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

fn human(a: &Audit) -> String {
    let t = a.totals();
    let mut out = format!(
        "specmoor audit: {}, each judged as `check --base C^ --head C`\nconfig: {}\n",
        plain(&a.describe()),
        plain(&a.config)
    );
    if let Some(n) = skipped_note(&t) {
        out.push_str(&format!("note: {n}\n"));
    }
    if a.commits.is_empty() {
        out.push_str("\nNo commits to replay.\n");
        return out;
    }
    out.push_str(&format!(
        "\n{:<12}  {:<7}  {:<24}  {:>6}  subject\n",
        "commit", "verdict", "findings", "waived"
    ));
    for c in &a.commits {
        out.push_str(&format!(
            "{:<12}  {:<7}  {:<24}  {:>6}  {}\n",
            c.short(),
            c.verdict,
            codes(&c.codes),
            c.summary.waived,
            cut(&plain(&c.headline()), 72)
        ));
    }
    let errors: Vec<_> = a.commits.iter().filter(|c| c.unreadable()).collect();
    if !errors.is_empty() {
        out.push_str("\ncould not check:\n");
        for c in errors {
            out.push_str(&format!(
                "  {}  {}\n",
                c.short(),
                plain(c.skipped.as_deref().unwrap_or(""))
            ));
        }
    }
    out.push_str(&format!("\n{}\n", headline(&t)));
    if !t.rules.is_empty() {
        out.push_str(&format!(
            "\n{:<28}  {:>7}  {:>7}  {:>6}  {:>8}  {:>6}  {:>8}\n",
            "rule", "flagged", "rate", "errors", "warnings", "waived", "findings"
        ));
        for r in &t.rules {
            out.push_str(&format!(
                "{:<28}  {:>7}  {:>7}  {:>6}  {:>8}  {:>6}  {:>8}\n",
                format!("{} {}", r.code, r.rule),
                r.flagged,
                pct(r.rate),
                r.errors,
                r.warnings,
                r.waived,
                r.findings
            ));
        }
    }
    for (title, spots) in [
        ("drift (SM001) by spec", &t.drift_by_spec),
        ("drift (SM001) by folder", &t.drift_by_folder),
    ] {
        if spots.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n{title:<40}  {:>8}  {:>7}\n",
            "findings", "commits"
        ));
        for s in spots.iter().take(TOP) {
            out.push_str(&format!(
                "{:<40}  {:>8}  {:>7}\n",
                cut(&plain(&s.name), 40),
                s.findings,
                s.commits
            ));
        }
        if spots.len() > TOP {
            out.push_str(&format!("… and {} more\n", spots.len() - TOP));
        }
    }
    let failing: Vec<&CommitAudit> = a.to_waive().collect();
    if !failing.is_empty() {
        out.push_str(&format!(
            "\nto waive ({} failing commit{}):\n",
            failing.len(),
            plural(failing.len())
        ));
        for c in failing {
            out.push_str(&format!(
                "  {}  {}  {}\n",
                c.short(),
                codes(&c.codes),
                cut(&plain(&c.headline()), 72)
            ));
        }
    }
    let tm = a.timing();
    out.push_str(&format!(
        "\ntime per commit: median {:.1} ms, p95 {:.1} ms (total {:.1} ms)\n",
        tm.median_ms, tm.p95_ms, tm.total_ms
    ));
    out
}

#[derive(Serialize)]
struct Json<'a> {
    schema: &'static str,
    tip: &'a str,
    selection: &'a crate::audit::Selection,
    config: &'a str,
    summary: JsonSummary<'a>,
    commits: &'a [CommitAudit],
    /// Wall-clock times: the one part that differs between runs.
    timing: crate::audit::Timing,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    #[serde(flatten)]
    totals: &'a Totals,
    /// The ids of the failing commits, newest first.
    to_waive: Vec<&'a str>,
}

fn json(a: &Audit) -> String {
    let totals = a.totals();
    super::to_json(&Json {
        schema: SCHEMA,
        tip: &a.tip,
        selection: &a.selection,
        config: &a.config,
        summary: JsonSummary {
            totals: &totals,
            to_waive: a.to_waive().map(|c| c.id.as_str()).collect(),
        },
        commits: &a.commits,
        timing: a.timing(),
    })
}

fn markdown(a: &Audit) -> String {
    use super::markdown::escape as md;
    let t = a.totals();
    let mut out = format!("## specmoor audit: {}\n\n", headline(&t));
    out.push_str(&format!(
        "Replayed {}, each judged as `check --base C^ --head C` · config: {}\n",
        md(&a.describe()),
        md(&a.config)
    ));
    if let Some(n) = skipped_note(&t) {
        out.push_str(&format!("\n> {}\n", md(&n)));
    }
    if a.commits.is_empty() {
        out.push_str("\nNo commits to replay.\n");
        return out;
    }
    if !t.rules.is_empty() {
        out.push_str("\n### Rules\n\n| Rule | Commits flagged | Rate | Errors | Warnings | Waived | Findings |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for r in &t.rules {
            out.push_str(&format!(
                "| {} {} | {} | {} | {} | {} | {} | {} |\n",
                r.code,
                r.rule,
                r.flagged,
                pct(r.rate),
                r.errors,
                r.warnings,
                r.waived,
                r.findings
            ));
        }
    } else {
        out.push_str("\nNo findings: every commit moved code and specs together.\n");
    }
    for (title, what, spots) in [
        ("Drift by spec", "Spec", &t.drift_by_spec),
        ("Drift by folder", "Folder", &t.drift_by_folder),
    ] {
        if spots.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n### {title}\n\n| {what} | SM001 findings | Commits |\n|---|---:|---:|\n"
        ));
        for s in spots.iter().take(TOP) {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                md(&s.name),
                s.findings,
                s.commits
            ));
        }
        more_md(&mut out, spots);
    }
    let failing: Vec<&CommitAudit> = a.to_waive().collect();
    if !failing.is_empty() {
        out.push_str(&format!(
            "\n### Commits to waive ({})\n\n| Commit | Findings | Subject |\n|---|---|---|\n",
            failing.len()
        ));
        for c in failing {
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                c.short(),
                codes(&c.codes),
                md(&c.headline())
            ));
        }
    }
    out.push_str(&format!(
        "\n<details><summary>Every commit ({})</summary>\n\n| Commit | Verdict | Findings | Waived | Subject |\n|---|---|---|---:|---|\n",
        a.commits.len()
    ));
    for c in &a.commits {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            c.short(),
            c.verdict,
            codes(&c.codes),
            c.summary.waived,
            md(&c.headline())
        ));
    }
    out.push_str("\n</details>\n");
    out
}

fn more_md(out: &mut String, spots: &[HotSpot]) {
    if spots.len() > TOP {
        out.push_str(&format!("\n… and {} more\n", spots.len() - TOP));
    }
}

/// Escape text for HTML element content and quoted attribute values: the shared
/// escaper ([`super::html_escape`]), control characters first made spaces (a subject's
/// terminal escapes and line breaks never reach the page).
pub fn html_escape(s: &str) -> String {
    super::html_escape(&s.replace(|c: char| c.is_control(), " "))
}

const STYLE: &str = "body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#1f2328}\
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.8em}\
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #d0d7de;padding:.25em .6em;text-align:left;vertical-align:top}\
th{background:#f6f8fa}td.n{text-align:right}code{font:12px ui-monospace,monospace}\
.fail{color:#b42318;font-weight:600}.pass{color:#1a7f37}.skipped{color:#6e7781}.meta{color:#57606a}";

fn html(a: &Audit) -> String {
    let e = html_escape;
    let t = a.totals();
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    // nothing is loaded from anywhere: no scripts, no network, inline style only
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>specmoor audit: {}</title>\n",
        e(&headline(&t))
    ));
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    out.push_str(&format!("<h1>specmoor audit: {}</h1>\n", e(&headline(&t))));
    out.push_str(&format!(
        "<p class=\"meta\">Replayed {}, each judged as <code>check --base C^ --head C</code> · config: {}</p>\n",
        e(&a.describe()),
        e(&a.config)
    ));
    if let Some(n) = skipped_note(&t) {
        out.push_str(&format!("<p class=\"meta\">{}</p>\n", e(&n)));
    }
    if !t.rules.is_empty() {
        out.push_str("<h2>Rules</h2>\n<table>\n<tr><th>Rule</th><th>Commits flagged</th><th>Rate</th><th>Errors</th><th>Warnings</th><th>Waived</th><th>Findings</th></tr>\n");
        for r in &t.rules {
            out.push_str(&format!(
                "<tr><td>{} {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                r.code,
                e(r.rule),
                r.flagged,
                pct(r.rate),
                r.errors,
                r.warnings,
                r.waived,
                r.findings
            ));
        }
        out.push_str("</table>\n");
    } else if !a.commits.is_empty() {
        out.push_str("<p>No findings: every commit moved code and specs together.</p>\n");
    }
    for (title, what, spots) in [
        ("Drift by spec", "Spec", &t.drift_by_spec),
        ("Drift by folder", "Folder", &t.drift_by_folder),
    ] {
        if spots.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "<h2>{title}</h2>\n<table>\n<tr><th>{what}</th><th>SM001 findings</th><th>Commits</th></tr>\n"
        ));
        for s in spots.iter().take(TOP) {
            out.push_str(&format!(
                "<tr><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                e(&s.name),
                s.findings,
                s.commits
            ));
        }
        out.push_str("</table>\n");
        if spots.len() > TOP {
            out.push_str(&format!("<p>… and {} more</p>\n", spots.len() - TOP));
        }
    }
    let failing: Vec<&CommitAudit> = a.to_waive().collect();
    if !failing.is_empty() {
        out.push_str(&format!(
            "<h2>Commits to waive ({})</h2>\n<table>\n<tr><th>Commit</th><th>Findings</th><th>Subject</th></tr>\n",
            failing.len()
        ));
        for c in failing {
            out.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n",
                e(c.short()),
                e(&codes(&c.codes)),
                e(&c.headline())
            ));
        }
        out.push_str("</table>\n");
    }
    if a.commits.is_empty() {
        out.push_str("<p>No commits to replay.</p>\n");
    } else {
        out.push_str(&format!(
            "<h2>Every commit ({})</h2>\n<table>\n<tr><th>Commit</th><th>Verdict</th><th>Findings</th><th>Waived</th><th>Subject</th></tr>\n",
            a.commits.len()
        ));
        for c in &a.commits {
            out.push_str(&format!(
                "<tr><td><code>{}</code></td><td class=\"{}\">{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
                e(c.short()),
                c.verdict,
                c.verdict,
                e(&codes(&c.codes)),
                c.summary.waived,
                e(&c.headline())
            ));
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escape_leaves_no_markup() {
        let s = html_escape("<script>alert('x')</script> & \"q\"\u{1b}[31m");
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('"') && !s.contains('\''));
        assert!(!s.contains('\u{1b}'));
        assert!(s.starts_with("&lt;script&gt;"));
    }

    #[test]
    fn plain_replaces_terminal_escapes() {
        assert_eq!(plain("a\u{1b}[2Jb\r\n"), "a?[2Jb??");
    }
}
