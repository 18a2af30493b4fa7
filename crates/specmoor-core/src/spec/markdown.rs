//! Markdown sections: headings parsed with pulldown-cmark (so a `#` line inside a
//! fenced code block is never a heading), their IDs and their line ranges.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// A heading and everything up to the next heading of the same or a higher level.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Section {
    /// `{#id}`, else a requirement ID at the start of the heading, else the GitHub slug.
    pub id: String,
    /// Heading text as written (inline markup removed).
    pub title: String,
    /// 1 for `#`, 6 for `######`.
    pub level: u8,
    /// 1-based line of the heading in the whole file.
    pub line: usize,
    /// 1-based last line of the section (inclusive) in the whole file.
    pub end_line: usize,
}

/// Parse the sections of `body`, whose first line is line `first_line` of the file;
/// `total_lines` is the number of lines in the whole file.
pub fn sections(body: &str, first_line: usize, total_lines: usize) -> Vec<Section> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    opts.insert(Options::ENABLE_TABLES);
    let line_starts = line_starts(body);
    let line_of = |offset: usize| -> usize {
        let idx = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        idx + first_line
    };

    struct Open {
        level: u8,
        line: usize,
        explicit: Option<String>,
        title: String,
    }
    let mut found: Vec<(u8, usize, Option<String>, String)> = Vec::new();
    let mut open: Option<Open> = None;
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                open = Some(Open {
                    level: level_num(level),
                    line: line_of(range.start),
                    explicit: id.map(|s| s.to_string()),
                    title: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(o) = open.take() {
                    found.push((o.level, o.line, o.explicit, o.title.trim().to_string()));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(o) = open.as_mut() {
                    o.title.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(o) = open.as_mut() {
                    o.title.push(' ');
                }
            }
            _ => {}
        }
    }

    let mut slug_counts: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(found.len());
    for (i, (level, line, explicit, title)) in found.iter().enumerate() {
        let end_line = found[i + 1..]
            .iter()
            .find(|(l, ..)| l <= level)
            .map(|(_, next_line, ..)| next_line.saturating_sub(1).max(*line))
            .unwrap_or(total_lines.max(*line));
        let id = match explicit {
            Some(id) if !id.is_empty() => id.clone(),
            _ => match requirement_id(title) {
                Some(id) => id,
                None => {
                    let base = slug(title);
                    let n = slug_counts.entry(base.clone()).or_insert(0);
                    let id = if *n == 0 {
                        base.clone()
                    } else {
                        format!("{base}-{n}")
                    };
                    *n += 1;
                    id
                }
            },
        };
        out.push(Section {
            id,
            title: title.clone(),
            level: *level,
            line: *line,
            end_line,
        });
    }
    out
}

fn level_num(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Byte offsets at which each line of `text` starts (always contains 0).
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(
        text.bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1),
    );
    v
}

/// A requirement ID at the start of a heading: `FR-1`, `NFR-2`, `REQ-001`, `TC-3`,
/// `ADR-1`, `SEC-AUTH-2`, `FR-1.2`. Plain numbers such as `1.2.3` are not IDs.
/// Leading markup (`[`, `**`, `` ` ``, `_`) is skipped.
pub fn requirement_id(title: &str) -> Option<String> {
    let t = title.trim_start_matches(['[', '*', '`', '_', ' ']);
    let b = t.as_bytes();
    let mut i = 0;
    // one or more uppercase segments, each followed by '-'
    let mut segments = 0;
    loop {
        let start = i;
        if i < b.len() && b[i].is_ascii_uppercase() {
            i += 1;
            while i < b.len() && (b[i].is_ascii_uppercase() || b[i].is_ascii_digit()) {
                i += 1;
            }
        }
        if i == start || i >= b.len() || b[i] != b'-' {
            i = start;
            break;
        }
        i += 1; // '-'
        segments += 1;
        if i < b.len() && b[i].is_ascii_digit() {
            break;
        }
        if segments > 4 {
            return None;
        }
    }
    if segments == 0 || i >= b.len() || !b[i].is_ascii_digit() {
        return None;
    }
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    // optional .N sub-numbers
    while i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
        return None;
    }
    if i > 64 {
        return None;
    }
    Some(t[..i].to_string())
}

/// GitHub-style heading slug: lowercase, punctuation removed, spaces to `-`.
pub fn slug(title: &str) -> String {
    let mut s = String::with_capacity(title.len());
    for c in title.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            // a lowercase form may add a combining mark (`İ` → `i̇`): keep only what a
            // slug is made of, so that a slug is its own slug
            s.extend(
                c.to_lowercase()
                    .filter(|l| l.is_alphanumeric() || *l == '_' || *l == '-'),
            );
        } else if c == ' ' {
            s.push('-');
        }
    }
    if s.is_empty() {
        "section".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slug_is_its_own_slug_even_when_lowercasing_adds_a_mark() {
        assert_eq!(slug("İx"), "ix");
        assert_eq!(slug(&slug("İx")), slug("İx"));
    }

    #[test]
    fn requirement_ids() {
        assert_eq!(requirement_id("FR-1: Login").as_deref(), Some("FR-1"));
        assert_eq!(requirement_id("NFR-2 Latency").as_deref(), Some("NFR-2"));
        assert_eq!(requirement_id("REQ-001").as_deref(), Some("REQ-001"));
        assert_eq!(requirement_id("**TC-3** case").as_deref(), Some("TC-3"));
        assert_eq!(requirement_id("[ADR-1] Decision").as_deref(), Some("ADR-1"));
        assert_eq!(
            requirement_id("SEC-AUTH-2. Tokens").as_deref(),
            Some("SEC-AUTH-2")
        );
        assert_eq!(requirement_id("FR-1.2 Sub").as_deref(), Some("FR-1.2"));
        assert_eq!(requirement_id("1.2.3 Numbers"), None);
        assert_eq!(requirement_id("Overview"), None);
        assert_eq!(requirement_id("FR-1a"), None);
        assert_eq!(requirement_id("Fr-1"), None);
        assert_eq!(requirement_id("FR-"), None);
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Hello, World!"), "hello-world");
        assert_eq!(slug("API v2 (beta)"), "api-v2-beta");
        assert_eq!(slug("Ünïcode Title"), "ünïcode-title");
    }

    #[test]
    fn code_fence_hash_is_not_a_heading() {
        let body = "# Title\n\n```sh\n# not a heading\n```\n\n## FR-1: Login\ntext\n## Other {#custom}\nmore\n";
        let s = sections(body, 1, 10);
        let ids: Vec<_> = s.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["title", "FR-1", "custom"]);
        assert_eq!((s[0].line, s[0].end_line), (1, 10));
        assert_eq!((s[1].line, s[1].end_line), (7, 8));
        assert_eq!((s[2].line, s[2].end_line), (9, 10));
    }

    #[test]
    fn duplicate_slugs_are_numbered() {
        let s = sections("## Notes\n## Notes\n", 1, 2);
        assert_eq!(s[0].id, "notes");
        assert_eq!(s[1].id, "notes-1");
    }
}
