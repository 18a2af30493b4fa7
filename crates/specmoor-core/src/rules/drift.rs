//! SM001 drift: a changed path is owned by a spec (section) the changeset did not change.

use super::Context;
use crate::config::{Granularity, Require};
use crate::finding::Finding;
use crate::model::{display, Kind, Status};
use crate::specset::SpecUnit;
use bstr::ByteSlice;
use std::collections::BTreeMap;

/// One owner a changed path needs changed.
struct Need<'a> {
    unit: &'a SpecUnit,
    section: Option<String>,
    satisfied: bool,
    /// What made it the owner.
    via: Via,
    /// The existing path it owns, when it owns the changed path only as another
    /// spelling of it (specs/ownership.md OW-5).
    alias: Option<&'a [u8]>,
}

/// The spec each owner list names, looked up once per list (a check asks for the
/// owners of thousands of paths, each owned through several lists).
struct Units<'a, 'c> {
    ctx: &'a Context<'c>,
    of: Vec<std::cell::OnceCell<Option<&'a SpecUnit>>>,
}

impl<'a, 'c> Units<'a, 'c> {
    fn new(ctx: &'a Context<'c>) -> Units<'a, 'c> {
        Units {
            ctx,
            of: vec![std::cell::OnceCell::new(); ctx.owners.lists.len()],
        }
    }

    /// The spec owner list `li` names (`None`: no spec, SM011 reports it).
    fn get(&self, li: usize) -> Option<&'a SpecUnit> {
        *self.of[li].get_or_init(|| self.ctx.specs.unit(&self.ctx.owners.lists[li].0.spec))
    }
}

/// What made a spec (section) an owner of a changed path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Via {
    /// A requirement tag whose region the change touched (specs/tags.md TG-4):
    /// the touched tag of the path's [`crate::tags::FileTags`].
    Tag(crate::tags::Side, usize, u32),
    /// (list, pattern) of the ownership globs.
    Glob(usize, usize),
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    // looked up once per reported path: hashed (a tree of 40,000 paths at 20,000
    // renames cost more in comparisons than the rest of the rule)
    let mut status: foldhash::HashMap<&[u8], Status> = foldhash::HashMap::default();
    status.reserve(ctx.changes.len());
    for c in ctx.changes {
        for p in c.paths() {
            let s = match (c.status, c.old.as_ref().map(|e| e.path.as_slice())) {
                (Status::Renamed, Some(old)) if old == p.as_ref() as &[u8] => Status::Deleted,
                (Status::Renamed, _) => Status::Added,
                (s, _) => s,
            };
            status.insert(p, s);
        }
    }
    // pure moves (identical content and kind): each path with the other one
    let mut moved: foldhash::HashMap<&[u8], &[u8]> = foldhash::HashMap::default();
    if ctx.config.moves_within_owner {
        for c in ctx.changes {
            if let (Status::Renamed, Some(o), Some(n)) = (c.status, &c.old, &c.new) {
                if o.id == n.id && o.kind == n.kind && o.path != n.path {
                    moved.insert(o.path.as_slice(), n.path.as_slice());
                    moved.insert(n.path.as_slice(), o.path.as_slice());
                }
            }
        }
    }
    let units = Units::new(ctx);
    let paths = ctx.code_paths();
    // a finding per path at most (with `require: any`): sized once, where growing by
    // doubling held both the old and the new buffer of 40,000 findings at the peak
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let mut needs = needs(ctx, &units, path);
        if needs.is_empty() {
            continue;
        }
        if ctx.config.ignore_whitespace
            && ctx
                .whitespace_only
                .binary_search_by(|p| p.as_slice().cmp(path.as_ref()))
                .is_ok()
        {
            continue; // specs/rules.md RU-2: whitespace-only
        }
        if let Some(other) = moved.get(path.as_ref() as &[u8]) {
            // a move keeps what an owner of both ends owns; the other owners still
            // need to change (a move across owners is drift)
            let theirs: Vec<_> = self::needs(ctx, &units, other.as_bstr())
                .iter()
                .map(|n| key(ctx, n))
                .collect();
            needs.retain(|n| !theirs.contains(&key(ctx, n)));
            if needs.is_empty() {
                continue;
            }
        }
        let verb = match status.get(path.as_ref() as &[u8]) {
            Some(Status::Added) => "was added",
            Some(Status::Deleted) => "was deleted",
            Some(Status::Conflicted) => "is conflicted",
            _ => "changed",
        };
        let path = display(path);
        // an added path that is another spelling of an owned one says which
        let verb = match needs.iter().find_map(|n| n.alias) {
            Some(a)
                if crate::glob::Fold { case: false, nfc: true }.path(a).as_ref()
                    == crate::glob::Fold { case: false, nfc: true }.path(path.as_bytes()).as_ref() =>
            {
                format!(
                    "{verb}, which a Unicode-normalising checkout writes as the existing {} (the same name in another Unicode normalisation form: the same file),",
                    display(a)
                )
            }
            Some(a) => format!(
                "{verb}, which a case-insensitive or Unicode-normalising checkout writes as {} (the same file),",
                display(a)
            ),
            None => verb.to_string(),
        };
        let verb = verb.as_str();
        match ctx.config.require {
            Require::Any => {
                if needs.iter().any(|n| n.satisfied) {
                    continue;
                }
                let first = &needs[0];
                let message = if needs.len() == 1 {
                    one_message(ctx, &path, verb, first)
                } else {
                    let all: Vec<String> = needs.iter().map(|n| address(n)).collect();
                    let more = if all.len() > LISTED {
                        format!("; `specmoor owners {path}` lists them all")
                    } else {
                        String::new()
                    };
                    format!(
                        "{path} {verb} but none of its {} owning specs did ({}): update at least one of them in the same change to describe it, or waive with `Specmoor-Waive: SM001 <reason>`{more}",
                        needs.len(),
                        summarise(&all)
                    )
                };
                out.push(finding(ctx, &path, first, message));
            }
            Require::All => {
                for n in needs.iter().filter(|n| !n.satisfied) {
                    let mut message = one_message(ctx, &path, verb, n);
                    if needs.len() > 1 {
                        message.push_str(" (drift.require: all — every owner must change)");
                    }
                    out.push(finding(ctx, &path, n, message));
                }
            }
        }
    }
    out
}

