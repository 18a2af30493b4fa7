//! Requirement tags in code (specs/tags.md): a comment naming a requirement
//! (`@spec FR-1` in a comment) owns the lines below it, so a spec section can own a function
//! rather than a whole file. This module reads tags from a file's bytes (TG-1),
//! delimits their regions (TG-2), resolves what they name against the specs at head
//! (TG-3) and says which regions a change touched (TG-4). Pure: the shell reads the
//! blobs.

use crate::config::{TagStyle, TagsConfig};
use crate::error::Result;
use crate::glob::Origin;
use crate::spec::markdown::requirement_id;
use crate::spec::SpecDoc;
use crate::specset::{OwnerTarget, SpecSet, SpecUnit};
use bstr::ByteSlice;

/// How much of a blob is looked at for a NUL byte to call it binary (TG-1).
pub const BINARY_PROBE: usize = 8 * 1024;

/// The tag syntaxes in force, compiled from [`TagsConfig`].
#[derive(Debug, Clone)]
pub struct TagSyntax {
    enabled: bool,
    styles: Vec<TagStyle>,
    patterns: Vec<(String, regex::Regex)>,
}

impl TagSyntax {
    /// The syntaxes of a config (its regexes were validated when it was loaded).
    pub fn new(cfg: &TagsConfig) -> Result<Self> {
        Ok(TagSyntax {
            enabled: cfg.enabled,
            styles: cfg.syntax.clone(),
            patterns: cfg
                .patterns
                .iter()
                .map(|p| (p.text.clone(), p.regex.clone()))
                .collect(),
        })
    }

    /// Whether any tag can be read.
    pub fn enabled(&self) -> bool {
        self.enabled && !(self.styles.is_empty() && self.patterns.is_empty())
    }

    /// A stable text naming the syntaxes (a cache of tags by blob id keys on it).
    pub fn fingerprint(&self) -> String {
        let mut s = format!("{}|{:?}", self.enabled, self.styles);
        for (p, _) in &self.patterns {
            s.push('|');
            s.push_str(p);
        }
        s
    }
}

/// What a tag names: a bare requirement ID, resolved against every spec, or an
/// address `spec#section`.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum TagTarget {
    Id(String),
    Address { spec: String, section: String },
}

impl std::fmt::Display for TagTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TagTarget::Id(id) => f.write_str(id),
            TagTarget::Address { spec, section } => write!(f, "{spec}#{section}"),
        }
    }
}

/// One tag in a file, with the region it owns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tag {
    /// 1-based line of the tag.
    pub line: u32,
    /// Last line of its region (inclusive).
    pub end: u32,
    /// First line of its region: the first tag line of its group (tags on
    /// consecutive lines share one region, TG-2).
    pub start: u32,
    pub target: TagTarget,
    /// The pinned version as written (`1.2`), if any.
    pub pin: Option<String>,
    /// The tag as written (`@spec FR-1@1.2`).
    pub text: String,
}

impl Tag {
    /// Whether 1-based `line` lies in the tag's region.
    pub fn owns(&self, line: u32) -> bool {
        self.start <= line && line <= self.end
    }
}

/// Whether a blob is binary: a NUL byte in its first 8 KiB.
pub fn is_binary(content: &[u8]) -> bool {
    content[..content.len().min(BINARY_PROBE)].contains(&0)
}

/// One marker found on a line: a tag, or `@spec end`.
enum Mark {
    Tag {
        target: TagTarget,
        pin: Option<String>,
        text: String,
    },
    End,
}

/// The tags of a file, in line order, each with its region (TG-1, TG-2). Binary
/// content (a NUL in the first 8 KiB) has none.
pub fn scan(syntax: &TagSyntax, content: &[u8]) -> Vec<Tag> {
    if !syntax.enabled() || content.is_empty() || is_binary(content) {
        return Vec::new();
    }
    // the lines that can hold a marker, found with a substring search first
    let mut candidates: Vec<usize> = Vec::new(); // byte offsets of hits
    for style in &syntax.styles {
        let needles: &[&[u8]] = match style {
            TagStyle::Specmoor => &[b"@spec"],
            TagStyle::Implements => &[b"mplement", b"MPLEMENT"],
            TagStyle::Oft => &[b"->"],
            TagStyle::VersionedId => &[b"-v"],
        };
        for n in needles {
            candidates.extend(content.find_iter(n));
        }
    }
    for (_, re) in &syntax.patterns {
        let text = String::from_utf8_lossy(content);
        if matches!(text, std::borrow::Cow::Borrowed(_)) {
            candidates.extend(re.find_iter(&text).map(|m| m.start()));
        } else {
            // offsets of the lossy text differ from the bytes': look at every line
            candidates.extend(content.find_iter(b"\n").map(|i| i + 1));
            candidates.push(0);
        }
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    let starts = line_starts(content);
    let mut lines: Vec<usize> = candidates
        .iter()
        .map(|&off| match starts.binary_search(&off) {
            Ok(i) => i,
            Err(i) => i - 1,
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let total = line_count(content);
    // every marker line, with what it holds
    let mut marks: Vec<(u32, Vec<Mark>)> = Vec::new();
    for i in lines {
        let a = starts[i];
        let b = starts.get(i + 1).copied().unwrap_or(content.len());
        let line = String::from_utf8_lossy(&content[a..b]);
        let line = line.trim_end_matches(['\n', '\r']);
        let found = marks_in(syntax, line);
        if !found.is_empty() {
            marks.push((i as u32 + 1, found));
        }
    }
    regions(marks, total, content, &starts)
}

/// 1-based number of lines (a last line without a newline counts).
fn line_count(content: &[u8]) -> u32 {
    if content.is_empty() {
        return 0;
    }
    let n = content.iter().filter(|b| **b == b'\n').count();
    (if content.ends_with(b"\n") { n } else { n + 1 }) as u32
}

fn line_starts(content: &[u8]) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(content.find_iter(b"\n").map(|i| i + 1));
    if v.last() == Some(&content.len()) && v.len() > 1 {
        v.pop();
    }
    v
}

/// Regions from marker lines: a group of tag lines (only tag lines and blank lines
/// between) owns up to the line before the next marker line, to its `@spec end`
/// line, or to the end of the file.
fn regions(marks: Vec<(u32, Vec<Mark>)>, total: u32, content: &[u8], starts: &[usize]) -> Vec<Tag> {
    let blank = |line: u32| -> bool {
        let i = line as usize - 1;
        let a = starts[i];
        let b = starts.get(i + 1).copied().unwrap_or(content.len());
        content[a..b].iter().all(|c| c.is_ascii_whitespace())
    };
    let mut out: Vec<Tag> = Vec::new();
    // tags of the open group (indexes into `out`), and the group's first line
    let mut open: Vec<usize> = Vec::new();
    let mut group_start = 0u32;
    let mut last_tag_line = 0u32;
    let close = |out: &mut Vec<Tag>, open: &mut Vec<usize>, end: u32| {
        for &k in open.iter() {
            out[k].end = end;
        }
        open.clear();
    };
    for (line, found) in marks {
        let is_end = found.iter().all(|m| matches!(m, Mark::End));
        if is_end {
            if !open.is_empty() {
                close(&mut out, &mut open, line);
            }
            continue;
        }
        let joins = !open.is_empty() && (last_tag_line + 1..line).all(blank);
        if !joins {
            if !open.is_empty() {
                close(&mut out, &mut open, line - 1);
            }
            group_start = line;
        }
        for m in found {
            if let Mark::Tag { target, pin, text } = m {
                open.push(out.len());
                out.push(Tag {
                    line,
                    end: total,
                    start: group_start,
                    target,
                    pin,
                    text,
                });
            }
        }
        last_tag_line = line;
    }
    close(&mut out, &mut open, total.max(last_tag_line));
    out
}

/// The markers on one line, in every syntax in force.
fn marks_in(syntax: &TagSyntax, line: &str) -> Vec<Mark> {
    let mut out = Vec::new();
    for style in &syntax.styles {
        match style {
            TagStyle::Specmoor => specmoor_marks(line, &mut out),
            TagStyle::Implements => implements_marks(line, &mut out),
            TagStyle::Oft => oft_marks(line, &mut out),
            TagStyle::VersionedId => versioned_marks(line, &mut out),
        }
    }
    for (_, re) in &syntax.patterns {
        for c in re.captures_iter(line) {
            let Some(id) = c.name("id") else { continue };
            let id = id.as_str().trim();
            if id.is_empty() {
                continue;
            }
            let target = match id.split_once('#') {
                Some((s, sec)) if !s.is_empty() && !sec.is_empty() => TagTarget::Address {
                    spec: s.to_string(),
                    section: sec.to_string(),
                },
                _ => TagTarget::Id(id.to_string()),
            };
            out.push(Mark::Tag {
                target,
                pin: c
                    .name("version")
                    .map(|v| v.as_str().trim().to_string())
                    .filter(|v| !v.is_empty()),
                text: c.get(0).map_or("", |m| m.as_str()).trim().to_string(),
            });
        }
    }
    out
}

/// A requirement ID at the start of `s` (`FR-1`, `SEC-AUTH-2`, `FR-1.2`): its length.
fn id_len(s: &str) -> Option<usize> {
    if !s.as_bytes().first()?.is_ascii_uppercase() {
        return None;
    }
    requirement_id(s).map(|id| id.len())
}

/// A version pin after `@` at the start of `s`: `1`, `1.2`, `1.2.3`; its length.
fn pin_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut parts = 0;
    loop {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        parts += 1;
        if parts < 3 && i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        break;
    }
    if i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
        return None;
    }
    Some(i)
}

