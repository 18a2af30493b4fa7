//! YAML front matter of a spec: `owns` (list, or map by section) and `version`.
//! Parsed with serde-saphyr under tight budgets: front matter arrives in untrusted
//! pull requests.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::fmt;

/// Where the front matter sits in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// 1-based line of the first YAML line (the one after `---`).
    pub yaml_first_line: usize,
    /// Byte range of the YAML text in the file.
    pub yaml_start: usize,
    pub yaml_end: usize,
    /// 1-based line of the first body line (after the closing `---`).
    pub body_first_line: usize,
    /// Byte offset of the body.
    pub body_start: usize,
}

/// Find a front matter block: `---` on the first line, closed by `---` or `...`.
pub fn find(text: &str) -> Option<Block> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_end + 1;
    let mut pos = yaml_start;
    let mut line = 2;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map(|e| pos + e);
        let l = &text[pos..end.unwrap_or(text.len())];
        let t = l.trim_end();
        if t == "---" || t == "..." {
            let body_start = end.map(|e| e + 1).unwrap_or(text.len());
            return Some(Block {
                yaml_first_line: 2,
                yaml_start,
                yaml_end: pos,
                body_first_line: line + 1,
                body_start,
            });
        }
        match end {
            Some(e) => pos = e + 1,
            None => break,
        }
        line += 1;
    }
    None
}

/// One `owns` glob from front matter.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OwnsGlob {
    /// `None` for the whole spec (`owns: [..]` or the `"*"` key), else the section ID.
    pub section: Option<String>,
    pub pattern: String,
    /// 1-based line in the spec file.
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FrontMatter {
    pub owns: Vec<OwnsGlob>,
    /// Raw version text and its 1-based line in the spec file.
    pub version: Option<(String, usize)>,
    /// `changelog:` entries (seed style), if the key is present.
    pub changelog: Option<Vec<FmEntry>>,
}

/// One front matter changelog item: `{version, date, changes, breakingChanges}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FmEntry {
    pub version: String,
    /// 1-based line of the item in the spec file.
    pub line: usize,
    pub date: Option<String>,
    pub changes: Vec<String>,
    pub breaking: Vec<String>,
}

/// A front matter problem: message and 1-based (line, column) in the spec file.
#[derive(Debug, Clone)]
pub struct FmError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    owns: Option<Owns>,
    #[serde(default)]
    version: Option<Spanned<Scalar>>,
    #[serde(default)]
    changelog: Option<Vec<RawEntry>>,
}

#[derive(Deserialize)]
struct RawEntry {
    version: Spanned<Scalar>,
    #[serde(default)]
    date: Option<Scalar>,
    #[serde(default)]
    changes: Option<Texts>,
    #[serde(
        default,
        rename = "breakingChanges",
        alias = "breaking_changes",
        alias = "breaking"
    )]
    breaking: Option<Texts>,
}

