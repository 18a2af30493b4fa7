//! Changelog entries in every form of specs/spec-model.md SM-6: an in-spec section (table rows,
//! list items or sub-headings whose first token is a version), front matter
//! `changelog:`, or an external Keep a Changelog file.

use super::version::{looks_like_version, normalize};
use super::{Section, SpecDoc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    Table,
    List,
    Heading,
    FrontMatter,
    External,
}

/// One changelog entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The version as written.
    pub raw: String,
    pub version: Option<semver::Version>,
    /// 1-based line of the entry (in the spec, or in the external file).
    pub line: usize,
    /// Everything the entry says besides its version (date included).
    pub text: String,
    /// Breaking-change text recorded separately (front matter `breakingChanges`).
    pub breaking: Vec<String>,
    pub form: Form,
}

impl Entry {
    /// An entry with nothing but a version, a date and punctuation (or a
    /// placeholder such as TBD) says nothing.
    pub fn is_empty(&self) -> bool {
        let mut words = self
            .text
            .split(|c: char| c.is_whitespace() || "|:()[]*_`,;".contains(c))
            .map(|w| w.trim_matches(|c: char| "-–—.".contains(c)))
            .filter(|w| !w.is_empty())
            .filter(|w| !is_date(w))
            .filter(|w| {
                !["tbd", "todo", "wip", "n/a", "na", "none"]
                    .contains(&w.to_ascii_lowercase().as_str())
            });
        words.next().is_none()
    }
}

/// Where a document's changelog lives and what it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changelog {
    pub entries: Vec<Entry>,
    /// The changelog section in the body, if any: (heading line, last line, level).
    pub section: Option<(usize, usize, u8)>,
    /// The form the entries take (the first entry's), for writing new ones.
    pub form: Option<Form>,
}

impl Changelog {
    /// The entry for `v`, if any.
    pub fn entry(&self, v: &semver::Version) -> Option<&Entry> {
        self.entries.iter().find(|e| e.version.as_ref() == Some(v))
    }
}