/// One target at the start of `s` (an ID or `path#section`, then an optional
/// `@pin`): the target, the pin and the length read.
fn target_at(s: &str) -> Option<(TagTarget, Option<String>, usize)> {
    let (target, mut n) = if let Some(n) = id_len(s) {
        (TagTarget::Id(s[..n].to_string()), n)
    } else {
        // an address: a path, `#`, a section ID
        let end = s
            .find(|c: char| c.is_whitespace() || c == ',' || c == '@')
            .unwrap_or(s.len());
        let word = &s[..end];
        let word_trim = word.trim_end_matches(|c: char| "*/->).;:\"'`".contains(c));
        let (spec, section) = word_trim.split_once('#')?;
        let spec_ok = |c: char| c.is_alphanumeric() || "/._-+".contains(c);
        let section_ok = |c: char| c.is_alphanumeric() || "._-".contains(c);
        if spec.is_empty()
            || section.is_empty()
            || !spec.chars().all(spec_ok)
            || !section.chars().all(section_ok)
        {
            return None;
        }
        (
            TagTarget::Address {
                spec: spec.trim_start_matches("./").to_string(),
                section: section.to_string(),
            },
            if end < s.len() && s.as_bytes()[end] == b'@' {
                end
            } else {
                word_trim.len()
            },
        )
    };
    let mut pin = None;
    if s[n..].starts_with('@') {
        if let Some(p) = pin_len(&s[n + 1..]) {
            pin = Some(s[n + 1..n + 1 + p].to_string());
            n += 1 + p;
        }
    }
    Some((target, pin, n))
}

/// A list of targets at the start of `s`, separated by commas (`FR-1, FR-2@2`).
fn target_list(s: &str) -> (Vec<(TagTarget, Option<String>, String)>, usize) {
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let rest = &s[i..];
        let skip = rest.len() - rest.trim_start().len();
        let Some((t, pin, n)) = target_at(&rest[skip..]) else {
            break;
        };
        out.push((t, pin, rest[skip..skip + n].to_string()));
        i += skip + n;
        let after = &s[i..];
        let ws = after.len() - after.trim_start().len();
        if after[ws..].starts_with(',') {
            i += ws + 1;
        } else {
            break;
        }
    }
    (out, i)
}

/// `@spec ID[@pin][, ID…]`, `@spec path#section`, `@spec end`.
fn specmoor_marks(line: &str, out: &mut Vec<Mark>) {
    let mut from = 0;
    while let Some(k) = line[from..].find("@spec") {
        let at = from + k;
        from = at + 5;
        // `@spec` as a word: not part of an address or e-mail, followed by a space;
        // right after a backtick it is quoted in prose (the syntax documented), not a tag
        let before = line[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '`') {
            continue;
        }
        let rest = &line[at + 5..];
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let body = rest.trim_start();
        if body == "end"
            || body.starts_with("end ")
            || body.starts_with("end\t")
            || body.starts_with("end*/")
            || body.starts_with("end-->")
        {
            out.push(Mark::End);
            continue;
        }
        let (targets, _) = target_list(body);
        for (target, pin, text) in targets {
            out.push(Mark::Tag {
                target,
                pin,
                text: format!("@spec {text}"),
            });
        }
    }
}

