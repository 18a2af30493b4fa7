//! Which files of a changeset are generated, and which unchanged generated files a
//! changed spec may have left stale. Reads blobs and `.gitattributes`; the decisions
//! are the rules'.

use crate::config::Config;
use crate::error::{Fatal, FatalKind, Result};
use crate::generated::{self, GenFile, Marker};
use crate::git::{At, Changeset, Repo, Unreadable};
use crate::glob::{Lists, Origin, Pattern};
use crate::model::{display, FileChange, Kind, Status};
use crate::specset::{OwnerTarget, SpecSet};
use gix::bstr::{BString, ByteSlice};
use gix::ObjectId;
use std::collections::{BTreeMap, BTreeSet};

/// Compiled config `generated:` entries.
pub struct GeneratedConfig {
    paths: Lists<usize>,
    inputs: Vec<Lists<()>>,
}

impl GeneratedConfig {
    pub fn new(config: &Config) -> Result<GeneratedConfig> {
        let err = |e: crate::glob::GlobError| -> Box<Fatal> {
            Fatal::new(
                FatalKind::Config,
                format!("invalid glob in `generated`: {}", e.message),
            )
            .into()
        };
        let paths = Lists::new(
            config
                .generated
                .iter()
                .enumerate()
                .map(|(i, g)| (i, g.paths.clone()))
                .collect(),
        )
        .map_err(err)?;
        let inputs = config
            .generated
            .iter()
            .map(|g| Lists::new(vec![((), g.inputs.clone())]))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(err)?;
        Ok(GeneratedConfig { paths, inputs })
    }

    /// The first config entry whose paths match.
    pub fn entry(&self, path: &[u8]) -> Option<usize> {
        self.paths
            .matches(path)
            .first()
            .map(|(li, _)| self.paths.lists[*li].0)
    }
}

/// Attributes (`linguist-generated`, ...) from the `.gitattributes` files that apply
/// to some paths, read at the head side: one list per attribute.
pub struct Attributes {
    lists: Option<Lists<()>>,
}