/// `YYYY-MM-DD` (digits only; not checked as a calendar date).
pub fn is_date(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Heading names that hold a changelog (after dropping numbering like `9.`).
pub fn is_changelog_title(title: &str) -> bool {
    let t = title.trim();
    // drop leading numbering: "9.", "9", "A.", "10.2"
    let t = t
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
        .trim_start();
    let t = if t.len() > 2 && t.as_bytes()[1] == b'.' && t.as_bytes()[0].is_ascii_uppercase() {
        t[2..].trim_start()
    } else {
        t
    };
    let t = t.trim_end_matches(':').to_ascii_lowercase();
    matches!(
        t.as_str(),
        "changelog"
            | "change log"
            | "revision history"
            | "history"
            | "version history"
            | "change history"
    )
}

/// First token of a text, with markup around it removed.
fn first_token(text: &str) -> Option<&str> {
    let t = text
        .trim_start()
        .trim_start_matches(['*', '_', '`', '[', '~']);
    let tok = t.split(|c: char| c.is_whitespace() || c == '|').next()?;
    let tok = tok.trim_end_matches(['*', '_', '`', ']', ':', ',', ')', '.', '~']);
    (!tok.is_empty()).then_some(tok)
}

fn entry(raw: &str, line: usize, text: String, form: Form) -> Entry {
    Entry {
        raw: raw.to_string(),
        version: normalize(raw).ok(),
        line,
        text,
        breaking: Vec::new(),
        form,
    }
}

/// Read the changelog of a document: front matter `changelog:` first, else the
/// changelog section of the body.
pub fn read(doc: &SpecDoc) -> Changelog {
    // an empty front matter list (`changelog: []`) says nothing: the body may
    if let Some(items) = doc.front.changelog.as_ref().filter(|i| !i.is_empty()) {
        let entries = items
            .iter()
            .map(|i| {
                let mut text = i.changes.join("\n");
                if let Some(d) = &i.date {
                    text = format!("{d} {text}");
                }
                Entry {
                    breaking: i.breaking.clone(),
                    ..entry(&i.version, i.line, text, Form::FrontMatter)
                }
            })
            .collect();
        return Changelog {
            entries,
            section: None,
            form: Some(Form::FrontMatter),
        };
    }
    let Some(sec) = doc.sections.iter().find(|s| is_changelog_title(&s.title)) else {
        return Changelog::default();
    };
    let mut log = Changelog {
        section: Some((sec.line, sec.end_line, sec.level)),
        ..Default::default()
    };
    log.entries = body_entries(doc, sec);
    log.form = log.entries.first().map(|e| e.form);
    log
}

/// Entries inside a changelog section: sub-headings, table rows, list items.
fn body_entries(doc: &SpecDoc, sec: &Section) -> Vec<Entry> {
    let lines: Vec<&str> = doc.text.lines().collect();
    let get = |l: usize| lines.get(l - 1).copied().unwrap_or("");
    let mut out = Vec::new();
    // sub-headings whose first token is a version
    let subs: Vec<&Section> = doc
        .sections
        .iter()
        .filter(|s| s.line > sec.line && s.line <= sec.end_line && s.level > sec.level)
        .filter(|s| first_token(&s.title).is_some_and(looks_like_version))
        .collect();
    for s in &subs {
        let raw = first_token(&s.title).unwrap_or_default();
        let mut text: Vec<&str> = vec![s
            .title
            .trim_start_matches(['[', '*', '`'])
            .get(raw.len()..)
            .unwrap_or("")];
        for l in s.line + 1..=s.end_line {
            text.push(get(l));
        }
        out.push(entry(raw, s.line, text.join("\n"), Form::Heading));
    }
    if !subs.is_empty() {
        return out;
    }
    let mut in_fence = false;
    let mut l = sec.line + 1;
    while l <= sec.end_line {
        let line = get(l);
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            l += 1;
            continue;
        }
        if in_fence {
            l += 1;
            continue;
        }
        if let Some(row) = t.strip_prefix('|') {
            let cells: Vec<&str> = split_cells(row);
            if let Some(first) = cells.first().and_then(|c| first_token(c)) {
                if looks_like_version(first) {
                    let text = cells[1..].join(" | ");
                    out.push(entry(first, l, text, Form::Table));
                }
            }
        } else if let Some(item) = list_item(line) {
            if let Some(first) = first_token(item).filter(|f| looks_like_version(f)) {
                let at = item.find(first).map_or(0, |i| i + first.len());
                let mut text = vec![item[at..].to_string()];
                // continuation lines: indented, not a new item
                let mut k = l + 1;
                while k <= sec.end_line {
                    let next = get(k);
                    if next.trim().is_empty()
                        || list_item(next).is_some_and(|_| !next.starts_with("  "))
                    {
                        break;
                    }
                    if !next.starts_with(' ') && !next.starts_with('\t') {
                        break;
                    }
                    text.push(next.trim().to_string());
                    k += 1;
                }
                out.push(entry(first, l, text.join("\n"), Form::List));
                l = k;
                continue;
            }
        }
        l += 1;
    }
    out
}

/// `| a | b \| c |` → ["a", "b \| c"] (the leading `|` already removed).
fn split_cells(row: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let b = row.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == b'|' {
            cells.push(row[start..i].trim());
            start = i + 1;
        }
        i += 1;
    }
    let last = row[start.min(row.len())..].trim();
    if !last.is_empty() {
        cells.push(last);
    }
    cells
}

/// The text of a list item line (`- x`, `* x`, `+ x`, `1. x`), if it is one.
fn list_item(line: &str) -> Option<&str> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    for m in ["- ", "* ", "+ "] {
        if let Some(r) = t.strip_prefix(m) {
            return Some(r);
        }
    }
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 && digits < 10 {
        let r = &t[digits..];
        if let Some(r) = r.strip_prefix(". ").or_else(|| r.strip_prefix(") ")) {
            return Some(r);
        }
    }
    None
}