/// `Implements FR-003`, `implements FR-1, FR-2`, `Implemented by`… no: only
/// `Implements` (any case) followed by IDs.
fn implements_marks(line: &str, out: &mut Vec<Mark>) {
    let lower = line.to_ascii_lowercase();
    let mut from = 0;
    while let Some(k) = lower[from..].find("implements") {
        let at = from + k;
        from = at + 10;
        if line[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = &line[at + 10..];
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let (targets, _) = target_list(rest);
        for (target, pin, text) in targets {
            out.push(Mark::Tag {
                target,
                pin,
                text: format!("{} {text}", &line[at..at + 10]),
            });
        }
    }
}

/// An OpenFastTrace item name (`login`, `md.item-title`): a letter, then letters,
/// digits, `_` and `-`, in dot-separated parts.
fn oft_name_ok(name: &str) -> bool {
    name.split('.').all(|p| !p.is_empty())
        && name.chars().next().is_some_and(|c| c.is_alphabetic())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// An OpenFastTrace item ID `type~name~revision` at the start of `s`: the ID
/// `type~name`, the revision and the length read.
pub fn oft_id(s: &str) -> Option<(String, String, usize)> {
    let kind_len = s.bytes().take_while(|c| c.is_ascii_alphabetic()).count();
    let rest = &s[kind_len..];
    if kind_len == 0 || !rest.starts_with('~') {
        return None;
    }
    let rest = &rest[1..];
    let name_len = rest.find('~')?;
    let name = &rest[..name_len];
    let rev = &rest[name_len + 1..];
    let rev_len = rev.bytes().take_while(|c| c.is_ascii_digit()).count();
    if !oft_name_ok(name)
        || rev_len == 0
        || rev[rev_len..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '~')
    {
        return None;
    }
    Some((
        format!("{}~{name}", &s[..kind_len]),
        rev[..rev_len].to_string(),
        kind_len + 1 + name_len + 1 + rev_len,
    ))
}

/// OpenFastTrace: `[impl->dsn~login~1]` (also `[impl~x~1->dsn~login~1]`,
/// `[impl -> dsn~login~1 >> impl, utest]`): the covered item's `type~name` is the ID
/// (`dsn~login`), its revision the pin.
fn oft_marks(line: &str, out: &mut Vec<Mark>) {
    let mut from = 0;
    while let Some(k) = line[from..].find('[') {
        let at = from + k;
        from = at + 1;
        let Some(close) = line[at..].find(']') else {
            break;
        };
        let inner = &line[at + 1..at + close];
        let Some((covering, covered)) = inner.split_once("->") else {
            continue;
        };
        let kind_ok = |k: &str| !k.is_empty() && k.bytes().all(|c| c.is_ascii_alphabetic());
        // the covering side: `impl`, or `impl~name~1` (`impl~~1`: no name)
        let covering_ok = match covering.trim().split('~').collect::<Vec<_>>()[..] {
            [kind] => kind_ok(kind),
            [kind, name, rev] => {
                kind_ok(kind)
                    && (name.is_empty() || oft_name_ok(name))
                    && !rev.is_empty()
                    && rev.bytes().all(|c| c.is_ascii_digit())
            }
            _ => false,
        };
        if !covering_ok {
            continue;
        }
        // the needed artifact types after `>>` (`impl, utest`) are not part of the ID
        let (covered, needs) = covered.split_once(">>").unwrap_or((covered, "impl"));
        if !needs.split(',').all(|n| kind_ok(n.trim())) {
            continue;
        }
        let covered = covered.trim();
        let Some((id, rev, n)) = oft_id(covered) else {
            continue;
        };
        if n != covered.len() {
            continue;
        }
        out.push(Mark::Tag {
            target: TagTarget::Id(id),
            pin: Some(rev),
            text: line[at..=at + close].to_string(),
        });
        from = at + close + 1;
    }
}

/// `REQ-001-v1.1`: ID `REQ-001`, pinned to `1.1`.
fn versioned_marks(line: &str, out: &mut Vec<Mark>) {
    let mut from = 0;
    while let Some(k) = line[from..].find("-v") {
        let at = from + k;
        from = at + 2;
        let Some(p) = pin_len(&line[at + 2..]) else {
            continue;
        };
        // the ID ending at `at`: walk back over its characters, then read it forward
        let head = &line[..at];
        let begin = head
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
            .map_or(0, |i| i + 1);
        let cand = &head[begin..];
        if id_len(cand) != Some(cand.len()) {
            continue;
        }
        let pin = &line[at + 2..at + 2 + p];
        out.push(Mark::Tag {
            target: TagTarget::Id(cand.to_string()),
            pin: Some(pin.to_string()),
            text: format!("{cand}-v{pin}"),
        });
    }
}

/// What a tag resolves to at head (TG-3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// One requirement: its spec and section (or item) ID.
    One(OwnerTarget),
    /// Several specs have it: their addresses, sorted.
    Ambiguous(Vec<String>),
    /// No spec has it.
    Missing,
}

/// A requirement: a section whose heading starts with a requirement ID, or a list
/// item or paragraph starting with a bold one (`- **FR-001**: …`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Requirement {
    /// The spec unit.
    pub unit: String,
    /// The section (or item) ID.
    pub id: String,
    pub title: String,
    /// The document and 1-based line of its heading (or item).
    pub doc: String,
    pub line: usize,
    /// Whether it is a requirement item rather than a heading.
    pub item: bool,
}

/// The requirement items of a document: (ID, first line, last line, title), 1-based;
/// worked out once per document.
pub fn items(doc: &SpecDoc) -> &[crate::spec::Item] {
    &item_index(doc).0
}

/// The first requirement item of a document with this ID.
pub fn item<'d>(doc: &'d SpecDoc, id: &str) -> Option<&'d crate::spec::Item> {
    let (list, by_id) = item_index(doc);
    by_id.get(id).map(|&i| &list[i])
}

type ItemIndex = (
    Vec<crate::spec::Item>,
    std::collections::HashMap<String, usize>,
);

fn item_index(doc: &SpecDoc) -> &ItemIndex {
    doc.memo.items.get_or_init(|| {
        let list = scan_items(doc);
        let by_id = crate::spec::first_by_id(&list, |it| &it.0);
        (list, by_id)
    })
}

fn scan_items(doc: &SpecDoc) -> Vec<(String, usize, usize, String)> {
    let lines: Vec<&str> = doc.text.lines().collect();
    let mut out: Vec<(String, usize, usize, String)> = Vec::new();
    let mut fence: Option<&str> = None;
    let front_end = doc.front_lines.map_or(0, |(_, e)| e);
    let mut open: Option<(String, usize, usize, String)> = None;
    let marker = |t: &str| -> Option<usize> {
        // a list marker's length (`- `, `* `, `+ `, `1. `, `1) `)
        let b = t.as_bytes();
        match b.first()? {
            b'-' | b'*' | b'+' if b.get(1).is_some_and(|c| *c == b' ' || *c == b'\t') => Some(2),
            c if c.is_ascii_digit() => {
                let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
                (matches!(b.get(d), Some(b'.') | Some(b')'))
                    && b.get(d + 1).is_some_and(|c| *c == b' ' || *c == b'\t'))
                .then_some(d + 2)
            }
            _ => None,
        }
    };
    for (i, raw) in lines.iter().enumerate() {
        let n = i + 1;
        let t = raw.trim_start();
        let indent = raw.len() - t.len();
        if n <= front_end {
            continue;
        }
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            if let Some(o) = open.take() {
                out.push(o);
            }
            fence = Some(&t[..3]);
            continue;
        }
        let ends_open = t.is_empty() || t.starts_with('#') || marker(t).is_some();
        if ends_open {
            if let Some(o) = open.take() {
                out.push(o);
            }
        }
        if t.is_empty() || indent > 3 && marker(t).is_none() {
            if let Some(o) = open.as_mut() {
                o.2 = n;
            }
            continue;
        }
        let body = match marker(t) {
            Some(m) => t[m..].trim_start(),
            None => t,
        };
        if let Some(rest) = body.strip_prefix("**") {
            if let Some(len) = id_len(rest) {
                let after = &rest[len..];
                if after.starts_with("**") || after.starts_with(":**") {
                    let title = body.replace("**", "").trim().to_string();
                    open = Some((rest[..len].to_string(), n, n, title));
                    continue;
                }
            }
        }
        if let Some(o) = open.as_mut() {
            o.2 = n;
        }
    }
    if let Some(o) = open.take() {
        out.push(o);
    }
    if doc.text.contains('~') {
        out.extend(
            oft_items(doc)
                .iter()
                .map(|(id, a, b, title, _)| (id.clone(), *a, *b, title.clone())),
        );
        out.sort_by_key(|it| it.1);
    }
    out
}