impl Attributes {
    /// The rules about `names` in the `.gitattributes` files above `paths` at `head`
    /// (looked up in `all_files` when that is the whole listing).
    pub fn load(
        repo: &Repo,
        head: Option<ObjectId>,
        paths: &[&[u8]],
        all_files: Option<&[crate::model::FileEntry]>,
        names: &[&str],
    ) -> Result<Attributes> {
        // every folder above a path (the root included), once
        let mut dirs: foldhash::HashSet<&[u8]> = foldhash::HashSet::default();
        dirs.insert(b"");
        let mut last: &[u8] = b"";
        for p in paths {
            let folder = &p[..p.iter().rposition(|c| *c == b'/').unwrap_or(0)];
            // the next path in the same folder adds no folder
            if folder == last || !dirs.insert(folder) {
                last = folder;
                continue;
            }
            last = folder;
            for (i, c) in folder.iter().enumerate() {
                if *c == b'/' {
                    dirs.insert(&folder[..i]);
                }
            }
        }
        // root first, deeper files later: later rules win (each folder's depth counted
        // once, not per comparison: a pull request's paths may be very deep)
        let depth = |d: &str| d.matches('/').count() + usize::from(!d.is_empty());
        // the listing, when whole, says which exist: only those folders are visited
        let existing: Vec<(String, ObjectId)> = match all_files {
            Some(files) => {
                let mut found: Vec<(String, ObjectId)> = files
                    .iter()
                    .filter(|f| matches!(f.kind, Kind::File | Kind::Executable))
                    .filter_map(|f| {
                        let d = match f.path.strip_suffix(b"/.gitattributes") {
                            Some(d) => d,
                            None if f.path == ".gitattributes" => &b""[..],
                            None => return None,
                        };
                        let d = std::str::from_utf8(d).ok().filter(|_| dirs.contains(d))?;
                        Some((d.to_string(), f.id))
                    })
                    .collect();
                found.sort_by_cached_key(|a| (depth(&a.0), a.0.clone()));
                found
            }
            None => Vec::new(),
        };
        let mut ordered: Vec<String> = match all_files {
            Some(_) => existing.iter().map(|(d, _)| d.clone()).collect(),
            None => dirs.into_iter().map(display).collect(),
        };
        ordered.sort_by_cached_key(|d| (depth(d), d.clone()));
        // one walk down the tree finds them all
        let mut read = match all_files {
            Some(_) => Default::default(),
            None => repo.read_in_folders(head, &ordered, ".gitattributes")?,
        };
        let mut pats: Vec<Vec<Pattern>> = vec![Vec::new(); names.len()];
        for (k, d) in ordered.into_iter().enumerate() {
            let file = if d.is_empty() {
                ".gitattributes".to_string()
            } else {
                format!("{d}/.gitattributes")
            };
            let bytes = match all_files {
                Some(_) => repo.blob(existing[k].1, At::new(file.as_bytes(), head))?,
                None => match read.remove(&d) {
                    Some(b) => b,
                    None => continue,
                },
            };
            let text = String::from_utf8_lossy(&bytes);
            for (name, pats) in names.iter().zip(pats.iter_mut()) {
                for r in generated::attribute_rules(&d, &file, &text, name) {
                    let text = if r.generated {
                        r.pattern
                    } else {
                        format!("!{}", r.pattern)
                    };
                    if crate::glob::validate(&text).is_ok() {
                        pats.push(Pattern::new(
                            text,
                            Origin {
                                file: r.file,
                                line: r.line,
                                column: 0,
                            },
                        ));
                    }
                }
            }
        }
        if pats.iter().all(|p| p.is_empty()) {
            return Ok(Attributes { lists: None });
        }
        let lists = Lists::new(pats.into_iter().map(|p| ((), p)).collect()).ok();
        Ok(Attributes { lists })
    }

    /// One list per attribute, `None` when no rule names any.
    pub fn into_lists(self) -> Option<Lists<()>> {
        self.lists
    }

    /// The rule that sets one of the attributes on `path`, if any.
    pub fn set(&self, path: &[u8]) -> Option<Origin> {
        let l = self.lists.as_ref()?;
        let (li, pi) = *l.matches(path).first()?;
        Some(l.lists[li].1[pi].origin.clone())
    }
}

/// The markers of many blobs (each with where it is read, for messages), read in
/// parallel; the first blob that cannot be read is exit 2, naming its path and
/// revision.
pub fn markers_of(
    repo: &Repo,
    items: Vec<(ObjectId, At)>,
) -> Result<crate::cache::ById<Option<Marker>>> {
    let read = try_markers_sorted(repo, items);
    let mut out = Vec::with_capacity(read.len());
    for (id, m) in read {
        out.push((id, m.map_err(|u| u.fatal())?));
    }
    Ok(crate::cache::ById::new(out))
}

/// The markers of many blobs, read in parallel (each thread with its own handle),
/// each or why it could not be read: the caller decides whether its verdict needs it.
pub fn try_markers_of(
    repo: &Repo,
    items: Vec<(ObjectId, At)>,
) -> crate::cache::ById<std::result::Result<Option<Marker>, Unreadable>> {
    crate::cache::ById::new(try_markers_sorted(repo, items))
}

/// The blobs of `items` that carry a marker, with it; the first blob that cannot be
/// read is exit 2. For a whole tree, where nearly every blob has none: only the
/// marked ones are kept.
pub fn marked(
    repo: &Repo,
    items: Vec<(ObjectId, At)>,
) -> Result<foldhash::HashMap<ObjectId, Marker>> {
    let mut out = foldhash::HashMap::default();
    let mut first_error = None;
    markers_each(repo, items, &mut |id, m| match m {
        Ok(Some(m)) => {
            out.insert(id, m);
        }
        Ok(None) => {}
        Err(u) => {
            // the first in id order, as `markers_of` reports it
            first_error.get_or_insert(u);
        }
    });
    match first_error {
        Some(u) => Err(u.fatal().into()),
        None => Ok(out),
    }
}