/// What identifies an owner for a move: the spec, and the section when drift is
/// judged per section.
fn key(ctx: &Context, n: &Need) -> (String, Option<String>) {
    let section = match ctx.config.granularity {
        Granularity::Section => n.section.clone(),
        Granularity::Spec => None,
    };
    (n.unit.id.clone(), section)
}

/// Modified code paths SM001 reports on `ctx` (sorted): the only ones whose blobs the
/// engine reads to tell whether their change is whitespace-only.
pub fn whitespace_candidates(ctx: &Context) -> Vec<bstr::BString> {
    let modified: std::collections::BTreeSet<&[u8]> = ctx
        .changes
        .iter()
        .filter(|c| c.status == Status::Modified)
        .filter_map(|c| match (&c.old, &c.new) {
            // files and executables only: a symlink's target or a submodule's commit is
            // not text whose whitespace could be insignificant
            (Some(o), Some(n))
                if o.path == n.path
                    && o.kind == n.kind
                    && matches!(n.kind, Kind::File | Kind::Executable) =>
            {
                Some(n.path.as_slice())
            }
            _ => None,
        })
        .collect();
    if modified.is_empty() {
        return Vec::new(); // renames, additions and deletions only
    }
    // the paths `check` reports, without writing its findings: a modified path is
    // never one end of a move, and a finding names its path as text (`display`)
    let units = Units::new(ctx);
    ctx.code_paths()
        .into_iter()
        .filter(|p| modified.contains(p.as_ref() as &[u8]) && p.to_str().is_ok())
        .filter(|p| {
            let needs = needs(ctx, &units, p);
            !needs.is_empty()
                && match ctx.config.require {
                    Require::Any => !needs.iter().any(|n| n.satisfied),
                    Require::All => needs.iter().any(|n| !n.satisfied),
                }
        })
        .map(|p| bstr::BString::from(p.as_ref() as &[u8]))
        .collect()
}

/// Whether `new` differs from `old` only in whitespace a reader does not see as
/// content: trailing whitespace, line endings, blank lines, and the width of a run of
/// whitespace between two words of a line. Indentation is compared as written (it is
/// meaning in Python, YAML and Makefiles), a line split or joined is a change, and a
/// file with a NUL byte (binary) is never whitespace-only.
pub fn whitespace_only(old: &[u8], new: &[u8]) -> bool {
    if old == new || old.contains(&0) || new.contains(&0) {
        return false;
    }
    content_lines(old).eq(content_lines(new))
}

