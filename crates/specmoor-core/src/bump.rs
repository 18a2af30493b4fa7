//! `specmoor bump`: a new version and a changelog entry, written in the spec's own
//! notation and changelog form, every other byte kept.

use crate::spec::changelog::{self, is_date, Form};
use crate::spec::version::{self, VersionAt};
use crate::spec::{front_matter_key_lines, SpecDoc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    Major,
    Minor,
    Patch,
    /// `--set X`: exactly this version. On a spec without one it is the first
    /// version (written in the spec's notation); otherwise it must be higher, or equal
    /// when the changelog has no entry for it yet (only the entry is written).
    Set(semver::Version),
}

/// What a bump did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bumped {
    pub text: String,
    /// The version before; `None` for a first version (`--set` on an unversioned spec).
    pub old: Option<semver::Version>,
    pub new: semver::Version,
    /// 1-based line of the new changelog entry in the new text.
    pub entry_line: usize,
    pub form: Form,
}

/// The next version at `level`; pre-release and build metadata are dropped.
/// `None` when the part to increase is already at its largest.
pub fn next_version(v: &semver::Version, level: &Level) -> Option<semver::Version> {
    Some(match level {
        Level::Set(to) => to.clone(),
        Level::Major => semver::Version::new(v.major.checked_add(1)?, 0, 0),
        Level::Minor => semver::Version::new(v.major, v.minor.checked_add(1)?, 0),
        Level::Patch if !v.pre.is_empty() => semver::Version::new(v.major, v.minor, v.patch),
        Level::Patch => semver::Version::new(v.major, v.minor, v.patch.checked_add(1)?),
    })
}

pub use crate::spec::version::styled;

/// Days since 1970-01-01 → YYYY-MM-DD (Howard Hinnant's algorithm).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

/// Bump the document `text` at `path` (a leading byte-order mark is kept; two are refused).
pub fn bump(
    path: &str,
    text: &str,
    level: Level,
    message: &str,
    breaking: bool,
    date: &str,
) -> Result<Bumped, String> {
    let message = message.trim();
    if message.is_empty() {
        return Err("the changelog text (-m) is empty: say what changed".into());
    }
    // work on the text after a byte-order mark, and put it back afterwards
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    if text.starts_with('\u{feff}') {
        return Err(format!(
            "{path} starts with two byte-order marks; remove one first"
        ));
    }
    if text
        .char_indices()
        .any(|(i, c)| c == '\r' && text.as_bytes().get(i + 1) != Some(&b'\n'))
    {
        return Err(format!(
            "{path} has a carriage return without a line feed; specmoor bump only edits files with LF or CRLF line endings"
        ));
    }
    bump_text(path, text, level, message, breaking, date).map(|mut b| {
        b.text.insert_str(0, bom);
        b
    })
}