/// What a marked-trees record was computed by: a change to what counts as a specmoor
/// marker ([`generated::detect`]) or to the record's encoding must change this.
const MARKED_FORMAT: &str = "specmoor marked trees 1, specmoor markers 1";

/// The files under `roots` (folders with a trailing `/` and their trees in `commit`,
/// from [`Repo::roots`]) whose blob carries a specmoor marker or cannot be read: the
/// only files of a listing that SM005's stale candidates can come from. What each
/// tree holds is remembered by tree id (specs/generated.md GF-4), so a tree seen
/// before costs one lookup instead of a walk and a lookup per blob, and a change costs
/// the trees it changed. A record that does not verify is a miss (the tree is
/// walked). `None` when a blob of a tree walked is not in the object store at all (a
/// partial clone): the caller lists the files and reads only the candidates', as
/// without this record.
pub fn marked_under(
    repo: &Repo,
    commit: ObjectId,
    roots: &[(Vec<u8>, ObjectId)],
) -> Result<Option<Vec<crate::model::FileEntry>>> {
    use crate::model::FileEntry;
    let fp = crate::cache::tags::fingerprint(MARKED_FORMAT.as_bytes());
    let mut memo = crate::cache::tags::TagIndex::load_from(crate::cache::tags::MARKED_TREES, fp);
    let mut found: Vec<FileEntry> = Vec::new();
    // the files of the trees not remembered, and those trees
    let mut blobs: Vec<FileEntry> = Vec::new();
    let mut walked: Vec<(Vec<u8>, ObjectId)> = Vec::new();
    let mut todo: Vec<(Vec<u8>, ObjectId)> = roots.to_vec();
    while let Some((prefix, id)) = todo.pop() {
        if let Some(list) = memo.get(&id).and_then(decode_marked) {
            for (rel, kind, blob) in list {
                let mut path = prefix.clone();
                path.extend_from_slice(&rel);
                found.push(FileEntry {
                    path: path.into(),
                    id: blob,
                    kind,
                });
            }
            continue;
        }
        for (name, kind, eid) in repo.tree_entries(id)? {
            let mut path = Vec::with_capacity(prefix.len() + name.len() + 1);
            path.extend_from_slice(&prefix);
            path.extend_from_slice(&name);
            match kind {
                None => {
                    path.push(b'/');
                    todo.push((path, eid));
                }
                Some(kind @ (Kind::File | Kind::Executable)) => blobs.push(FileEntry {
                    path: path.into(),
                    id: eid,
                    kind,
                }),
                Some(_) => {}
            }
        }
        walked.push((prefix, id));
    }
    if blobs.iter().any(|f| !repo.has_object(f.id)) {
        return Ok(None);
    }
    let read = try_markers_of(
        repo,
        blobs
            .iter()
            .map(|f| (f.id, At::new(f.path.as_slice(), Some(commit))))
            .collect(),
    );
    let mut unreadable: Vec<&[u8]> = Vec::new();
    for f in &blobs {
        match read.get(&f.id) {
            Some(Ok(Some(Marker::Specmoor(_)))) => found.push(f.clone()),
            Some(Err(_)) => {
                unreadable.push(f.path.as_slice());
                found.push(f.clone());
            }
            _ => {}
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found.dedup_by(|a, b| a.path == b.path);
    // each tree walked, remembered with what is under it (unless a blob under it
    // could not be read)
    for (prefix, id) in &walked {
        if unreadable.iter().any(|p| p.starts_with(prefix)) {
            continue;
        }
        let from = found.partition_point(|f| f.path.as_slice() < prefix.as_slice());
        let under = found[from..]
            .iter()
            .take_while(|f| f.path.starts_with(prefix));
        memo.add(*id, encode_marked(prefix.len(), under));
    }
    memo.save();
    Ok(Some(found))
}

/// A marked-trees record: for each file, its path under the tree (a varint length,
/// the bytes), 1 for an executable (0 otherwise), its id (a length byte, the bytes).
fn encode_marked<'a>(
    strip: usize,
    files: impl Iterator<Item = &'a crate::model::FileEntry>,
) -> Vec<u8> {
    let mut out = Vec::new();
    for f in files {
        let rel = &f.path[strip..];
        crate::cache::put_varint(&mut out, rel.len() as u64);
        out.extend_from_slice(rel);
        out.push(u8::from(f.kind == Kind::Executable));
        let id = f.id.as_bytes();
        out.push(id.len() as u8);
        out.extend_from_slice(id);
    }
    out
}

/// The files of a marked-trees record; `None` when it does not decode (a miss).
fn decode_marked(b: &[u8]) -> Option<Vec<(Vec<u8>, Kind, ObjectId)>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < b.len() {
        let n = usize::try_from(crate::cache::get_varint(b, &mut at)?).ok()?;
        let rel = b.get(at..at.checked_add(n)?)?.to_vec();
        at += n;
        let (&exec, &len) = (b.get(at)?, b.get(at + 1)?);
        at += 2;
        let id = ObjectId::try_from(b.get(at..at + usize::from(len))?).ok()?;
        at += usize::from(len);
        let kind = match exec {
            0 => Kind::File,
            1 => Kind::Executable,
            _ => return None,
        };
        out.push((rel, kind, id));
    }
    Some(out)
}

