//! Spec versions in every notation of specs/spec-model.md SM-5, read leniently and compared
//! strictly with semver.

use super::SpecDoc;

/// Where a version was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Notation {
    /// `version:` in YAML front matter.
    FrontMatter,
    /// `**Version:** 1.0`, `**Version**: 1.3.2 | **Ratified**: …`, `Version: X` anywhere
    /// outside code fences and HTML comments (any value in the first 30 lines, only a
    /// value that is a version below them).
    Line,
    /// A trailing `vX.Y.Z` in the first H1 heading (not a spec-kit template title such
    /// as `Feature Specification: …`, whose tag names a release of the feature).
    Heading,
    /// A version at the end of the document's file name (`SPEC-v1.2.0.md`,
    /// `ledger-SPEC-2.0.0v.md`, `api-1.3.md`): read after the notations written in
    /// the document, which must agree with it (SM008). Never rewritten: a new version
    /// is a rename.
    FileName,
    /// No notation above: the newest entry of the changelog section (its row is the
    /// version). Never rewritten in place: a new entry is the new version.
    Changelog,
}

/// A version as read from a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionAt {
    /// The text as written (`1.0`, `v1.2.3`).
    pub raw: String,
    /// 1-based line in the document.
    pub line: usize,
    /// Byte range of `raw` in the document text.
    pub span: (usize, usize),
    pub notation: Notation,
    /// The normalised version, or why it is not one.
    pub version: Result<semver::Version, String>,
}

/// Lenient normalisation, strict parse: `v1.2.3` → 1.2.3, `1.0` → 1.0.0, `2` → 2.0.0;
/// pre-release and build metadata are kept.
pub fn normalize(raw: &str) -> Result<semver::Version, String> {
    let t = raw.trim();
    let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
    if t.is_empty() {
        return Err("empty version".into());
    }
    // split off pre-release / build so padding applies to the core only
    let core_end = t.find(['-', '+']).unwrap_or(t.len());
    let (core, rest) = t.split_at(core_end);
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty()
        || parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!(
            "`{raw}` is not a version (expected MAJOR.MINOR.PATCH, like 1.2.0)"
        ));
    }
    let mut full = parts.join(".");
    for _ in parts.len()..3 {
        full.push_str(".0");
    }
    // leading zeros: semver rejects them; accept "01" leniently by trimming
    let full: Vec<String> = full
        .split('.')
        .map(|p| {
            let s = p.trim_start_matches('0');
            if s.is_empty() {
                "0".to_string()
            } else {
                s.to_string()
            }
        })
        .collect();
    let text = format!("{}{rest}", full.join("."));
    semver::Version::parse(&text).map_err(|e| format!("`{raw}` is not a semantic version: {e}"))
}

