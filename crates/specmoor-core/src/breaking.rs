//! Breaking-change markers (specs/release.md RL-1): in the new changelog entry, in the
//! commits that touch a spec, and requirement IDs that disappeared.

use crate::spec::changelog::{Entry, Form};
use crate::spec::markdown::requirement_id;
use crate::spec::SpecDoc;
use std::collections::BTreeSet;

/// One reason to call a change breaking, and where it was found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Marker {
    /// What was found (`BREAKING: drop v1 tokens`, `feat(auth)!: …`, `FR-3 removed`).
    pub text: String,
    /// Where (`specs/auth.md:42 (changelog 2.0.0)`, `commit 1a2b3c4d5e6f`).
    pub place: String,
}

/// `BREAKING …` / `Breaking: …` at the start of a text (an item or a cell): only
/// list markers, punctuation, markup and a date may come before it.
fn starts_breaking(t: &str) -> bool {
    let at = ["BREAKING", "Breaking:"]
        .iter()
        .filter_map(|k| t.find(k))
        .min();
    let Some(at) = at else { return false };
    if !t[..at]
        .chars()
        .all(|c| c.is_ascii_digit() || " \t-*+:()[]–—|./_`~".contains(c))
    {
        return false;
    }
    // `BREAKING CHANGES: none` says nothing broke
    let rest = &t[at..];
    match rest.split_once(':') {
        Some((_, after)) => !is_none(after.trim_matches(['*', '_', ' '])),
        None => true,
    }
}

fn is_none(t: &str) -> bool {
    matches!(
        t.trim()
            .trim_matches(['.', '"', '\''])
            .to_ascii_lowercase()
            .as_str(),
        "" | "none" | "n/a" | "na" | "no" | "-" | "nothing" | "[]"
    )
}