/// Entries of a Keep a Changelog file: `## [1.2.0] - 2026-05-29`; `[Unreleased]`
/// is not a version.
pub fn read_keep_a_changelog(path: &str, bytes: &[u8]) -> Vec<Entry> {
    let Ok(doc) = SpecDoc::parse(path, bytes) else {
        return Vec::new();
    };
    let lines: Vec<&str> = doc.text.lines().collect();
    doc.sections
        .iter()
        .filter(|s| s.level == 2)
        .filter_map(|s| {
            let raw = first_token(&s.title).filter(|t| looks_like_version(t))?;
            let mut text = vec![s
                .title
                .get(s.title.find(raw)? + raw.len()..)
                .unwrap_or("")
                .to_string()];
            for l in s.line + 1..=s.end_line {
                text.push(lines.get(l - 1).copied().unwrap_or("").to_string());
            }
            Some(entry(raw, s.line, text.join("\n"), Form::External))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(t: &str) -> Changelog {
        read(&SpecDoc::parse("s.md", t.as_bytes()).unwrap())
    }

    #[test]
    fn seed_style_revision_history_table() {
        let c = log("# Spec\n\n**Version:** 1.1\n\n## 9. Revision History\n\n| Version | Date | Changes |\n|---|---|---|\n| 1.0 | 2026-01-01 | First |\n| 1.1 | 2026-02-01 | Added FR-3 |\n| 1.2 | 2026-03-01 | |\n");
        assert_eq!(c.form, Some(Form::Table));
        assert_eq!(c.entries.len(), 3);
        assert_eq!(c.entries[1].line, 10);
        assert_eq!(c.entries[1].version.as_ref().unwrap().to_string(), "1.1.0");
        assert!(!c.entries[1].is_empty());
        assert!(c.entries[2].is_empty(), "a row with only a date is empty");
        assert_eq!(c.section.unwrap().0, 5);
    }

    #[test]
    fn list_items_and_sub_headings() {
        let c = log("# S\n## Changelog\n- **1.2.0** (2026-05-01): passkeys\n- 1.1.0 — logout\n  more text\n- v1.0.0: first\n");
        assert_eq!(c.form, Some(Form::List));
        let v: Vec<_> = c.entries.iter().map(|e| (e.raw.as_str(), e.line)).collect();
        assert_eq!(v, [("1.2.0", 3), ("1.1.0", 4), ("v1.0.0", 6)]);
        assert!(c.entries[1].text.contains("more text"));

        let c = log("# S\n## Change Log\n### 1.1.0 - 2026-05-01\n- added\n### [1.0.0] - 2026-01-01\n\n### Other\n");
        assert_eq!(c.form, Some(Form::Heading));
        assert_eq!(c.entries.len(), 2);
        assert_eq!(c.entries[1].raw, "1.0.0");
        assert!(!c.entries[0].is_empty());
        assert!(c.entries[1].is_empty());
    }

    #[test]
    fn front_matter_changelog() {
        let c = log("---\nversion: 1.1.0\nchangelog:\n  - version: 1.1.0\n    date: 2026-05-01\n    changes:\n      - added FR-2\n    breakingChanges: none\n  - version: \"1.0\"\n    changes: first\n---\n# S\n");
        assert_eq!(c.form, Some(Form::FrontMatter));
        assert_eq!(c.entries.len(), 2);
        assert_eq!(c.entries[0].line, 4);
        assert_eq!(c.entries[1].raw, "1.0");
        assert_eq!(c.entries[0].breaking, ["none"]);
        assert!(!c.entries[0].is_empty());
    }

    #[test]
    fn keep_a_changelog() {
        let e = read_keep_a_changelog("CHANGELOG.md", b"# Changelog\n\n## [Unreleased]\n\n## [1.2.0] - 2026-05-29\n### Added\n- x\n\n## [1.1.0] - 2026-01-01\n");
        let v: Vec<_> = e.iter().map(|e| e.raw.as_str()).collect();
        assert_eq!(v, ["1.2.0", "1.1.0"]);
        assert!(!e[0].is_empty());
        assert!(e[1].is_empty());
    }

    #[test]
    fn titles() {
        assert!(is_changelog_title("Changelog"));
        assert!(is_changelog_title("9. Revision History"));
        assert!(is_changelog_title("Change Log"));
        assert!(is_changelog_title("A. History"));
        assert!(!is_changelog_title("Historical context"));
    }
}