fn bump_text(
    path: &str,
    text: &str,
    level: Level,
    message: &str,
    breaking: bool,
    date: &str,
) -> Result<Bumped, String> {
    if message.contains('\n') || message.contains('\r') {
        return Err("the changelog text (-m) must be one line".into());
    }
    let doc = SpecDoc::parse(path, text.as_bytes())
        .map_err(|e| format!("{}:{}: {}", e.path, e.line, e.message))?;
    // the versions written in the text are rewritten in place; a version that is only
    // the newest changelog row gets a new row; one in the file name is never renamed
    let versions = version::read_all(&doc);
    let current = versions
        .first()
        .cloned()
        .or_else(|| version::from_changelog(&doc));
    let named = version::file_name_binding(&doc);
    let log = changelog::read(&doc);
    let (old, new, current) = match (&current, &level, &named) {
        (Some(c), _, _) => {
            let old = c
                .version
                .clone()
                .map_err(|why| format!("{path}:{}: {why}", c.line))?;
            let new = next_version(&old, &level)
                .ok_or_else(|| format!("{path}: version {old} cannot be bumped any further"))?;
            if let Level::Set(to) = &level {
                let has_entry = log.entry(to).is_some_and(|e| !e.is_empty());
                if to < &old || (to == &old && has_entry) {
                    return Err(format!(
                        "{path} is at version {old}; --set {to} would not raise it (versions only increase): set a version above {old}"
                    ));
                }
            }
            (Some(old), new, c.clone())
        }
        (None, Level::Set(to), _) => {
            let raw = to.to_string();
            let c = VersionAt {
                raw: raw.clone(),
                line: 1,
                span: (0, 0),
                notation: version::Notation::FileName,
                version: Ok(to.clone()),
            };
            (None, to.clone(), c)
        }
        (None, _, Some(f)) => {
            let old = f
                .version
                .clone()
                .map_err(|why| format!("{path}: its file name's version: {why}"))?;
            let new = next_version(&old, &level)
                .ok_or_else(|| format!("{path}: version {old} cannot be bumped any further"))?;
            (Some(old), new, f.clone())
        }
        (None, _, None) => {
            return Err(format!(
                "{path} has no version to bump: give it its first one with `specmoor bump {path} --set 1.0.0 -m \"First versioned release\"` (or add `version: 0.1.0` to its front matter, or a `**Version:** 0.1.0` line under the title)"
            ));
        }
    };
    // every version is rewritten in place: each must be written literally on its
    // line (not a YAML escape, nor a quoted value folded over several lines)
    if let Some(v) = versions
        .iter()
        .find(|v| text.get(v.span.0..v.span.1) != Some(v.raw.as_str()))
    {
        return Err(format!(
            "{path}:{}: the version {:?} is not written literally on its line (a YAML escape, or a value over several lines), so it cannot be edited in place; write it as `version: {}` and run specmoor bump again",
            v.line, v.raw, old.as_ref().unwrap_or(&new)
        ));
    }
    // a version in the file name is not edited: the file must already be named so
    if let Some(f) = &named {
        if f.version.as_ref().ok() != Some(&new) {
            let to = version::renamed(path, &f.raw, &new);
            return Err(format!(
                "{path} carries its version in its file name ({}), which bump cannot rename: rename it first (`git mv {path} {to}`), then run `specmoor bump {to} --set {new} -m \"{message}\"`",
                f.raw
            ));
        }
    }
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };

    // 1. the changelog entry (computed on the original text, so spans stay valid)
    let entry_text = if breaking {
        format!("BREAKING: {message}")
    } else {
        message.to_string()
    };
    let edit = changelog_edit(&doc, &log, &current, &new, &entry_text, breaking, date, nl);

    // 2. apply edits from the end backwards: version spans, a first version, and the
    // inserted entry
    let mut edits: Vec<(usize, usize, String)> = versions
        .iter()
        .map(|v: &VersionAt| (v.span.0, v.span.1, styled(&v.raw, &new)))
        .collect();
    let first = if old.is_none() && named.is_none() {
        first_version(&doc, &new, nl)
    } else {
        None
    };
    // the entry first: at the same offset, the version line goes before it
    edits.push((edit.at, edit.at, edit.text.clone()));
    edits.extend(first.clone());
    edits.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    let mut out = text.to_string();
    for (a, b, t) in edits {
        out.replace_range(a..b, &t);
    }
    let mut at = edit_position(text, &versions, &new, edit.at);
    if let Some((a, _, t)) = &first {
        if *a <= edit.at {
            at += t.len();
        }
    }
    let entry_line = out[..out.len().min(at)].matches('\n').count() + 1 + edit.line_offset;
    Ok(Bumped {
        text: out,
        old,
        new,
        entry_line,
        form: edit.form,
    })
}

/// A first version, in the spec's notation: `version:` as the first key of its front
/// matter, else a `**Version:**` line under its H1 (at the top without one).
fn first_version(doc: &SpecDoc, v: &semver::Version, nl: &str) -> Option<(usize, usize, String)> {
    let text = &doc.text;
    if let Some((first, _)) = doc.front_lines {
        let at = after_line(text, first);
        return Some((at, at, format!("version: {v}{nl}")));
    }
    let line = format!("**Version:** {v}{nl}");
    let Some(h1) = doc.sections.iter().find(|s| s.level == 1) else {
        let sep = if text.is_empty() { "" } else { nl };
        return Some((0, 0, format!("{line}{sep}")));
    };
    let lines: Vec<&str> = text.lines().collect();
    let get = |l: usize| lines.get(l.wrapping_sub(1)).copied().unwrap_or("");
    // a setext heading's underline belongs to it
    let mut l = h1.line;
    if get(l + 1).trim_start().starts_with("==") {
        l += 1;
    }
    let at = after_line(text, l);
    let lead = if at == text.len() && !text.ends_with('\n') {
        format!("{nl}{nl}")
    } else {
        nl.to_string()
    };
    let trail = if get(l + 1).trim().is_empty() { "" } else { nl };
    Some((at, at, format!("{lead}{line}{trail}")))
}