/// Whether `token` looks like a version (for changelog entries): `1.2`, `v1.2.3`,
/// `1.2.3-rc.1`. A bare number is not.
pub fn looks_like_version(token: &str) -> bool {
    let t = token.strip_prefix(['v', 'V']).unwrap_or(token);
    let core = t.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Read the version of a document: front matter first, then a version line, then a
/// trailing `vX.Y.Z` in the first H1, then a version at the end of its file name,
/// else the newest entry of its changelog section.
pub fn read(doc: &SpecDoc) -> Option<VersionAt> {
    read_all(doc)
        .into_iter()
        .next()
        .or_else(|| file_name(doc))
        .or_else(|| from_changelog(doc))
}

/// The version written in the document itself (front matter, version line, H1) or,
/// failing that, its newest changelog row: what `bump` edits (never the file name).
pub fn read_in_text(doc: &SpecDoc) -> Option<VersionAt> {
    read_all(doc)
        .into_iter()
        .next()
        .or_else(|| from_changelog(doc))
}

/// A version at the end of the document's file name: the last `-` or `_` separated
/// part of the name before its extension, after a name (`SPEC-v1.2.0.md`,
/// `ledger-SPEC-2.0.0v.md`, `api_1.3.md`), with a `v` before or after it or none, of
/// two or three numeric parts. `2.1.md` (no name before it) and `notes-3.md` (one
/// part) are not versions. Its line is 1 and its span empty (nothing in the text).
pub fn file_name(doc: &SpecDoc) -> Option<VersionAt> {
    let name = doc.path.rsplit('/').next().unwrap_or(&doc.path);
    let stem = match name.rfind('.') {
        Some(i) if name[i + 1..].bytes().all(|b| b.is_ascii_alphabetic()) => &name[..i],
        _ => name,
    };
    let cut = stem.rfind(['-', '_'])?;
    let (before, token) = (&stem[..cut], &stem[cut + 1..]);
    if before.trim_matches(['-', '_']).is_empty() {
        return None;
    }
    let bare = token
        .strip_suffix(['v', 'V'])
        .filter(|t| !t.starts_with(['v', 'V']))
        .unwrap_or(token);
    if !looks_like_version(bare) {
        return None;
    }
    Some(VersionAt {
        raw: token.to_string(),
        line: 1,
        span: (0, 0),
        notation: Notation::FileName,
        version: normalize(bare),
    })
}

/// The file name `path` would have with its version `raw` written as `new`
/// (keeping where the `v` goes and a two-part form).
pub fn renamed(path: &str, raw: &str, new: &semver::Version) -> String {
    let (dir, name) = match path.rfind('/') {
        Some(i) => (&path[..=i], &path[i + 1..]),
        None => ("", path),
    };
    let (core, suffix) = match raw.strip_suffix(['v', 'V']) {
        Some(c) if !raw.starts_with(['v', 'V']) => (c, &raw[raw.len() - 1..]),
        _ => (raw, ""),
    };
    let written = format!("{}{suffix}", styled(core, new));
    match name.rfind(raw) {
        Some(i) => format!("{dir}{}{written}{}", &name[..i], &name[i + raw.len()..]),
        None => path.to_string(),
    }
}

/// The file name's version when it binds the text: it is marked as a version (a `v`
/// before or after it, or three parts: `SPEC-v1.2.0.md`, `ledger-2.0.0.md`), or the
/// text writes no version of its own. A bare two-part name such as `oauth-2.0.md` or
/// `tls-1.3.md` names a protocol as often as a version: it is only read when nothing
/// else says the version, never contradicts the text, and never stops `bump`.
pub fn file_name_binding(doc: &SpecDoc) -> Option<VersionAt> {
    let f = file_name(doc)?;
    let core = f.raw.trim_matches(['v', 'V']);
    let marked = core.len() != f.raw.len() || core.split('.').count() == 3;
    (marked || read_all(doc).is_empty()).then_some(f)
}

/// Where a version written in the document (front matter, version line, H1)
/// disagrees with the version in its file name (when that binds it): (file name,
/// written).
pub fn file_name_conflict(doc: &SpecDoc) -> Option<(VersionAt, VersionAt)> {
    let f = file_name_binding(doc)?;
    let w = read_all(doc).into_iter().next()?;
    match (&f.version, &w.version) {
        (Ok(a), Ok(b)) if a != b => Some((f, w)),
        _ => None,
    }
}

/// The newest (highest) version among the entries of the changelog section, for a
/// document that writes its version nowhere else.
pub fn from_changelog(doc: &SpecDoc) -> Option<VersionAt> {
    use super::changelog::Form;
    let log = super::changelog::read(doc);
    let (first, last, _) = log.section?;
    let e = log
        .entries
        .iter()
        .filter(|e| matches!(e.form, Form::Table | Form::List | Form::Heading))
        .filter(|e| (first..=last).contains(&e.line))
        .filter(|e| e.version.is_some())
        .max_by(|a, b| a.version.cmp(&b.version))?;
    let starts = super::markdown::line_starts(&doc.text);
    let s = starts.get(e.line - 1).copied().unwrap_or(doc.text.len());
    let end = starts.get(e.line).copied().unwrap_or(doc.text.len());
    let off = doc.text[s..end].find(e.raw.as_str()).unwrap_or(0);
    Some(VersionAt {
        raw: e.raw.clone(),
        line: e.line,
        span: (s + off, s + off + e.raw.len()),
        notation: Notation::Changelog,
        version: normalize(&e.raw),
    })
}

/// Titles of spec-kit templates: a version at their end tags a release of the
/// feature, not a version of the document.
const TEMPLATE_TITLES: [&str; 4] = [
    "feature specification:",
    "implementation plan:",
    "tasks:",
    "feature:",
];

/// Every version notation written in the document, in priority order (the changelog
/// fallback of [`read`] is not among them: it is never rewritten in place).
pub fn read_all(doc: &SpecDoc) -> Vec<VersionAt> {
    let mut out = Vec::new();
    let starts = super::markdown::line_starts(&doc.text);
    let line_text = |line: usize| -> (usize, &str) {
        let s = starts.get(line - 1).copied().unwrap_or(doc.text.len());
        let e = starts.get(line).copied().unwrap_or(doc.text.len());
        (s, doc.text[s..e].trim_end_matches(['\n', '\r']))
    };
    if let Some((raw, line)) = &doc.front.version {
        let (start, l) = line_text(*line);
        let span = l
            .find(raw.as_str())
            .map(|i| (start + i, start + i + raw.len()))
            .unwrap_or((start, start));
        out.push(VersionAt {
            raw: raw.clone(),
            line: *line,
            span,
            notation: Notation::FrontMatter,
            version: normalize(raw),
        });
    }
    // a version line outside front matter, code fences and HTML comments: anywhere
    // (spec-kit's constitution keeps it at the end); below the first 30 lines only a
    // value that is a version (a `Version: header name` line deep in a body is prose)
    let body_first = doc.front_lines.map_or(1, |(_, e)| e + 1);
    let mut in_fence = false;
    let mut in_comment = false;
    for line in body_first..=doc.line_count {
        let (start, l) = line_text(line);
        let t = l.trim_start();
        if in_comment {
            in_comment = !l.contains("-->");
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if let Some(rest) = t.strip_prefix("<!--") {
            in_comment = !rest.contains("-->");
            continue;
        }
        if let Some((off, raw)) = version_line(l) {
            if line > 30 && normalize(raw).is_err() {
                continue;
            }
            out.push(VersionAt {
                raw: raw.to_string(),
                line,
                span: (start + off, start + off + raw.len()),
                notation: Notation::Line,
                version: normalize(raw),
            });
            break;
        }
    }
    // a trailing vX.Y.Z in the first H1
    let heading = || -> Option<VersionAt> {
        let h1 = doc.sections.iter().find(|s| s.level == 1)?;
        let title = h1.title.trim_start().to_ascii_lowercase();
        if TEMPLATE_TITLES.iter().any(|p| title.starts_with(p)) {
            return None;
        }
        let last = h1.title.split_whitespace().last()?;
        if !(last.starts_with(['v', 'V']) && looks_like_version(last)) {
            return None;
        }
        let (start, l) = line_text(h1.line);
        let off = l.rfind(last)?;
        Some(VersionAt {
            raw: last.to_string(),
            line: h1.line,
            span: (start + off, start + off + last.len()),
            notation: Notation::Heading,
            version: normalize(last),
        })
    };
    out.extend(heading());
    out
}

/// `**Version:** 1.0`, `**Version**: 1.3.2 | …`, `Version: X`, `> Version: 1.0`,
/// `- **Version**: 1.0` → (byte offset of the value in the line, value).
fn version_line(line: &str) -> Option<(usize, &str)> {
    let mut rest = line.trim_start();
    for prefix in ["> ", "- ", "* "] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest).trim_start();
    }
    let rest = rest.trim_start_matches(['*', '_']);
    let lower = rest.get(..7)?.to_ascii_lowercase();
    if lower != "version" {
        return None;
    }
    let after = rest[7..].trim_start_matches(['*', '_']);
    let after = after.strip_prefix(':')?;
    let after = after.trim_start_matches(['*', '_']);
    let value_start_in_after = after.len() - after.trim_start().len();
    let v = &after[value_start_in_after..];
    let v = v.trim_start_matches('`');
    let end = v
        .find(|c: char| {
            c.is_whitespace() || c == '|' || c == '`' || c == '*' || c == ',' || c == ';'
        })
        .unwrap_or(v.len());
    let value = &v[..end];
    if value.is_empty() {
        return None;
    }
    let off = value.as_ptr() as usize - line.as_ptr() as usize;
    Some((off, value))
}

