//! Generated files (specs/generated.md): markers, fingerprints, comment syntax and the
//! `specmoor stamp` writer. Pure functions; the engine reads the bytes.

use crate::spec::SpecDoc;
use sha2::{Digest, Sha256};

/// Markers are only looked for in this many first lines.
pub const MARKER_LINES: usize = 10;
/// Bytes inspected for a NUL to call a file binary (as git does).
const BINARY_PROBE: usize = 8000;

pub const MARKER_TAG: &str = "specmoor:generated-from";

/// A `specmoor:generated-from SPEC[#SECTION] sha256=HEX` marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecmoorMarker {
    pub spec: String,
    pub section: Option<String>,
    /// Lowercase hex, as recorded (may be malformed: then it never matches).
    pub sha256: String,
    /// 1-based line of the marker.
    pub line: usize,
}

/// Why a file is considered generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    Specmoor(SpecmoorMarker),
    /// `@generated`, Go's `// Code generated … DO NOT EDIT.`, protobuf's `DO NOT EDIT!`.
    Common {
        what: &'static str,
        line: usize,
    },
}

impl Marker {
    pub fn line(&self) -> usize {
        match self {
            Marker::Specmoor(m) => m.line,
            Marker::Common { line, .. } => *line,
        }
    }
}

pub fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(BINARY_PROBE)].contains(&0)
}

/// Front matter is looked for in this many first lines.
const FRONT_MATTER_LINES: usize = 200;

