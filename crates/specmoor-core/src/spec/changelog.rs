//! Changelog entries in every form of specs/spec-model.md SM-6: an in-spec section (table rows,
//! list items or sub-headings whose first token is a version), front matter
//! `changelog:`, a `> **Changelog:**` blockquote under the title, a spec-kit Sync
//! Impact Report comment, or an external Keep a Changelog file.

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

    /// What the entry says, on one line, and its date if it gives one: without the
    /// markup and punctuation left around its version (`** (2026-05-01): x` is
    /// `x` of 2026-05-01) and, for a table row, without its date cells (release
    /// notes, specs/release.md RL-3).
    pub fn summary(&self) -> (Option<String>, String) {
        // sub-headings (`### Changed`) become `Changed:`, list items their text
        let mut parts: Vec<String> = Vec::new();
        for l in self.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if let Some(h) = l.strip_prefix('#') {
                parts.push(format!("{}:", h.trim_start_matches('#').trim()));
            } else {
                parts.push(list_item(l).unwrap_or(l).to_string());
            }
        }
        let one = parts
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut date = None;
        let text = if self.form == Form::Table {
            let cells: Vec<&str> = one
                .split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .filter(|c| {
                    let d = c.trim_matches(['*', '_', '`']);
                    if is_date(d) {
                        date.get_or_insert_with(|| d.to_string());
                        false
                    } else {
                        true
                    }
                })
                .collect();
            cells.join(" — ")
        } else {
            let mut t = one.as_str();
            loop {
                let before = t.len();
                t = t.trim_start_matches(|c: char| c.is_whitespace() || "*_|:,-–—[]".contains(c));
                let word = t.split_whitespace().next().unwrap_or("");
                let bare = word.trim_matches(['(', ')', '[', ']', '*', '_', ':', ',']);
                if is_date(bare) {
                    date.get_or_insert_with(|| bare.to_string());
                    t = &t[word.len()..];
                }
                if t.len() == before {
                    break;
                }
            }
            t.to_string()
        };
        (date, text)
    }
}

/// Where a document's changelog lives and what it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changelog {
    pub entries: Vec<Entry>,
    /// The changelog section in the body, if any: (heading line, last line, level).
    pub section: Option<(usize, usize, u8)>,
    /// The form the entries take (the first entry's), for writing new ones; `None`
    /// when the only entries are Sync Impact Reports (bump then writes a section).
    pub form: Option<Form>,
    /// Changelog text outside the section and the front matter (a metadata
    /// blockquote, Sync Impact Report comments): inclusive line ranges.
    pub blocks: Vec<(usize, usize)>,
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
    let t = strip_appendix(t);
    let t = t.trim_end_matches(':').to_ascii_lowercase();
    matches!(
        t.as_str(),
        "changelog"
            | "change log"
            | "revision history"
            | "history"
            | "version history"
            | "change history"
            | "document history"
            | "amendment history"
            | "release history"
    )
}

/// `Appendix C: Revision History`, `Appendix 2 - History`, `Appendix: Changelog` →
/// the title after the appendix label.
fn strip_appendix(t: &str) -> &str {
    let Some(rest) = t
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("appendix"))
        .map(|_| &t[8..])
    else {
        return t;
    };
    let rest = rest.trim_start();
    // an optional label: one letter, a Roman numeral or a number
    let label = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let rest = if label <= 4 { &rest[label..] } else { rest };
    let rest = rest.trim_start();
    match rest.strip_prefix([':', '.', '-', '—', '–']) {
        Some(r) => r.trim_start(),
        None if label <= 4 && rest.len() < t.len() => rest,
        None => t,
    }
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
/// changelog section of the body, else a `> **Changelog:**` blockquote; Sync Impact
/// Report comments count when none of these holds an entry.
pub fn read(doc: &SpecDoc) -> Changelog {
    let mut log = read_primary(doc);
    let quote = blockquote(doc);
    let reports = sync_reports(doc);
    if log.entries.is_empty() {
        if let Some((entries, _)) = &quote {
            log.entries = entries.clone();
            log.form = log.entries.first().map(|e| e.form);
        }
    }
    log.blocks.extend(quote.map(|(_, r)| r));
    if log.entries.is_empty() {
        log.entries = reports.iter().filter_map(|(e, _)| e.clone()).collect();
        log.form = None;
    }
    log.blocks.extend(reports.into_iter().map(|(_, r)| r));
    log
}

