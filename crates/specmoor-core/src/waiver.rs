//! Waivers (specs/hooks.md HK-6): `Specmoor-Waive: <code|name|*> <reason>` lines in commit
//! messages. A waived finding is not an error but is always reported with who and
//! why; a waiver without a reason or naming an unknown rule is SM010.

use crate::codes::RuleCode;
use crate::finding::{Finding, Waived};

use bstr::BString;
use std::sync::Arc;

pub const TRAILER: &str = "Specmoor-Waive";

/// Waiver lines read from one commit message; each further one is SM010 (a message
/// with a hundred thousand waiver lines, each for every path of its commit, once
/// exhausted memory).
pub const MAX_WAIVERS_PER_COMMIT: usize = 100;

/// One waiver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    /// The rule as written (`SM001`, `drift`, `*`).
    pub rule: String,
    /// The rule code it names; `None` for `*` (all rules).
    pub code: Option<RuleCode>,
    pub reason: String,
    /// Who waived: a commit sha, `commit message`, or a label.
    pub by: String,
    /// The paths it applies to, sorted; `None` for every path of the changeset.
    /// Shared by every waiver of one commit, never copied per waiver.
    pub paths: Option<Arc<[BString]>>,
}

/// A waiver line that is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadWaiver {
    pub by: String,
    pub text: String,
    pub problem: String,
}

/// Find `Specmoor-Waive:` lines in a commit message (key matched without regard to
/// case, anywhere at the start of a line; `#` comment lines, which git strips, are
/// skipped). At most [`MAX_WAIVERS_PER_COMMIT`] are read; the rest are one bad waiver.
pub fn parse(
    message: &str,
    by: &str,
    paths: Option<Vec<BString>>,
) -> (Vec<Waiver>, Vec<BadWaiver>) {
    let paths: Option<Arc<[BString]>> = paths.map(|mut p| {
        p.sort_unstable();
        p.dedup();
        p.into()
    });
    let mut good = Vec::new();
    let mut bad = Vec::new();
    let mut read = 0usize;
    let mut over = 0usize;
    let mut first_over = String::new();
    for line in message.lines() {
        let l = line.trim_start();
        if l.starts_with('#') {
            continue;
        }
        let Some((key, value)) = l.split_once(':') else {
            continue;
        };
        if !key.trim().eq_ignore_ascii_case(TRAILER) {
            continue;
        }
        if read == MAX_WAIVERS_PER_COMMIT {
            if over == 0 {
                first_over = line.trim().to_string();
            }
            over += 1;
            continue;
        }
        read += 1;
        let value = value.trim();
        let (rule, reason) = match value.split_once(char::is_whitespace) {
            Some((r, rest)) => (r.trim(), rest.trim()),
            None => (value, ""),
        };
        let fail = |problem: String| BadWaiver {
            by: by.to_string(),
            text: line.trim().to_string(),
            problem,
        };
        if rule.is_empty() {
            bad.push(fail("it names no rule".into()));
            continue;
        }
        let code = if rule == "*" {
            None
        } else {
            match RuleCode::lookup(rule) {
                Ok(RuleCode::Waiver) => {
                    bad.push(fail("SM010 (waiver) cannot itself be waived".into()));
                    continue;
                }
                Ok(code) => Some(code),
                Err(near) => {
                    let hint = near
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    bad.push(fail(format!("`{rule}` is not a rule{hint}")));
                    continue;
                }
            }
        };
        if reason.is_empty() {
            bad.push(fail(
                "it gives no reason; the reason is the audit trail".into(),
            ));
            continue;
        }
        good.push(Waiver {
            rule: rule.to_string(),
            code,
            reason: reason.to_string(),
            by: by.to_string(),
            paths: paths.clone(),
        });
    }
    if over > 0 {
        bad.push(BadWaiver {
            by: by.to_string(),
            text: first_over,
            problem: format!(
                "it is one of {over} waiver lines beyond the first {MAX_WAIVERS_PER_COMMIT} of this message, which are not read; waive with `*` or a few rule codes instead"
            ),
        });
    }
    (good, bad)
}

