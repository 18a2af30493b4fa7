//! Reading requirement tags from blobs (specs/tags.md): the shell side of
//! [`crate::tags`]. A blob's tags are computed in one place,
//! [`crate::tagtree::Facts::of`], so the cache of them by blob id sits behind it.

use crate::error::Result;
use crate::git::{At, Repo};
use crate::tags::{self, Tag, TagSyntax};
use rayon::prelude::*;

/// Whether tags are read from `path` (specs/tags.md TG-1): code only, never a spec,
/// an ignored path or one that is not code (`not_code`).
fn is_code(lists: &Lists, path: &[u8]) -> bool {
    !lists.specs.is_spec_path(path)
        && !lists.ignore.is_match(path)
        && !lists.not_code.is_match(path)
}

/// What tells code from the rest.
struct Lists<'a> {
    specs: &'a crate::specset::SpecSet,
    ignore: &'a crate::glob::Lists<()>,
    not_code: &'a crate::glob::Lists<()>,
}

/// A side of a changed file read now: its bytes and its tags.
type Side<'b> = (&'b [u8], &'b [Tag]);

/// What a check needs to know about tags (specs/tags.md TG-4, TG-6): the tags of
/// every changed code file at both sides and the regions the change touched (blobs
/// read in parallel), what each resolves to at head (every spec is read once any
/// file has a tag), and, when the change removes or renames a requirement, the tags
/// at head that still name it (a scan of every code file at head).
pub fn gather(
    repo: &Repo,
    config: &crate::config::Config,
    cs: &crate::git::Changeset,
    specs: &mut crate::specset::SpecSet,
    ignore: &crate::glob::Lists<()>,
    not_code: &crate::glob::Lists<()>,
    cache: &mut crate::tagtree::FactsCache,
) -> Result<tags::TagFacts> {
    use crate::model::{Kind, Status};
    let syntax = cache.syntax().clone();
    if !syntax.enabled() {
        return Ok(tags::TagFacts::default());
    }
    let is_file = |e: &&crate::model::Entry| matches!(e.kind, Kind::File | Kind::Executable);
    // (path, old entry, new entry) of each changed code path
    type Sides<'c> = (
        &'c [u8],
        Option<&'c crate::model::Entry>,
        Option<&'c crate::model::Entry>,
    );
    let mut sides: Vec<Sides> = Vec::new();
    let lists = Lists {
        specs,
        ignore,
        not_code,
    };
    let loaded = &lists;
    for c in &cs.changes {
        if c.status == Status::Conflicted {
            continue;
        }
        let old = c.old.as_ref().filter(is_file);
        let new = c.new.as_ref().filter(is_file);
        match (old, new) {
            (Some(o), Some(n)) if o.path == n.path => {
                if is_code(loaded, &n.path) {
                    sides.push((&n.path, Some(o), Some(n)));
                }
            }
            _ => {
                // a rename is a deletion and an addition, as SM001 judges it
                if let Some(o) = old.filter(|o| is_code(loaded, &o.path)) {
                    sides.push((&o.path, Some(o), None));
                }
                if let Some(n) = new.filter(|n| is_code(loaded, &n.path)) {
                    sides.push((&n.path, None, Some(n)));
                }
            }
        }
    }
    // a file whose sides the cache knows to carry no tag is not read (most files)
    // (looked up once: the whitespace-only check asks for the same blobs next)
    // each blob once (an exact rename has the same blob at both ends), in the
    // order of the records, so that neighbouring lookups share pages
    let mut ids: Vec<gix::ObjectId> = sides
        .iter()
        .flat_map(|(_, o, n)| [o.map(|e| e.id), n.map(|e| e.id)])
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    cache.look_up(&ids);
    let known = &*cache;
    let tag_free = |e: Option<&crate::model::Entry>| {
        e.is_none_or(|e| known.get(&e.id).is_some_and(|f| f.tags.is_empty()))
    };
    let read: Vec<bool> = sides
        .iter()
        .map(|(_, o, n)| !(tag_free(*o) && tag_free(*n)))
        .collect();
    let sides: Vec<Sides> = sides
        .into_iter()
        .zip(read)
        .filter(|(_, r)| *r)
        .map(|(s, _)| s)
        .collect();
    let mut files: Vec<tags::FileTags> = Vec::new();
    for chunk in sides.chunks(128) {
        let mut items: Vec<(gix::ObjectId, At)> = Vec::new();
        for (_, o, n) in chunk {
            if let Some(o) = o {
                items.push((o.id, At::new(&o.path, cs.base)));
            }
            if let Some(n) = n {
                items.push((n.id, At::new(&n.path, cs.head)));
            }
        }
        let (blobs, facts) = cache.read(repo, &items)?;
        // each side's bytes and tags
        let mut read = blobs.iter().zip(&facts);
        let mut side = |e: Option<&crate::model::Entry>| {
            e.and_then(|_| read.next())
                .map(|(b, f)| (b.as_slice(), f.tags.as_slice()))
        };
        let pairs: Vec<(&[u8], Option<Side>, Option<Side>)> = chunk
            .iter()
            .map(|(path, o, n)| (*path, side(*o), side(*n)))
            .collect();
        let ignore_whitespace = config.ignore_whitespace;
        files.extend(
            pairs
                .par_iter()
                .filter(|(_, o, n)| {
                    o.is_some_and(|s| !s.1.is_empty()) || n.is_some_and(|s| !s.1.is_empty())
                })
                .map(|(path, o, n)| tags::FileTags {
                    path: (*path).into(),
                    old: o.map(|s| s.1.to_vec()).unwrap_or_default(),
                    new: n.map(|s| s.1.to_vec()).unwrap_or_default(),
                    touched: tags::touched(*o, *n, ignore_whitespace),
                })
                .collect::<Vec<_>>(),
        );
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let removed =
        if config.severity(crate::codes::RuleCode::DanglingTag) != crate::codes::Severity::Off {
            crate::rules::dangling_tag::removed_requirements(specs)
        } else {
            Vec::new()
        };
    if files.is_empty() && removed.is_empty() {
        return Ok(tags::TagFacts::default());
    }
    // a tag may name a requirement of any spec
    let head = cs.head;
    specs.ensure_all(
        &|docs| {
            let items: Vec<(gix::ObjectId, At)> = docs
                .iter()
                .map(|(p, id)| (*id, At::new(p.as_bytes(), head)))
                .collect();
            repo.blobs(&items)
        },
        config,
    )?;
    let mut naming_removed: Vec<(gix::bstr::BString, Tag)> = Vec::new();
    if !removed.is_empty() {
        // every code file at head: the tags still naming a removed requirement
        let t = crate::timing::phase("tags at head naming removed requirements (SM015)");
        let all = repo.files(head, None)?;
        let lists = Lists {
            specs,
            ignore,
            not_code,
        };
        let code: Vec<&crate::model::Entry> = all
            .iter()
            .filter(|e| matches!(e.kind, Kind::File | Kind::Executable))
            .filter(|e| is_code(&lists, &e.path))
            .collect();
        let items: Vec<(gix::ObjectId, At)> = code
            .iter()
            .map(|e| (e.id, At::new(&e.path, head)))
            .collect();
        cache.load_stored();
        let found = crate::tagtree::tags_cached(repo, cache, &items)?;
        for (e, tags) in code.iter().zip(found) {
            for tag in tags {
                if removed
                    .iter()
                    .any(|(u, id)| crate::rules::dangling_tag::names(specs, &tag, u, id))
                {
                    naming_removed.push((e.path.clone(), tag));
                }
            }
        }
        t.done();
    }
    let resolved = tags::resolve_many(
        files
            .iter()
            .flat_map(|f| f.old.iter().chain(f.new.iter()))
            .chain(naming_removed.iter().map(|(_, t)| t))
            .map(|t| &t.target),
        specs,
    );
    Ok(tags::TagFacts {
        files,
        naming_removed,
        resolved,
    })
}

