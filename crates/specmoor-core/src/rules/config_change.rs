//! SM012 config-change: the change edits the config, whose rules apply only once it
//! has landed (specs/rules.md RU-13, specs/config.md CF-6).

use super::Context;
use crate::codes::{RuleCode, Severity};
use crate::config::Config;
use crate::finding::Finding;
use std::collections::BTreeSet;

/// What an edit of the config would change, for the finding.
#[derive(Debug, Clone)]
pub struct ConfigEdit {
    /// The config's path in the repository.
    pub path: String,
    /// Where the config that judged the change came from (`the merge base abc123`).
    pub judged_by: String,
    /// The new config, or why it does not parse.
    pub new: Result<Box<Config>, String>,
    /// Whether the change deletes the config.
    pub deleted: bool,
    /// Whether the change adds it (the defaults judged it).
    pub added: bool,
}

/// What changes from `old` to `new`, weakening first: rules off or milder, owners and
/// generated entries removed, globs dropped, ignores added, looser drift.
pub fn describe(old: &Config, new: &Config) -> Vec<String> {
    let mut weaker = Vec::new();
    let mut other = Vec::new();
    for code in RuleCode::ALL {
        let (a, b) = (old.severity(code), new.severity(code));
        if a == b {
            continue;
        }
        let what = format!("{code} {}: {} → {}", code.name(), a.as_str(), b.as_str());
        if b < a {
            weaker.push(if b == Severity::Off {
                format!("switches off {code} {}", code.name())
            } else {
                format!("makes {what}")
            });
        } else {
            other.push(format!("makes {what}"));
        }
    }
    for o in &old.owners {
        match new.owners.iter().find(|n| n.address == o.address) {
            None => weaker.push(format!("removes the owners entry for {}", o.address)),
            Some(n) => {
                let gone = removed(
                    o.paths.iter().map(|p| p.text.as_str()),
                    n.paths.iter().map(|p| p.text.as_str()),
                );
                if !gone.is_empty() {
                    weaker.push(format!(
                        "drops {} from the owners of {}",
                        list(&gone),
                        o.address
                    ));
                }
            }
        }
    }
    for n in &new.owners {
        if !old.owners.iter().any(|o| o.address == n.address) {
            other.push(format!("adds an owners entry for {}", n.address));
        }
    }
    let added_ignores = removed(
        new.ignore.iter().map(|p| p.text.as_str()),
        old.ignore.iter().map(|p| p.text.as_str()),
    );
    if !added_ignores.is_empty() {
        weaker.push(format!("ignores {} too", list(&added_ignores)));
    }
    // more that is not code: fewer SM007 findings (specs/config.md CF-8)
    let added_not_code = removed(
        new.not_code.iter().map(|p| p.text.as_str()),
        old.not_code.iter().map(|p| p.text.as_str()),
    );
    if !added_not_code.is_empty() {
        weaker.push(format!("counts {} as not code too", list(&added_not_code)));
    }
    if new.not_code_attributes && !old.not_code_attributes {
        weaker
            .push("counts files .gitattributes marks documentation or vendored as not code".into());
    }
    let gone_specs = removed(
        old.specs.iter().map(|p| p.text.as_str()),
        new.specs.iter().map(|p| p.text.as_str()),
    );
    if !gone_specs.is_empty() {
        weaker.push(format!("no longer reads specs from {}", list(&gone_specs)));
    }
    let gen_paths = |c: &Config| -> Vec<String> {
        c.generated
            .iter()
            .flat_map(|g| g.paths.iter().map(|p| p.text.clone()))
            .collect()
    };
    let (og, ng) = (gen_paths(old), gen_paths(new));
    let gone_gen = removed(og.iter().map(String::as_str), ng.iter().map(String::as_str));
    if !gone_gen.is_empty() {
        weaker.push(format!("no longer treats {} as generated", list(&gone_gen)));
    }
    // a looser drift setting weakens the gate; a stricter one does not
    let drift = [
        (
            old.granularity != new.granularity,
            format!(
                "judges drift by {:?} instead of {:?}",
                new.granularity, old.granularity
            ),
            new.granularity == crate::config::Granularity::Spec,
        ),
        (
            old.require != new.require,
            format!(
                "requires {:?} owner changed instead of {:?}",
                new.require, old.require
            ),
            new.require == crate::config::Require::Any,
        ),
        (
            old.ignore_whitespace != new.ignore_whitespace,
            format!(
                "{} whitespace-only code changes as drift",
                if new.ignore_whitespace {
                    "no longer counts"
                } else {
                    "counts"
                }
            ),
            new.ignore_whitespace,
        ),
        (
            old.moves_within_owner != new.moves_within_owner,
            format!(
                "{} pure moves within one owner as drift",
                if new.moves_within_owner {
                    "no longer counts"
                } else {
                    "counts"
                }
            ),
            new.moves_within_owner,
        ),
    ];
    for (changed, text, looser) in drift {
        if changed {
            if looser { &mut weaker } else { &mut other }.push(text.to_lowercase());
        }
    }
    if old.version_applies != new.version_applies {
        use crate::config::VersionApplies;
        if new.version_applies == VersionApplies::Versioned {
            weaker.push(
                "applies the version rules only to specs that carry a version (versioning.applies_to: versioned)"
                    .into(),
            );
        } else {
            other.push(
                "applies the version rules to every spec (versioning.applies_to: all)".into(),
            );
        }
    }
    // requirement tags in code (specs/tags.md TG-1): fewer tags read is fewer owners
    if old.tags.active() && !new.tags.active() {
        weaker.push("stops reading requirement tags in code (tags)".into());
    } else if old.tags.active() {
        let name = |s: &crate::config::TagStyle| {
            serde_json::to_value(s)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        let (os, ns): (Vec<String>, Vec<String>) = (
            old.tags.syntax.iter().map(name).collect(),
            new.tags.syntax.iter().map(name).collect(),
        );
        let gone = removed(os.iter().map(String::as_str), ns.iter().map(String::as_str));
        if !gone.is_empty() {
            weaker.push(format!("no longer reads tags written as {}", list(&gone)));
        }
        let gone = removed(
            old.tags.patterns.iter().map(|p| p.text.as_str()),
            new.tags.patterns.iter().map(|p| p.text.as_str()),
        );
        if !gone.is_empty() {
            weaker.push(format!("no longer reads tags matching {}", list(&gone)));
        }
    } else if new.tags.active() {
        other.push("starts reading requirement tags in code (tags)".into());
    }
    if old.waiver_label != new.waiver_label {
        weaker.push(format!(
            "changes the waiver label from `{}` to `{}`",
            old.waiver_label, new.waiver_label
        ));
    }
    if old.unit != new.unit
        || old.main != new.main
        || old.changelog_file != new.changelog_file
        || old.version_scope != new.version_scope
        || old.base != new.base
    {
        other.push(
            "changes how specs are read (unit, main documents, changelog file, versioning or base)"
                .into(),
        );
    }
    weaker.extend(other);
    weaker
}

fn removed<'a>(
    old: impl Iterator<Item = &'a str>,
    new: impl Iterator<Item = &'a str>,
) -> Vec<&'a str> {
    let new: BTreeSet<&str> = new.collect();
    let mut v: Vec<&str> = old.filter(|o| !new.contains(o)).collect();
    v.sort();
    v.dedup();
    v
}