/// Mark findings the waivers cover (SM010 findings are never waived), and add an
/// SM010 finding for each bad waiver.
pub fn apply(findings: &mut Vec<Finding>, waivers: &[Waiver], bad: &[BadWaiver]) {
    for f in findings.iter_mut() {
        if f.code == crate::codes::RuleCode::Waiver || f.waived.is_some() {
            continue;
        }
        let hit = waivers.iter().find(|w| {
            w.code.is_none_or(|c| c == f.code)
                && match (&w.paths, &f.path) {
                    (None, _) => true,
                    (Some(ps), Some(p)) => ps
                        .binary_search_by(|x| x.as_slice().cmp(p.as_bytes()))
                        .is_ok(),
                    (Some(_), None) => false,
                }
        });
        if let Some(w) = hit {
            f.waived = Some(Waived {
                by: w.by.clone(),
                reason: w.reason.clone(),
            });
        }
    }
    for b in bad {
        findings.push(Finding::new(
crate::codes::RuleCode::Waiver,
            format!(
                "the waiver `{}` ({}) is not valid: {}. Write `{TRAILER}: <rule code or name, or *> <reason>`, for example `{TRAILER}: SM001 pure refactor, no behaviour change`",
                b.text, b.by, b.problem
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_good_and_bad_waivers() {
        let msg = "Refactor login\n\nBody text.\n\nSpecmoor-Waive: SM001 pure refactor, no behaviour change\nspecmoor-waive: drift another reason\nSpecmoor-Waive: * emergency fix\nSpecmoor-Waive: SM001\nSpecmoor-Waive: SM099 typo\nSpecmoor-Waive: drfit reason\n# Specmoor-Waive: SM002 commented out\nSigned-off-by: A <a@b>\n";
        let (good, bad) = parse(msg, "abc123", None);
        let g: Vec<_> = good.iter().map(|w| (w.code, w.reason.as_str())).collect();
        assert_eq!(
            g,
            [
                (Some(RuleCode::Drift), "pure refactor, no behaviour change"),
                (Some(RuleCode::Drift), "another reason"),
                (None, "emergency fix")
            ]
        );
        assert_eq!(bad.len(), 3);
        assert!(bad[0].problem.contains("no reason"));
        assert!(bad[1].problem.contains("not a rule"));
        assert!(bad[2].problem.contains("did you mean `drift`"));
    }

    #[test]
    fn applies_by_code_and_path() {
        let mut f = vec![
            Finding {
                path: Some("src/a.rs".into()),
                ..Finding::new(crate::codes::RuleCode::Drift, "x".into())
            },
            Finding {
                path: Some("src/b.rs".into()),
                ..Finding::new(crate::codes::RuleCode::Drift, "y".into())
            },
            Finding {
                path: Some("src/a.rs".into()),
                ..Finding::new(crate::codes::RuleCode::Unowned, "z".into())
            },
        ];
        let (w, bad) = parse(
            "Specmoor-Waive: SM001 refactor\n",
            "c0ffee",
            Some(vec!["src/a.rs".into()]),
        );
        apply(&mut f, &w, &bad);
        assert_eq!(f[0].waived.as_ref().unwrap().by, "c0ffee");
        assert!(f[1].waived.is_none(), "other path");
        assert!(f[2].waived.is_none(), "other rule");
        let (w, bad) = parse("Specmoor-Waive: nope x\n", "m", None);
        apply(&mut f, &w, &bad);
        assert_eq!(f.last().unwrap().code, RuleCode::Waiver);
    }

    #[test]
    fn waiver_lines_beyond_the_cap_are_one_sm010_and_paths_are_shared() {
        let msg: String = (0..MAX_WAIVERS_PER_COMMIT + 5)
            .map(|i| format!("Specmoor-Waive: SM001 reason {i}\n"))
            .collect();
        let paths: Vec<BString> = vec!["src/b.rs".into(), "src/a.rs".into()];
        let (good, bad) = parse(&msg, "c0ffee", Some(paths));
        assert_eq!(good.len(), MAX_WAIVERS_PER_COMMIT);
        assert_eq!(bad.len(), 1);
        assert!(bad[0]
            .problem
            .contains("one of 5 waiver lines beyond the first 100"));
        let first = good[0].paths.as_ref().unwrap();
        assert!(good
            .iter()
            .all(|w| Arc::ptr_eq(w.paths.as_ref().unwrap(), first)));
        assert_eq!(first[..], [BString::from("src/a.rs"), "src/b.rs".into()]);
    }
}