/// Write `v` the way `raw` was written: keep a `v` prefix and a two-part form
/// (`1.2`) when the patch is zero.
pub fn styled(raw: &str, v: &semver::Version) -> String {
    let prefix = if raw.starts_with(['v', 'V']) {
        &raw[..1]
    } else {
        ""
    };
    let core = raw.trim_start_matches(['v', 'V']);
    let parts = core
        .split(['-', '+'])
        .next()
        .unwrap_or("")
        .split('.')
        .count();
    if parts == 2 && v.patch == 0 {
        format!("{prefix}{}.{}", v.major, v.minor)
    } else {
        format!("{prefix}{v}")
    }
}

/// Propose the next versions for a message: (minor bump, major bump). For 0.x a
/// breaking change is a minor bump.
pub fn next(v: &semver::Version) -> (semver::Version, semver::Version) {
    let minor = semver::Version::new(v.major, v.minor.saturating_add(1), 0);
    let major = if v.major == 0 {
        semver::Version::new(0, v.minor.saturating_add(1), 0)
    } else {
        semver::Version::new(v.major.saturating_add(1), 0, 0)
    };
    (minor, major)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(t: &str) -> SpecDoc {
        SpecDoc::parse("s.md", t.as_bytes()).unwrap()
    }

    #[test]
    fn normalises() {
        assert_eq!(normalize("1.0").unwrap().to_string(), "1.0.0");
        assert_eq!(normalize("v1.2.3").unwrap().to_string(), "1.2.3");
        assert_eq!(normalize("2").unwrap().to_string(), "2.0.0");
        assert_eq!(normalize("1.2.3-rc.1").unwrap().to_string(), "1.2.3-rc.1");
        assert!(normalize("1.x").is_err());
        assert!(normalize("").is_err());
        assert!(normalize("1.2.3.4").is_err());
    }

    #[test]
    fn every_notation() {
        let d = doc("---\nversion: 1.0\n---\n# T\n");
        let v = read(&d).unwrap();
        assert_eq!(
            (v.raw.as_str(), v.line, v.notation),
            ("1.0", 2, Notation::FrontMatter)
        );
        assert_eq!(&d.text[v.span.0..v.span.1], "1.0");

        let d = doc("# Constitution\n\n**Version:** 1.0\n");
        let v = read(&d).unwrap();
        assert_eq!(
            (v.raw.as_str(), v.line, v.notation),
            ("1.0", 3, Notation::Line)
        );
        assert_eq!(&d.text[v.span.0..v.span.1], "1.0");

        let d = doc("# C\n**Version**: 1.3.2 | **Ratified**: 2025-01-01\n");
        assert_eq!(read(&d).unwrap().raw, "1.3.2");

        let d = doc("# C\nVersion: 2.1.0\n");
        assert_eq!(read(&d).unwrap().raw, "2.1.0");

        let d = doc("# MEL Compiler SPEC v1.3.0\n\ntext\n");
        let v = read(&d).unwrap();
        assert_eq!((v.raw.as_str(), v.notation), ("v1.3.0", Notation::Heading));
        assert_eq!(v.version.unwrap().to_string(), "1.3.0");

        assert!(read(&doc("# Chapter 2\n")).is_none());
        assert!(read(&doc("# T\n```\nVersion: 9.9.9\n```\n")).is_none());
        let v = read(&doc("# T\nVersion: one\n")).unwrap();
        assert!(v.version.is_err());
    }

    #[test]
    fn constitution_footer_changelog_row_and_feature_titles() {
        let mut t = String::from("# Constitution\n\n");
        for i in 0..40 {
            t.push_str(&format!("Principle {i}.\n"));
        }
        t.push_str("```\nVersion: 9.9.9\n```\n<!--\nVersion: 8.8.8\n-->\nVersion: the header\n\n**Version**: 1.3.2 | **Ratified**: 2025-01-02 | **Last Amended**: 2025-03-04\n");
        let v = read(&doc(&t)).unwrap();
        assert_eq!(
            (v.raw.as_str(), v.line, v.notation),
            ("1.3.2", 51, Notation::Line)
        );

        let d = doc("# S\n\nBody.\n\n## Revision History\n\n| Version | Date | Changes |\n|---|---|---|\n| 1.0 | 2026-01-01 | First |\n| 1.2 | 2026-03-01 | Third |\n| 1.1 | 2026-02-01 | Second |\n");
        let v = read(&d).unwrap();
        assert_eq!(
            (v.raw.as_str(), v.line, v.notation),
            ("1.2", 10, Notation::Changelog)
        );
        assert_eq!(&d.text[v.span.0..v.span.1], "1.2");
        assert!(read_all(&d).is_empty(), "never rewritten in place");

        let named = |p: &str| SpecDoc::parse(p, b"# T\n").unwrap();
        for (p, raw, v) in [
            ("specs/SPEC-v1.2.0.md", "v1.2.0", "1.2.0"),
            ("specs/ledger-SPEC-2.0.0v.md", "2.0.0v", "2.0.0"),
            ("api-1.3.md", "1.3", "1.3.0"),
            ("x/api_V2.1.md", "V2.1", "2.1.0"),
        ] {
            let f = read(&named(p)).unwrap();
            assert_eq!(
                (f.raw.as_str(), f.notation),
                (raw, Notation::FileName),
                "{p}"
            );
            assert_eq!(f.version.unwrap().to_string(), v);
        }
        for p in [
            "specs/2.1.md",
            "specs/notes-3.md",
            "specs/auth.md",
            "specs/-1.2.md",
            "specs/a-v1.2v.md",
        ] {
            assert!(read(&named(p)).is_none(), "{p}");
        }
        let d = SpecDoc::parse("specs/SPEC-v1.2.0.md", b"---\nversion: 1.3.0\n---\n# T\n").unwrap();
        assert_eq!(
            read(&d).unwrap().notation,
            Notation::FrontMatter,
            "the text comes first"
        );
        let (f, w) = file_name_conflict(&d).unwrap();
        assert_eq!((f.raw.as_str(), w.raw.as_str()), ("v1.2.0", "1.3.0"));
        let d = SpecDoc::parse("specs/oauth-2.0.md", b"---\nversion: 1.1.0\n---\n# T\n").unwrap();
        assert!(
            file_name_conflict(&d).is_none(),
            "a bare two-part name does not bind the text"
        );
        assert!(
            file_name_binding(&named("specs/oauth-2.0.md")).is_some(),
            "but is read alone"
        );
        let v13 = semver::Version::new(1, 3, 0);
        assert_eq!(
            renamed("specs/SPEC-v1.2.0.md", "v1.2.0", &v13),
            "specs/SPEC-v1.3.0.md"
        );
        assert_eq!(
            renamed("l-SPEC-2.0.0v.md", "2.0.0v", &v13),
            "l-SPEC-1.3.0v.md"
        );
        assert_eq!(
            renamed("api-1.3.md", "1.3", &semver::Version::new(1, 4, 0)),
            "api-1.4.md"
        );

        let d = doc("# Feature Specification: Billing Export v0.4.2\n\nBody.\n");
        assert!(
            read(&d).is_none(),
            "a feature's release tag is not the spec's version"
        );
    }

    #[test]
    fn proposals() {
        let (m, b) = next(&semver::Version::new(1, 2, 0));
        assert_eq!(
            (m.to_string(), b.to_string()),
            ("1.3.0".into(), "2.0.0".into())
        );
        let (_, b) = next(&semver::Version::new(0, 3, 1));
        assert_eq!(b.to_string(), "0.4.0");
    }
}