/// A string, a list of strings, or null.
struct Texts(Vec<String>);

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Texts;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text or a list of texts")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Texts, A::Error> {
                let mut v = Vec::new();
                while let Some(s) = seq.next_element::<Scalar>()? {
                    v.push(s.0);
                }
                Ok(Texts(v))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Texts, E> {
                Ok(Texts(vec![s.to_string()]))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Texts, E> {
                Ok(Texts(vec![b.to_string()]))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Texts, E> {
                Ok(Texts(vec![v.to_string()]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Texts, E> {
                Ok(Texts(vec![v.to_string()]))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Texts, E> {
                Ok(Texts(vec![v.to_string()]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Texts, E> {
                Ok(Texts(Vec::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<Texts, E> {
                Ok(Texts(Vec::new()))
            }
        }
        d.deserialize_any(V)
    }
}

/// `owns` is either a list of globs (whole spec) or a map from section ID (or `*`) to
/// a glob or a list of globs.
enum Owns {
    List(Vec<Spanned<String>>),
    Map(Vec<(String, Vec<Spanned<String>>)>),
}

struct OneOrMany(Vec<Spanned<String>>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A list keeps each glob's location; a single string has none (the caller
        // then finds the key's line).
        Ok(OneOrMany(d.deserialize_any(OneOrManyVisitor)?))
    }
}

struct OneOrManyVisitor;
impl<'de> Visitor<'de> for OneOrManyVisitor {
    type Value = Vec<Spanned<String>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a glob or a list of globs")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut v = Vec::new();
        while let Some(s) = seq.next_element::<Spanned<String>>()? {
            v.push(s);
        }
        Ok(v)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(vec![Spanned::new(
            s.to_string(),
            serde_saphyr::Location::UNKNOWN,
            serde_saphyr::Location::UNKNOWN,
        )])
    }
}

impl<'de> Deserialize<'de> for Owns {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Owns;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of globs, or a map from section ID (or \"*\") to globs")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Owns, A::Error> {
                let mut v = Vec::new();
                while let Some(s) = seq.next_element::<Spanned<String>>()? {
                    v.push(s);
                }
                Ok(Owns::List(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Owns, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = map.next_key::<Scalar>()? {
                    let globs = map.next_value::<OneOrMany>()?;
                    v.push((k.0, globs.0));
                }
                Ok(Owns::Map(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// Any YAML scalar, kept as text (so `version: 1.0` stays "1.0", not a float).
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Scalar, E> {
                Ok(Scalar(s.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar(String::new()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Parse the YAML of a front matter block. `first_line` is the file line of the first
/// YAML line, so errors and globs carry file line numbers.
pub fn parse(yaml: &str, first_line: usize, raw_lines: &[&str]) -> Result<FrontMatter, FmError> {
    if yaml.trim().is_empty()
        || yaml
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(FrontMatter::default());
    }
    if let Some(i) = yaml
        .char_indices()
        .find(|(i, c)| *c == '\r' && yaml.as_bytes().get(i + 1) != Some(&b'\n'))
        .map(|(i, _)| i)
    {
        let line = yaml[..i].matches('\n').count() + first_line;
        return Err(FmError {
            message: "the front matter has a carriage return without a line feed: use LF or CRLF line endings".into(),
            line,
            column: 1,
        });
    }
    let raw: Raw =
        serde_saphyr::from_str_with_options(yaml, crate::yaml::options()).map_err(|e| {
            let (line, column) = e
                .location()
                .map(|l| (l.line() as usize, l.column() as usize))
                .unwrap_or((1, 1));
            FmError {
                message: format!("invalid YAML front matter: {}", crate::yaml::message(&e)),
                line: line.max(1) + first_line - 1,
                column: column.max(1),
            }
        })?;
    let file_line = |s: &Spanned<String>| -> usize {
        let l = s.referenced.line() as usize;
        if l == 0 {
            first_line
        } else {
            l + first_line - 1
        }
    };
    let mut fm = FrontMatter::default();
    match raw.owns {
        None => {}
        Some(Owns::List(v)) => {
            for g in v {
                fm.owns.push(OwnsGlob {
                    section: None,
                    line: file_line(&g),
                    pattern: g.value,
                });
            }
        }
        Some(Owns::Map(m)) => {
            for (key, globs) in m {
                let section = if key == "*" { None } else { Some(key.clone()) };
                for g in globs {
                    let mut line = file_line(&g);
                    if g.referenced.line() == 0 {
                        // single-string value: find the key's line by text
                        line = find_key_line(raw_lines, first_line, &key).unwrap_or(first_line);
                    }
                    fm.owns.push(OwnsGlob {
                        section: section.clone(),
                        line,
                        pattern: g.value,
                    });
                }
            }
        }
    }
    if let Some(v) = raw.version {
        let l = v.referenced.line() as usize;
        // keep the text as written (`1.0`, not the float 1)
        let text = raw_scalar(yaml, l, v.referenced.column() as usize).unwrap_or(v.value.0);
        fm.version = Some((
            text,
            if l == 0 {
                first_line
            } else {
                l + first_line - 1
            },
        ));
    }
    if let Some(entries) = raw.changelog {
        let mut out = Vec::with_capacity(entries.len());
        for e in entries {
            let l = e.version.referenced.line() as usize;
            let version = raw_scalar(yaml, l, e.version.referenced.column() as usize)
                .unwrap_or(e.version.value.0);
            out.push(FmEntry {
                version,
                line: if l == 0 {
                    first_line
                } else {
                    l + first_line - 1
                },
                date: e.date.map(|d| d.0),
                changes: e.changes.map(|t| t.0).unwrap_or_default(),
                breaking: e.breaking.map(|t| t.0).unwrap_or_default(),
            });
        }
        fm.changelog = Some(out);
    }
    Ok(fm)
}

/// The scalar written at 1-based (line, column) of `yaml`, without quotes or a
/// trailing comment.
fn raw_scalar(yaml: &str, line: usize, column: usize) -> Option<String> {
    if line == 0 || column == 0 {
        return None;
    }
    let l = yaml.lines().nth(line - 1)?;
    let start = l.char_indices().nth(column - 1).map(|(i, _)| i)?;
    let mut t = &l[start..];
    if let Some(q) = t.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let rest = &t[1..];
        return rest.find(q).map(|e| rest[..e].to_string());
    }
    if let Some(i) = t.find(" #") {
        t = &t[..i];
    }
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn find_key_line(raw_lines: &[&str], first_line: usize, key: &str) -> Option<usize> {
    raw_lines
        .iter()
        .enumerate()
        .skip(first_line - 1)
        .find_map(|(i, l)| {
            let t = l.trim_start().trim_start_matches(['"', '\'']);
            let rest = t.strip_prefix(key)?;
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            rest.starts_with(':').then_some(i + 1)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> Result<FrontMatter, FmError> {
        let b = find(text).expect("front matter");
        let lines: Vec<&str> = text.lines().collect();
        parse(&text[b.yaml_start..b.yaml_end], b.yaml_first_line, &lines)
    }

    #[test]
    fn finds_block() {
        let t = "---\nversion: 1.0\n---\n# Title\n";
        let b = find(t).unwrap();
        assert_eq!(&t[b.yaml_start..b.yaml_end], "version: 1.0\n");
        assert_eq!(b.body_first_line, 4);
        assert!(find("# no\n---\n").is_none());
        assert!(find("---\nunclosed: 1\n").is_none());
    }

    #[test]
    fn owns_list_and_map() {
        let f = fm("---\nversion: 1.0\nowns:\n  - src/a/**\n  - \"!src/a/gen/**\"\n---\n").unwrap();
        assert_eq!(f.version, Some(("1.0".into(), 2)));
        assert_eq!(f.owns.len(), 2);
        assert_eq!(
            (f.owns[0].pattern.as_str(), f.owns[0].line),
            ("src/a/**", 4)
        );
        assert_eq!(f.owns[1].pattern, "!src/a/gen/**");
        let f = fm("---\nowns:\n  \"*\": [src/**]\n  FR-1:\n    - src/login.rs\n  FR-2: src/logout.rs\n---\n").unwrap();
        assert_eq!(f.owns[0].section, None);
        assert_eq!(f.owns[1].section.as_deref(), Some("FR-1"));
        assert_eq!(f.owns[1].line, 5);
        assert_eq!(f.owns[2].section.as_deref(), Some("FR-2"));
        assert_eq!(f.owns[2].line, 6);
    }

    #[test]
    fn bad_yaml_points_at_file_line() {
        let e = fm("---\ntitle: x\nowns: [unclosed\n---\n").unwrap_err();
        assert!(e.line >= 3, "{e:?}");
        let e = fm("---\nowns: 5\n---\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
    }
}