/// The lines read for markers, each with its 1-based number: the first
/// `MARKER_LINES` lines of a text file (none for binary files) and, when the file
/// opens with a `---` or `+++` front matter block, the `MARKER_LINES` lines after its
/// closing fence too (where `stamp` writes a marker in such a file).
fn head_lines(bytes: &[u8]) -> Vec<(usize, String)> {
    if is_binary(bytes) {
        return Vec::new();
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let lines: Vec<String> = bytes
        .split(|b| *b == b'\n')
        .take(FRONT_MATTER_LINES + MARKER_LINES)
        .map(|l| {
            String::from_utf8_lossy(l)
                .trim_end_matches('\r')
                .to_string()
        })
        .collect();
    let after = front_matter_end(&lines).unwrap_or(0);
    lines
        .into_iter()
        .enumerate()
        .filter(|(i, _)| {
            *i < MARKER_LINES || (after > 0 && *i >= after && *i < after + MARKER_LINES)
        })
        .map(|(i, l)| (i + 1, l))
        .collect()
}

/// The number of lines of a leading front matter block (`---` … `---`/`...`, or
/// `+++` … `+++`), fences included, when the first line opens one that closes within
/// `FRONT_MATTER_LINES` lines.
fn front_matter_end<S: AsRef<str>>(lines: &[S]) -> Option<usize> {
    let first = lines.first()?.as_ref().trim_end();
    let closers: &[&str] = match first {
        "---" => &["---", "..."],
        "+++" => &["+++"],
        _ => return None,
    };
    lines
        .iter()
        .take(FRONT_MATTER_LINES)
        .skip(1)
        .position(|l| closers.contains(&l.as_ref().trim_end()))
        .map(|p| p + 2)
}

/// Parse a specmoor marker out of one line, whatever comment surrounds it.
pub fn parse_marker_line(line: &str, lineno: usize) -> Option<SpecmoorMarker> {
    let at = line.find(MARKER_TAG)?;
    let rest = &line[at + MARKER_TAG.len()..];
    let mut words = rest.split_whitespace();
    let address = words.next()?;
    if address.starts_with("sha256=") {
        return None;
    }
    let sha = words
        .find_map(|w| w.strip_prefix("sha256="))
        .map(|h| {
            h.chars()
                .take_while(|c| c.is_ascii_hexdigit())
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let (spec, section) = match address.split_once('#') {
        Some((s, sec)) if !sec.is_empty() => (s.to_string(), Some(sec.to_string())),
        Some((s, _)) => (s.to_string(), None),
        None => (address.to_string(), None),
    };
    Some(SpecmoorMarker {
        spec,
        section,
        sha256: sha,
        line: lineno,
    })
}

/// The marker of a file, if its first lines carry one. A specmoor marker wins over
/// common ones.
pub fn detect(bytes: &[u8]) -> Option<Marker> {
    let lines = head_lines(bytes);
    for (n, l) in &lines {
        if let Some(m) = parse_marker_line(l, *n) {
            return Some(Marker::Specmoor(m));
        }
    }
    for (n, l) in &lines {
        let line = *n;
        let t = l.trim();
        if t.contains("@generated") {
            return Some(Marker::Common {
                what: "@generated",
                line,
            });
        }
        if t.starts_with("// Code generated ") && t.ends_with(" DO NOT EDIT.") {
            return Some(Marker::Common {
                what: "Code generated … DO NOT EDIT.",
                line,
            });
        }
        if t.contains("DO NOT EDIT!") {
            return Some(Marker::Common {
                what: "DO NOT EDIT!",
                line,
            });
        }
    }
    None
}

/// What a generator's header says about the run that wrote a file (specs/generated.md
/// GF-6), read in the lines markers are read in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeneratorHeader {
    /// The source file named, as written: protoc-gen-go's `// source: foo/v1/x.proto`,
    /// protoc-gen-es's `// @generated from file foo/v1/x.proto (…)`, or `Source: path`.
    pub source: Option<String>,
    /// The 1-based line that names it.
    pub source_line: usize,
    /// A `Schema hash: <hex>` recorded with it (lowercase).
    pub schema_hash: Option<String>,
}

/// The text of a header line without its comment syntax.
fn uncomment(l: &str) -> &str {
    let mut t = l.trim();
    for p in ["///", "//", "/*", "*", "#", "--", "<!--", ";", "%"] {
        if let Some(r) = t.strip_prefix(p) {
            t = r.trim_start();
            break;
        }
    }
    t.trim_end_matches("*/").trim_end_matches("-->").trim()
}

/// A path as a header writes it: its first word, without trailing punctuation.
fn header_path(s: &str) -> Option<String> {
    let w = s.split_whitespace().next()?;
    let w = w.trim_end_matches([',', ';', '|', ')']);
    let w = w.trim_matches(['"', '\'', '`']);
    (!w.is_empty()).then(|| w.to_string())
}

/// The generator header of a file (empty for binary files or none).
pub fn generator_header(bytes: &[u8]) -> GeneratorHeader {
    let mut h = GeneratorHeader::default();
    for (n, l) in head_lines(bytes) {
        let t = uncomment(&l);
        let named = if let Some(r) = t.strip_prefix("source:") {
            header_path(r)
        } else if let Some(at) = t.find("@generated from file ") {
            header_path(&t[at + "@generated from file ".len()..])
        } else if let Some(at) = t.find("Source:") {
            header_path(&t[at + "Source:".len()..])
        } else {
            None
        };
        if let (Some(src), None) = (named, &h.source) {
            h.source = Some(src);
            h.source_line = n;
        }
        if let Some(at) = t.find("Schema hash:") {
            let hex: String = t[at + "Schema hash:".len()..]
                .trim_start()
                .trim_start_matches("sha256:")
                .chars()
                .take_while(|c| c.is_ascii_hexdigit())
                .collect();
            if !hex.is_empty() && h.schema_hash.is_none() {
                h.schema_hash = Some(hex.to_ascii_lowercase());
            }
        }
    }
    h
}

/// A word that reads as a version: `v1.34.0`, `1.35.1`, `v4.25.1-rc2`, `(unknown)`.
fn is_version_word(w: &str) -> bool {
    let w = w
        .trim_end_matches(['.', ',', ';', ')'])
        .trim_start_matches('(');
    if w == "unknown" {
        return true;
    }
    let d = w.strip_prefix(['v', 'V']).unwrap_or(w);
    d.starts_with(|c: char| c.is_ascii_digit())
        && d.contains('.')
        && d.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
}

/// When `head` differs from `base` only in the version words of header lines (the
/// lines markers are read in): the first such line before and after, trimmed
/// (`protoc-gen-go v1.34.0`, `protoc-gen-go v1.35.1`). Any other difference, or no
/// version word that moved, is `None`.
pub fn version_only_change(base: &[u8], head: &[u8]) -> Option<(String, String)> {
    if base == head || is_binary(base) || is_binary(head) {
        return None;
    }
    let split = |b: &[u8]| -> Vec<String> {
        let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
        b.split(|c| *c == b'\n')
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect()
    };
    let (old, new) = (split(base), split(head));
    if old.len() != new.len() {
        return None;
    }
    let header: std::collections::BTreeSet<usize> =
        head_lines(head).iter().map(|(n, _)| n - 1).collect();
    let masked = |l: &str| -> Vec<String> {
        l.split_whitespace()
            .map(|w| {
                if is_version_word(w) {
                    "\u{0}".to_string()
                } else {
                    w.to_string()
                }
            })
            .collect()
    };
    let mut moved = None;
    for (i, (o, n)) in old.iter().zip(&new).enumerate() {
        if o == n {
            continue;
        }
        if !header.contains(&i) || masked(o) != masked(n) {
            return None;
        }
        moved.get_or_insert_with(|| (uncomment(o).to_string(), uncomment(n).to_string()));
    }
    moved
}

/// The text a fingerprint covers: LF line endings, trailing whitespace trimmed on
/// every line, trailing blank lines dropped.
pub fn normalize(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().map(|l| l.trim_end()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

pub fn sha256_hex(text: &str) -> String {
    sha256_bytes_hex(text.as_bytes())
}

/// sha256 (lowercase hex) of raw bytes.
pub fn sha256_bytes_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Fingerprint of a spec document, or of one of its sections (heading to the end of
/// the section). `None` when the section does not exist.
pub fn fingerprint(doc: &SpecDoc, section: Option<&str>) -> Option<String> {
    match section {
        None => Some(sha256_hex(&normalize(&doc.text))),
        Some(id) => {
            let s = doc.section(id)?;
            let text: Vec<&str> = doc
                .text
                .lines()
                .skip(s.line - 1)
                .take(s.end_line + 1 - s.line)
                .collect();
            Some(sha256_hex(&normalize(&text.join("\n"))))
        }
    }
}

/// How a file type writes a line comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommentStyle {
    pub open: &'static str,
    pub close: &'static str,
}

/// The comment syntax for a file name, or why it has none.
pub fn comment_style(path: &str) -> Result<CommentStyle, String> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let c = |open, close| Ok(CommentStyle { open, close });
    match lower.as_str() {
        "makefile" | "dockerfile" | "gemfile" | "rakefile" | "justfile" | "cmakelists.txt"
        | "build" | "workspace" => return c("#", ""),
        _ => {}
    }
    match ext {
        "rs" | "go" | "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" | "java" | "kt" | "kts" | "scala" | "c" | "h"
        | "cc" | "cpp" | "cxx" | "hpp" | "hh" | "hxx" | "m" | "mm" | "cs" | "fs" | "swift" | "dart" | "proto" | "groovy"
        | "gradle" | "zig" | "v" | "php" | "scss" | "sass" | "less" | "jsonc" | "json5" | "sol" | "graphql" | "gql"
        | "thrift" | "capnp" => c("//", ""),
        "py" | "pyi" | "rb" | "sh" | "bash" | "zsh" | "fish" | "ksh" | "yaml" | "yml" | "toml" | "r" | "pl" | "pm" | "ps1"
        | "tf" | "tfvars" | "hcl" | "mk" | "cmake" | "nix" | "ex" | "exs" | "jl" | "cr" | "conf" | "cfg" | "properties"
        | "gitignore" | "gitattributes" | "dockerignore" | "env" | "bzl" | "star" | "awk" | "sed" | "tcl" | "nim"
        | "coffee" | "pxd" | "pyx" | "rake" | "gemspec" | "podspec" | "txt" => c("#", ""),
        "sql" | "lua" | "hs" | "lhs" | "elm" | "ada" | "adb" | "ads" | "vhd" | "vhdl" | "purs" => c("--", ""),
        "css" => c("/*", " */"),
        "html" | "htm" | "xml" | "xhtml" | "svg" | "md" | "markdown" | "vue" | "svelte" | "xsd" | "xsl" | "wsdl" | "plist"
        | "csproj" | "props" | "targets" | "resx" => c("<!--", " -->"),
        "ini" | "lisp" | "cl" | "el" | "clj" | "cljs" | "cljc" | "edn" | "scm" | "rkt" | "asm" | "s" => c(";", ""),
        "erl" | "hrl" | "tex" | "sty" | "cls" | "mat" => c("%", ""),
        "bat" | "cmd" => c("REM", ""),
        "vim" => c("\"", ""),
        "json" | "ipynb" | "lock" | "csv" | "tsv" | "png" | "jpg" | "jpeg" | "gif" | "pdf" | "zip" | "gz" | "bin" | "wasm" => {
            Err(format!("{path} is a .{ext} file, which has no comment syntax to hold a marker: declare it under `generated:` in .specmoor.yml instead (SM004 still guards it; SM005 cannot)"))
        }
        _ => Err(format!("specmoor does not know the comment syntax of {path}: declare it under `generated:` in .specmoor.yml instead")),
    }
}

/// Write or refresh the marker in `bytes`; every other byte is kept.
pub fn stamp(
    path: &str,
    bytes: &[u8],
    spec: &str,
    section: Option<&str>,
    sha: &str,
) -> Result<Vec<u8>, String> {
    if is_binary(bytes) {
        return Err(format!("{path} is a binary file; a marker cannot be written into it: declare it under `generated:` in .specmoor.yml instead"));
    }
    let style = comment_style(path)?;
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (&bytes[..3], rest),
        None => (&bytes[..0], bytes),
    };
    let address = match section {
        Some(s) => format!("{spec}#{s}"),
        None => spec.to_string(),
    };
    let marker_text = format!("{MARKER_TAG} {address} sha256={sha}");
    let nl: &[u8] = if body.windows(2).any(|w| w == b"\r\n") {
        b"\r\n"
    } else {
        b"\n"
    };

    // the spans of the first lines, and the front matter they open with
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    while spans.len() < FRONT_MATTER_LINES + MARKER_LINES && start <= body.len() {
        let end = body[start..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(body.len(), |p| start + p);
        spans.push((start, end));
        if end == body.len() {
            break;
        }
        start = end + 1;
    }
    let texts: Vec<String> = spans
        .iter()
        .map(|(a, b)| {
            String::from_utf8_lossy(&body[*a..*b])
                .trim_end_matches('\r')
                .to_string()
        })
        .collect();
    let front = front_matter_end(&texts);
    // Markdown and other markup keep their front matter first (a loader stops at
    // anything above its `---`): the marker goes after the closing fence, and a block
    // that does not close is refused rather than guessed at.
    let markup = style.open == "<!--";
    if markup
        && front.is_none()
        && texts
            .first()
            .is_some_and(|t| matches!(t.trim_end(), "---" | "+++"))
    {
        return Err(format!("{path} opens a front matter block that does not close within its first {FRONT_MATTER_LINES} lines: a marker cannot be placed after it safely; close the block, or declare the file under `generated:` in .specmoor.yml instead"));
    }
    let front = front.filter(|_| markup);
    let window =
        |i: usize| i < MARKER_LINES || front.is_some_and(|f| i >= f && i < f + MARKER_LINES);

    // refresh an existing marker in place (keeping its comment around it)
    for (i, &(start, end)) in spans.iter().enumerate() {
        if !window(i) {
            continue;
        }
        let line = String::from_utf8_lossy(&body[start..end]);
        if let Some(at) = line.find(MARKER_TAG) {
            // the marker runs to the end of its sha256 token (the last ` sha256=` on
            // the line, to the next whitespace), else to the end of the address
            let rest = &line[at..];
            let sha_end = rest
                .rfind(" sha256=")
                .map(|i| {
                    let h = &rest[i + 8..];
                    i + 8 + h.find(char::is_whitespace).unwrap_or(h.len())
                })
                .unwrap_or_else(|| {
                    let after = &rest[MARKER_TAG.len()..];
                    let addr_start = after.len() - after.trim_start().len();
                    let addr = &after[addr_start..];
                    MARKER_TAG.len()
                        + addr_start
                        + addr.find(char::is_whitespace).unwrap_or(addr.len())
                });
            if std::str::from_utf8(&body[start..end]).is_err() {
                return Err(format!("{path}: the marker line is not valid UTF-8"));
            }
            let a = start + at;
            let b = start + at + sha_end;
            let mut out = bom.to_vec();
            out.extend_from_slice(&body[..a]);
            out.extend_from_slice(marker_text.as_bytes());
            out.extend_from_slice(&body[b..]);
            return Ok(out);
        }
    }

    // insert a new line at the top, after a shebang or an XML declaration, or after
    // the front matter of a markup file
    if let Some(f) = front {
        let at = spans.get(f).map_or(body.len(), |s| s.0);
        let mut out = bom.to_vec();
        out.extend_from_slice(&body[..at]);
        if at == body.len() && !body.ends_with(b"\n") {
            out.extend_from_slice(nl);
        }
        out.extend_from_slice(format!("{} {marker_text}{}", style.open, style.close).as_bytes());
        out.extend_from_slice(nl);
        out.extend_from_slice(&body[at..]);
        return Ok(out);
    }
    let first_end = body.iter().position(|b| *b == b'\n').map(|p| p + 1);
    let first = &body[..first_end.unwrap_or(body.len())];
    // a shebang, an XML declaration, PHP's opening tag and an HTML doctype must stay
    // first
    let keep_first = first.starts_with(b"#!")
        || first.starts_with(b"<?xml")
        || first.starts_with(b"<?php")
        || first.to_ascii_lowercase().starts_with(b"<!doctype");
    let at = if keep_first {
        first_end.unwrap_or(body.len())
    } else {
        0
    };
    let mut line = format!("{} {marker_text}{}", style.open, style.close).into_bytes();
    line.extend_from_slice(nl);
    let mut out = bom.to_vec();
    out.extend_from_slice(&body[..at]);
    if keep_first && first_end.is_none() {
        out.extend_from_slice(nl);
    }
    out.extend_from_slice(&line);
    out.extend_from_slice(&body[at..]);
    Ok(out)
}

/// One `.gitattributes` rule about an attribute (`linguist-generated`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrRule {
    /// Pattern rewritten relative to the repository root (gitignore semantics).
    pub pattern: String,
    /// Set (`attr`, `attr=true`) or unset (`-attr`, `!attr`, `attr=false`).
    pub generated: bool,
    pub file: String,
    pub line: usize,
}

/// `linguist-generated` rules of a `.gitattributes` file in directory `dir` ("" for
/// the root). Later rules win.
pub fn gitattributes_rules(dir: &str, file: &str, text: &str) -> Vec<AttrRule> {
    attribute_rules(dir, file, text, "linguist-generated")
}

/// The rules of a `.gitattributes` file in directory `dir` ("" for the root) that set
/// or unset attribute `name`. Later rules win.
pub fn attribute_rules(dir: &str, file: &str, text: &str, name: &str) -> Vec<AttrRule> {
    let set = [name.to_string(), format!("{name}=true")];
    let unset = [
        format!("-{name}"),
        format!("!{name}"),
        format!("{name}=false"),
    ];
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("[attr]") {
            continue;
        }
        let mut parts = t.split_whitespace();
        let Some(pat) = parts.next() else { continue };
        let mut val = None;
        for a in parts {
            if set.iter().any(|x| x == a) {
                val = Some(true);
            } else if unset.iter().any(|x| x == a) {
                val = Some(false);
            }
        }
        let Some(generated) = val else { continue };
        // a pattern without `/` matches at any depth below `dir`; with one, it is
        // relative to `dir`
        let p = pat.trim_start_matches('/');
        let rooted = if pat.contains('/') && !pat.ends_with('/') || pat.starts_with('/') {
            if dir.is_empty() {
                format!("/{p}")
            } else {
                format!("/{dir}/{p}")
            }
        } else if dir.is_empty() {
            p.to_string()
        } else {
            format!("/{dir}/**/{p}")
        };
        out.push(AttrRule {
            pattern: rooted,
            generated,
            file: file.to_string(),
            line: i + 1,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "ab12cd34ab12cd34ab12cd34ab12cd34ab12cd34ab12cd34ab12cd34ab12cd34";

    #[test]
    fn detects_markers_in_the_first_ten_lines_only() {
        let m = detect(
            format!("// {MARKER_TAG} specs/api.md#FR-2 sha256={SHA}\nfn x() {{}}\n").as_bytes(),
        )
        .unwrap();
        assert_eq!(
            m,
            Marker::Specmoor(SpecmoorMarker {
                spec: "specs/api.md".into(),
                section: Some("FR-2".into()),
                sha256: SHA.into(),
                line: 1
            })
        );
        assert!(matches!(
            detect(b"# x\n# @generated by tool\n"),
            Some(Marker::Common { line: 2, .. })
        ));
        assert!(detect(b"// Code generated by protoc-gen-go. DO NOT EDIT.\npackage x\n").is_some());
        assert!(detect(b"// Generated by the protocol buffer compiler.  DO NOT EDIT!\n").is_some());
        let late = format!("{}// @generated\n", "x\n".repeat(10));
        assert!(detect(late.as_bytes()).is_none());
        let nine = format!("{}// @generated\n", "x\n".repeat(9));
        assert!(detect(nine.as_bytes()).is_some());
        assert!(detect(b"\0\x01@generated").is_none());
        assert!(detect(b"// Code generated by hand, feel free to edit.\n").is_none());
    }

    #[test]
    fn fingerprints_ignore_line_endings_and_trailing_space() {
        let a = SpecDoc::parse("a.md", b"# A\n\n## FR-1: X\none\n\n## FR-2: Y\ntwo\n").unwrap();
        let b = SpecDoc::parse(
            "a.md",
            b"# A  \r\n\r\n## FR-1: X\r\none   \r\n\r\n## FR-2: Y\r\ntwo\r\n\r\n",
        )
        .unwrap();
        assert_eq!(fingerprint(&a, None), fingerprint(&b, None));
        assert_eq!(fingerprint(&a, Some("FR-1")), fingerprint(&b, Some("FR-1")));
        assert_ne!(fingerprint(&a, Some("FR-1")), fingerprint(&a, Some("FR-2")));
        assert_eq!(fingerprint(&a, Some("FR-9")), None);
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn stamp_inserts_then_refreshes_in_place() {
        let src = b"fn main() {}\n";
        let once = stamp("a.rs", src, "specs/a.md", None, SHA).unwrap();
        assert_eq!(
            once,
            format!("// {MARKER_TAG} specs/a.md sha256={SHA}\nfn main() {{}}\n").into_bytes()
        );
        let again = stamp("a.rs", &once, "specs/a.md", None, SHA).unwrap();
        assert_eq!(once, again);
        let other = "0".repeat(64);
        let refreshed = stamp("a.rs", &once, "specs/a.md", Some("FR-1"), &other).unwrap();
        assert_eq!(
            refreshed,
            format!("// {MARKER_TAG} specs/a.md#FR-1 sha256={other}\nfn main() {{}}\n")
                .into_bytes()
        );
    }

    #[test]
    fn stamp_styles_shebang_xml_crlf_bom() {
        let out = stamp("x.sh", b"#!/bin/sh\necho hi\n", "s.md", None, SHA).unwrap();
        assert!(out.starts_with(format!("#!/bin/sh\n# {MARKER_TAG} s.md").as_bytes()));
        let out = stamp(
            "x.xml",
            b"<?xml version=\"1.0\"?>\r\n<a/>\r\n",
            "s.md",
            None,
            SHA,
        )
        .unwrap();
        assert_eq!(
            out,
            format!(
                "<?xml version=\"1.0\"?>\r\n<!-- {MARKER_TAG} s.md sha256={SHA} -->\r\n<a/>\r\n"
            )
            .into_bytes()
        );
        let out = stamp("x.css", b"\xEF\xBB\xBFa{}\n", "s.md", None, SHA).unwrap();
        assert!(
            out.starts_with(format!("\u{feff}/* {MARKER_TAG} s.md sha256={SHA} */\n").as_bytes())
        );
        let out = stamp("x.php", b"<?php\necho 1;\n", "s.md", None, SHA).unwrap();
        assert!(out.starts_with(format!("<?php\n// {MARKER_TAG} s.md").as_bytes()));
        let out = stamp("q.sql", b"", "s.md", None, SHA).unwrap();
        assert_eq!(
            out,
            format!("-- {MARKER_TAG} s.md sha256={SHA}\n").into_bytes()
        );
        assert!(stamp("x.json", b"{}", "s.md", None, SHA).is_err());
        assert!(stamp("x.rs", b"\0\0", "s.md", None, SHA).is_err());
    }

    #[test]
    fn generator_headers_name_their_source() {
        let go = b"// Code generated by protoc-gen-go. DO NOT EDIT.\n// versions:\n// \tprotoc-gen-go v1.34.0\n// \tprotoc        (unknown)\n// source: shop/v1/cart.proto\n\npackage shopv1\n";
        let h = generator_header(go);
        assert_eq!(
            (h.source.as_deref(), h.source_line),
            (Some("shop/v1/cart.proto"), 5)
        );
        let es = b"// @generated by protoc-gen-es v2.2.0 with parameter \"target=ts\"\n// @generated from file chat/v1/room.proto (package chat.v1, syntax proto3)\n";
        assert_eq!(
            generator_header(es).source.as_deref(),
            Some("chat/v1/room.proto")
        );
        let hash = format!(
            "# @generated by tool. Source: schema/a.graphql | Schema hash: {}\n",
            SHA.to_uppercase()
        );
        let h = generator_header(hash.as_bytes());
        assert_eq!(h.source.as_deref(), Some("schema/a.graphql"));
        assert_eq!(h.schema_hash.as_deref(), Some(SHA));
        assert_eq!(
            generator_header(b"fn main() {}\n"),
            GeneratorHeader::default()
        );
    }

    #[test]
    fn version_only_changes() {
        let a = b"// Code generated. DO NOT EDIT.\n// \tprotoc-gen-go v1.34.0\n// \tprotoc        (unknown)\npackage x\n";
        let b = b"// Code generated. DO NOT EDIT.\n// \tprotoc-gen-go v1.35.1\n// \tprotoc        v5.27.0\npackage x\n";
        assert_eq!(
            version_only_change(a, b),
            Some((
                "protoc-gen-go v1.34.0".into(),
                "protoc-gen-go v1.35.1".into()
            ))
        );
        // any other change, or a version word past the header lines, is not
        let c = b"// Code generated. DO NOT EDIT.\n// \tprotoc-gen-go v1.35.1\n// \tprotoc        v5.27.0\npackage y\n";
        assert_eq!(version_only_change(a, c), None);
        let late_a = format!("{}const V = \"v1.0.0\"\n", "x\n".repeat(12));
        let late_b = format!("{}const V = \"v1.0.1\"\n", "x\n".repeat(12));
        assert_eq!(
            version_only_change(late_a.as_bytes(), late_b.as_bytes()),
            None
        );
        assert_eq!(version_only_change(a, a), None);
        // a word that is no version moving is not a version move
        assert_eq!(version_only_change(b"// by alice\n", b"// by bob\n"), None);
    }

    #[test]
    fn stamp_keeps_front_matter_first() {
        let md = b"---\nname: x\n---\n# X\n";
        let out = stamp("SKILL.md", md, "s.md", None, SHA).unwrap();
        let want = format!("---\nname: x\n---\n<!-- {MARKER_TAG} s.md sha256={SHA} -->\n# X\n");
        assert_eq!(out, want.as_bytes());
        // read back after the front matter, even a long one, and refreshed there
        let long = format!("---\n{}---\nbody\n", "k: v\n".repeat(30));
        let out = stamp("a.md", long.as_bytes(), "s.md", None, SHA).unwrap();
        assert_eq!(detect(&out).map(|m| m.line()), Some(33));
        let zeros = "0".repeat(64);
        let again = stamp("a.md", &out, "s.md", None, &zeros).unwrap();
        assert_eq!(again.len(), out.len());
        assert!(String::from_utf8_lossy(&again).contains(&zeros));
        // TOML front matter, CRLF, a file that is only front matter
        let out = stamp("a.md", b"+++\r\nt = 1\r\n+++", "s.md", None, SHA).unwrap();
        assert!(out.starts_with(b"+++\r\nt = 1\r\n+++\r\n<!--"));
        // an unclosed block is refused; YAML's own `---` is not front matter
        assert!(stamp("a.md", b"---\nt: 1\n# body\n", "s.md", None, SHA).is_err());
        let out = stamp("a.yaml", b"---\na: 1\n---\nb: 2\n", "s.md", None, SHA).unwrap();
        assert!(out.starts_with(b"# specmoor"));
        let out = stamp("a.html", b"<!DOCTYPE html>\n<p>\n", "s.md", None, SHA).unwrap();
        assert!(out.starts_with(b"<!DOCTYPE html>\n<!--"));
    }

    #[test]
    fn gitattributes() {
        let r = gitattributes_rules("", ".gitattributes", "gen/** linguist-generated\n*.pb.go linguist-generated=true\nkeep.go -linguist-generated\n# c\n*.txt text\n");
        let p: Vec<_> = r
            .iter()
            .map(|a| (a.pattern.as_str(), a.generated, a.line))
            .collect();
        assert_eq!(
            p,
            [
                ("/gen/**", true, 1),
                ("*.pb.go", true, 2),
                ("keep.go", false, 3)
            ]
        );
        let r = gitattributes_rules("api", "api/.gitattributes", "*.gen.ts linguist-generated\n");
        assert_eq!(r[0].pattern, "/api/**/*.gen.ts");
        // any attribute by name; a longer name is not the attribute
        let text = "vendor/** linguist-vendored\nvendor/own/** !linguist-vendored\nman/ linguist-documentation=true\nx linguist-vendored-not\n";
        let r = attribute_rules("", ".gitattributes", text, "linguist-vendored");
        let p: Vec<_> = r
            .iter()
            .map(|a| (a.pattern.as_str(), a.generated))
            .collect();
        assert_eq!(p, [("/vendor/**", true), ("/vendor/own/**", false)]);
        let r = attribute_rules("", ".gitattributes", text, "linguist-documentation");
        assert_eq!(r[0].pattern, "man/");
    }
}

/// A generated file as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenFile {
    /// Its path (the new path of a rename; the old path of a deletion).
    pub path: String,
    /// Every path of its change (both sides of a rename), raw.
    pub paths: Vec<bstr::BString>,
    /// How the changeset changed it; `None` when it is only checked for staleness.
    pub status: Option<crate::model::Status>,
    /// The spec it comes from (a unit address) and the section, when known.
    pub spec: Option<String>,
    pub section: Option<String>,
    /// Why it counts as generated, for messages ("marker on line 1", ".specmoor.yml:7").
    pub how: String,
    /// Declared generator inputs (patterns as written).
    pub inputs: Vec<String>,
    /// Changed paths that match those inputs.
    pub inputs_changed: Vec<String>,
    /// The specmoor marker at the head side, if any.
    pub marker: Option<SpecmoorMarker>,
    /// An unchanged file only SM005 needed whose blob could not be read (a partial
    /// clone, a damaged object store): why, naming its path and revision, and what
    /// to do (specs/generated.md GF-4).
    pub unreadable: Option<String>,
    /// What its generator header and config entry say about the run that wrote it
    /// (specs/generated.md GF-6), for a changed file.
    pub run: Option<GeneratorRun>,
}

/// A generated file's origin as its generator tells it (specs/generated.md GF-6).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeneratorRun {
    /// The source its header names: the repository path when found, else as written.
    pub source: Option<String>,
    /// Where the header names it (`its header on line 5`).
    pub source_how: String,
    /// Whether that source changed in the changeset.
    pub source_changed: bool,
    /// When the file changed only in the versions of its header: the header line
    /// before and after.
    pub version_moved: Option<(String, String)>,
    /// Changed inputs of its entry that configure the generator rather than being one
    /// of its sources (another kind of file than the source the header names).
    pub config_changed: Vec<String>,
    /// Its `Schema hash:` is the sha256 of its source at base but no longer at head:
    /// (recorded, now).
    pub stale_hash: Option<(String, String)>,
}