/// Markers in a changelog entry (the entry written for the new version).
pub fn in_entry(entry: &Entry, file: &str) -> Vec<Marker> {
    let place = match entry.form {
        Form::External => format!("{file}:{} (changelog {})", entry.line, entry.raw),
        _ => format!("{file}:{} (changelog entry {})", entry.line, entry.raw),
    };
    let mut out = Vec::new();
    for b in entry.breaking.iter().filter(|b| !is_none(b)) {
        out.push(Marker {
            text: format!("breakingChanges: {}", b.trim()),
            place: place.clone(),
        });
    }
    let pieces: Vec<&str> = match entry.form {
        Form::Table => entry.text.split(" | ").collect(),
        _ => entry.text.lines().collect(),
    };
    for p in pieces {
        let t = p.trim();
        if starts_breaking(t) {
            out.push(Marker {
                text: t
                    .trim_start_matches(|c: char| {
                        c.is_ascii_digit() || " -*+:()[]–—|./_`~".contains(c)
                    })
                    .to_string(),
                place: place.clone(),
            });
        }
        let heading = t.trim_start_matches('#').trim();
        if t.starts_with('#') {
            let h = heading.to_ascii_lowercase();
            if h == "breaking" || h == "breaking changes" || h == "breaking change" {
                out.push(Marker {
                    text: format!("a `{}` subsection", t),
                    place: place.clone(),
                });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Markers in a commit message: a `BREAKING CHANGE:` / `BREAKING-CHANGE:` footer
/// (scanned by hand: with its space it is no git trailer) or a `type(scope)!:` subject.
pub fn in_commit(message: &str, by: &str) -> Vec<Marker> {
    let mut out = Vec::new();
    let subject = message.lines().next().unwrap_or("").trim();
    if let Some(colon) = subject.find(':') {
        let head = &subject[..colon];
        let ty = head.trim_end_matches('!');
        let ty = ty.split('(').next().unwrap_or("");
        let is_type = !ty.is_empty()
            && ty
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let scope_ok = match (head.find('('), head.rfind(')')) {
            (Some(a), Some(b)) => a < b && b + 1 >= head.len() - 1,
            (None, None) => true,
            _ => false,
        };
        if head.ends_with('!') && is_type && scope_ok {
            out.push(Marker {
                text: subject.to_string(),
                place: format!("commit {by} (subject)"),
            });
        }
    }
    for l in message.lines().skip(1) {
        let t = l.trim_start();
        for key in ["BREAKING CHANGE:", "BREAKING-CHANGE:", "BREAKING CHANGE :"] {
            if let Some(rest) = t.strip_prefix(key) {
                out.push(Marker {
                    text: format!("BREAKING CHANGE: {}", rest.trim()),
                    place: format!("commit {by} (footer)"),
                });
            }
        }
    }
    out
}

/// Requirement IDs (explicit, like `FR-3`) of some documents.
pub fn requirement_ids<'a>(docs: impl Iterator<Item = &'a SpecDoc>) -> BTreeSet<String> {
    docs.flat_map(|d| d.sections.iter())
        .filter(|s| requirement_id(&s.title).as_deref() == Some(s.id.as_str()))
        .map(|s| s.id.clone())
        .collect()
}

/// Requirement IDs present at base and gone at head.
pub fn removed_requirements(
    base: &BTreeSet<String>,
    head: &BTreeSet<String>,
    file: &str,
) -> Vec<Marker> {
    base.difference(head)
        .map(|id| Marker {
            text: format!("requirement {id} was removed"),
            place: file.to_string(),
        })
        .collect()
}

/// Whether going from `base` to `head` is a major bump (0.x: a minor bump).
pub fn is_major_bump(base: &semver::Version, head: &semver::Version) -> bool {
    if base.major == 0 {
        head.major > 0 || head.minor > base.minor
    } else {
        head.major > base.major
    }
}

/// The version a breaking change needs.
pub fn required(base: &semver::Version) -> semver::Version {
    if base.major == 0 {
        semver::Version::new(0, base.minor + 1, 0)
    } else {
        semver::Version::new(base.major + 1, 0, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::changelog;

    fn entries(t: &str) -> Vec<Entry> {
        changelog::read(&SpecDoc::parse("s.md", t.as_bytes()).unwrap()).entries
    }

    #[test]
    fn changelog_markers_in_every_form() {
        let e = entries("# S\n## Changelog\n| Version | Changes |\n|---|---|\n| 2.0.0 | BREAKING: tokens expire |\n| 1.0.0 | first |\n");
        assert_eq!(in_entry(&e[0], "s.md").len(), 1);
        assert!(in_entry(&e[1], "s.md").is_empty());
        let e = entries(
            "# S\n## Changelog\n- 2.0.0: Breaking: drop v1\n- 1.1.0: not breaking at all\n",
        );
        assert_eq!(in_entry(&e[0], "s.md").len(), 1);
        let e = entries("# S\n## Changelog\n- 2.0.0 (2026-01-01): BREAKING: drop v1\n- 1.0.0 (2025-01-01): first, not BREAKING\n");
        assert_eq!(in_entry(&e[0], "s.md").len(), 1);
        assert!(
            in_entry(&e[1], "s.md").is_empty(),
            "BREAKING in the middle is no marker"
        );
        assert!(in_entry(&e[1], "s.md").is_empty());
        let e =
            entries("# S\n## Changelog\n### 2.0.0\n#### BREAKING CHANGES\n- x\n### 1.0.0\n- y\n");
        assert_eq!(in_entry(&e[0], "s.md").len(), 1);
        let e = entries("---\nchangelog:\n  - version: 2.0.0\n    breakingChanges: [drop v1]\n  - version: 1.0.0\n    breakingChanges: none\n---\n# S\n");
        assert_eq!(in_entry(&e[0], "s.md")[0].text, "breakingChanges: drop v1");
        assert!(in_entry(&e[1], "s.md").is_empty());
    }

    #[test]
    fn commit_markers() {
        assert_eq!(in_commit("feat(auth)!: drop v1 tokens\n", "abc").len(), 1);
        assert_eq!(in_commit("refactor!: x", "abc").len(), 1);
        assert!(in_commit("feat(auth): add thing", "abc").is_empty());
        assert!(in_commit("Wow! great: thing", "abc").is_empty());
        let m = in_commit(
            "fix: x\n\nbody\n\nBREAKING CHANGE: the API changed\nRefs: #1\n",
            "abc",
        );
        assert_eq!(m[0].text, "BREAKING CHANGE: the API changed");
        assert_eq!(in_commit("fix: x\n\nBREAKING-CHANGE: y\n", "abc").len(), 1);
        assert!(in_commit("BREAKING CHANGE: in the subject is not a footer", "abc").is_empty());
    }

    #[test]
    fn bumps() {
        let v = |s: &str| semver::Version::parse(s).unwrap();
        assert!(is_major_bump(&v("1.4.0"), &v("2.0.0")));
        assert!(!is_major_bump(&v("1.4.0"), &v("1.5.0")));
        assert!(is_major_bump(&v("0.3.1"), &v("0.4.0")));
        assert!(!is_major_bump(&v("0.3.1"), &v("0.3.2")));
        assert!(is_major_bump(&v("0.3.1"), &v("1.0.0")));
        assert_eq!(required(&v("0.3.1")).to_string(), "0.4.0");
        assert_eq!(required(&v("1.3.1")).to_string(), "2.0.0");
    }

    #[test]
    fn removed_ids() {
        let a = SpecDoc::parse("s.md", b"# S\n## FR-1: a\n## FR-2: b\n## Notes\n").unwrap();
        let b = SpecDoc::parse("s.md", b"# S\n## FR-1: a\n## Other\n").unwrap();
        let m = removed_requirements(
            &requirement_ids([&a].into_iter()),
            &requirement_ids([&b].into_iter()),
            "s.md",
        );
        assert_eq!(m.len(), 1);
        assert!(m[0].text.contains("FR-2"));
    }
}