/// What [`whitespace_only`] compares of a text: its lines that are not blank, each
/// as its indentation and its words.
fn content_lines(b: &[u8]) -> impl Iterator<Item = (&[u8], Vec<&[u8]>)> {
    b.split(|&c| c == b'\n').filter_map(|l| {
        let indent = l.iter().take_while(|c| **c == b' ' || **c == b'\t').count();
        let (indent, rest) = l.split_at(indent);
        let words: Vec<&[u8]> = rest
            .split(|c| c.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        (!words.is_empty()).then_some((indent, words))
    })
}

/// The SHA-256 of what [`whitespace_only`] compares of a blob, in an encoding that
/// tells every two different contents apart (each part preceded by its length), or
/// `None` for a blob with a NUL byte (never whitespace-only). So for two blobs with
/// different ids, `whitespace_only(a, b)` is `whitespace_digest(a) ==
/// whitespace_digest(b)` with both `Some` (a test checks it): a digest cached by blob
/// id decides a change without reading either blob (specs/rules.md RU-2).
pub fn whitespace_digest(b: &[u8]) -> Option<[u8; 32]> {
    use sha2::Digest;
    if b.contains(&0) {
        return None;
    }
    let mut h = sha2::Sha256::new();
    h.update(b"specmoor whitespace form 1\0");
    let len = |n: usize| (n as u64).to_le_bytes();
    for (indent, words) in content_lines(b) {
        h.update(len(indent.len()));
        h.update(indent);
        h.update(len(words.len()));
        for w in words {
            h.update(len(w.len()));
            h.update(w);
        }
    }
    Some(h.finalize().into())
}

/// How many owners a message names before it summarises the rest.
const LISTED: usize = 3;

/// `a, b, c`, or `a, b, c and 13 more` past [`LISTED`] names.
fn summarise(all: &[String]) -> String {
    if all.len() <= LISTED {
        all.join(", ")
    } else {
        format!(
            "{} and {} more",
            all[..LISTED].join(", "),
            all.len() - LISTED
        )
    }
}

fn address(n: &Need) -> String {
    match &n.section {
        Some(s) => format!("{}#{}", n.unit.id, s),
        None => n.unit.id.clone(),
    }
}

fn one_message(ctx: &Context, path: &str, verb: &str, n: &Need) -> String {
    let (li, pi) = match n.via {
        Via::Glob(li, pi) => (li, pi),
        Via::Tag(side, i, line) => return tag_message(ctx, path, verb, n, side, i, line),
    };
    let (_, pats) = &ctx.owners.lists[li];
    let pat = &pats[pi];
    let section_title = |s: &str| {
        n.unit
            .section(s)
            .map(|(_, sec)| format!(" (\"{}\")", sec.title))
            .unwrap_or_default()
    };
    let (what, target) = match &n.section {
        Some(s) if ctx.config.granularity == Granularity::Section => (
            format!("section {s}{} of {}", section_title(s), n.unit.id),
            format!("{}#{s}", n.unit.id),
        ),
        Some(s) => (
            format!("its spec {}", n.unit.id),
            format!(
                "{} (section {s}{} owns this path)",
                n.unit.id,
                section_title(s)
            ),
        ),
        None => (format!("its spec {}", n.unit.id), n.unit.id.clone()),
    };
    format!(
        "{path} {verb} but {what} did not: update {target} in the same change to describe it, or waive with `Specmoor-Waive: SM001 <reason>` (owned via `{}` at {})",
        pat.text, pat.origin
    )
}

/// The tag a [`Via::Tag`] names.
fn via_tag<'a>(
    ctx: &'a Context,
    path: &str,
    side: crate::tags::Side,
    i: usize,
) -> Option<&'a crate::tags::Tag> {
    let f = ctx.tags.file(path.as_bytes())?;
    match side {
        crate::tags::Side::Old => f.old.get(i),
        crate::tags::Side::New => f.new.get(i),
    }
}

/// SM001 through a tag (specs/tags.md TG-4): the changed line, the tag and its line,
/// the section.
fn tag_message(
    ctx: &Context,
    path: &str,
    verb: &str,
    n: &Need,
    side: crate::tags::Side,
    i: usize,
    line: u32,
) -> String {
    let Some(tag) = via_tag(ctx, path, side, i) else {
        return format!("{path} {verb}");
    };
    let s = n.section.as_deref().unwrap_or_default();
    let title = n
        .unit
        .section(s)
        .map(|(_, sec)| format!(" (\"{}\")", sec.title))
        .unwrap_or_default();
    let at_base = if side == crate::tags::Side::Old {
        " at base"
    } else {
        ""
    };
    let what = match verb {
        "changed" => format!("{path}:{line}{at_base} changed"),
        v => format!("{path} {v}"),
    };
    let (owned, update) = if ctx.config.granularity == Granularity::Section {
        (
            format!(
                "owned by section {s}{title} of {}, which this change did not touch",
                n.unit.id
            ),
            format!("{}#{s}", n.unit.id),
        )
    } else {
        (
            format!(
                "owned by {}#{s}{title}, whose spec this change did not touch",
                n.unit.id
            ),
            n.unit.id.clone(),
        )
    };
    format!(
        "{what}; tagged `{}` (line {}{at_base}), {owned}: update {update} in the same change to describe it, or waive with `Specmoor-Waive: SM001 <reason>`",
        tag.text, tag.line
    )
}

