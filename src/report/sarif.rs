//! SARIF 2.1.0 for GitHub code scanning: one rule per SM code with its explain
//! text, stable fingerprints, waived findings as suppressions, `results: []` when
//! clean. CI validates the output against the official schema.

use super::{Finding, Report};
use crate::rules::{self, Severity};
use serde_json::{json, Value};

/// GitHub accepts at most this many results per run; more are cut, and the cut is
/// said in the run's properties.
pub const MAX_RESULTS: usize = 5_000;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warn => "warning",
        Severity::Off => "none",
    }
}

/// Percent-encode a repository path for a SARIF `uri` (RFC 3986: unreserved
/// characters and `/` stay).
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A fingerprint that survives line moves and message rewording: the rule, the
/// path, the spec and the section.
pub fn fingerprint(f: &Finding) -> String {
    let key = format!(
        "{}\0{}\0{}\0{}",
        f.code,
        f.path.as_deref().unwrap_or(""),
        f.spec.as_deref().unwrap_or(""),
        f.section.as_deref().unwrap_or("")
    );
    crate::generated::sha256_hex(&key)
}

fn location(file: &str, line: Option<usize>) -> Value {
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(file), "uriBaseId": "%SRCROOT%" }
        }
    });
    loc["physicalLocation"]["region"] = json!({ "startLine": line.unwrap_or(1).max(1) });
    loc
}

pub fn render(report: &Report) -> String {
    let rules: Vec<Value> = rules::RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": format!("{}: {}", r.name, r.summary) },
                "fullDescription": { "text": r.explain },
                "help": { "text": format!("{}\n\nRun `specmoor explain {}` for details.", r.explain, r.code) },
                "defaultConfiguration": { "level": level(r.default) },
                "properties": { "tags": ["spec-drift"] }
            })
        })
        .collect();
    let total = report.findings.len();
    let results: Vec<Value> = report
        .findings
        .iter()
        .take(MAX_RESULTS)
        .map(|f| {
            let index = rules::RULES
                .iter()
                .position(|r| r.code == f.code)
                .unwrap_or(0);
            let mut r = json!({
                "ruleId": f.code,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": { "text": f.message },
                "partialFingerprints": { "specmoorFinding/v1": fingerprint(f) },
            });
            // the primary location is the file the finding is about; the spec line
            // it points at is a related location
            let line_in_path = f
                .line
                .filter(|_| f.line_file.is_none() || f.line_file == f.path);
            let mut locations = Vec::new();
            if let Some(p) = &f.path {
                locations.push(location(p, line_in_path));
            } else if let (Some(file), Some(l)) = (&f.line_file, f.line) {
                locations.push(location(file, Some(l)));
            }
            if !locations.is_empty() {
                r["locations"] = Value::Array(locations);
            }
            if let (Some(file), Some(l)) = (&f.line_file, f.line) {
                if f.path.as_deref() != Some(file.as_str()) {
                    let mut rel = location(file, Some(l));
                    rel["id"] = json!(0);
                    rel["message"] = json!({ "text": match &f.section {
                        Some(s) => format!("section {s} of {}", f.spec.as_deref().unwrap_or(file)),
                        None => f.spec.clone().unwrap_or_else(|| file.clone()),
                    }});
                    r["relatedLocations"] = json!([rel]);
                }
            }
            if let Some(w) = &f.waived {
                r["suppressions"] = json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!("waived by {}: {}", w.by, w.reason)
                }]);
            }
            let mut props = serde_json::Map::new();
            if let Some(s) = &f.spec {
                props.insert("spec".into(), json!(s));
            }
            if let Some(s) = &f.section {
                props.insert("section".into(), json!(s));
            }
            if !props.is_empty() {
                r["properties"] = Value::Object(props);
            }
            r
        })
        .collect();
    let mut run = json!({
        "tool": {
            "driver": {
                "name": "specmoor",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/specmoor/specmoor",
                "rules": rules
            }
        },
        "automationDetails": { "id": "specmoor/" },
        "columnKind": "unicodeCodePoints",
        "results": results
    });
    let mut props = serde_json::Map::new();
    props.insert("base".into(), json!(report.base));
    props.insert("head".into(), json!(report.head));
    let s = report.summary();
    props.insert(
        "summary".into(),
        json!({ "errors": s.errors, "warnings": s.warnings, "waived": s.waived }),
    );
    if total > MAX_RESULTS {
        props.insert("truncated".into(), json!(true));
        props.insert("totalResults".into(), json!(total));
    }
    run["properties"] = Value::Object(props);
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run]
    });
    let mut out = serde_json::to_string_pretty(&doc).expect("sarif serialises");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("src/a b/c%d#e.rs"), "src/a%20b/c%25d%23e.rs");
        assert_eq!(uri("src/é.rs"), "src/%C3%A9.rs");
        assert_eq!(uri("src/x\n::error::y"), "src/x%0A%3A%3Aerror%3A%3Ay");
    }

    #[test]
    fn empty_report_has_empty_results_and_all_rules() {
        let r = Report {
            head: "INDEX".into(),
            ..Default::default()
        };
        let v: Value = serde_json::from_str(&render(&r)).unwrap();
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(v["runs"][0]["results"], json!([]));
        assert_eq!(
            v["runs"][0]["tool"]["driver"]["rules"]
                .as_array()
                .unwrap()
                .len(),
            rules::RULES.len()
        );
    }

    #[test]
    fn fingerprints_ignore_message_and_line() {
        let a = Finding {
            path: Some("src/a.rs".into()),
            line: Some(3),
            ..Finding::new(crate::codes::RuleCode::Drift, "one".into())
        };
        let b = Finding {
            line: Some(9),
            message: "two".into(),
            ..a.clone()
        };
        assert_eq!(fingerprint(&a), fingerprint(&b));
    }
}
