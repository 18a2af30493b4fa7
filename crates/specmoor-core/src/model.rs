//! The changeset model: what changed between two sides (a tree and the index, or
//! two commits), independent of how it was read.

use bstr::{BStr, BString, ByteSlice};
use gix_hash::ObjectId;

/// What kind of entry a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    File,
    Executable,
    Symlink,
    Submodule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Deleted,
    Modified,
    Renamed,
    /// Same path, different kind (file ↔ symlink, file ↔ submodule).
    TypeChanged,
    /// An unmerged index entry (stages 1–3): reported, never skipped.
    Conflicted,
}

/// One side of a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: BString,
    pub id: ObjectId,
    pub kind: Kind,
}

/// One changed path (or two, for a rename).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub status: Status,
    pub old: Option<Entry>,
    pub new: Option<Entry>,
}

impl FileChange {
    /// Every path this change touches: the old and the new one for renames.
    pub fn paths(&self) -> impl Iterator<Item = &BStr> {
        let old = self.old.as_ref().map(|e| e.path.as_bstr());
        let new = self.new.as_ref().map(|e| e.path.as_bstr());
        let dup = old.is_some() && old == new;
        old.into_iter().chain(new.filter(|_| !dup))
    }
}

/// A file present at one side (a commit's tree or the index): the same shape as one
/// side of a change.
pub type FileEntry = Entry;

/// A commit in the checked range.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    pub id: ObjectId,
    pub message: String,
    pub parents: Vec<ObjectId>,
}

/// Display a repository path (lossily for non-UTF-8 bytes).
pub fn display(path: &[u8]) -> String {
    path.to_str_lossy().into_owned()
}

/// Pair exact renames: a deletion and an addition of the same blob become one
/// `Renamed` change (git's R100). Pairs by identical content, preferring the same
/// file name, then path order; the rest stay as they were. Deterministic.
pub fn pair_exact_renames(changes: &mut Vec<FileChange>) {
    use std::collections::HashMap;
    let mut added: HashMap<ObjectId, Vec<usize>> = HashMap::new();
    for (i, c) in changes.iter().enumerate() {
        if let (Status::Added, Some(n)) = (c.status, &c.new) {
            if n.kind != Kind::Submodule {
                added.entry(n.id).or_default().push(i);
            }
        }
    }
    if added.is_empty() {
        return;
    }
    let file_name =
        |p: &BString| -> BString { p.rsplit_str("/").next().unwrap_or(p.as_bytes()).into() };
    let mut remove = vec![false; changes.len()];
    for i in 0..changes.len() {
        let (Status::Deleted, Some(old)) = (changes[i].status, changes[i].old.clone()) else {
            continue;
        };
        if old.kind == Kind::Submodule {
            continue;
        }
        let Some(cands) = added.get_mut(&old.id) else {
            continue;
        };
        if cands.is_empty() {
            continue;
        }
        let name = file_name(&old.path);
        let pick = cands
            .iter()
            .position(|&j| {
                changes[j]
                    .new
                    .as_ref()
                    .is_some_and(|n| file_name(&n.path) == name)
            })
            .unwrap_or(0);
        let j = cands.remove(pick);
        let new = changes[j].new.clone();
        changes[i] = FileChange {
            status: Status::Renamed,
            old: Some(old),
            new,
        };
        remove[j] = true;
    }
    let mut k = 0;
    changes.retain(|_| {
        let keep = !remove[k];
        k += 1;
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(p: &str, id: u8) -> Entry {
        Entry {
            path: p.into(),
            id: ObjectId::from_bytes_or_panic(&[id; 20]),
            kind: Kind::File,
        }
    }

    #[test]
    fn renames_pair_by_content_and_name() {
        let mut v = vec![
            FileChange {
                status: Status::Added,
                old: None,
                new: Some(e("b/x.rs", 1)),
            },
            FileChange {
                status: Status::Added,
                old: None,
                new: Some(e("c/y.rs", 1)),
            },
            FileChange {
                status: Status::Deleted,
                old: Some(e("a/y.rs", 1)),
                new: None,
            },
            FileChange {
                status: Status::Deleted,
                old: Some(e("a/z.rs", 2)),
                new: None,
            },
        ];
        pair_exact_renames(&mut v);
        assert_eq!(v.len(), 3);
        let r = v.iter().find(|c| c.status == Status::Renamed).unwrap();
        assert_eq!(r.old.as_ref().unwrap().path, "a/y.rs");
        assert_eq!(r.new.as_ref().unwrap().path, "c/y.rs");
        let paths: Vec<_> = r.paths().map(|p| p.to_string()).collect();
        assert_eq!(paths, ["a/y.rs", "c/y.rs"]);
    }
}