/// `a`, `a` and `b`, `a`, `b` and 3 more.
fn list(items: &[&str]) -> String {
    let shown: Vec<String> = items.iter().take(3).map(|s| format!("`{s}`")).collect();
    let more = items.len().saturating_sub(3);
    match (shown.len(), more) {
        (1, _) => shown[0].clone(),
        (_, 0) => format!(
            "{} and {}",
            shown[..shown.len() - 1].join(", "),
            shown[shown.len() - 1]
        ),
        _ => format!("{} and {more} more", shown.join(", ")),
    }
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    let Some(edit) = ctx.config_edit else {
        return Vec::new();
    };
    let what = if edit.deleted {
        format!(
            "deletes {}; once it has landed the defaults apply",
            edit.path
        )
    } else {
        match &edit.new {
            Err(why) => format!(
                "edits {} and the new config does not parse: {why}",
                edit.path
            ),
            Ok(new) => {
                let changes = describe(ctx.config, new);
                let verb = if edit.added { "adds" } else { "edits" };
                if changes.is_empty() {
                    format!(
                        "{verb} {} without changing a rule, owner or glob",
                        edit.path
                    )
                } else {
                    format!("{verb} {}: it {}", edit.path, changes.join("; "))
                }
            }
        }
    };
    vec![Finding {
        path: Some(edit.path.clone()),
        ..Finding::new(
            RuleCode::ConfigChange,
            format!(
                "this change {what}. It was judged by the config in force before it ({}); the edit takes effect once it has landed",
                edit.judged_by
            ),
        )
    }]
}

