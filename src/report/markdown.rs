//! A pull-request comment body (and the step summary): grouped by spec, errors
//! first, waived findings listed with who and why. Everything from the repository
//! (file names, messages) is escaped: it is untrusted.

use super::{Finding, Report};
use crate::rules::Severity;
use std::collections::BTreeMap;

/// Escape text for Markdown and HTML: no markup, no links, no raw HTML, one line.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | '@' | ':' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn icon(f: &Finding) -> &'static str {
    match (&f.waived, f.severity) {
        (Some(_), _) => "☑️",
        (None, Severity::Error) => "❌",
        _ => "⚠️",
    }
}

fn item(f: &Finding) -> String {
    let mut s = format!("- {} **{} {}**", icon(f), f.code, f.rule);
    if let Some(p) = &f.path {
        s.push_str(&format!(" — {}", escape(p)));
    }
    s.push_str(&format!(": {}", escape(&f.message)));
    if let Some(w) = &f.waived {
        s.push_str(&format!(
            "<br>waived by {}: {}",
            escape(&w.by),
            escape(&w.reason)
        ));
    }
    s
}

/// The whole body. `limit` caps its size in bytes (the step summary takes 1 MiB);
/// findings that do not fit are counted in a closing line.
pub fn render(report: &Report, limit: usize) -> String {
    let s = report.summary();
    let verdict = if s.errors > 0 {
        "❌ failed"
    } else {
        "✅ passed"
    };
    let mut out = format!(
        "## specmoor {verdict}: {} error{}, {} warning{}, {} waived\n\n",
        s.errors,
        crate::report::plural(s.errors),
        s.warnings,
        crate::report::plural(s.warnings),
        s.waived
    );
    let st = report.stats;
    out.push_str(&format!(
        "{} changed path{}, {} owned by a spec, {} spec{} touched · base `{}` · head `{}`\n",
        st.changed_paths,
        crate::report::plural(st.changed_paths),
        st.owned_paths,
        st.specs_touched,
        crate::report::plural(st.specs_touched),
        report
            .base
            .as_deref()
            .map(|b| b.chars().take(12).collect::<String>())
            .unwrap_or_else(|| "(none)".into()),
        report.head.chars().take(12).collect::<String>()
    ));
    for n in &report.notes {
        out.push_str(&format!("\n> {}\n", escape(n)));
    }
    if report.findings.is_empty() {
        out.push_str("\nNo findings: code and specs moved together.\n");
        return out;
    }
    // active findings grouped by spec (groups with errors first), then waived ones
    let mut groups: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    let mut waived = Vec::new();
    for f in &report.findings {
        if f.waived.is_some() {
            waived.push(f);
        } else {
            groups
                .entry(f.spec.clone().unwrap_or_else(|| "(no spec)".into()))
                .or_default()
                .push(f);
        }
    }
    let mut order: Vec<(&String, &Vec<&Finding>)> = groups.iter().collect();
    order.sort_by_key(|(name, fs)| {
        (
            !fs.iter().any(|f| f.severity == Severity::Error),
            (*name).clone(),
        )
    });
    let mut lines: Vec<String> = Vec::new();
    for (name, fs) in order {
        lines.push(format!("\n### {}\n", escape(name)));
        let mut fs = fs.clone();
        fs.sort_by_key(|f| f.severity != Severity::Error);
        lines.extend(fs.iter().map(|f| item(f)));
    }
    if !waived.is_empty() {
        lines.push("\n### Waived\n".into());
        lines.extend(waived.iter().map(|f| item(f)));
    }
    let total_items = report.findings.len();
    let mut shown = 0;
    for l in lines {
        // keep room for the closing line
        if out.len() + l.len() + 200 > limit {
            let rest = total_items - shown;
            out.push_str(&format!(
                "\n… and {rest} more finding{} not shown here (size limit); the job log and the JSON report have all of them.\n",
                crate::report::plural(rest)
            ));
            return out;
        }
        if l.starts_with("- ") {
            shown += 1;
        }
        out.push_str(&l);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_inert() {
        let e = escape("<script>x</script> [a](http://e) `rm` *b* $(id)\n::error::x|y");
        assert!(!e.contains('<') && !e.contains('\n'));
        assert!(e.contains("\\[a\\]\\(http\\://e\\)"), "{e}");
        assert!(e.contains("\\`rm\\`"));
    }

    #[test]
    fn groups_errors_first_and_lists_waived_and_caps_size() {
        let mut r = Report {
            head: "INDEX".into(),
            ..Default::default()
        };
        let mut w = Finding {
            spec: Some("specs/a.md".into()),
            path: Some("src/w.rs".into()),
            ..Finding::new(crate::codes::RuleCode::Drift, "waived one".into())
        };
        w.waived = Some(super::super::Waived {
            by: "abc".into(),
            reason: "refactor".into(),
        });
        r.findings = vec![
            Finding {
                spec: Some("specs/b.md".into()),
                ..Finding::new(crate::codes::RuleCode::DanglingOwner, "warn".into())
            },
            Finding {
                spec: Some("specs/z.md".into()),
                path: Some("src/x.rs".into()),
                ..Finding::new(crate::codes::RuleCode::Drift, "err".into())
            },
            w,
        ];
        let md = render(&r, 1 << 20);
        let z = md.find("specs/z").unwrap();
        let b = md.find("specs/b").unwrap();
        assert!(z < b, "the group with an error comes first:\n{md}");
        assert!(md.contains("### Waived") && md.contains("waived by abc: refactor"));
        let small = render(&r, 400);
        assert!(small.len() <= 400 + 200, "{}", small.len());
        assert!(small.contains("more finding"), "{small}");
    }
}