/// [`try_markers_of`], sorted by id, each id once.
fn try_markers_sorted(
    repo: &Repo,
    items: Vec<(ObjectId, At)>,
) -> Vec<(ObjectId, std::result::Result<Option<Marker>, Unreadable>)> {
    let mut out = Vec::with_capacity(items.len());
    markers_each(repo, items, &mut |id, m| out.push((id, m)));
    // two sorted runs of distinct ids
    out.sort_unstable_by_key(|(id, _)| *id);
    out
}

/// The marker of each blob of `items` (each id once), or why it could not be read,
/// handed to `each`: first the ids known to be marker-free, then those read, each
/// group in id order.
fn markers_each(
    repo: &Repo,
    items: Vec<(ObjectId, At)>,
    each: &mut dyn FnMut(ObjectId, std::result::Result<Option<Marker>, Unreadable>),
) {
    let mut items = items;
    items.sort_by_key(|(id, _)| *id);
    items.dedup_by_key(|(id, _)| *id);
    // the cache pays off for many blobs; a handful are read faster than it loads
    let many = items.len() >= 512;
    let mut cache = if many {
        crate::cache::NoMarker::load()
    } else {
        crate::cache::NoMarker::default()
    };
    let ids: Vec<ObjectId> = items.iter().map(|(id, _)| *id).collect();
    let mut known = cache.contains_each(&ids).into_iter();
    items.retain(|(id, _)| {
        let known = known.next().unwrap_or(false);
        if known {
            each(*id, Ok(None));
        }
        !known
    });
    let read = repo.try_map_blobs(&items, generated::detect);
    for ((id, _), m) in items.iter().zip(read) {
        if matches!(m, Ok(None)) {
            cache.add(*id);
        }
        each(*id, m);
    }
    if many {
        cache.save();
    }
}

/// A file side of a change, with where it is read.
fn side(e: Option<&crate::model::Entry>, rev: Option<ObjectId>) -> Option<(ObjectId, At<'_>)> {
    entry_id(e).map(|id| (id, At::new(e.map_or(&[][..], |e| e.path.as_slice()), rev)))
}