/// Where the inserted text starts in the new document (version edits before it
/// shift it).
fn edit_position(text: &str, versions: &[VersionAt], new: &semver::Version, at: usize) -> usize {
    let mut pos = at as isize;
    for v in versions {
        if v.span.1 <= at {
            pos += styled(&v.raw, new).len() as isize - (v.span.1 - v.span.0) as isize;
        }
    }
    let _ = text;
    pos.max(0) as usize
}

struct Edit {
    /// Byte offset to insert at.
    at: usize,
    text: String,
    /// Lines from the insertion point to the entry itself.
    line_offset: usize,
    form: Form,
}

fn line_start(text: &str, line: usize) -> usize {
    crate::error::line_offset(text, line)
}

/// Byte offset just after 1-based `line` (including its line ending).
fn after_line(text: &str, line: usize) -> usize {
    line_start(text, line + 1)
}

/// Whether the entries are newest first (ambiguous: the form's usual order).
fn newest_first(log: &changelog::Changelog, form: Form) -> bool {
    let vs: Vec<&semver::Version> = log
        .entries
        .iter()
        .filter_map(|e| e.version.as_ref())
        .collect();
    match (vs.first(), vs.last()) {
        (Some(a), Some(b)) if a != b => a > b,
        _ => form != Form::Table,
    }
}