/// The text at head of the code files findings point into at a tag line, so the
/// human report can show the line (specs/tags.md TG-4).
pub fn sources(
    repo: &Repo,
    head: Option<gix::ObjectId>,
    report: &crate::finding::Report,
) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for f in &report.findings {
        use crate::codes::RuleCode::*;
        if !matches!(f.code, Drift | StaleTag | DanglingTag | AmbiguousTag) {
            continue;
        }
        let (Some(file), Some(path)) = (&f.line_file, &f.path) else {
            continue;
        };
        if file != path || report.sources.contains_key(file) || !seen.insert(file.clone()) {
            continue;
        }
        if let Some(bytes) = repo.read_path(head, file)? {
            if !tags::is_binary(&bytes) {
                out.push((file.clone(), String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    Ok(out)
}

/// A tag owning a path, or a line of it, for `owners` (specs/tags.md TG-7).
#[derive(Debug, Clone, serde::Serialize)]
pub struct TagOwner {
    /// The owner's address (`specs/auth.md#FR-1`); `None` when the tag names no
    /// requirement or several.
    pub owner: Option<String>,
    /// The tag as written.
    pub tag: String,
    /// Its line and its region's lines.
    pub line: u32,
    pub start: u32,
    pub end: u32,
    /// The specs an ambiguous tag's ID is a requirement of.
    pub candidates: Vec<String>,
}

/// The tags owning `path` in the index (every tag, or those whose regions hold
/// `line`), resolved against the loaded specs.
pub fn owners(
    repo: &Repo,
    config: &crate::config::Config,
    specs: &crate::specset::SpecSet,
    ignore: &crate::glob::Lists<()>,
    not_code: &crate::glob::Lists<()>,
    path: &str,
    line: Option<u32>,
) -> Result<Vec<TagOwner>> {
    let syntax = TagSyntax::new(&config.tags)?;
    let lists = Lists {
        specs,
        ignore,
        not_code,
    };
    if !syntax.enabled() || !is_code(&lists, path.as_bytes()) {
        return Ok(Vec::new());
    }
    let Some(bytes) = repo.read_path(None, path)? else {
        return Ok(Vec::new());
    };
    let found: Vec<Tag> = tags::scan(&syntax, &bytes)
        .into_iter()
        .filter(|t| line.is_none_or(|l| t.owns(l)))
        .collect();
    let resolved = tags::resolve_many(found.iter().map(|t| &t.target), specs);
    Ok(found
        .iter()
        .map(|t| {
            let (owner, candidates) = match resolved.get(&t.target) {
                Some(tags::Resolved::One(o)) => (Some(o.address()), Vec::new()),
                Some(tags::Resolved::Ambiguous(c)) => (None, c.clone()),
                _ => (None, Vec::new()),
            };
            TagOwner {
                owner,
                tag: t.text.clone(),
                line: t.line,
                start: t.start,
                end: t.end,
                candidates,
            }
        })
        .collect())
}