fn entry_id(e: Option<&crate::model::Entry>) -> Option<ObjectId> {
    e.filter(|e| matches!(e.kind, Kind::File | Kind::Executable) && !e.id.is_null())
        .map(|e| e.id)
}

/// What the generator header of a changed generated file and its config entry say
/// about the run that wrote it (GF-6): the source it names (found in the repository:
/// a changed path that is it or ends with it, else the path itself or under the
/// literal folder of one of the entry's inputs, at head), whether the file changed
/// only in its header versions, which changed inputs configure the generator, and a
/// `Schema hash:` its source no longer has. `None` when there is nothing to say.
fn generator_run(
    s: &Scan,
    c: &FileChange,
    entry: Option<&crate::config::Generated>,
    changed_paths: &[&[u8]],
    inputs_changed: &[String],
) -> Result<Option<generated::GeneratorRun>> {
    let (base, head) = (s.changeset.base, s.changeset.head);
    let read = |e: Option<&crate::model::Entry>, rev| -> Result<Option<Vec<u8>>> {
        match entry_id(e) {
            Some(id) if c.status != Status::Conflicted || rev == base => Ok(Some(
                s.repo
                    .blob(id, At::new(e.map_or(&[][..], |e| e.path.as_slice()), rev))?,
            )),
            _ => Ok(None),
        }
    };
    let old = read(c.old.as_ref(), base)?;
    let new = read(c.new.as_ref(), head)?;
    let Some(bytes) = new.as_ref().or(old.as_ref()) else {
        return Ok(None);
    };
    let header = generated::generator_header(bytes);
    let version_moved = match (&old, &new) {
        (Some(o), Some(n)) => generated::version_only_change(o, n),
        _ => None,
    };
    let mut run = generated::GeneratorRun {
        version_moved,
        ..Default::default()
    };
    if let Some(src) = &header.source {
        let src = src.trim_start_matches("./");
        let suffix = format!("/{src}");
        let changed = changed_paths
            .iter()
            .find(|p| **p == src.as_bytes())
            .or_else(|| {
                changed_paths
                    .iter()
                    .find(|p| p.ends_with(suffix.as_bytes()))
            });
        let found = match changed {
            Some(p) => Some(display(p)),
            None => {
                let mut tries = vec![src.to_string()];
                for i in entry.map(|g| g.inputs.as_slice()).unwrap_or_default() {
                    let lit = i.text.trim_start_matches('/');
                    let cut = lit.find(['*', '?', '[', '{']).unwrap_or(lit.len());
                    if let Some(slash) = lit[..cut].rfind('/') {
                        tries.push(format!("{}/{src}", &lit[..slash]));
                    }
                }
                let mut hit = None;
                for t in tries {
                    if s.repo.read_path(head, &t)?.is_some() {
                        hit = Some(t);
                        break;
                    }
                }
                hit
            }
        };
        run.source_changed = changed.is_some();
        run.source_how = if found.is_some() {
            format!("its header on line {}", header.source_line)
        } else {
            String::new()
        };
        let ext = |p: &str| p.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let src_ext = ext(src);
        run.config_changed = inputs_changed
            .iter()
            .filter(|p| ext(p) != src_ext)
            .cloned()
            .collect();
        if let (Some(hash), Some(path)) = (&header.schema_hash, &found) {
            let sha = |b: Option<Vec<u8>>| b.map(|b| generated::sha256_bytes_hex(&b));
            let now = sha(s.repo.read_path(head, path)?);
            if now.as_deref() != Some(hash.as_str())
                && base.is_some()
                && sha(s.repo.read_path(base, path)?).as_deref() == Some(hash.as_str())
            {
                run.stale_hash = Some((hash.clone(), now.unwrap_or_default()));
            }
        }
        run.source = Some(found.unwrap_or_else(|| src.to_string()));
    } else {
        run.config_changed = inputs_changed.to_vec();
    }
    Ok(Some(run))
}