#[allow(clippy::too_many_arguments)]
fn changelog_edit(
    doc: &SpecDoc,
    log: &changelog::Changelog,
    current: &VersionAt,
    new: &semver::Version,
    entry: &str,
    breaking: bool,
    date: &str,
    nl: &str,
) -> Edit {
    let text = &doc.text;
    let lines: Vec<&str> = text.lines().collect();
    let get = |l: usize| lines.get(l.wrapping_sub(1)).copied().unwrap_or("");
    let written = |raw: &str| styled(raw, new);
    let newest = log
        .entries
        .first()
        .filter(|_| newest_first(log, log.form.unwrap_or(Form::Table)));
    let template = newest.or(log.entries.last());
    match (log.form, template) {
        (Some(Form::FrontMatter), Some(t)) => {
            // the item starts at `- version:` (or the `-` line before `version:`)
            let item_line = |l: usize| {
                if get(l).trim_start().starts_with('-') {
                    l
                } else {
                    l - 1
                }
            };
            let dash = get(item_line(t.line));
            let indent = &dash[..dash.len() - dash.trim_start().len()];
            let uses_breaking = doc
                .front
                .changelog
                .as_ref()
                .is_some_and(|v| v.iter().any(|e| !e.breaking.is_empty()));
            let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
            let mut item = format!(
                "{indent}- version: {}{nl}{indent}  date: {date}{nl}",
                written(&t.raw)
            );
            if breaking {
                item.push_str(&format!(
                    "{indent}  changes:{nl}{indent}    - {}{nl}",
                    q(entry.trim_start_matches("BREAKING: "))
                ));
                item.push_str(&format!(
                    "{indent}  breakingChanges:{nl}{indent}    - {}{nl}",
                    q(entry.trim_start_matches("BREAKING: "))
                ));
            } else {
                item.push_str(&format!(
                    "{indent}  changes:{nl}{indent}    - {}{nl}",
                    q(entry)
                ));
                if uses_breaking {
                    item.push_str(&format!("{indent}  breakingChanges: none{nl}"));
                }
            }
            let at = if newest.is_some() {
                line_start(text, item_line(log.entries[0].line))
            } else {
                let last = front_matter_key_lines(doc, &["changelog"])
                    .last()
                    .copied()
                    .unwrap_or(t.line);
                after_line(text, last)
            };
            Edit {
                at,
                text: item,
                line_offset: 0,
                form: Form::FrontMatter,
            }
        }
        (Some(Form::Table), Some(t)) => {
            let (sec_line, sec_end, _) = log.section.unwrap_or((t.line, t.line, 2));
            // header: the first table line of the section
            let header_line =
                (sec_line + 1..=sec_end).find(|l| get(*l).trim_start().starts_with('|'));
            let header: Vec<String> = header_line
                .map(|l| {
                    get(l)
                        .trim()
                        .trim_matches('|')
                        .split('|')
                        .map(|c| c.trim().to_ascii_lowercase())
                        .collect()
                })
                .unwrap_or_default();
            let ncols = header.len().max(2);
            let mut cells = vec![String::new(); ncols];
            let date_col = header.iter().position(|h| h.contains("date"));
            let text_col = header
                .iter()
                .position(|h| {
                    ["change", "description", "summary", "note", "what"]
                        .iter()
                        .any(|k| h.contains(k))
                })
                .unwrap_or(ncols - 1);
            cells[0] = written(&t.raw);
            if let Some(d) = date_col {
                cells[d] = date.to_string();
            }
            if text_col != 0 {
                cells[text_col] = entry.replace('|', "\\|");
            }
            for (i, h) in header.iter().enumerate() {
                if i != 0
                    && Some(i) != date_col
                    && i != text_col
                    && (h.contains("author") || h.contains("by"))
                {
                    cells[i] = "specmoor bump".into();
                }
            }
            let row = format!("| {} |{nl}", cells.join(" | "));
            let rows: Vec<usize> = log.entries.iter().map(|e| e.line).collect();
            let at = if newest.is_some() {
                line_start(text, rows[0])
            } else {
                // after the last table line that follows the last entry
                let mut l = *rows.last().unwrap_or(&t.line);
                while l < sec_end && get(l + 1).trim_start().starts_with('|') {
                    l += 1;
                }
                after_line(text, l)
            };
            let row = if at == text.len() && !text.ends_with('\n') {
                format!("{nl}{row}")
            } else {
                row
            };
            let offset =
                usize::from(row.starts_with(nl) && nl.len() <= row.len() && at == text.len());
            Edit {
                at,
                text: row,
                line_offset: offset,
                form: Form::Table,
            }
        }
        (Some(Form::List), Some(t)) => {
            let line = get(t.line);
            let paragraph =
                !line.trim_start().starts_with('>') && changelog::list_item(line).is_none();
            let (_, sec_end, _) = log.section.unwrap_or((t.line, t.line, 2));
            if paragraph {
                // a bold version opening a paragraph: `**v1.4.0** (date)` then its
                // items, or `**v1.3.0** (date): text` on one line
                let header = rewrite_entry_line(line, &t.raw, &written(&t.raw), date, None);
                let inline = rewrite_entry_line(line, &t.raw, &written(&t.raw), date, Some(entry));
                let block = if header_has_text(line, &t.raw) {
                    format!("{inline}{nl}")
                } else {
                    format!("{header}{nl}{nl}- {entry}{nl}")
                };
                let (at, block, offset) = if newest.is_some() {
                    (
                        line_start(text, log.entries[0].line),
                        format!("{block}{nl}"),
                        0,
                    )
                } else {
                    let mut l = sec_end;
                    while l > t.line && get(l).trim().is_empty() {
                        l -= 1;
                    }
                    let at = after_line(text, l);
                    let lead = if at == text.len() && !text.ends_with('\n') {
                        format!("{nl}{nl}")
                    } else {
                        nl.to_string()
                    };
                    let n = lead.matches('\n').count();
                    (at, format!("{lead}{block}"), n)
                };
                return Edit {
                    at,
                    text: block,
                    line_offset: offset,
                    form: Form::List,
                };
            }
            let rebuilt = rewrite_entry_line(line, &t.raw, &written(&t.raw), date, Some(entry));
            let at = if newest.is_some() {
                line_start(text, log.entries[0].line)
            } else {
                let mut l = t.line;
                while l < sec_end
                    && !get(l + 1).trim().is_empty()
                    && get(l + 1).starts_with([' ', '\t'])
                {
                    l += 1;
                }
                after_line(text, l)
            };
            let item = format!("{rebuilt}{nl}");
            let prefixed = at == text.len() && !text.ends_with('\n');
            let item = if prefixed {
                format!("{nl}{item}")
            } else {
                item
            };
            Edit {
                at,
                text: item,
                line_offset: usize::from(prefixed),
                form: Form::List,
            }
        }
        (Some(Form::Heading), Some(t)) => {
            let line = get(t.line);
            let heading = rewrite_entry_line(line, &t.raw, &written(&t.raw), date, None);
            let block = format!("{heading}{nl}{nl}- {entry}{nl}{nl}");
            let at = if newest.is_some() {
                line_start(text, log.entries[0].line)
            } else {
                let (_, sec_end, _) = log.section.unwrap_or((t.line, t.line, 2));
                after_line(text, sec_end)
            };
            let prefixed = at == text.len() && !text.ends_with('\n');
            let block = if prefixed {
                format!("{nl}{nl}{block}")
            } else {
                block
            };
            Edit {
                at,
                text: block,
                line_offset: if prefixed { 2 } else { 0 },
                form: Form::Heading,
            }
        }
        _ => {
            // no entries yet: a table, under the existing changelog heading or in a
            // new `## Changelog` section at the end
            let v = styled(&current.raw, new);
            let table = format!(
                "| Version | Date | Changes |{nl}|---|---|---|{nl}| {v} | {date} | {} |{nl}",
                entry.replace('|', "\\|")
            );
            match log.section {
                Some((l, _, _)) => Edit {
                    at: after_line(text, l),
                    text: format!("{nl}{table}"),
                    line_offset: 3,
                    form: Form::Table,
                },
                None => {
                    let sep = if text.is_empty() || text.ends_with(&format!("{nl}{nl}")) {
                        String::new()
                    } else if text.ends_with('\n') {
                        nl.to_string()
                    } else {
                        format!("{nl}{nl}")
                    };
                    Edit {
                        at: text.len(),
                        text: format!("{sep}## Changelog{nl}{nl}{table}"),
                        line_offset: sep.matches('\n').count() + 4,
                        form: Form::Table,
                    }
                }
            }
        }
    }
}

