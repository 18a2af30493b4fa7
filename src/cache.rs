//! A content-addressed cache, outside the repository: what specgate learned about a
//! blob (its generated-file marker, or its parsed spec) is stored under the blob's
//! id. A blob id names its content, so an entry can never be stale; deleting the
//! cache is always safe. It lives in `$SPECGATE_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/specgate`, else `~/.cache/specgate`; `SPECGATE_NO_CACHE=1` turns
//! it off. Nothing in the repository is ever written. Entries are versioned with
//! specgate's version, so a new parser never reads an old one's results.

use gix::ObjectId;
use std::collections::{HashMap, HashSet};

use std::path::PathBuf;

/// Files larger than this are not trusted (and rebuilt).
const MAX_FILE: u64 = 256 * 1024 * 1024;

pub fn dir() -> Option<PathBuf> {
    if std::env::var_os("SPECGATE_NO_CACHE").is_some_and(|v| v != "0") {
        return None;
    }
    if let Some(d) = std::env::var_os("SPECGATE_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("specgate"));
    }
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".cache").join("specgate"))
}

fn file(name: &str) -> Option<PathBuf> {
    dir().map(|d| d.join(format!("{name}-{}.bin", env!("CARGO_PKG_VERSION"))))
}

fn read(name: &str) -> Option<Vec<u8>> {
    let f = file(name)?;
    let meta = std::fs::metadata(&f).ok()?;
    if meta.len() > MAX_FILE {
        return None;
    }
    std::fs::read(f).ok()
}

/// Write atomically (a temporary file and a rename); failures are ignored: a cache
/// that cannot be written only costs time.
fn write(name: &str, bytes: &[u8]) {
    let Some(f) = file(name) else { return };
    let Some(d) = f.parent() else { return };
    if std::fs::create_dir_all(d).is_err() {
        return;
    }
    let tmp = d.join(format!(".{name}.{}.tmp", std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, &f).is_ok() {
        return;
    }
    let _ = std::fs::remove_file(&tmp);
}

/// Blob ids known to carry no generated-file marker (the common case): their
/// contents need not be read again. Stored as sorted 33-byte records (length, id
/// padded to 32), searched in place: loading costs one read, no set to build.
#[derive(Default)]
pub struct NoMarker {
    sorted: Vec<u8>,
    added: Vec<[u8; 33]>,
}

const REC: usize = 33;

fn record(id: &ObjectId) -> [u8; REC] {
    let b = id.as_bytes();
    let mut rec = [0u8; REC];
    rec[0] = b.len() as u8;
    rec[1..1 + b.len()].copy_from_slice(b);
    rec
}

impl NoMarker {
    pub fn load() -> NoMarker {
        let mut sorted = read("no-marker").unwrap_or_default();
        sorted.truncate(sorted.len() / REC * REC);
        // files written by this version are sorted; anything else is rebuilt below
        let ok = sorted
            .chunks_exact(REC)
            .zip(sorted.chunks_exact(REC).skip(1))
            .all(|(a, b)| a < b);
        if !ok {
            sorted.clear();
        }
        NoMarker {
            sorted,
            added: Vec::new(),
        }
    }

    fn find(&self, rec: &[u8; REC]) -> bool {
        let n = self.sorted.len() / REC;
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.sorted[mid * REC..(mid + 1) * REC].cmp(rec.as_slice()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    pub fn contains(&self, id: &ObjectId) -> bool {
        self.find(&record(id))
    }

    pub fn add(&mut self, id: ObjectId) {
        let rec = record(&id);
        if !self.find(&rec) {
            self.added.push(rec);
        }
    }

    /// Persist what was added, merged into the sorted records.
    pub fn save(&self) {
        if self.added.is_empty() || dir().is_none() {
            return;
        }
        let mut all: Vec<&[u8]> = self.sorted.chunks_exact(REC).collect();
        all.extend(self.added.iter().map(|r| r.as_slice()));
        all.sort_unstable();
        all.dedup();
        let out: Vec<u8> = all.concat();
        if out.len() as u64 > MAX_FILE {
            return;
        }
        write("no-marker", &out);
    }
}

/// The spec cache's file starts with this (a compact binary encoding follows).
const SPECS_MAGIC: &[u8] = b"specgate-specs-v2\n";

/// Parsed spec documents by blob id (only documents that parsed without error).
#[derive(Default)]
pub struct Specs {
    known: HashMap<ObjectId, crate::spec::SpecDoc>,
    added: bool,
}

impl Specs {
    pub fn load() -> Specs {
        let known = read("specs")
            .and_then(|b| b.strip_prefix(SPECS_MAGIC).map(<[u8]>::to_vec))
            .and_then(|b| postcard::from_bytes::<Vec<(Vec<u8>, crate::spec::SpecDoc)>>(&b).ok())
            .map(|v| {
                v.into_iter()
                    .filter_map(|(id, d)| ObjectId::try_from(id.as_slice()).ok().map(|id| (id, d)))
                    .collect()
            })
            .unwrap_or_default();
        Specs {
            known,
            added: false,
        }
    }

    /// The document parsed from blob `id`, as if it had been parsed at `path`.
    pub fn get(&self, id: &ObjectId, path: &str) -> Option<crate::spec::SpecDoc> {
        let mut d = self.known.get(id)?.clone();
        d.path = path.to_string();
        Some(d)
    }

    pub fn add(&mut self, id: ObjectId, doc: &crate::spec::SpecDoc) {
        if let std::collections::hash_map::Entry::Vacant(e) = self.known.entry(id) {
            e.insert(doc.clone());
            self.added = true;
        }
    }

    /// Persist, keeping the documents `keep` names (the current specs) and dropping
    /// the rest, so the file does not grow without bound.
    pub fn save(&self, keep: &HashSet<ObjectId>) {
        if !self.added || dir().is_none() {
            return;
        }
        let v: Vec<(&[u8], &crate::spec::SpecDoc)> = self
            .known
            .iter()
            .filter(|(id, _)| keep.contains(*id))
            .map(|(id, d)| (id.as_bytes(), d))
            .collect();
        if let Ok(b) = postcard::to_allocvec(&v) {
            let mut out = SPECS_MAGIC.to_vec();
            out.extend_from_slice(&b);
            write("specs", &out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_records_are_found_in_place() {
        let ids: Vec<ObjectId> = (1u8..=40)
            .map(|i| ObjectId::from_bytes_or_panic(&[i; 20]))
            .collect();
        let mut recs: Vec<[u8; REC]> = ids.iter().step_by(2).map(record).collect();
        recs.sort_unstable();
        let mut m = NoMarker {
            sorted: recs.concat(),
            added: Vec::new(),
        };
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(m.contains(id), i % 2 == 0, "{i}");
        }
        m.add(ids[1]);
        m.add(ids[0]); // known: not added twice
        assert_eq!(m.added.len(), 1);
        let sha256 = ObjectId::from_bytes_or_panic(&[7u8; 32]);
        assert!(!m.contains(&sha256));
    }
}
