//! The spec model (specs/spec-model.md): front matter, sections with IDs and line ranges,
//! and which sections a change touched.

pub mod changelog;
pub mod diff;
pub mod frontmatter;
pub mod markdown;
pub mod version;

pub use frontmatter::{FrontMatter, OwnsGlob};
pub use markdown::Section;

use std::collections::BTreeSet;

/// Specs larger than this are refused (exit 2) rather than parsed.
pub const MAX_SPEC_BYTES: usize = 32 * 1024 * 1024;

/// One Markdown document of a spec, parsed at one revision.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SpecDoc {
    /// Repository-relative path of the document.
    pub path: String,
    /// Text (UTF-8, lossily decoded; a leading BOM removed).
    pub text: String,
    pub front: FrontMatter,
    /// Where front matter sits: (first line, last line) inclusive, if any.
    pub front_lines: Option<(usize, usize)>,
    pub sections: Vec<Section>,
    pub line_count: usize,
    /// What is worked out of the document when first asked for; never stored.
    #[serde(skip)]
    pub(crate) memo: Memo,
}

/// The place in `list` of the first element of each id.
pub(crate) fn first_by_id<T>(
    list: &[T],
    id: impl Fn(&T) -> &String,
) -> std::collections::HashMap<String, usize> {
    let mut m = std::collections::HashMap::with_capacity(list.len());
    for (i, x) in list.iter().enumerate() {
        m.entry(id(x).clone()).or_insert(i);
    }
    m
}

/// A requirement item: (ID, first line, last line, title), lines 1-based.
pub type Item = (String, usize, usize, String);
/// An OpenFastTrace item: (ID, first line, last line, title, revision).
pub type OftItem = (String, usize, usize, String, u64);

/// What a document answers many times (rules ask once per owner, section or finding,
/// and a spec of 100,000 sections must not make a check of hours): worked out once.
#[derive(Debug, Clone, Default)]
pub(crate) struct Memo {
    /// the place of each id's first section ([`SpecDoc::section`])
    pub(crate) section_by_id: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
    /// the requirement items, and the place of each id's first (found by the tags code)
    pub(crate) items: std::sync::OnceLock<(Vec<Item>, std::collections::HashMap<String, usize>)>,
    /// the OpenFastTrace items (found by the tags code)
    pub(crate) oft_items:
        std::sync::OnceLock<(Vec<OftItem>, std::collections::HashMap<String, usize>)>,
}

/// A spec that could not be parsed.
#[derive(Debug, Clone)]
pub struct SpecError {
    pub path: String,
    pub text: String,
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// Decode bytes as text: strip a UTF-8 BOM, decode lossily.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn count_lines(text: &str) -> usize {
    if text.is_empty() {
        return 0;
    }
    let n = text.bytes().filter(|b| *b == b'\n').count();
    if text.ends_with('\n') {
        n
    } else {
        n + 1
    }
}

impl SpecDoc {
    /// Parse a document. Front matter that is not valid YAML is an error (ownership
    /// would be unknown, so the check cannot be made).
    pub fn parse(path: &str, bytes: &[u8]) -> Result<SpecDoc, Box<SpecError>> {
        let text = decode(bytes);
        let line_count = count_lines(&text);
        let err = |message: String, line: usize, column: usize, text: &str| {
            Box::new(SpecError {
                path: path.to_string(),
                text: text.to_string(),
                message,
                line,
                column,
            })
        };
        if bytes.len() > MAX_SPEC_BYTES {
            return Err(err(
                format!(
                    "spec is {} bytes, over the {} MiB limit",
                    bytes.len(),
                    MAX_SPEC_BYTES / 1024 / 1024
                ),
                1,
                1,
                "",
            ));
        }
        let (front, front_lines, body, body_first_line) = match frontmatter::find(&text) {
            Some(b) => {
                let raw_lines: Vec<&str> = text.lines().collect();
                let fm = frontmatter::parse(
                    &text[b.yaml_start..b.yaml_end],
                    b.yaml_first_line,
                    &raw_lines,
                )
                .map_err(|e| err(e.message, e.line, e.column, &text))?;
                (
                    fm,
                    Some((1, b.body_first_line - 1)),
                    &text[b.body_start..],
                    b.body_first_line,
                )
            }
            None => (FrontMatter::default(), None, &text[..], 1),
        };
        let sections = markdown::sections(body, body_first_line, line_count);
        Ok(SpecDoc {
            path: path.to_string(),
            front,
            front_lines,
            sections,
            line_count,
            text,
            memo: Default::default(),
        })
    }