/// The OpenFastTrace specification items of a document (TG-3): a line that starts
/// with an item ID `type~name~revision` (in backticks or not), outside code fences and
/// the front matter. The item is `type~name`; its lines run from the heading directly
/// above it (only blank lines between) or its own line, to the line before the next
/// heading or item line (trailing blank lines left out); its title is that heading.
/// Returns (ID, first line, last line, title, revision).
pub fn oft_items(doc: &SpecDoc) -> &[crate::spec::OftItem] {
    &oft_index(doc).0
}

fn oft_index(
    doc: &SpecDoc,
) -> &(
    Vec<crate::spec::OftItem>,
    std::collections::HashMap<String, usize>,
) {
    doc.memo.oft_items.get_or_init(|| {
        let list = scan_oft_items(doc);
        let by_id = crate::spec::first_by_id(&list, |it| &it.0);
        (list, by_id)
    })
}

fn scan_oft_items(doc: &SpecDoc) -> Vec<(String, usize, usize, String, u64)> {
    let front_end = doc.front_lines.map_or(0, |(_, e)| e);
    let mut out: Vec<(String, usize, usize, String, u64)> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut heading: Option<(usize, String)> = None; // the last heading, if only blank lines follow it
    let mut last_text = 0usize; // the last non-blank line of the open item
    let close = |out: &mut Vec<(String, usize, usize, String, u64)>, last: usize| {
        if let Some(o) = out.last_mut() {
            if o.2 == 0 {
                o.2 = last.max(o.1);
            }
        }
    };
    for (i, raw) in doc.text.lines().enumerate() {
        let n = i + 1;
        if n <= front_end {
            continue;
        }
        let t = raw.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            last_text = n;
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            heading = None;
            last_text = n;
            continue;
        }
        if t.is_empty() {
            continue;
        }
        if t.starts_with('#') {
            close(&mut out, last_text);
            heading = Some((n, t.trim_start_matches('#').trim().to_string()));
            continue;
        }
        let id = oft_id(t.strip_prefix('`').unwrap_or(t)).filter(|(_, _, len)| {
            let after = &t[len + usize::from(t.starts_with('`'))..];
            let after = after.strip_prefix('`').unwrap_or(after);
            after.is_empty() || after.starts_with(char::is_whitespace)
        });
        if let (Some((id, rev, _)), true) = (id, raw.len() - t.len() <= 3) {
            close(&mut out, last_text);
            let (first, title) = match heading.take() {
                Some((h, title)) => (h, title),
                None => (n, id.clone()),
            };
            out.push((id, first, 0, title, rev.parse().unwrap_or(0)));
            last_text = n;
            continue;
        }
        heading = None;
        last_text = n;
    }
    close(&mut out, last_text);
    out
}

/// The artifact types each OpenFastTrace item of a document needs (its `Needs:` line,
/// `Needs: impl, utest`, or the list below a bare `Needs:`), by item ID.
pub fn oft_needs(doc: &SpecDoc) -> std::collections::BTreeMap<String, Vec<String>> {
    let lines: Vec<&str> = doc.text.lines().collect();
    let mut out = std::collections::BTreeMap::new();
    for (id, first, last, _, _) in oft_items(doc).iter().cloned() {
        let mut needs: Vec<String> = Vec::new();
        let mut in_list = false;
        for l in lines.iter().take(last).skip(first - 1) {
            let t = l.trim();
            if let Some(rest) = t.strip_prefix("Needs:") {
                needs.extend(
                    rest.split(',')
                        .map(str::trim)
                        .filter(|n| !n.is_empty())
                        .map(String::from),
                );
                in_list = rest.trim().is_empty();
            } else if in_list {
                match t.strip_prefix(['*', '-', '+']) {
                    Some(n) if !n.trim().is_empty() => needs.push(n.trim().to_string()),
                    _ if t.is_empty() => {}
                    _ => in_list = false,
                }
            }
        }
        out.insert(id, needs);
    }
    out
}

/// The revision of OpenFastTrace item `id` (`dsn~login`) of a unit, if it has one.
pub fn item_revision(unit: &SpecUnit, id: &str) -> Option<u64> {
    if !id.contains('~') {
        return None;
    }
    unit.docs.iter().find_map(|d| {
        let (list, by_id) = oft_index(d);
        by_id.get(id).map(|&i| list[i].4)
    })
}

/// Whether a unit has a requirement (section or item) with this ID: the document and
/// the line.
fn find_in_unit<'a>(unit: &'a SpecUnit, id: &str) -> Option<(&'a SpecDoc, usize)> {
    if let Some((d, s)) = unit.section(id) {
        return Some((d, s.line));
    }
    let main = unit.main_doc().into_iter();
    let rest = unit
        .docs
        .iter()
        .filter(|d| Some(d.path.as_str()) != unit.main.as_deref());
    main.chain(rest)
        .find_map(|d| item(d, id).map(|it| (d, it.1)))
}