/// Whether an entry line says something after its version, markup and date
/// (`**v1.3.0** (2025-12-01): weekly`, not `**v1.4.0** (2026-01-02)`).
fn header_has_text(line: &str, raw: &str) -> bool {
    let Some(p) = line.find(raw) else {
        return false;
    };
    line[p + raw.len()..]
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| "*_`[]():-–—|,.".contains(c)))
        .any(|w| !w.is_empty() && !is_date(w))
}

/// Turn an existing entry line into the new entry: the version and date replaced,
/// and (for list items) the description replaced by `text`.
fn rewrite_entry_line(
    line: &str,
    old_raw: &str,
    new_raw: &str,
    date: &str,
    text: Option<&str>,
) -> String {
    let Some(vpos) = line.find(old_raw) else {
        return match text {
            Some(t) => format!("- {new_raw} ({date}): {t}"),
            None => format!("### {new_raw} - {date}"),
        };
    };
    let head = &line[..vpos];
    let rest = &line[vpos + old_raw.len()..];
    // the prefix after the version: markup, separators and a date
    let mut cut = 0;
    let b = rest.as_bytes();
    let mut saw_date = false;
    while cut < b.len() {
        let r = &rest[cut..];
        if !saw_date && r.get(..10).is_some_and(is_date) {
            saw_date = true;
            cut += 10;
            continue;
        }
        let c = r.chars().next().unwrap_or(' ');
        if " *_`[]():-–—|,".contains(c) {
            cut += c.len_utf8();
        } else {
            break;
        }
    }
    let mut sep = rest[..cut].to_string();
    if saw_date {
        // replace the old date with today's
        if let Some(i) =
            (0..sep.len().saturating_sub(9)).find(|&i| sep.get(i..i + 10).is_some_and(is_date))
        {
            sep.replace_range(i..i + 10, date);
        }
    }
    match text {
        Some(t) => {
            if sep.trim().is_empty() {
                sep = ": ".into();
            }
            // a bold run opened before the version and closed after the text
            // (`> - **v1.4.0: Added refunds**`) is closed again
            let close = if (head.matches("**").count() + sep.matches("**").count()) % 2 == 1 {
                "**"
            } else {
                ""
            };
            format!("{head}{new_raw}{sep}{t}{close}")
        }
        None => {
            let sep = if saw_date {
                sep.trim_end().to_string()
            } else {
                format!("{} - {date}", sep.trim_end())
            };
            format!("{head}{new_raw}{sep}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: &str = "2026-11-21";

    fn run(t: &str, level: Level, breaking: bool) -> Bumped {
        bump("s.md", t, level, "Added passkeys", breaking, D).unwrap()
    }

    #[test]
    fn dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_413), "2025-11-21");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn seed_table_two_part_version() {
        let t = "# Spec\n\n**Version:** 1.1\n\n## 9. Revision History\n\n| Version | Date | Changes |\n|---|---|---|\n| 1.0 | 2026-01-01 | First |\n| 1.1 | 2026-02-01 | Second |\n\n## After\n";
        let b = run(t, Level::Minor, false);
        assert_eq!(b.new.to_string(), "1.2.0");
        assert_eq!(
            b.text,
            t.replace("**Version:** 1.1", "**Version:** 1.2").replace(
                "| 1.1 | 2026-02-01 | Second |\n",
                "| 1.1 | 2026-02-01 | Second |\n| 1.2 | 2026-11-21 | Added passkeys |\n"
            )
        );
        assert_eq!(b.entry_line, 11);
    }

    #[test]
    fn front_matter_changelog_newest_first() {
        let t = "---\nversion: 1.1.0\nchangelog:\n  - version: 1.1.0\n    date: 2026-02-01\n    changes:\n      - b\n  - version: 1.0.0\n    changes: a\n---\n# S\n";
        let b = run(t, Level::Major, true);
        assert!(b.text.starts_with("---\nversion: 2.0.0\nchangelog:\n  - version: 2.0.0\n    date: 2026-11-21\n    changes:\n      - \"Added passkeys\"\n    breakingChanges:\n      - \"Added passkeys\"\n  - version: 1.1.0\n"), "{}", b.text);
        let log = changelog::read(&SpecDoc::parse("s.md", b.text.as_bytes()).unwrap());
        let e = log.entry(&b.new).unwrap();
        assert!(!e.is_empty());
        assert_eq!(e.breaking, ["Added passkeys"]);
    }

    #[test]
    fn list_and_heading_forms() {
        let t = "# S v1.0.0\n\n## Changelog\n\n- **1.0.0** (2026-01-01): first\n";
        let b = run(t, Level::Patch, false);
        assert_eq!(b.text, "# S v1.0.1\n\n## Changelog\n\n- **1.0.1** (2026-11-21): Added passkeys\n- **1.0.0** (2026-01-01): first\n");
        let t = "---\nversion: 0.3.0\n---\n# S\n\n## Change Log\n\n### 0.3.0 - 2026-01-01\n\n- x\n";
        let b = run(t, Level::Minor, false);
        assert_eq!(b.text, "---\nversion: 0.4.0\n---\n# S\n\n## Change Log\n\n### 0.4.0 - 2026-11-21\n\n- Added passkeys\n\n### 0.3.0 - 2026-01-01\n\n- x\n");
    }

    #[test]
    fn no_changelog_adds_a_section_and_keeps_crlf_and_bytes() {
        let t = "---\r\nversion: 1.0.0\r\n---\r\n# S\r\n\r\nBody\r\n";
        let b = run(t, Level::Minor, false);
        assert_eq!(b.text, "---\r\nversion: 1.1.0\r\n---\r\n# S\r\n\r\nBody\r\n\r\n## Changelog\r\n\r\n| Version | Date | Changes |\r\n|---|---|---|\r\n| 1.1.0 | 2026-11-21 | Added passkeys |\r\n");
        let lines: Vec<&str> = b.text.lines().collect();
        assert!(
            lines[b.entry_line - 1].contains("1.1.0"),
            "{}",
            b.entry_line
        );
    }

    fn set(p: &str, t: &str, v: &str) -> Result<Bumped, String> {
        let v = semver::Version::parse(v).unwrap();
        bump(p, t, Level::Set(v), "First versioned release", false, D)
    }

    #[test]
    fn set_writes_a_first_version_in_the_spec_notation() {
        let b = set("s.md", "---\nowns: [src/**]\n---\n# S\n\nBody.\n", "1.0.0").unwrap();
        assert_eq!(b.old, None);
        assert_eq!(b.text, "---\nversion: 1.0.0\nowns: [src/**]\n---\n# S\n\nBody.\n\n## Changelog\n\n| Version | Date | Changes |\n|---|---|---|\n| 1.0.0 | 2026-11-21 | First versioned release |\n");
        assert!(b
            .text
            .lines()
            .nth(b.entry_line - 1)
            .unwrap()
            .contains("1.0.0"));
        let b = set("s.md", "# S\nBody.\n", "1.0.0").unwrap();
        assert!(
            b.text.starts_with("# S\n\n**Version:** 1.0.0\n\nBody.\n"),
            "{}",
            b.text
        );
        assert!(b
            .text
            .lines()
            .nth(b.entry_line - 1)
            .unwrap()
            .contains("| 1.0.0 |"));
        let b = set("s.md", "# S", "1.0.0").unwrap();
        assert!(
            b.text.starts_with("# S\n\n**Version:** 1.0.0\n"),
            "{}",
            b.text
        );
        assert!(
            b.text
                .lines()
                .nth(b.entry_line - 1)
                .unwrap()
                .contains("| 1.0.0 |"),
            "{}",
            b.text
        );
        // equal: only the missing entry; equal with an entry, or lower: refused
        let t = "# S\n\n**Version:** 1.0.0\n";
        let b = set("s.md", t, "1.0.0").unwrap();
        assert!(b.text.starts_with(t) && b.text.contains("| 1.0.0 | 2026-11-21 |"));
        assert!(set("s.md", &b.text, "1.0.0").is_err());
        assert!(set("s.md", &b.text, "0.9.0").is_err());
        assert_eq!(
            set("s.md", &b.text, "1.2.0").unwrap().new.to_string(),
            "1.2.0"
        );
    }

    #[test]
    fn changelog_row_version_gets_a_new_row_and_file_names_are_not_renamed() {
        let t = "# S\n\n## Revision History\n\n| Version | Date | Changes |\n|---|---|---|\n| 0.1 | 2026-01-01 | First |\n";
        let b = run(t, Level::Minor, false);
        assert_eq!(
            b.text,
            format!("{t}| 0.2 | 2026-11-21 | Added passkeys |\n")
        );
        let err = bump("specs/SPEC-v1.2.0.md", t, Level::Minor, "x", false, D).unwrap_err();
        assert!(
            err.contains("git mv specs/SPEC-v1.2.0.md specs/SPEC-v0.2.0.md"),
            "{err}"
        );
        let b = set("specs/SPEC-v0.2.0.md", t, "0.2.0").unwrap();
        assert!(b.text.contains("| 0.2 | 2026-11-21 |"), "{}", b.text);
        assert!(
            !b.text.contains("**Version:**"),
            "the file name is the version"
        );
    }

    #[test]
    fn bold_paragraphs_and_blockquote_items() {
        let t =
            "# S\n\nVersion: 1.4.0\n\n## Revision History\n\n**v1.4.0** (2026-01-02)\n\n- Daily\n";
        let b = run(t, Level::Minor, false);
        assert!(
            b.text.contains(
                "## Revision History\n\n**v1.5.0** (2026-11-21)\n\n- Added passkeys\n\n**v1.4.0**"
            ),
            "{}",
            b.text
        );
        assert_eq!(b.entry_line, 7);
        let t = "# S\n\nVersion: 1.4.0\n\n## History\n\n**v1.4.0** (2026-01-02): daily\n";
        let b = run(t, Level::Minor, false);
        assert!(
            b.text
                .contains("**v1.5.0** (2026-11-21): Added passkeys\n\n**v1.4.0**"),
            "{}",
            b.text
        );
        let t = "# S\n\n> **Version:** 1.4.0\n> **Changelog:**\n> - **v1.4.0: Refunds**\n";
        let b = run(t, Level::Minor, false);
        assert!(
            b.text
                .contains("> - **v1.5.0: Added passkeys**\n> - **v1.4.0: Refunds**"),
            "{}",
            b.text
        );
    }

    #[test]
    fn errors() {
        assert!(bump("s.md", "# S\n", Level::Minor, "x", false, D).is_err());
        assert!(bump("s.md", "# S\nVersion: 1.x\n", Level::Minor, "x", false, D).is_err());
        assert!(bump(
            "s.md",
            "---\nversion: 1.0.0\n---\n",
            Level::Minor,
            " ",
            false,
            D
        )
        .is_err());
    }
}
