//! Paths as a checkout sees them: symbolic links followed inside the tree (a spec, or
//! a folder of specs, may be a link), and the spellings a case-insensitive or
//! Unicode-normalising checkout treats as one file (specs/ownership.md OW-4, OW-5).
//! Everything is read from git objects at the revision checked, never from the work
//! tree.

use super::{kind_of_tree_mode, tree_error, tree_iter, Repo};
use crate::error::{Fatal, Result};
use crate::glob::Fold;
use crate::model::{display, FileChange, FileEntry, Kind, Status};
use gix::bstr::{BString, ByteSlice};
use gix::ObjectId;

/// Links followed per resolution before it is a loop (Linux's limit).
const MAX_HOPS: usize = 40;
/// Files a check lists through folder links at most.
const MAX_LINKED_FILES: usize = 1_000_000;
/// Spellings of one path that differ only in case or normalisation, at most.
const MAX_VARIANTS: usize = 1024;

/// What a path is at a revision.
#[derive(Debug, Clone)]
enum Node {
    File(FileEntry),
    Link(ObjectId),
    Folder,
}

/// A link in the spec folders, followed: its path, and the path it resolves to.
#[derive(Debug, Clone)]
pub struct SpecLink {
    pub link: BString,
    pub target: BString,
    pub folder: bool,
}

/// Why a link cannot be followed.
fn link_error(link: &[u8], why: &str) -> Box<Fatal> {
    Fatal::git(format!(
        "the link {} {why}: specmoor follows links only to files and folders inside the repository at the same revision",
        display(link)
    ))
    .with_help(
        "make it a regular file (or folder), or point it at a spec inside the repository; specs behind it would otherwise own nothing",
    )
    .into()
}

fn join(a: &[u8], b: &[u8]) -> BString {
    let mut out = BString::from(a);
    if !a.is_empty() {
        out.push(b'/');
    }
    out.extend_from_slice(b);
    out
}

impl Repo {
    /// What `path` is at `commit` (the index when `None`), links not followed.
    fn node(&self, commit: Option<ObjectId>, path: &[u8]) -> Result<Option<Node>> {
        if path.is_empty() {
            return Ok(Some(Node::Folder));
        }
        match commit {
            None => {
                let files = &self.index()?.files;
                if let Ok(i) = files.find(path) {
                    return Ok(Some(match files.kind(i) {
                        Kind::Symlink => Node::Link(files.id(i)),
                        _ => Node::File(files.get(i)),
                    }));
                }
                Ok((!files.under(path).is_empty()).then_some(Node::Folder))
            }
            Some(c) => {
                let tree = self.tree_of(Some(c))?;
                let p = path.to_str_lossy();
                let entry = tree
                    .lookup_entry_by_path(p.as_ref())
                    .map_err(|e| crate::gix_error::gix_fatal(format!("cannot look up {p}"), &e))?;
                Ok(entry.map(|e| {
                    let mode = e.mode();
                    if mode.is_tree() {
                        Node::Folder
                    } else if mode.is_link() {
                        Node::Link(e.object_id())
                    } else {
                        Node::File(FileEntry {
                            path: path.into(),
                            id: e.object_id(),
                            kind: kind_of_tree_mode(mode).unwrap_or(Kind::File),
                        })
                    }
                }))
            }
        }
    }

    /// Follow the links in `path` at `commit`: the path it names with no link in it,
    /// and what is there. `Ok(None)` when a path without links does not exist; an
    /// error naming the link when one points outside the repository, at nothing, or
    /// round in a loop.
    fn resolve(&self, commit: Option<ObjectId>, path: &[u8]) -> Result<Option<(BString, Node)>> {
        let mut todo: Vec<Vec<u8>> = path
            .split(|b| *b == b'/')
            .rev()
            .map(<[u8]>::to_vec)
            .collect();
        let mut cur: Vec<Vec<u8>> = Vec::new();
        let mut hops = 0;
        let mut via_link: Option<BString> = None;
        let mut node = Node::Folder;
        while let Some(c) = todo.pop() {
            if c.is_empty() || c == b"." {
                continue;
            }
            if !matches!(node, Node::Folder) {
                // a file where a folder was needed
                return match via_link {
                    Some(l) => Err(link_error(&l, "leads through a file")),
                    None => Ok(None),
                };
            }
            if c == b".." {
                if cur.pop().is_none() {
                    let l = via_link.unwrap_or_else(|| path.into());
                    return Err(link_error(&l, "points outside the repository"));
                }
                node = Node::Folder;
                continue;
            }
            cur.push(c);
            let here = cur.join(&b'/');
            node = match self.node(commit, &here)? {
                None => {
                    return match via_link {
                        Some(l) => Err(link_error(&l, "points at nothing (a dangling link)")),
                        None => Ok(None),
                    }
                }
                Some(Node::Link(id)) => {
                    hops += 1;
                    let link = via_link.get_or_insert_with(|| here.clone().into()).clone();
                    if hops > MAX_HOPS {
                        return Err(link_error(&link, "goes round in a loop"));
                    }
                    let target = self.blob(id, super::At::new(&here, commit))?;
                    if target.starts_with(b"/") || target.contains(&b'\\') || target.contains(&0) {
                        return Err(link_error(&link, "points outside the repository"));
                    }
                    cur.pop();
                    todo.extend(target.split(|b| *b == b'/').rev().map(<[u8]>::to_vec));
                    Node::Folder
                }
                Some(n) => n,
            };
        }
        Ok(Some((cur.join(&b'/').into(), node)))
    }