    /// The innermost section containing 1-based `line`, if any.
    pub fn section_at(&self, line: usize) -> impl Iterator<Item = &Section> {
        self.sections
            .iter()
            .filter(move |s| s.line <= line && line <= s.end_line)
    }

    /// The first section of this id. Rules ask once per owner, section or finding: a
    /// document of many sections answers from an index, so a spec of 100,000 headings
    /// is not a check of hours.
    pub fn section(&self, id: &str) -> Option<&Section> {
        if self.sections.len() <= 32 {
            return self.sections.iter().find(|s| s.id == id);
        }
        let by_id = self
            .memo
            .section_by_id
            .get_or_init(|| first_by_id(&self.sections, |s| &s.id));
        by_id.get(id).map(|&i| &self.sections[i])
    }
}

/// What a change did to one spec document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touch {
    /// The document's content changed (ignoring trailing whitespace and line endings).
    pub changed: bool,
    /// IDs of sections (at base or at head) whose lines changed, parents included.
    pub sections: BTreeSet<String>,
    /// Lines of the front matter changed.
    pub front_matter: bool,
}

/// Normalise a line for comparison: drop `\r` and trailing whitespace.
fn norm(l: &str) -> &str {
    l.trim_end()
}

/// The lines of the sections with this ID (normally one), trailing blank lines of
/// each dropped; `None` when the document has no such section.
fn section_lines<'a>(secs: &[&Section], lines: &'a [&'a str]) -> Option<Vec<&'a [&'a str]>> {
    let found: Vec<&[&str]> = secs
        .iter()
        .map(|s| {
            let all = lines
                .get(s.line - 1..s.end_line.min(lines.len()))
                .unwrap_or(&[]);
            let end = all.iter().rposition(|l| !l.is_empty()).map_or(0, |p| p + 1);
            &all[..end]
        })
        .collect();
    (!found.is_empty()).then_some(found)
}

/// The sections of `doc` by id, in document order (an id may be written twice).
fn sections_by_id(doc: &SpecDoc) -> std::collections::HashMap<&str, Vec<&Section>> {
    let mut m: std::collections::HashMap<&str, Vec<&Section>> = Default::default();
    for s in &doc.sections {
        m.entry(s.id.as_str()).or_default().push(s);
    }
    m
}

/// Add to `ids` every section of `doc` that holds one of the 0-based `lines` outside
/// the front matter; whether one of them is in the front matter. Linear in the lines
/// and sections (each section looks up the first changed line at or after its start):
/// a spec of many thousand headings, rewritten, is not a check of hours.
fn mark_sections(
    doc: &SpecDoc,
    lines: impl Iterator<Item = std::ops::Range<usize>>,
    ids: &mut BTreeSet<String>,
) -> bool {
    let mut front = false;
    // 1-based, increasing: hunks come in order
    let mut changed: Vec<usize> = Vec::new();
    for l in lines.flatten().map(|i| i + 1) {
        match doc.front_lines {
            Some((fs, fe)) if l >= fs && l <= fe => front = true,
            _ => changed.push(l),
        }
    }
    changed.sort_unstable();
    for s in &doc.sections {
        let at = changed.partition_point(|&l| l < s.line);
        if changed.get(at).is_some_and(|&l| l <= s.end_line) {
            ids.insert(s.id.clone());
        }
    }
    front
}

/// Compare a document at base and at head. `None` means absent at that side
/// (added or deleted document): every section counts as touched.
pub fn touch(base: Option<&SpecDoc>, head: Option<&SpecDoc>) -> Touch {
    let mut t = Touch::default();
    match (base, head) {
        (None, None) => t,
        (None, Some(d)) | (Some(d), None) => {
            t.changed = true;
            t.front_matter = d.front_lines.is_some();
            t.sections = d.sections.iter().map(|s| s.id.clone()).collect();
            t
        }
        (Some(b), Some(h)) => {
            let old: Vec<&str> = b.text.lines().map(norm).collect();
            let new: Vec<&str> = h.text.lines().map(norm).collect();
            // trailing blank lines do not matter
            let trim = |v: &[&str]| v.iter().rposition(|l| !l.is_empty()).map_or(0, |p| p + 1);
            let (old, new) = (&old[..trim(&old)], &new[..trim(&new)]);
            if old == new {
                return t;
            }
            t.changed = true;
            // the diff depends on the two texts only (no deadline): see diff.rs
            let hunks = diff::diff(old, new);
            let front_old = mark_sections(b, hunks.iter().map(|h| h.old.clone()), &mut t.sections);
            let front_new = mark_sections(h, hunks.iter().map(|h| h.new.clone()), &mut t.sections);
            t.front_matter = front_old || front_new;
            // a section whose lines are the same at both sides was not touched,
            // whatever shape the diff took around it (a move, repeated lines)
            let (all_old, all_new): (Vec<&str>, Vec<&str>) = (
                b.text.lines().map(norm).collect(),
                h.text.lines().map(norm).collect(),
            );
            let (by_old, by_new) = (sections_by_id(b), sections_by_id(h));
            let lines_of = |by: &std::collections::HashMap<&str, Vec<&Section>>, all, id: &str| {
                by.get(id).and_then(|secs| section_lines(secs, all))
            };
            t.sections
                .retain(|id| lines_of(&by_old, &all_old, id) != lines_of(&by_new, &all_new, id));
            t
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "---\nversion: 1.0.0\nowns:\n  FR-1: [src/login.rs]\n---\n# Auth\n\n## FR-1: Login\nUsers log in.\n\n## FR-2: Logout\nUsers log out.\n";

    fn doc(t: &str) -> SpecDoc {
        SpecDoc::parse("specs/auth.md", t.as_bytes()).unwrap()
    }

    #[test]
    fn parses_sections_after_front_matter() {
        let d = doc(BASE);
        let ids: Vec<_> = d
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.line, s.end_line))
            .collect();
        assert_eq!(ids, [("auth", 6, 12), ("FR-1", 8, 10), ("FR-2", 11, 12)]);
        assert_eq!(d.front.owns[0].line, 4);
    }

    #[test]
    fn touch_finds_changed_section_and_parent() {
        let head = BASE.replace("Users log in.", "Users log in with a passkey.");
        let t = touch(Some(&doc(BASE)), Some(&doc(&head)));
        assert!(t.changed);
        assert_eq!(
            t.sections,
            ["FR-1", "auth"].iter().map(|s| s.to_string()).collect()
        );
        assert!(!t.front_matter);
    }

    #[test]
    fn whitespace_and_eol_only_is_no_change() {
        let head = BASE.replace('\n', "  \r\n");
        let t = touch(Some(&doc(BASE)), Some(&doc(&head)));
        assert!(!t.changed, "{t:?}");
    }

    #[test]
    fn front_matter_change_touches_no_section() {
        let head = BASE.replace("1.0.0", "1.1.0");
        let t = touch(Some(&doc(BASE)), Some(&doc(&head)));
        assert!(
            t.changed && t.front_matter && t.sections.is_empty(),
            "{t:?}"
        );
    }

    #[test]
    fn deleted_lines_touch_base_section() {
        let head = BASE.replace("Users log out.\n", "");
        let t = touch(Some(&doc(BASE)), Some(&doc(&head)));
        assert!(t.sections.contains("FR-2"), "{t:?}");
        assert!(!t.sections.contains("FR-1"), "{t:?}");
    }

    #[test]
    fn bom_and_crlf_parse() {
        let t = format!("\u{feff}{}", BASE.replace('\n', "\r\n"));
        let d = SpecDoc::parse("a.md", t.as_bytes()).unwrap();
        assert_eq!(d.sections.len(), 3);
        assert_eq!(d.front.owns.len(), 1);
    }
}

/// Lines of the front matter that belong to top-level `keys`: 1-based, inclusive.
pub fn front_matter_key_lines(doc: &SpecDoc, keys: &[&str]) -> Vec<usize> {
    let Some((first, last)) = doc.front_lines else {
        return Vec::new();
    };
    let lines: Vec<&str> = doc.text.lines().collect();
    let mut out = Vec::new();
    let mut current: Option<bool> = None; // inside a wanted key?
    for l in (first + 1)..last {
        let text = lines.get(l - 1).copied().unwrap_or("");
        let top_level = !text.starts_with([' ', '\t', '-', '#']) && !text.trim().is_empty();
        if top_level {
            let key = text
                .split(':')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\'']);
            current = Some(keys.contains(&key));
        }
        if current == Some(true) {
            out.push(l);
        }
    }
    out
}