/// The spec a generated file comes from: config, then its specmoor marker, then the
/// owners of the source its header names, then its own owners (the first, in address
/// order).
fn spec_of(
    paths: &[BString],
    entry: Option<&crate::config::Generated>,
    marker: Option<&Marker>,
    source: Option<&str>,
    specs: &SpecSet,
    owners: &Lists<OwnerTarget>,
) -> (Option<String>, Option<String>) {
    if let Some(spec) = entry.and_then(|g| g.spec.as_ref()) {
        let (s, sec) = crate::config::split_address(spec);
        return (Some(specs.resolve(&s)), sec);
    }
    if let Some(Marker::Specmoor(m)) = marker {
        return (Some(specs.resolve(&m.spec)), m.section.clone());
    }
    // both sides of a rename: a file moved out of its owner's glob keeps its spec
    let mut found: Vec<&OwnerTarget> = paths
        .iter()
        .flat_map(|p| owners.matches(p))
        .map(|(li, _)| &owners.lists[li].0)
        .collect();
    // the spec that owns the source it was generated from, among its own owners if
    // one of them does
    if let Some(src) = source {
        let of_source: Vec<&OwnerTarget> = owners
            .matches(src.as_bytes())
            .into_iter()
            .map(|(li, _)| &owners.lists[li].0)
            .collect();
        let both: Vec<&OwnerTarget> = found
            .iter()
            .copied()
            .filter(|t| of_source.iter().any(|o| o.spec == t.spec))
            .collect();
        if !both.is_empty() {
            found = both;
        } else if !of_source.is_empty() {
            found = of_source;
        }
    }
    found.sort_by(|a, b| (&a.spec, &a.section).cmp(&(&b.spec, &b.section)));
    match found.first() {
        Some(t) => (Some(t.spec.clone()), None),
        None => (None, None),
    }
}

/// Inputs: everything the rules need about generated files in this check.
pub struct Scan<'a> {
    pub repo: &'a Repo,
    pub config: &'a Config,
    pub changeset: &'a Changeset,
    pub specs: &'a SpecSet,
    pub owners: &'a Lists<OwnerTarget>,
    pub ignore: &'a Lists<()>,
    /// The files at head stale candidates are searched among (specs changed): every
    /// one, or at a commit only those with a specmoor marker or unreadable
    /// ([`marked_under`]).
    pub head_files: Option<&'a [crate::model::FileEntry]>,
    /// Every file at head when listed anyway (sorted): saves lookups.
    pub all_files: Option<&'a [crate::model::FileEntry]>,
}