/// The lines of a document outside code fences: (1-based line, text).
fn unfenced(doc: &SpecDoc) -> Vec<(usize, &str)> {
    let mut in_fence = false;
    let mut out = Vec::new();
    for (i, l) in doc.text.lines().enumerate() {
        let t = l.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence {
            out.push((i + 1, l));
        }
    }
    out
}

/// A metadata blockquote whose line says `**Changelog:**` (or another changelog
/// title), followed by `> - **v1.4.0: …**` items: its entries and line range.
fn blockquote(doc: &SpecDoc) -> Option<(Vec<Entry>, (usize, usize))> {
    let lines = unfenced(doc);
    let quoted = |l: &str| -> Option<String> {
        let t = l.trim_start().strip_prefix('>')?;
        Some(t.strip_prefix(' ').unwrap_or(t).to_string())
    };
    let start = lines.iter().position(|(_, l)| {
        quoted(l).is_some_and(|q| {
            let q = q.trim().trim_matches(['*', '_']).trim();
            let q = q.trim_end_matches(['*', '_']);
            q.ends_with(':') && is_changelog_title(q)
        })
    })?;
    let first = lines[start].0;
    let mut last = first;
    let mut entries: Vec<Entry> = Vec::new();
    for (n, l) in &lines[start + 1..] {
        if *n != last + 1 {
            break;
        }
        let Some(q) = quoted(l) else { break };
        last = *n;
        match list_item(&q) {
            Some(item) => {
                if let Some(v) = first_token(item).filter(|f| looks_like_version(f)) {
                    let at = item.find(v).map_or(0, |i| i + v.len());
                    entries.push(entry(v, *n, item[at..].to_string(), Form::List));
                }
            }
            None => {
                // a continuation line of the item above
                if let Some(e) = entries.last_mut().filter(|_| q.starts_with([' ', '\t'])) {
                    e.text.push('\n');
                    e.text.push_str(q.trim());
                }
            }
        }
    }
    (!entries.is_empty()).then_some((entries, (first, last)))
}

/// spec-kit's Sync Impact Report: an HTML comment naming itself so, whose
/// `Version change: 1.3.2 → 1.4.0` line makes it the entry for the new version (its
/// other lines are the text). Each comment with its entry, if it names a version.
fn sync_reports(doc: &SpecDoc) -> Vec<(Option<Entry>, (usize, usize))> {
    let lines = unfenced(doc);
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (first, l) = lines[i];
        if !l.trim_start().starts_with("<!--") {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < lines.len() && !lines[j].1.contains("-->") {
            j += 1;
        }
        let j = j.min(lines.len() - 1);
        let body = &lines[i..=j];
        i = j + 1;
        if !body
            .iter()
            .any(|(_, l)| l.to_ascii_lowercase().contains("sync impact report"))
        {
            continue;
        }
        let mut found: Option<(usize, String)> = None;
        let mut text = Vec::new();
        for (n, l) in body {
            let bare = l.replace("<!--", "").replace("-->", "");
            let lower = bare.to_ascii_lowercase();
            if lower.contains("sync impact report") && bare.trim().len() < 40 {
                continue;
            }
            if found.is_none() && lower.contains("version change") {
                let after = ["→", "->", "=>", "⇒"]
                    .iter()
                    .filter_map(|a| bare.rfind(a).map(|p| &bare[p + a.len()..]))
                    .next();
                if let Some(v) = after
                    .and_then(first_token)
                    .filter(|v| looks_like_version(v))
                {
                    found = Some((*n, v.to_string()));
                    continue;
                }
            }
            if !bare.trim().is_empty() {
                text.push(bare.trim().to_string());
            }
        }
        let e = found.map(|(n, v)| entry(&v, n, text.join("\n"), Form::List));
        out.push((e, (first, body[body.len() - 1].0)));
    }
    out
}