fn finding(ctx: &Context, path: &str, n: &Need, message: String) -> Finding {
    if let Via::Tag(side, i, _) = n.via {
        // the tag line in the code file (at head: a snippet can show it)
        let tag = via_tag(ctx, path, side, i);
        return Finding {
            path: Some(path.to_string()),
            spec: Some(n.unit.id.clone()),
            section: n.section.clone(),
            line: tag.map(|t| t.line as usize),
            line_file: (side == crate::tags::Side::New).then(|| path.to_string()),
            ..Finding::new(crate::codes::RuleCode::Drift, message)
        };
    }
    let Via::Glob(li, pi) = n.via else {
        unreachable!()
    };
    let (_, pats) = &ctx.owners.lists[li];
    let origin = &pats[pi].origin;
    // point at the section heading, else the owning glob in the spec, else its title
    let (line_file, line) = match n.section.as_deref().and_then(|s| n.unit.section(s)) {
        Some((doc, sec)) => (Some(doc.path.clone()), Some(sec.line)),
        None if n.unit.docs.iter().any(|d| d.path == origin.file) => {
            (Some(origin.file.clone()), Some(origin.line))
        }
        None => match n.unit.title_line() {
            Some((doc, l)) => (Some(doc.path.clone()), Some(l)),
            None => (None, None),
        },
    };
    Finding {
        path: Some(path.to_string()),
        spec: Some(n.unit.id.clone()),
        section: n.section.clone(),
        line,
        line_file,
        ..Finding::new(crate::codes::RuleCode::Drift, message)
    }
}

/// The owners `path` needs changed, one per spec (or per section with section
/// granularity), in a stable order.
fn needs<'a>(ctx: &'a Context, units: &Units<'a, '_>, path: &[u8]) -> Vec<Need<'a>> {
    // spec → (its unit, section owners, whole-spec owner)
    type PerSpec<'u> = (&'u SpecUnit, Vec<(String, Via)>, Option<Via>);
    let mut per_spec: BTreeMap<&str, PerSpec> = BTreeMap::new();
    let mut alias_of: BTreeMap<&str, &[u8]> = BTreeMap::new();
    // the path's own owners, then those of the existing paths it is another
    // spelling of (sorted by added path)
    let start = ctx.aliases.partition_point(|(p, _)| p.as_slice() < path);
    let aliases = ctx.aliases[start..]
        .iter()
        .take_while(|(p, _)| p.as_slice() == path)
        .map(|(_, a)| a.as_slice());
    let hits = ctx
        .owners
        .matches(path)
        .into_iter()
        .map(|h| (h, None))
        .chain(aliases.flat_map(|a| ctx.owners.matches(a).into_iter().map(move |h| (h, Some(a)))));
    for ((li, pi), alias) in hits {
        let target = &ctx.owners.lists[li].0;
        let Some(unit) = units.get(li) else {
            continue; // names no spec: SM011 reports it
        };
        if !unit.exists() && !unit.touched {
            continue;
        }
        if let Some(a) = alias {
            if per_spec.contains_key(unit.id.as_str()) && !alias_of.contains_key(unit.id.as_str()) {
                continue; // it owns the path itself
            }
            alias_of.entry(unit.id.as_str()).or_insert(a);
        }
        let entry = per_spec
            .entry(unit.id.as_str())
            .or_insert_with(|| (unit, Vec::new(), None));
        match &target.section {
            Some(s) if unit.section(s).is_some() || unit.touched_sections.contains(s) => {
                entry.1.push((s.clone(), Via::Glob(li, pi)));
            }
            // a section that does not exist: fall back to the whole spec (SM011 says so)
            _ => {
                entry.2.get_or_insert(Via::Glob(li, pi));
            }
        }
    }
    // the requirements whose tagged regions the change touched (specs/tags.md TG-4)
    if let Some(ft) = ctx.tags.file(path) {
        for t in &ft.touched {
            let tag = ft.tag(t);
            let crate::tags::Resolved::One(owner) = ctx.tags.owner(&tag.target) else {
                continue; // SM015 and SM016 report it
            };
            let (Some(unit), Some(s)) = (ctx.specs.unit(&owner.spec), owner.section.as_ref())
            else {
                continue;
            };
            per_spec
                .entry(unit.id.as_str())
                .or_insert_with(|| (unit, Vec::new(), None))
                .1
                .push((s.clone(), Via::Tag(t.side, t.tag, t.line)));
        }
    }
    let mut out = Vec::new();
    for (spec, (unit, mut sections, whole)) in per_spec {
        sections.sort();
        sections.dedup_by(|a, b| a.0 == b.0);
        if sections.is_empty() {
            out.push(Need {
                unit,
                section: None,
                satisfied: changed(unit),
                via: whole.expect("whole-spec owner"),
                alias: alias_of.get(spec).copied(),
            });
        } else if ctx.config.granularity == Granularity::Section {
            // a section owner is more specific than the whole-spec owner
            for (s, via) in sections {
                out.push(Need {
                    satisfied: unit.touched_sections.contains(&s)
                        || unit.amended_sections.contains(&s)
                        || crate::tags::item_touched(unit, &s),
                    unit,
                    section: Some(s),
                    via,
                    alias: alias_of.get(spec).copied(),
                });
            }
        } else {
            // a tag says more (the line) than a glob
            let first = sections
                .iter()
                .position(|(_, v)| matches!(v, Via::Tag(..)))
                .unwrap_or(0);
            let (s, via) = sections.swap_remove(first);
            out.push(Need {
                unit,
                section: Some(s),
                satisfied: changed(unit),
                via,
                alias: alias_of.get(spec).copied(),
            });
        }
    }
    out
}