pub fn scan(s: &Scan) -> Result<Vec<GenFile>> {
    let gc = GeneratedConfig::new(s.config)?;
    let is_code = |p: &[u8]| !s.specs.is_spec_path(p) && !s.ignore.is_match(p);
    // the first spec and `ignore` answers of most changed paths: on all cores
    let t = crate::timing::phase("  code paths");
    let changed: Vec<&FileChange> = {
        use rayon::prelude::*;
        s.changeset
            .changes
            .par_iter()
            .with_min_len(64)
            .filter(|c| c.paths().any(|p| is_code(p)))
            .collect()
    };
    let all_paths: Vec<&[u8]> = changed
        .iter()
        .flat_map(|c| c.paths().map(|p| p.as_bytes()))
        .collect();
    t.done();
    let t = crate::timing::phase("  .gitattributes");
    let attrs = Attributes::load(
        s.repo,
        s.changeset.head,
        &all_paths,
        s.all_files,
        &["linguist-generated"],
    )?;
    t.done();
    let changed_paths: Vec<&[u8]> = s
        .changeset
        .changes
        .iter()
        .flat_map(|c| c.paths().map(|p| p.as_bytes()))
        .collect();

    // both sides of every changed file: what SM004 and drift (SM001) judge needs them
    let (base, head) = (s.changeset.base, s.changeset.head);
    // sized up front: grown by doubling, tens of thousands of ids are copied and
    // fresh pages zeroed several times over
    let mut ids: Vec<(ObjectId, At)> = Vec::with_capacity(2 * changed.len());
    ids.extend(
        changed
            .iter()
            .flat_map(|c| [side(c.old.as_ref(), base), side(c.new.as_ref(), head)])
            .flatten(),
    );
    let t = crate::timing::phase("  markers of changed files");
    let markers = markers_of(s.repo, ids)?;
    t.done();
    let marker_of = |e: Option<&crate::model::Entry>| -> Option<Marker> {
        entry_id(e).and_then(|id| markers.get(&id).cloned().flatten())
    };
    let t = crate::timing::phase("  generated among changed");
    let mut out = Vec::new();
    let mut seen: BTreeSet<BString> = BTreeSet::new();
    for c in changed {
        let entry_idx = c.paths().find_map(|p| gc.entry(p));
        let entry = entry_idx.map(|i| &s.config.generated[i]);
        let head_marker = if c.status == Status::Conflicted {
            None
        } else {
            marker_of(c.new.as_ref())
        };
        let base_marker = marker_of(c.old.as_ref());
        let marker = match (&head_marker, &base_marker) {
            (Some(Marker::Specmoor(_)), _) => head_marker.clone(),
            (_, Some(Marker::Specmoor(_))) => base_marker.clone(),
            (Some(_), _) => head_marker.clone(),
            _ => base_marker.clone(),
        };
        let attr = c.paths().find_map(|p| attrs.set(p));
        let how = match (entry_idx, &marker, &attr) {
            (Some(i), _, _) => format!(
                "declared under `generated:` at {}",
                s.config.generated[i]
                    .paths
                    .first()
                    .map(|p| p.origin.to_string())
                    .unwrap_or_default()
            ),
            (None, Some(Marker::Specmoor(m)), _) => {
                format!("its specmoor marker on line {}", m.line)
            }
            (None, Some(Marker::Common { what, line }), _) => {
                format!("its `{what}` marker on line {line}")
            }
            (None, None, Some(o)) => format!("`linguist-generated` at {o}"),
            (None, None, None) => continue,
        };
        let paths: Vec<BString> = c.paths().map(|p| p.to_owned()).collect();
        let main_path = c
            .new
            .as_ref()
            .or(c.old.as_ref())
            .map(|e| e.path.clone())
            .unwrap_or_default();
        let mut inputs_changed: Vec<String> = entry_idx
            .map(|i| {
                changed_paths
                    .iter()
                    .filter(|p| gc.inputs[i].is_match(p))
                    .map(|p| display(p))
                    .collect()
            })
            .unwrap_or_default();
        let run = generator_run(s, c, entry, &changed_paths, &inputs_changed)?;
        let source_path = run
            .as_ref()
            .filter(|r| !r.source_how.is_empty())
            .and_then(|r| r.source.clone());
        if let Some(r) = run.as_ref().filter(|r| r.source.is_some()) {
            // a file whose header names its source is regenerated by that source or by
            // the generator's configuration, not by any other source of its entry
            inputs_changed = r.config_changed.clone();
            if r.source_changed {
                inputs_changed.extend(r.source.clone());
            }
        }
        let (spec, section) = spec_of(
            &paths,
            entry,
            marker.as_ref(),
            source_path.as_deref(),
            s.specs,
            s.owners,
        );
        seen.extend(paths.iter().cloned());
        out.push(GenFile {
            path: display(&main_path),
            paths,
            status: Some(c.status),
            spec,
            section,
            how,
            inputs: entry
                .map(|g| g.inputs.iter().map(|p| p.text.clone()).collect())
                .unwrap_or_default(),
            inputs_changed,
            marker: match head_marker {
                Some(Marker::Specmoor(m)) => Some(m),
                _ => None,
            },
            unreadable: None,
            run,
        });
    }

    t.done();
    // Unchanged files a changed spec may have left stale: those configured for it
    // or owned by it, that carry a specmoor marker.
    let touched: BTreeSet<&str> = s
        .specs
        .units
        .values()
        .filter(|u| u.touched && u.exists())
        .map(|u| u.id.as_str())
        .collect();
    if let (Some(files), false) = (s.head_files, touched.is_empty()) {
        let owned_by_touched: Vec<usize> = s
            .owners
            .lists
            .iter()
            .enumerate()
            .filter(|(_, (t, _))| touched.contains(t.spec.as_str()))
            .map(|(i, _)| i)
            .collect();
        let configured: BTreeMap<usize, ()> = s
            .config
            .generated
            .iter()
            .enumerate()
            .filter(|(_, g)| {
                g.spec.as_ref().is_some_and(|sp| {
                    touched.contains(
                        s.specs
                            .resolve(&crate::config::split_address(sp).0)
                            .as_str(),
                    )
                })
            })
            .map(|(i, _)| (i, ()))
            .collect();
        // only files under the touched specs' glob prefixes can be theirs
        let paths: Vec<&[u8]> = files.iter().map(|f| f.path.as_slice()).collect();
        let mut idx: BTreeSet<usize> = s
            .owners
            .candidates_for(&owned_by_touched, &paths)
            .into_iter()
            .collect();
        if !configured.is_empty() {
            idx.extend(
                files
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| {
                        gc.entry(&f.path)
                            .is_some_and(|i| configured.contains_key(&i))
                    })
                    .map(|(i, _)| i),
            );
        }
        let candidates: Vec<&crate::model::FileEntry> = idx
            .into_iter()
            .map(|i| &files[i])
            .filter(|f| {
                !seen.contains(&f.path)
                    && matches!(f.kind, Kind::File | Kind::Executable)
                    && is_code(&f.path)
            })
            .filter(|f| {
                gc.entry(&f.path)
                    .is_some_and(|i| configured.contains_key(&i))
                    // asked once per file: not remembered
                    || s.owners
                        .matches_once(&f.path)
                        .iter()
                        .any(|(li, _)| owned_by_touched.contains(li))
            })
            .collect();
        // Only SM005 needs these blobs. One that cannot be read (a partial clone, a
        // damaged object store) is an SM005 finding naming it while the rule is a
        // warning; when it is an error, the verdict needs the blob: exit 2.
        let t = crate::timing::phase("  markers of stale candidates");
        let found = try_markers_of(
            s.repo,
            candidates
                .iter()
                .map(|f| (f.id, At::new(f.path.as_slice(), head)))
                .collect(),
        );
        t.done();
        let needed = s.config.severity(crate::codes::RuleCode::GeneratedStale)
            == crate::rules::Severity::Error;
        for f in candidates {
            let m = match found.get(&f.id) {
                Some(Ok(Some(Marker::Specmoor(m)))) => m.clone(),
                Some(Err(u)) if needed => return Err(u.fatal().into()),
                Some(Err(u)) => {
                    out.push(GenFile {
                        path: display(&f.path),
                        paths: vec![f.path.clone()],
                        status: None,
                        spec: None,
                        section: None,
                        how: String::new(),
                        inputs: Vec::new(),
                        inputs_changed: Vec::new(),
                        marker: None,
                        unreadable: Some(format!("{}; {}", u.message(), u.help())),
                        run: None,
                    });
                    continue;
                }
                _ => continue,
            };
            out.push(GenFile {
                path: display(&f.path),
                paths: vec![f.path.clone()],
                status: None,
                spec: Some(s.specs.resolve(&m.spec)),
                section: m.section.clone(),
                how: format!("its specmoor marker on line {}", m.line),
                inputs: Vec::new(),
                inputs_changed: Vec::new(),
                marker: Some(m),
                unreadable: None,
                run: None,
            });
        }
    }
    Ok(out)
}