/// The lines that carry a spec's meaning: non-blank, trailing whitespace dropped,
/// without the version line, the changelog (section, blockquote, Sync Impact Report
/// comment or front matter key) and the
/// front matter `version` key. Two documents with the same content lines differ only
/// in whitespace, version or changelog, which needs no version bump.
pub fn content_lines(doc: &SpecDoc) -> Vec<&str> {
    let mut skip: std::collections::BTreeSet<usize> =
        front_matter_key_lines(doc, &["version", "changelog"])
            .into_iter()
            .collect();
    let versions = version::read_all(doc);
    for v in &versions {
        if v.notation == version::Notation::Line {
            skip.insert(v.line);
        }
    }
    if let Some(sec) = doc
        .sections
        .iter()
        .find(|s| changelog::is_changelog_title(&s.title))
    {
        skip.extend(sec.line..=sec.end_line);
    }
    // a changelog blockquote under the title, Sync Impact Report comments
    for (a, b) in changelog::read(doc).blocks {
        skip.extend(a..=b);
    }
    let heading_version = versions
        .into_iter()
        .find(|v| v.notation == version::Notation::Heading);
    doc.text
        .lines()
        .enumerate()
        .filter(|(i, _)| !skip.contains(&(i + 1)))
        .map(|(i, l)| {
            let l = l.trim_end();
            // a heading carrying the version counts without it
            match &heading_version {
                Some(v) if v.line == i + 1 => l.trim_end_matches(v.raw.as_str()).trim_end(),
                _ => l,
            }
        })
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod content_tests {
    use super::*;

    fn doc(t: &str) -> SpecDoc {
        SpecDoc::parse("s.md", t.as_bytes()).unwrap()
    }

    #[test]
    fn version_and_changelog_are_not_content() {
        let a = doc("---\nversion: 1.0.0\nowns: [src/**]\nchangelog:\n  - version: 1.0.0\n    changes: x\n---\n# S v1.0.0\n\n**Version:** 1.0\n\nBody.\n\n## Changelog\n| 1.0 | x |\n");
        let b = doc("---\nversion: 1.1.0\nowns: [src/**]\nchangelog:\n  - version: 1.1.0\n    changes: y\n  - version: 1.0.0\n    changes: x\n---\n# S v1.1.0\n\n**Version:** 1.1\n\n\nBody.   \n\n## Changelog\n| 1.1 | y |\n| 1.0 | x |\n");
        assert_eq!(content_lines(&a), content_lines(&b));
        let c = doc("---\nversion: 1.0.0\nowns: [src/x/**]\n---\n# S v1.0.0\n\nBody.\n");
        assert_ne!(content_lines(&a), content_lines(&c), "owns is content");
    }
}