/// What `target` names among the specs at head (every spec must be read:
/// [`SpecSet::ensure_all`]).
pub fn resolve(target: &TagTarget, specs: &SpecSet) -> Resolved {
    let owner = |unit: &SpecUnit, section: &str, doc: &SpecDoc, line: usize| OwnerTarget {
        spec: unit.id.clone(),
        section: Some(section.to_string()),
        declared: Origin {
            file: doc.path.clone(),
            line,
            column: 0,
        },
    };
    match target {
        TagTarget::Address { spec, section } => {
            let id = specs.resolve(spec.trim_start_matches("./").trim_start_matches('/'));
            match specs.unit(&id).filter(|u| u.exists()) {
                Some(u) => match find_in_unit(u, section) {
                    Some((d, line)) => Resolved::One(owner(u, section, d, line)),
                    None => Resolved::Missing,
                },
                None => Resolved::Missing,
            }
        }
        TagTarget::Id(id) => {
            let mut found: Vec<OwnerTarget> = specs
                .units
                .values()
                .filter(|u| u.exists())
                .filter_map(|u| find_in_unit(u, id).map(|(d, line)| owner(u, id, d, line)))
                .collect();
            match found.len() {
                0 => Resolved::Missing,
                1 => Resolved::One(found.remove(0)),
                _ => Resolved::Ambiguous(found.iter().map(|o| o.address()).collect()),
            }
        }
    }
}

/// [`resolve`] for many targets at once: the specs' sections and items are indexed
/// once (a check resolves every tag of its changed files; `coverage` every tag).
pub fn resolve_many<'a>(
    targets: impl IntoIterator<Item = &'a TagTarget>,
    specs: &SpecSet,
) -> std::collections::BTreeMap<TagTarget, Resolved> {
    let mut out = std::collections::BTreeMap::new();
    let targets: Vec<&TagTarget> = targets.into_iter().collect();
    if targets.is_empty() {
        return out;
    }
    // ID → (unit, document, line), one per unit, main document first
    let wanted: std::collections::BTreeSet<&str> = targets
        .iter()
        .filter_map(|t| match t {
            TagTarget::Id(id) => Some(id.as_str()),
            TagTarget::Address { .. } => None,
        })
        .collect();
    let mut index: std::collections::BTreeMap<&str, Vec<OwnerTarget>> = Default::default();
    if !wanted.is_empty() {
        for u in specs.units.values().filter(|u| u.exists()) {
            let mut seen: std::collections::BTreeSet<&str> = Default::default();
            let main = u.main_doc().into_iter();
            let rest = u
                .docs
                .iter()
                .filter(|d| Some(d.path.as_str()) != u.main.as_deref());
            let docs: Vec<&SpecDoc> = main.chain(rest).collect();
            let mut add = |id: &str, d: &SpecDoc, line: usize| {
                if let Some(w) = wanted.get(id) {
                    if seen.insert(w) {
                        index.entry(w).or_default().push(OwnerTarget {
                            spec: u.id.clone(),
                            section: Some(id.to_string()),
                            declared: Origin {
                                file: d.path.clone(),
                                line,
                                column: 0,
                            },
                        });
                    }
                }
            };
            for d in &docs {
                for sec in &d.sections {
                    add(&sec.id, d, sec.line);
                }
            }
            for d in &docs {
                if d.text.contains("**") || d.text.contains('~') {
                    for it in items(d).iter() {
                        add(&it.0, d, it.1);
                    }
                }
            }
        }
    }
    for t in targets {
        if out.contains_key(t) {
            continue;
        }
        let r = match t {
            TagTarget::Address { .. } => resolve(t, specs),
            TagTarget::Id(id) => match index.get(id.as_str()).map(Vec::as_slice) {
                None | Some([]) => Resolved::Missing,
                Some([one]) => Resolved::One(one.clone()),
                Some(many) => Resolved::Ambiguous(many.iter().map(|o| o.address()).collect()),
            },
        };
        out.insert(t.clone(), r);
    }
    out
}

/// Every requirement of the specs read: sections headed by a requirement ID and
/// requirement items, in spec order.
pub fn requirements(specs: &SpecSet) -> Vec<Requirement> {
    let mut out = Vec::new();
    // OpenFastTrace items the specs define, by type: an item whose `Needs:` names only
    // such types (`Needs: dsn`) is covered by other spec items, not by code, and one
    // with no `Needs:` needs nothing; neither is a requirement to implement (TG-3)
    let live = || specs.units.values().filter(|u| u.exists());
    let mut oft_types: std::collections::BTreeSet<String> = Default::default();
    let mut oft_items_seen: std::collections::BTreeSet<(String, String)> = Default::default();
    for u in live() {
        for d in u.docs.iter().filter(|d| d.text.contains('~')) {
            for id in oft_needs(d).into_keys() {
                if let Some((kind, _)) = id.split_once('~') {
                    oft_types.insert(kind.to_string());
                }
                oft_items_seen.insert((d.path.clone(), id));
            }
        }
    }
    let needs_code =
        |doc: &str, id: &str, needs: &std::collections::BTreeMap<String, Vec<String>>| {
            !oft_items_seen.contains(&(doc.to_string(), id.to_string()))
                || needs
                    .get(id)
                    .is_some_and(|n| n.iter().any(|t| !oft_types.contains(t)))
        };
    for u in live() {
        let mut seen = std::collections::BTreeSet::new();
        let main = u.main_doc().into_iter();
        let rest = u
            .docs
            .iter()
            .filter(|d| Some(d.path.as_str()) != u.main.as_deref());
        for d in main.chain(rest) {
            for s in &d.sections {
                if requirement_id(&s.title).as_deref() == Some(s.id.as_str())
                    && seen.insert(s.id.clone())
                {
                    out.push(Requirement {
                        unit: u.id.clone(),
                        id: s.id.clone(),
                        title: s.title.clone(),
                        doc: d.path.clone(),
                        line: s.line,
                        item: false,
                    });
                }
            }
            let needs = if d.text.contains('~') {
                oft_needs(d)
            } else {
                Default::default()
            };
            for (id, line, _, title) in items(d).iter().cloned() {
                if !needs_code(&d.path, &id, &needs) {
                    continue;
                }
                if seen.insert(id.clone()) {
                    out.push(Requirement {
                        unit: u.id.clone(),
                        id,
                        title,
                        doc: d.path.clone(),
                        line,
                        item: true,
                    });
                }
            }
        }
    }
    out
}

/// Whether the change touched requirement item `id` of `unit` (its lines differ
/// between base and head; TG-4). A heading section is judged by SM-4 instead.
pub fn item_touched(unit: &SpecUnit, id: &str) -> bool {
    let lines = |d: &SpecDoc| -> Option<Vec<String>> {
        let it = item(d, id)?;
        Some(
            d.text
                .lines()
                .skip(it.1 - 1)
                .take(it.2 + 1 - it.1)
                .map(|l| l.trim_end().to_string())
                .filter(|l| !l.is_empty())
                .collect(),
        )
    };
    unit.doc_changes.iter().any(|c| {
        let (b, h) = (
            c.base.as_ref().and_then(lines),
            c.head.as_ref().and_then(lines),
        );
        (b.is_some() || h.is_some()) && b != h
    })
}

/// Which side of a change a touched tag is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Side {
    /// At head (listed first: a finding prefers the line as it is now).
    New,
    /// At base.
    Old,
}