/// The rule, as the registry runs it.
pub struct ConfigChange;

impl super::Rule for ConfigChange {
    fn code(&self) -> RuleCode {
        RuleCode::ConfigChange
    }

    fn needs(&self) -> super::Needs {
        super::Needs {
            config_edit: true,
            ..super::Needs::default()
        }
    }

    fn check(&self, ctx: &Context) -> Vec<Finding> {
        check(ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(yaml: &str) -> Config {
        Config::parse(yaml.as_bytes(), ".specmoor.yml").unwrap()
    }

    #[test]
    fn reading_fewer_tags_is_weaker() {
        let old = cfg("tags: { syntax: [specmoor, oft], patterns: ['(?P<id>X-\\d+)'] }\n");
        let d = describe(&old, &cfg("tags: { enabled: false }\n"));
        assert_eq!(d, ["stops reading requirement tags in code (tags)"]);
        let d = describe(&old, &cfg("tags: { syntax: [specmoor] }\n"));
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].contains("oft"), "{d:?}");
        assert!(d[1].contains("X-"), "{d:?}");
        let d = describe(&cfg("tags: { enabled: false }\n"), &cfg(""));
        assert_eq!(d, ["starts reading requirement tags in code (tags)"]);
    }

    #[test]
    fn more_that_is_not_code_is_weaker() {
        let d = describe(
            &cfg("not_code_attributes: false\n"),
            &cfg("not_code: [\"gen/\"]\n"),
        );
        assert_eq!(
            d,
            [
                "counts `gen/` as not code too",
                "counts files .gitattributes marks documentation or vendored as not code"
            ],
            "{d:?}"
        );
    }

    #[test]
    fn weakening_comes_first_and_is_named() {
        let old = cfg("owners:\n  - spec: specs/a.md\n    paths: [\"src/a/**\", \"src/b/**\"]\n");
        let new = cfg("owners:\n  - spec: specs/a.md\n    paths: [\"src/a/**\"]\nignore: [\"src/**\"]\nrules: { drift: off, unowned: warn }\n");
        let d = describe(&old, &new);
        assert_eq!(d[0], "switches off SM001 drift", "{d:?}");
        assert!(
            d.contains(&"drops `src/b/**` from the owners of specs/a.md".to_string()),
            "{d:?}"
        );
        assert!(d.contains(&"ignores `src/**` too".to_string()), "{d:?}");
        assert_eq!(
            d.last().unwrap(),
            "makes SM007 unowned: off → warn",
            "{d:?}"
        );
    }

    #[test]
    fn version_rules_for_versioned_specs_only_is_weaker() {
        let all = cfg("versioning: { scope: main }\n");
        let versioned = cfg("versioning: { applies_to: versioned }\n");
        assert_eq!(
            describe(&all, &versioned),
            ["applies the version rules only to specs that carry a version (versioning.applies_to: versioned)"]
        );
        assert_eq!(
            describe(&versioned, &all),
            ["applies the version rules to every spec (versioning.applies_to: all)"]
        );
    }

    #[test]
    fn an_identical_config_changes_nothing() {
        let a = cfg("# a comment\nrules: { drift: warn }\n");
        let b = cfg("rules: { SM001: warn }\n");
        assert!(describe(&a, &b).is_empty());
    }
}