/// The spec changed, or a change proposal amending it did (specs/ownership.md OW-6).
fn changed(unit: &crate::specset::SpecUnit) -> bool {
    unit.touched || !unit.amended_by.is_empty()
}

/// The rule, as the registry runs it.
pub struct Drift;

impl super::Rule for Drift {
    fn code(&self) -> crate::codes::RuleCode {
        crate::codes::RuleCode::Drift
    }

    fn needs(&self) -> super::Needs {
        super::Needs {
            whitespace: true,
            tags: true,
            ..Default::default()
        }
    }

    fn check(&self, ctx: &Context) -> Vec<Finding> {
        check(ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::{whitespace_digest, whitespace_only};
    use proptest::prelude::*;

    /// Texts made of a few words, spaces, tabs, line ends and the odd NUL: close
    /// enough to each other that many pairs are whitespace-only.
    fn text() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            prop_oneof![
                Just(&b"a"[..]),
                Just(&b"bc"[..]),
                Just(&b" "[..]),
                Just(&b"  "[..]),
                Just(&b"\t"[..]),
                Just(&b"\n"[..]),
                Just(&b"\r\n"[..]),
                Just(&b"\0"[..]),
            ],
            0..12,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        /// The cached digest decides exactly what comparing the two blobs decides.
        #[test]
        fn the_digest_decides_as_the_comparison_does(a in text(), b in text()) {
            let by_digest = a != b
                && whitespace_digest(&a).is_some()
                && whitespace_digest(&a) == whitespace_digest(&b);
            prop_assert_eq!(whitespace_only(&a, &b), by_digest);
        }
    }

    #[test]
    fn the_digest_tells_words_apart_from_their_spacing() {
        // the same bytes split into other words, lines or indentation differ
        let pairs = [("ab c\n", "a bc\n"), (" a\n", "a\n"), ("a\nb\n", "a b\n")];
        for (x, y) in pairs {
            assert_ne!(
                whitespace_digest(x.as_bytes()),
                whitespace_digest(y.as_bytes())
            );
        }
        assert_eq!(whitespace_digest(b"a \0"), None);
    }

    #[test]
    fn whitespace_only_changes() {
        let yes = [
            (
                "fn a() {\n    let x =  1;\n}\n",
                "fn a() {\n    let x = 1;   \n}\n",
            ),
            ("a b\n", "a b\r\n"),
            ("a\nb\n", "a\n\n\nb"),
            ("x\tif y:\n", "x if y:\n"),
        ];
        for (a, b) in yes {
            assert!(whitespace_only(a.as_bytes(), b.as_bytes()), "{a:?} {b:?}");
        }
        let no = [
            ("a\n", "a\n"),
            ("if x:\n    y()\nz()\n", "if x:\n    y()\n    z()\n"),
            ("f(a, b)\n", "f(a,\n  b)\n"),
            ("a=b\n", "a = b\n"),
            ("return x\n", "returnx\n"),
            ("\tx\n", "    x\n"),
            ("a \0 b", "a  \0 b"),
        ];
        for (a, b) in no {
            assert!(!whitespace_only(a.as_bytes(), b.as_bytes()), "{a:?} {b:?}");
        }
    }
}