/// A tag whose region a change touched: its side, its index in that side's tags, and
/// the first changed line in the region (that side's numbering).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Touched {
    pub side: Side,
    pub tag: usize,
    pub line: u32,
}

/// The tags of one changed code file (TG-4): at base and at head (empty where the
/// file does not exist), and those whose regions the change touched.
#[derive(Debug, Clone, Default)]
pub struct FileTags {
    pub path: bstr::BString,
    pub old: Vec<Tag>,
    pub new: Vec<Tag>,
    pub touched: Vec<Touched>,
}

impl FileTags {
    pub fn tag(&self, t: &Touched) -> &Tag {
        match t.side {
            Side::Old => &self.old[t.tag],
            Side::New => &self.new[t.tag],
        }
    }
}

/// What the engine gathered about tags for a check (specs/tags.md TG-4, TG-6).
#[derive(Debug, Default)]
pub struct TagFacts {
    /// Changed code files with tags on either side, sorted by path.
    pub files: Vec<FileTags>,
    /// Tags at head (path, tag) naming a requirement the change removed or renamed
    /// (found by a scan of every code file at head, made only when the change
    /// removes one).
    pub naming_removed: Vec<(bstr::BString, Tag)>,
    /// What each tag of `files` (and `naming_removed`) resolves to at head.
    pub resolved: std::collections::BTreeMap<TagTarget, Resolved>,
}

impl TagFacts {
    /// Nothing gathered.
    pub const EMPTY: TagFacts = TagFacts {
        files: Vec::new(),
        naming_removed: Vec::new(),
        resolved: std::collections::BTreeMap::new(),
    };

    /// What a tag names at head (`Missing` when the engine did not resolve it).
    pub fn owner(&self, target: &TagTarget) -> &Resolved {
        self.resolved.get(target).unwrap_or(&Resolved::Missing)
    }

    /// Every tag at head of the gathered files, with its file's path (for display)
    /// and what it names.
    pub fn at_head(&self) -> impl Iterator<Item = (String, &Tag, &Resolved)> {
        self.files.iter().flat_map(move |f| {
            let path = crate::model::display(&f.path);
            f.new
                .iter()
                .map(move |t| (path.clone(), t, self.owner(&t.target)))
        })
    }

    /// The tags of a changed path.
    pub fn file(&self, path: &[u8]) -> Option<&FileTags> {
        self.files
            .binary_search_by(|f| f.path.as_slice().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }
}

/// Normalise a line for the hunk diff: with `ignore_whitespace`, indentation as
/// written and the words of the line joined by one space (the whitespace SM001
/// ignores, specs/rules.md RU-2).
fn norm_line(l: &str, ignore_whitespace: bool) -> std::borrow::Cow<'_, str> {
    if !ignore_whitespace {
        return std::borrow::Cow::Borrowed(l.trim_end_matches('\r'));
    }
    let t = l.trim_start_matches([' ', '\t']);
    let indent = &l[..l.len() - t.len()];
    if t.is_empty() {
        return std::borrow::Cow::Borrowed("");
    }
    // most lines are already normal: single spaces between words, nothing trailing
    let b = t.as_bytes();
    let normal = !b.last().is_some_and(|c| c.is_ascii_whitespace())
        && !b
            .windows(2)
            .any(|w| w[0].is_ascii_whitespace() && w[1].is_ascii_whitespace())
        && !b.iter().any(|c| c.is_ascii_whitespace() && *c != b' ');
    if normal {
        return std::borrow::Cow::Borrowed(l);
    }
    let words: Vec<&str> = t.split_ascii_whitespace().collect();
    if words.is_empty() {
        return std::borrow::Cow::Borrowed("");
    }
    std::borrow::Cow::Owned(format!("{indent}{}", words.join(" ")))
}

/// The tags whose regions a change from `old` to `new` touched (TG-4): a deleted or
/// replaced line in an old-side region, an inserted line in a new-side region, an
/// insertion strictly inside an old-side region. `None`: the file does not exist on
/// that side (an added file touches every new region, a deleted one every old one).
/// With `ignore_whitespace`, hunks of blank lines alone and whitespace within lines
/// do not count.
pub fn touched(
    old: Option<(&[u8], &[Tag])>,
    new: Option<(&[u8], &[Tag])>,
    ignore_whitespace: bool,
) -> Vec<Touched> {
    let all = |side: Side, tags: &[Tag]| -> Vec<Touched> {
        tags.iter()
            .enumerate()
            .map(|(i, t)| Touched {
                side,
                tag: i,
                line: t.start,
            })
            .collect()
    };
    let (o, n) = match (old, new) {
        (None, None) => return Vec::new(),
        (Some((_, t)), None) => return all(Side::Old, t),
        (None, Some((_, t))) => return all(Side::New, t),
        (Some(o), Some(n)) => (o, n),
    };
    if o.1.is_empty() && n.1.is_empty() {
        return Vec::new();
    }
    let (ot, nt) = (String::from_utf8_lossy(o.0), String::from_utf8_lossy(n.0));
    let ol: Vec<std::borrow::Cow<str>> = ot
        .lines()
        .map(|l| norm_line(l, ignore_whitespace))
        .collect();
    let nl: Vec<std::borrow::Cow<str>> = nt
        .lines()
        .map(|l| norm_line(l, ignore_whitespace))
        .collect();
    let (or, nr): (Vec<&str>, Vec<&str>) = (
        ol.iter().map(|c| c.as_ref()).collect(),
        nl.iter().map(|c| c.as_ref()).collect(),
    );
    let mut first: std::collections::BTreeMap<(Side, usize), u32> = Default::default();
    type First = std::collections::BTreeMap<(Side, usize), u32>;
    fn mark(first: &mut First, side: Side, tags: &[Tag], line: u32) {
        for (i, t) in tags.iter().enumerate() {
            if t.owns(line) {
                let e = first.entry((side, i)).or_insert(line);
                *e = (*e).min(line);
            }
        }
    }
    for h in crate::spec::diff::diff(&or, &nr) {
        if ignore_whitespace
            && or[h.old.clone()].iter().all(|l| l.is_empty())
            && nr[h.new.clone()].iter().all(|l| l.is_empty())
        {
            continue;
        }
        // a blank line added or removed is whitespace too
        for l in h
            .old
            .clone()
            .filter(|l| !(ignore_whitespace && or[*l].is_empty()))
        {
            mark(&mut first, Side::Old, o.1, l as u32 + 1);
        }
        for l in h
            .new
            .clone()
            .filter(|l| !(ignore_whitespace && nr[*l].is_empty()))
        {
            mark(&mut first, Side::New, n.1, l as u32 + 1);
        }
        if h.old.is_empty() {
            // inserted between old lines h.old.start and h.old.start + 1 (1-based)
            let (before, after) = (h.old.start as u32, h.old.start as u32 + 1);
            for (i, t) in o.1.iter().enumerate() {
                if before >= 1 && t.owns(before) && t.owns(after) {
                    let e = first.entry((Side::Old, i)).or_insert(after);
                    *e = (*e).min(after);
                }
            }
        }
    }
    first
        .into_iter()
        .map(|((side, tag), line)| Touched { side, tag, line })
        .collect()
}

