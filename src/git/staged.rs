//! The staged diff (index against a tree) the way git makes it fast: the index's
//! cache-tree extension records, per directory, the tree id the index would write
//! and how many entries it covers. Where it is valid and equals HEAD's subtree, the
//! whole directory is unchanged and skipped; elsewhere HEAD's tree entries and the
//! index entries under the directory are merged one level at a time.

use super::{kind_of_tree_mode, modification};
use crate::error::Result;
use crate::model::{Entry, FileChange, Kind, Status};
use gix::bstr::{BString, ByteSlice};
use gix::ObjectId;
use std::collections::BTreeMap;

type CacheTree = gix::index::extension::Tree;
/// A HEAD tree entry: its mode and object.
type HeadChild = (gix::object::tree::EntryMode, ObjectId);

enum IndexChild {
    File(usize),
    /// a directory: the index range of the entries below it
    Dir(usize, usize),
}

struct Walk<'a> {
    repo: &'a gix::Repository,
    files: &'a super::IndexFiles,
    conflicted: &'a [BString],
    out: Vec<FileChange>,
}

impl Walk<'_> {
    fn is_conflicted(&self, path: &[u8]) -> bool {
        self.conflicted
            .binary_search_by(|c| c.as_slice().cmp(path))
            .is_ok()
    }

    fn deleted(&mut self, e: Entry) {
        if !self.is_conflicted(&e.path) {
            self.out.push(FileChange {
                status: Status::Deleted,
                old: Some(e),
                new: None,
            });
        }
    }

    fn added(&mut self, k: usize) {
        self.out.push(FileChange {
            status: Status::Added,
            old: None,
            new: Some(self.files.get(k)),
        });
    }

    /// Every file of a HEAD subtree, as deletions.
    fn delete_tree(&mut self, prefix: &[u8], id: ObjectId) -> Result<()> {
        let tree = self
            .repo
            .find_tree(id)
            .map_err(|e| crate::gix_error::gix_fatal("cannot read a tree of HEAD", &e))?;
        let mut rec = gix::traverse::tree::Recorder::default();
        tree.traverse()
            .breadthfirst(&mut rec)
            .map_err(|e| crate::gix_error::gix_fatal("cannot walk a tree of HEAD", &e))?;
        for r in rec.records {
            if let Some(kind) = kind_of_tree_mode(r.mode) {
                let mut path = BString::from(prefix);
                path.extend_from_slice(&r.filepath);
                self.deleted(Entry {
                    path,
                    id: r.oid,
                    kind,
                });
            }
        }
        Ok(())
    }

    /// Compare directory `prefix` (empty, or ending in `/`) of HEAD (`head`, a tree
    /// id) with the index entries `lo..hi` below it.
    fn dir(
        &mut self,
        prefix: &[u8],
        head: Option<ObjectId>,
        cache: Option<&CacheTree>,
        lo: usize,
        hi: usize,
    ) -> Result<()> {
        if let (Some(c), Some(h)) = (cache, head) {
            if c.num_entries == Some((hi - lo) as u32) && c.id == h {
                return Ok(()); // the index writes exactly HEAD's tree here
            }
        }
        // HEAD's entries at this level
        let mut names: BTreeMap<Vec<u8>, (Option<HeadChild>, Option<IndexChild>)> = BTreeMap::new();
        if let Some(h) = head {
            let tree = self
                .repo
                .find_tree(h)
                .map_err(|e| crate::gix_error::gix_fatal("cannot read a tree of HEAD", &e))?;
            for e in tree.iter() {
                let e =
                    e.map_err(|e| crate::gix_error::gix_fatal("cannot decode a tree of HEAD", &e))?;
                names.entry(e.filename().to_vec()).or_default().0 =
                    Some((e.mode(), e.oid().to_owned()));
            }
        }
        // the index's entries at this level: files, and ranges of directories
        let mut i = lo;
        while i < hi {
            let rest = &self.files.path(i)[prefix.len()..];
            match rest.find_byte(b'/') {
                None => {
                    names.entry(rest.to_vec()).or_default().1 = Some(IndexChild::File(i));
                    i += 1;
                }
                Some(s) => {
                    let dir_prefix = &self.files.path(i)[..prefix.len() + s + 1];
                    let j = self
                        .files
                        .partition_point(i, hi, |p| p.starts_with(dir_prefix));
                    names.entry(rest[..s].to_vec()).or_default().1 = Some(IndexChild::Dir(i, j));
                    i = j;
                }
            }
        }
        for (name, (h, x)) in names {
            let mut path = Vec::with_capacity(prefix.len() + name.len() + 1);
            path.extend_from_slice(prefix);
            path.extend_from_slice(&name);
            match (h, x) {
                (Some((mode, id)), Some(IndexChild::Dir(a, b))) if mode.is_tree() => {
                    let sub = cache.and_then(|c| {
                        c.children
                            .iter()
                            .find(|t| t.name.as_slice() == name.as_slice())
                    });
                    path.push(b'/');
                    self.dir(&path, Some(id), sub, a, b)?;
                }
                (Some((mode, id)), index) if mode.is_tree() => {
                    path.push(b'/');
                    self.delete_tree(&path, id)?;
                    if let Some(IndexChild::File(k)) = index {
                        self.added(k);
                    }
                }
                (Some((mode, id)), index) => {
                    let kind = kind_of_tree_mode(mode).unwrap_or(Kind::File);
                    let old = Entry {
                        path: path.clone().into(),
                        id,
                        kind,
                    };
                    match index {
                        Some(IndexChild::File(k)) => {
                            if let Some(c) = modification(old, self.files.get(k)) {
                                self.out.push(c);
                            }
                        }
                        Some(IndexChild::Dir(a, b)) => {
                            self.deleted(old);
                            (a..b).for_each(|k| self.added(k));
                        }
                        None => self.deleted(old),
                    }
                }
                (None, Some(IndexChild::File(k))) => self.added(k),
                (None, Some(IndexChild::Dir(a, b))) => (a..b).for_each(|k| self.added(k)),
                (None, None) => {}
            }
        }
        Ok(())
    }
}

/// Changes from the tree `head` (`None`: the empty tree) to the index `files`
/// (stage 0, sorted), leaving conflicted paths to the caller.
pub(super) fn diff(
    repo: &gix::Repository,
    head: Option<ObjectId>,
    files: &super::IndexFiles,
    conflicted: &[BString],
    cache: Option<&CacheTree>,
) -> Result<Vec<FileChange>> {
    let mut w = Walk {
        repo,
        files,
        conflicted,
        out: Vec::new(),
    };
    w.dir(b"", head, cache, 0, files.len())?;
    Ok(w.out)
}