fn read_primary(doc: &SpecDoc) -> Changelog {
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
            blocks: Vec::new(),
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
        } else if let Some(first) = t
            .starts_with(['*', '_'])
            .then(|| first_token(t))
            .flatten()
            .filter(|f| looks_like_version(f))
        {
            // a bold version opening a paragraph: `**v1.4.0** (2026-01-02): …`; the
            // lines up to the next bold version (list items included) belong to it
            let at = t.find(first).map_or(0, |i| i + first.len());
            let mut text = vec![t[at..].to_string()];
            let mut k = l + 1;
            while k <= sec.end_line {
                let next = get(k).trim();
                let bold_version = next.starts_with(['*', '_'])
                    && list_item(next).is_none()
                    && first_token(next).is_some_and(looks_like_version);
                if bold_version || next.starts_with(['|', '#']) || next.starts_with("```") {
                    break;
                }
                text.push(next.to_string());
                k += 1;
            }
            out.push(entry(first, l, text.join("\n"), Form::List));
            l = k;
            continue;
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
pub fn list_item(line: &str) -> Option<&str> {
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
    fn blockquote_sync_report_bold_and_appendix() {
        let c = log("# Ledger\n\n> **Version:** 1.4.0\n> **Changelog:**\n> - **v1.4.0: Added refunds**\n> - **v1.3.0: Split fees**\n>   and taxes\n\nBody.\n");
        let v: Vec<_> = c.entries.iter().map(|e| (e.raw.as_str(), e.line)).collect();
        assert_eq!(v, [("v1.4.0", 5), ("v1.3.0", 6)]);
        assert!(c.entries[1].text.contains("and taxes"));
        assert_eq!(c.blocks, [(4, 7)]);

        let c = log("<!--\nSync Impact Report\n- Version change: 1.3.2 → 1.4.0\n- Added: Principle VI\n-->\n# Constitution\n\n**Version**: 1.4.0 | **Ratified**: 2025-01-02\n");
        assert_eq!(c.form, None);
        assert_eq!(c.entries.len(), 1);
        assert_eq!((c.entries[0].raw.as_str(), c.entries[0].line), ("1.4.0", 3));
        assert!(!c.entries[0].is_empty());
        assert_eq!(c.blocks, [(1, 5)]);
        let c = log("<!-- Sync Impact Report\nVersion change: 1.3.2 -> 1.4.0\n-->\n# C\n");
        assert!(
            c.entries[0].is_empty(),
            "a report saying only the versions is empty"
        );

        let c = log("# S\n\n## Appendix C: Revision History\n\n**v1.1.0** (2026-02-01)\n\n- Added FR-3\n\n**v1.0.0** (2026-01-01): first\n");
        let v: Vec<_> = c.entries.iter().map(|e| (e.raw.as_str(), e.line)).collect();
        assert_eq!(v, [("v1.1.0", 5), ("v1.0.0", 9)]);
        assert!(!c.entries[0].is_empty());
    }

    #[test]
    fn titles() {
        assert!(is_changelog_title("Appendix C: Revision History"));
        assert!(is_changelog_title("Appendix B - Change History"));
        assert!(is_changelog_title("Appendix: Version History"));
        assert!(!is_changelog_title("Appendix C: Glossary"));
        assert!(is_changelog_title("Changelog"));
        assert!(is_changelog_title("9. Revision History"));
        assert!(is_changelog_title("Change Log"));
        assert!(is_changelog_title("A. History"));
        assert!(!is_changelog_title("Historical context"));
    }

    #[test]
    fn summary_drops_the_markup_and_date_around_the_version() {
        let c = log("# S\n## Changelog\n- **1.2.0** (2026-05-01): passkeys *now*\n- 1.1.0 — logout\n  more text\n");
        assert_eq!(
            c.entries[0].summary(),
            (Some("2026-05-01".into()), "passkeys *now*".into())
        );
        assert_eq!(c.entries[1].summary(), (None, "logout more text".into()));
        let t = log("# S\n## Changelog\n| version | date | change |\n|---|---|---|\n| 1.0.0 | 2026-01-01 | first | x |\n");
        assert_eq!(
            t.entries[0].summary(),
            (Some("2026-01-01".into()), "first — x".into())
        );
        let q = log("# S\n> **Changelog:**\n> - **1.1.0** (2026-11-30): Invoices in EUR\n");
        assert_eq!(
            q.entries[0].summary(),
            (Some("2026-11-30".into()), "Invoices in EUR".into())
        );
    }
}