    /// What identifies the listing of the spec folders `roots` at `commit` for the
    /// cache (specs/cli.md CL-6): each root with its tree id. `None` for the index,
    /// for the whole tree, and when a root is not a folder of the tree (missing, a
    /// file, or reached through a link): those listings are walked every time.
    pub fn spec_listing_key(
        &self,
        commit: Option<ObjectId>,
        roots: Option<&[String]>,
    ) -> Result<Option<Vec<u8>>> {
        let (Some(commit), Some(roots)) = (commit, roots) else {
            return Ok(None);
        };
        let tree = self.tree_of(Some(commit))?;
        let mut ids: Vec<(&[u8], ObjectId)> = Vec::new();
        for r in roots {
            let r = r.trim_end_matches('/');
            if r.is_empty() {
                return Ok(None);
            }
            // a path through a link is not one of the tree's folders: no entry
            let entry = tree
                .lookup_entry_by_path(r)
                .map_err(|e| crate::gix_error::gix_fatal(format!("cannot look up {r}"), &e))?;
            match entry.filter(|e| e.mode().is_tree()) {
                Some(e) => ids.push((r.as_bytes(), e.object_id())),
                None => return Ok(None),
            }
        }
        Ok(Some(crate::cache::listing_key(&ids)))
    }

    /// The files of the spec folders at `commit` (under `roots`, everything when
    /// `None`), with links followed where a spec could be behind them: a link that
    /// is a spec path (`is_spec`) reads as its target file, and a link to a folder
    /// in the spec folders as that folder's files under the link's name. A link
    /// that cannot be followed there is an error naming it; other links are left
    /// as they are (specs never match them).
    pub fn spec_files(
        &self,
        commit: Option<ObjectId>,
        roots: Option<&[String]>,
        is_spec: &dyn Fn(&[u8]) -> bool,
    ) -> Result<(Vec<FileEntry>, Vec<SpecLink>)> {
        let mut files = self.files(commit, roots)?;
        let mut links = Vec::new();
        // could a spec be in folder `d` (or below)?
        let in_spec_folders = |d: &[u8]| match roots {
            None => true,
            Some(rs) => rs.iter().any(|r| {
                let r = r.trim_end_matches('/').as_bytes();
                r.is_empty()
                    || d == r
                    || (d.starts_with(r) && d.get(r.len()) == Some(&b'/'))
                    || (r.starts_with(d) && r.get(d.len()) == Some(&b'/'))
            }),
        };
        // roots reached through a link (`specs` → `docs/specs`)
        for r in roots.unwrap_or_default() {
            let r = r.trim_end_matches('/').as_bytes();
            if r.is_empty() || !self.has_link_on_the_way(commit, r)? {
                continue;
            }
            match self.resolve(commit, r)? {
                Some((target, Node::Folder)) => {
                    links.push(SpecLink {
                        link: r.into(),
                        target: target.clone(),
                        folder: true,
                    });
                    files.extend(self.linked_folder(commit, r, &target)?);
                }
                Some((target, Node::File(f))) if is_spec(r) => {
                    links.push(SpecLink {
                        link: r.into(),
                        target,
                        folder: false,
                    });
                    files.push(FileEntry {
                        path: r.into(),
                        ..f
                    });
                }
                _ => {}
            }
        }
        // links among the files, and among the files of linked folders
        let mut i = 0;
        while i < files.len() {
            if files[i].kind != Kind::Symlink {
                i += 1;
                continue;
            }
            if files.len() > MAX_LINKED_FILES {
                return Err(link_error(
                    &files[i].path,
                    "brings more than a million files into the spec folders",
                ));
            }
            let path = files[i].path.clone();
            let spec = is_spec(&path);
            if !spec && !in_spec_folders(&path) {
                i += 1;
                continue;
            }
            match self.resolve(commit, &path) {
                Ok(Some((target, Node::File(f)))) if spec => {
                    links.push(SpecLink {
                        link: path.clone(),
                        target,
                        folder: false,
                    });
                    files[i] = FileEntry { path, ..f };
                }
                Ok(Some((target, Node::Folder))) => {
                    let canon =
                        self.resolve(commit, &path[..path.rfind_byte(b'/').unwrap_or(0)])?;
                    let at = canon.map(|(c, _)| {
                        join(&c, &path[path.rfind_byte(b'/').map_or(0, |k| k + 1)..])
                    });
                    let inside = |a: &[u8], b: &[u8]| {
                        b.is_empty() || (a.starts_with(b) && a.get(b.len()) == Some(&b'/'))
                    };
                    let again = links.iter().any(|l: &SpecLink| {
                        l.folder && l.target == target && inside(&path, &l.link)
                    });
                    if again || at.as_ref().is_some_and(|at| inside(at, &target)) {
                        return Err(link_error(
                            &path,
                            "points at a folder that contains it (a loop)",
                        ));
                    }
                    links.push(SpecLink {
                        link: path.clone(),
                        target: target.clone(),
                        folder: true,
                    });
                    let more = self.linked_folder(commit, &path, &target)?;
                    files.extend(more);
                }
                Ok(Some((_, Node::File(_)))) | Ok(Some((_, Node::Link(_)))) => {}
                Ok(None) if spec => {
                    return Err(link_error(&path, "points at nothing (a dangling link)"))
                }
                Ok(None) => {}
                Err(e) => return Err(e),
            }
            i += 1;
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        Ok((files, links))
    }

    /// Whether a component of `path` (or `path` itself) is a link at `commit`.
    fn has_link_on_the_way(&self, commit: Option<ObjectId>, path: &[u8]) -> Result<bool> {
        let mut end = 0;
        loop {
            let next = path[end..].find_byte(b'/').map(|k| end + k);
            let here = &path[..next.unwrap_or(path.len())];
            match self.node(commit, here)? {
                Some(Node::Link(_)) => return Ok(true),
                Some(Node::Folder) => {}
                _ => return Ok(false),
            }
            match next {
                Some(k) => end = k + 1,
                None => return Ok(false),
            }
        }
    }

    /// The files of folder `target` at `commit`, named as under `link`.
    fn linked_folder(
        &self,
        commit: Option<ObjectId>,
        link: &[u8],
        target: &[u8],
    ) -> Result<Vec<FileEntry>> {
        let listed = self.files(commit, Some(&[display(target)]))?;
        if listed.len() > MAX_LINKED_FILES {
            return Err(link_error(
                link,
                "brings more than a million files into the spec folders",
            ));
        }
        Ok(listed
            .into_iter()
            .map(|f| FileEntry {
                path: join(link, f.path[target.len()..].trim_start_with(|c| c == '/')),
                ..f
            })
            .collect())
    }

    /// The changes as the spec folders see them: a change to a link's target is a
    /// change to the spec at the link (when the link itself did not change), and a
    /// spec link on either side of a change reads as the file it points to at
    /// that side's revision.
    pub fn spec_changes(
        &self,
        changes: &[FileChange],
        base: Option<ObjectId>,
        head_files: &[FileEntry],
        links: &[SpecLink],
        is_spec: &dyn Fn(&[u8]) -> bool,
    ) -> Result<Vec<FileChange>> {
        let changed: std::collections::HashSet<&[u8]> = changes
            .iter()
            .flat_map(|c| c.paths().map(|p| p.as_ref() as &[u8]))
            .collect();
        let mut out = Vec::new();
        for c in changes {
            let mut c = c.clone();
            let mut rewritten = false;
            if let Some(e) = c
                .old
                .as_mut()
                .filter(|e| e.kind == Kind::Symlink && is_spec(&e.path))
            {
                // the link at base: the file it pointed to then, if it can be followed
                if let Ok(Some((_, Node::File(f)))) = self.resolve(base, &e.path) {
                    e.id = f.id;
                    e.kind = f.kind;
                    rewritten = true;
                }
            }
            if let Some(e) = c
                .new
                .as_mut()
                .filter(|e| e.kind == Kind::Symlink && is_spec(&e.path))
            {
                if let Ok(i) = head_files.binary_search_by(|f| f.path.cmp(&e.path)) {
                    e.id = head_files[i].id;
                    e.kind = head_files[i].kind;
                    rewritten = true;
                }
            }
            // a spec that only moved behind a link (or out from behind one) is still
            // there on the other side
            let path = c.old.as_ref().or(c.new.as_ref()).map(|e| e.path.clone());
            if let Some(path) = path.filter(|p| is_spec(p)) {
                if c.new.is_none() {
                    if let Ok(i) = head_files.binary_search_by(|f| f.path.cmp(&path)) {
                        let f = &head_files[i];
                        c.new = Some(crate::model::Entry {
                            path: path.clone(),
                            id: f.id,
                            kind: f.kind,
                        });
                        rewritten = true;
                    }
                }
                if c.old.is_none() {
                    if let Ok(Some((_, Node::File(f)))) = self.resolve(base, &path) {
                        c.old = Some(crate::model::Entry {
                            path: path.clone(),
                            id: f.id,
                            kind: f.kind,
                        });
                        rewritten = true;
                    }
                }
            }
            if rewritten && c.old.is_some() && c.new.is_some() && c.status != Status::Conflicted {
                c.status = Status::Modified;
            }
            if rewritten
                && c.old
                    .as_ref()
                    .zip(c.new.as_ref())
                    .is_some_and(|(o, n)| o.id == n.id)
            {
                continue; // a file made a link to the same content: nothing changed
            }
            out.push(c);
        }
        for l in links
            .iter()
            .filter(|l| !changed.contains(l.link.as_slice()))
        {
            let map = |p: &[u8]| -> Option<BString> {
                let t = l.target.as_slice();
                if p == t && !l.folder {
                    Some(l.link.clone())
                } else if l.folder
                    && (t.is_empty() || (p.starts_with(t) && p.get(t.len()) == Some(&b'/')))
                {
                    Some(join(&l.link, p[t.len()..].trim_start_with(|c| c == '/')))
                } else {
                    None
                }
            };
            for c in changes {
                let old = c.old.as_ref().and_then(|e| {
                    map(&e.path).map(|path| crate::model::Entry { path, ..e.clone() })
                });
                let new = c.new.as_ref().and_then(|e| {
                    map(&e.path).map(|path| crate::model::Entry { path, ..e.clone() })
                });
                let status = match (&old, &new) {
                    (None, None) => continue,
                    (Some(_), None) => Status::Deleted,
                    (None, Some(_)) => Status::Added,
                    (Some(o), Some(n)) if o.path != n.path => Status::Renamed,
                    _ if c.status == Status::Conflicted => Status::Conflicted,
                    _ => Status::Modified,
                };
                if old.iter().chain(new.iter()).any(|e| is_spec(&e.path)) {
                    out.push(FileChange { status, old, new });
                }
            }
        }
        Ok(out)
    }

    /// For each added path (`paths`), the existing paths at `commit` (the index when
    /// `None`) that a case-insensitive or Unicode-normalising checkout would write
    /// it as: another spelling of the same file, or the same name inside another
    /// spelling of one of its folders. (added path, existing spelling) pairs.
    pub fn aliases(
        &self,
        commit: Option<ObjectId>,
        paths: &[&[u8]],
    ) -> Result<Vec<(BString, BString)>> {
        if paths.is_empty() {
            return Ok(Vec::new());
        }
        let fold = Fold::ANY;
        let mut kids = Children::new(self, commit)?;
        let root = kids.root;
        let mut out = Vec::new();
        // the paths of one folder one after another: its spellings are found once
        let mut sorted: Vec<&[u8]> = paths.to_vec();
        sorted.sort_unstable();
        let mut done: Option<(&[u8], Spellings)> = None;
        for p in sorted {
            let (folder, name) = match p.rfind_byte(b'/') {
                Some(i) => (&p[..i], &p[i + 1..]),
                None => (&b""[..], p),
            };
            if done.as_ref().is_none_or(|(f, _)| *f != folder) {
                let comps: Vec<&[u8]> = match folder.is_empty() {
                    true => Vec::new(),
                    false => folder.split_str("/").collect(),
                };
                let found = spellings(&mut kids, root, &comps, p)?;
                done = Some((folder, found));
            }
            let Some((_, sp)) = &done else { continue };
            // a new name inside another spelling of a folder
            for (k, other) in &sp.dead_ends {
                let mut full = other.clone();
                let rest = match k {
                    0 => p,
                    _ => &p[nth_slash(p, *k) + 1..],
                };
                full.extend_from_slice(rest);
                out.push((p.into(), full.into()));
            }
            let fc = fold.path(name);
            for (f, exact, tree) in &sp.frontier {
                let here = kids.of(f, *tree)?;
                let same_fold = here.same_fold(fc.as_ref());
                if same_fold.is_empty() && !exact {
                    let mut full = f.clone();
                    full.extend_from_slice(name);
                    out.push((p.into(), full.into()));
                }
                for e in same_fold {
                    let n = here.name(&e);
                    if !(*exact && n == name) {
                        let mut full = Vec::with_capacity(f.len() + n.len());
                        full.extend_from_slice(f);
                        full.extend_from_slice(n);
                        out.push((p.into(), full.into()));
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }
}

/// The spellings a folding checkout has of a folder (its components `comps`).
struct Spellings {
    /// every existing spelling of the folder (with its trailing `/`), whether it is
    /// spelt exactly so, and its tree (for commits)
    frontier: Vec<(Vec<u8>, bool, Option<ObjectId>)>,
    /// (k, folder): the folder's component `k` is in no spelling of `folder`, an
    /// existing spelling of its first `k` components other than their own: a file
    /// below is a new name inside another spelling of a folder
    dead_ends: Vec<(usize, Vec<u8>)>,
}

/// [`Spellings`] of the folder `comps` (`path`, a path in it, names it in errors).
fn spellings(
    kids: &mut Children,
    root: Option<ObjectId>,
    comps: &[&[u8]],
    path: &[u8],
) -> Result<Spellings> {
    let fold = Fold::ANY;
    let mut frontier: Vec<(Vec<u8>, bool, Option<ObjectId>)> = vec![(Vec::new(), true, root)];
    let mut dead_ends = Vec::new();
    for (k, c) in comps.iter().enumerate() {
        let fc = fold.path(c);
        let mut next = Vec::new();
        for (folder, exact, tree) in &frontier {
            let here = kids.of(folder, *tree)?;
            let same_fold = here.same_fold(fc.as_ref());
            if same_fold.is_empty() && !exact {
                dead_ends.push((k, folder.clone()));
            }
            for e in same_fold.into_iter().filter(|e| e.is_tree) {
                let name = here.name(&e);
                let mut full = Vec::with_capacity(folder.len() + name.len() + 1);
                full.extend_from_slice(folder);
                full.extend_from_slice(name);
                full.push(b'/');
                next.push((full, *exact && name == *c, e.tree));
            }
        }
        if next.len() > MAX_VARIANTS {
            return Err(Fatal::git(format!(
                "{} has more than {MAX_VARIANTS} spellings that differ only in case or Unicode normalisation",
                display(path)
            ))
            .with_help(
                "a case-insensitive checkout writes them all as one: rename the folders so that no two differ only in case or normalisation",
            )
            .into());
        }
        frontier = next;
    }
    Ok(Spellings {
        frontier,
        dead_ends,
    })
}

/// Where the `k`-th `/` of `p` is (counting from 1; `p` has at least `k`).
fn nth_slash(p: &[u8], k: usize) -> usize {
    p.iter()
        .enumerate()
        .filter(|(_, c)| **c == b'/')
        .nth(k - 1)
        .map_or(p.len(), |(i, _)| i)
}

/// The entries of folders at one revision, read once each.
struct Children<'r> {
    repo: &'r Repo,
    commit: Option<ObjectId>,
    /// the tree of the root folder, for commits
    root: Option<ObjectId>,
    seen: foldhash::HashMap<Vec<u8>, std::rc::Rc<Folder>>,
}

/// One entry of a [`Folder`]: its name (a range of the folder's `names`), whether
/// it is a folder, and a subfolder's tree (for commits).
#[derive(Clone, Copy)]
struct Entry {
    at: usize,
    len: usize,
    is_tree: bool,
    tree: Option<ObjectId>,
}

/// A folder's entries, their names read in place (from the tree's bytes, for a
/// commit). Most names are ASCII, whose folded form is their ASCII lowercase (and
/// only an ASCII name folds to an ASCII one's form without being found here: see
/// `others`), so they are compared without case; the rest are kept by their folded
/// form.
#[derive(Default)]
struct Folder {
    /// the tree's bytes, or (the index) the names one after another
    names: std::rc::Rc<Vec<u8>>,
    ascii: Vec<Entry>,
    /// names that are not ASCII, by folded name (a folded form may be ASCII: the
    /// Kelvin sign folds to `k`)
    others: foldhash::HashMap<Vec<u8>, Vec<Entry>>,
}

impl Folder {
    fn add(&mut self, e: Entry) {
        let name = &self.names[e.at..e.at + e.len];
        if name.is_ascii() {
            self.ascii.push(e);
        } else {
            self.others
                .entry(Fold::ANY.path(name).into_owned())
                .or_default()
                .push(e);
        }
    }

    /// [`Self::add`] of each of `entries`, in order: a folder of ASCII names (the
    /// common case) keeps the vector as it is.
    fn add_all(&mut self, entries: Vec<Entry>) {
        if self.ascii.is_empty() && entries.iter().all(|e| self.name(e).is_ascii()) {
            self.ascii = entries;
        } else {
            for e in entries {
                self.add(e);
            }
        }
    }

    fn name(&self, e: &Entry) -> &[u8] {
        &self.names[e.at..e.at + e.len]
    }

    /// The entries whose folded name is `folded` (itself folded), in folder order
    /// for the ASCII ones, then the others.
    fn same_fold(&self, folded: &[u8]) -> Vec<Entry> {
        let mut out: Vec<Entry> = Vec::new();
        if folded.is_ascii() {
            out.extend(
                self.ascii
                    .iter()
                    .filter(|e| e.len == folded.len() && self.name(e).eq_ignore_ascii_case(folded)),
            );
        }
        if let Some(o) = self.others.get(folded) {
            out.extend(o);
        }
        out
    }
}

impl<'r> Children<'r> {
    fn new(repo: &'r Repo, commit: Option<ObjectId>) -> Result<Self> {
        let root = match commit {
            Some(_) => Some(repo.tree_of(commit)?.id),
            None => None,
        };
        Ok(Children {
            repo,
            commit,
            root,
            seen: Default::default(),
        })
    }

    /// The entries of `folder` (with its trailing `/`; its tree `tree` for commits).
    fn of(&mut self, folder: &[u8], tree: Option<ObjectId>) -> Result<std::rc::Rc<Folder>> {
        if let Some(v) = self.seen.get(folder) {
            return Ok(v.clone());
        }
        let mut by = Folder::default();
        match self.commit {
            Some(_) => {
                if let Some(id) = tree {
                    let data = self.repo.tree_bytes(id)?;
                    let base = data.as_ptr() as usize;
                    let mut entries = Vec::new();
                    for e in tree_iter(&data, self.repo.repo.object_hash()) {
                        let e = e.map_err(tree_error)?;
                        let is_tree = e.mode.is_tree();
                        entries.push(Entry {
                            // the name is a slice of the tree's own bytes
                            at: e.filename.as_ptr() as usize - base,
                            len: e.filename.len(),
                            is_tree,
                            tree: is_tree.then(|| e.oid.to_owned()),
                        });
                    }
                    by.names = data;
                    by.add_all(entries);
                }
            }
            None => {
                let files = &self.repo.index()?.files;
                let mut names = Vec::new();
                let mut entries = Vec::new();
                let mut push = |name: &[u8], is_tree: bool| {
                    entries.push(Entry {
                        at: names.len(),
                        len: name.len(),
                        is_tree,
                        tree: None,
                    });
                    names.extend_from_slice(name);
                };
                let mut i = files.partition_point(0, files.len(), |p| p < folder);
                while i < files.len() && files.path(i).starts_with(folder) {
                    let rest = &files.path(i)[folder.len()..];
                    match rest.find_byte(b'/') {
                        Some(k) => {
                            let mut pre = folder.to_vec();
                            pre.extend_from_slice(&rest[..=k]);
                            push(&rest[..k], true);
                            i = files.partition_point(i, files.len(), |p| p.starts_with(&pre));
                        }
                        None => {
                            push(rest, false);
                            i += 1;
                        }
                    }
                }
                by.names = std::rc::Rc::new(names);
                by.add_all(entries);
            }
        }
        let by = std::rc::Rc::new(by);
        self.seen.insert(folder.to_vec(), by.clone());
        Ok(by)
    }
}