/// The major version a pin names (`1.2` → 1).
pub fn pin_major(pin: &str) -> Option<u64> {
    pin.split('.').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    /// Test text with `%spec` for the tag marker (so this file holds no tags itself).
    fn t(s: &str) -> String {
        s.replace("%spec", "@spec")
    }

    fn syntax(yaml: &str) -> TagSyntax {
        TagSyntax::new(
            &Config::parse(yaml.as_bytes(), ".specmoor.yml")
                .unwrap()
                .tags,
        )
        .unwrap()
    }

    fn brief(tags: &[Tag]) -> Vec<(u32, u32, u32, String, Option<String>)> {
        tags.iter()
            .map(|t| (t.line, t.start, t.end, t.target.to_string(), t.pin.clone()))
            .collect()
    }

    #[test]
    fn default_syntax_and_regions() {
        let s = syntax("");
        let text = t("use x;\n// %spec FR-1\nfn a() {}\n\n# %spec specs/auth.md#FR-2@1.2, NFR-3\n\n/* %spec SEC-AUTH-2@2 */\nfn b() {}\n// %spec end\nfn c() {}\n<!-- %spec FR-1.2 -->\nlast");
        let tags = scan(&s, text.as_bytes());
        assert_eq!(
            brief(&tags),
            vec![
                (2, 2, 4, "FR-1".into(), None),
                (5, 5, 9, "specs/auth.md#FR-2".into(), Some("1.2".into())),
                (5, 5, 9, "NFR-3".into(), None),
                (7, 5, 9, "SEC-AUTH-2".into(), Some("2".into())),
                (11, 11, 12, "FR-1.2".into(), None),
            ]
        );
        assert_eq!(tags[1].text, t("%spec specs/auth.md#FR-2@1.2"));
        assert_eq!(tags[3].text, t("%spec SEC-AUTH-2@2"));
    }

    #[test]
    fn not_tags() {
        let s = syntax("");
        for x in [
            "x%spec FR-1\n",
            "`%spec FR-1` quoted in prose\n",
            "%specs FR-1\n",
            "%spec: FR-1\n",
            "%spec fr-1\n",
            "%spec FR-1a\n",
            "%spec\n",
            "// %spec end\n",
        ] {
            assert!(scan(&s, t(x).as_bytes()).is_empty(), "{x:?}");
        }
        assert!(
            scan(&s, t("\0// %spec FR-1\n").as_bytes()).is_empty(),
            "binary"
        );
        assert!(scan(
            &syntax("tags: {enabled: false}"),
            t("// %spec FR-1\n").as_bytes()
        )
        .is_empty());
    }

    #[test]
    fn built_in_syntaxes_and_patterns() {
        let s = syntax("tags:\n  syntax: [implements, oft, versioned-id]\n  patterns: ['\\bSatisfies (?P<id>[A-Z]+-\\d+)(?:@(?P<version>[0-9.]+))?']\n");
        let text = "// Implements FR-003\nfn a() {}\n// [impl->dsn~login~1]\nfn b() {}\n// REQ-001-v1.1\nfn c() {}\n// Satisfies SR-9@3\nfn d() {}\n// %spec FR-1\n";
        let tags = scan(&s, text.as_bytes());
        assert_eq!(
            brief(&tags),
            vec![
                (1, 1, 2, "FR-003".into(), None),
                (3, 3, 4, "dsn~login".into(), Some("1".into())),
                (5, 5, 6, "REQ-001".into(), Some("1.1".into())),
                (7, 7, 9, "SR-9".into(), Some("3".into())),
            ]
        );
        assert_eq!(tags[1].text, "[impl->dsn~login~1]");
    }

    #[test]
    fn bad_patterns_are_config_errors() {
        for bad in [
            "tags: {patterns: ['(']}",
            "tags: {patterns: ['[A-Z]+-\\d+']}",
        ] {
            let e = Config::parse(bad.as_bytes(), ".specmoor.yml").unwrap_err();
            assert!(e.message.contains("tags.patterns"), "{}", e.message);
            assert!(e.message.starts_with(".specmoor.yml:1:"), "{}", e.message);
        }
        assert!(Config::parse(b"tags: {syntax: [nope]}", "x").is_err());
    }

    #[test]
    fn touched_regions() {
        let s = syntax("");
        let old = t("head\n// %spec FR-1\nfn a() {\n  1\n}\n// %spec FR-2\nfn b() {\n  2\n}\n");
        let old = old.as_str();
        let tags_o = scan(&s, old.as_bytes());
        let check = |new: &str| -> Vec<(Side, String, u32)> {
            let tags_n = scan(&s, new.as_bytes());
            touched(
                Some((old.as_bytes(), &tags_o)),
                Some((new.as_bytes(), &tags_n)),
                true,
            )
            .into_iter()
            .map(|t| {
                let tag = match t.side {
                    Side::Old => &tags_o[t.tag],
                    Side::New => &tags_n[t.tag],
                };
                (t.side, tag.target.to_string(), t.line)
            })
            .collect()
        };
        assert!(check(&old.replace("head", "top")).is_empty());
        assert_eq!(
            check(&old.replace("  2", "  3")),
            vec![(Side::New, "FR-2".into(), 8), (Side::Old, "FR-2".into(), 8)]
        );
        assert!(
            check(&old.replace("  2", "  2   ")).is_empty(),
            "whitespace"
        );
        assert!(
            check(&old.replace("FR-1\nfn a", "FR-1\n\n\nfn a")).is_empty(),
            "blank lines"
        );
        // an insertion strictly inside FR-1 (old side) and in its new region
        let t = check(&old.replace("  1\n", "  1\n  1b\n"));
        assert!(t.contains(&(Side::Old, "FR-1".into(), 5)), "{t:?}");
        assert!(t.contains(&(Side::New, "FR-1".into(), 5)), "{t:?}");
        // added and deleted files
        assert_eq!(
            touched(None, Some((old.as_bytes(), &tags_o)), true).len(),
            2
        );
        assert_eq!(
            touched(Some((old.as_bytes(), &tags_o)), None, true).len(),
            2
        );
    }

    #[test]
    fn requirement_items() {
        let d = SpecDoc::parse(
            "specs/f/spec.md",
            b"# F\n\n## Requirements\n\n- **FR-001**: System MUST log in.\n  More.\n- **FR-002:** System MUST log out.\n\n```\n- **FR-009**: not\n```\n",
        )
        .unwrap();
        let it: Vec<(String, usize, usize)> =
            items(&d).iter().map(|i| (i.0.clone(), i.1, i.2)).collect();
        assert_eq!(it, vec![("FR-001".into(), 5, 6), ("FR-002".into(), 7, 7)]);
    }

    #[test]
    fn openfasttrace_tags_and_items() {
        let s = syntax("tags: {syntax: [oft]}");
        let text = "// [impl->dsn~a.b-c~2]\nx\n/* [ utest~~1 -> dsn~d~1 >> impl, utest ] */\n\"[impl->dsn~e~1>>]\" [impl~bad?~1->dsn~f~1] [impl->dsn~g~-1] [impl->dsn~h~1x]\n";
        let tags = scan(&s, text.as_bytes());
        assert_eq!(
            brief(&tags),
            vec![
                (1, 1, 2, "dsn~a.b-c".into(), Some("2".into())),
                (3, 3, 4, "dsn~d".into(), Some("1".into())),
            ]
        );
        let d = SpecDoc::parse(
            "doc/design.md",
            b"# Design\n\n## Reader\n\n`dsn~reader~3`\n\nReads.\n\nNeeds: impl\n\n\n`dsn~writer~1`\nWrites.\n```\n`dsn~not~1`\n```\n# Next\n`req~x~1` and text\n  * `dsn~ref~1`\n",
        )
        .unwrap();
        let it: Vec<(String, usize, usize, String, u64)> = oft_items(&d).to_vec();
        assert_eq!(
            it,
            vec![
                ("dsn~reader".into(), 3, 9, "Reader".into(), 3),
                ("dsn~writer".into(), 12, 16, "dsn~writer".into(), 1),
                ("req~x".into(), 17, 19, "Next".into(), 1),
            ]
        );
        assert_eq!(items(&d).len(), 3);
        let needs = oft_needs(&d);
        assert_eq!(needs["dsn~reader"], vec!["impl".to_string()]);
        assert!(needs["dsn~writer"].is_empty());
    }

    /// The specs of `docs` (path, text), every one read, no change.
    fn spec_set(docs: &[(&str, &str)]) -> SpecSet {
        use crate::model::{Entry, Kind};
        let files: Vec<Entry> = docs
            .iter()
            .enumerate()
            .map(|(i, (p, _))| Entry {
                path: (*p).into(),
                id: gix_hash::ObjectId::from_bytes_or_panic(&[i as u8 + 1; 20]),
                kind: Kind::File,
            })
            .collect();
        let texts: Vec<(String, String)> = docs
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        let read_many = |wanted: &[(String, gix_hash::ObjectId)]| -> Result<Vec<Vec<u8>>> {
            Ok(wanted
                .iter()
                .map(|(p, _)| {
                    texts
                        .iter()
                        .find(|(q, _)| q == p)
                        .map(|(_, t)| t.as_bytes().to_vec())
                        .unwrap_or_default()
                })
                .collect())
        };
        SpecSet::load(
            &Config::default(),
            &files,
            &[],
            &|_, _| Ok(Vec::new()),
            &read_many,
            crate::specset::Scope::All,
            Box::new(crate::specset::NoStore),
        )
        .unwrap()
    }

    #[test]
    fn resolution_by_id_address_and_item() {
        let set = spec_set(&[
            ("specs/a.md", "# A\n\n## FR-1: One\nx\n\n## Login\ny\n"),
            (
                "specs/b.md",
                "# B\n\n## FR-1: Other\nx\n\n- **FR-7**: an item\n",
            ),
        ]);
        let id = |s: &str| TagTarget::Id(s.into());
        let addr = |p: &str, s: &str| TagTarget::Address {
            spec: p.into(),
            section: s.into(),
        };
        let targets = [
            id("FR-1"),
            id("FR-7"),
            id("login"),
            id("FR-9"),
            addr("specs/b.md", "FR-1"),
            addr("./specs/b.md", "FR-7"),
            addr("specs/a.md", "FR-7"),
            addr("specs/c.md", "FR-1"),
        ];
        let r = resolve_many(targets.iter(), &set);
        let show = |t: &TagTarget| match &r[t] {
            Resolved::One(o) => o.address(),
            Resolved::Ambiguous(c) => format!("ambiguous {}", c.join(" ")),
            Resolved::Missing => "missing".into(),
        };
        let got: Vec<String> = targets.iter().map(show).collect();
        assert_eq!(
            got,
            [
                "ambiguous specs/a.md#FR-1 specs/b.md#FR-1",
                "specs/b.md#FR-7",
                "specs/a.md#login",
                "missing",
                "specs/b.md#FR-1",
                "specs/b.md#FR-7",
                "missing",
                "missing",
            ]
        );
        // one at a time, the same answers
        for t in &targets {
            assert_eq!(&resolve(t, &set), &r[t], "{t}");
        }
        let reqs: Vec<(String, String, bool)> = requirements(&set)
            .into_iter()
            .map(|q| (q.unit, q.id, q.item))
            .collect();
        assert_eq!(
            reqs,
            [
                ("specs/a.md".into(), "FR-1".into(), false),
                ("specs/b.md".into(), "FR-1".into(), false),
                ("specs/b.md".into(), "FR-7".into(), true),
            ]
        );
    }

    #[test]
    fn pins() {
        assert_eq!(pin_major("1.2"), Some(1));
        assert_eq!(pin_major("10"), Some(10));
        assert_eq!(pin_len("1.2.3 x"), Some(5));
        assert_eq!(pin_len("1.2a"), None);
    }

    proptest::proptest! {
        #[test]
        fn regions_never_overlap_and_cover_from_the_first_tag_to_the_end(
            lines in proptest::collection::vec(0u8..5, 0..60)
        ) {
            let s = syntax("");
            let text: String = lines
                .iter()
                .enumerate()
                .map(|(i, k)| match k {
                    0 => format!("// %spec FR-{i}\n"),
                    1 => "\n".to_string(),
                    2 => format!("code {i}\n"),
                    3 => format!("// %spec FR-{i}, NFR-{i}@1\n"),
                    _ => format!("x = {i} // %spec specs/a.md#s{i}\n"),
                })
                .collect();
            let text = t(&text);
            let tags = scan(&s, text.as_bytes());
            let total = line_count(text.as_bytes());
            let mut regions: Vec<(u32, u32)> = tags.iter().map(|t| (t.start, t.end)).collect();
            regions.dedup();
            for t in &tags {
                proptest::prop_assert!(t.start <= t.line && t.line <= t.end && t.end <= total);
            }
            if let Some(first) = tags.first() {
                proptest::prop_assert_eq!(regions[0].0, first.line);
                proptest::prop_assert_eq!(regions.last().unwrap().1, total);
                for w in regions.windows(2) {
                    proptest::prop_assert_eq!(w[0].1 + 1, w[1].0, "{:?}", regions);
                }
            }
        }
    }
}
