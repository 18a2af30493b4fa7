//! A content-addressed cache, outside the repository: what specmoor learned about a
//! blob (its generated-file marker, or its parsed spec) is stored under the blob's
//! id. A blob id names its content, so an entry can never be stale; deleting the
//! cache is always safe. It lives in `$SPECMOOR_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/specmoor`, else `~/.cache/specmoor`; `SPECMOOR_NO_CACHE=1` turns
//! it off. Nothing in the repository is ever written. Entries are versioned with
//! specmoor's version, so a new parser never reads an old one's results.

use gix::ObjectId;
use std::collections::{HashMap, HashSet};

use std::path::PathBuf;

/// Files larger than this are not trusted (and rebuilt).
const MAX_FILE: u64 = 256 * 1024 * 1024;

pub fn dir() -> Option<PathBuf> {
    if std::env::var_os("SPECMOOR_NO_CACHE").is_some_and(|v| v != "0") {
        return None;
    }
    if let Some(d) = std::env::var_os("SPECMOOR_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("specmoor"));
    }
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".cache").join("specmoor"))
}

fn file(name: &str) -> Option<PathBuf> {
    dir().map(|d| d.join(format!("{name}-{}.bin", env!("CARGO_PKG_VERSION"))))
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
/// padded to 32), searched in place in a read-only memory map: loading reads only
/// the pages the searches touch, no set to build.
#[derive(Default)]
pub struct NoMarker {
    sorted: Records,
    added: Vec<[u8; 33]>,
}

/// The sorted records: mapped from the cache file, or (in tests) owned.
#[derive(Default)]
enum Records {
    #[default]
    Empty,
    Mapped(memmap2::Mmap),
    #[cfg(test)]
    Owned(Vec<u8>),
}

impl std::ops::Deref for Records {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Records::Empty => &[],
            Records::Mapped(m) => &m[..m.len() / REC * REC],
            #[cfg(test)]
            Records::Owned(v) => v,
        }
    }
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
        let map = file("no-marker")
            .and_then(|f| std::fs::File::open(f).ok())
            .filter(|f| f.metadata().is_ok_and(|m| m.len() <= MAX_FILE))
            // SAFETY: the file is only ever replaced by a rename, never changed in
            // place (see `write`), so the mapped contents cannot change under us; gix
            // maps pack and index files the same way.
            .and_then(|f| unsafe { memmap2::Mmap::map(&f) }.ok());
        let sorted = map.map_or(Records::Empty, Records::Mapped);
        // files written by this version are sorted; anything else is rebuilt on save
        let ok = sorted
            .chunks_exact(REC)
            .zip(sorted.chunks_exact(REC).skip(1))
            .all(|(a, b)| a < b);
        NoMarker {
            sorted: if ok { sorted } else { Records::Empty },
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

/// The spec index's file starts with this.
const INDEX_MAGIC: &[u8] = b"specmoor-spec-index-v1\n";
/// One record: id (33) | generation | prefixes offset, length | document offset,
/// length | checksums of the prefixes and of the document (8 bytes each).
const IREC: usize = REC + 36;

/// A checksum of a stored part: a damaged cache file is read as a miss, never as
/// a different answer.
fn checksum(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x5bec_9a7e).hash_one(bytes)
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}
/// At most this many documents are kept (the least recently added go first).
const MAX_DOCS: usize = 60_000;

/// The literal directory prefixes of a parsed document's `owns` globs, encoded as
/// they are stored: a flag byte, then each prefix followed by a NUL (`""` for globs
/// that match at any depth). A path can only be owned through the document if one
/// of them is the path's ancestor folder, or the root. Flag 1 (a glob that does not
/// compile) means: always read the document, so the error shows.
fn encode_prefixes(doc: &crate::spec::SpecDoc) -> Vec<u8> {
    let mut out: Vec<&str> = Vec::new();
    let mut globs = Vec::new();
    for g in &doc.front.owns {
        match crate::glob::normalize(&g.pattern) {
            Ok((_, n)) if crate::glob::validate(&g.pattern).is_ok() => globs.extend(n),
            _ => return vec![1],
        }
    }
    out.extend(globs.iter().map(|n| crate::glob::glob_prefix(n)));
    out.sort_unstable();
    out.dedup();
    let mut b = vec![0];
    for p in out {
        b.extend_from_slice(p.as_bytes());
        b.push(0);
    }
    b
}

/// Whether encoded prefixes ([`encode_prefixes`]) include one of `folders`;
/// `None` when they do not decode.
fn prefixes_in(encoded: &[u8], folders: &foldhash::HashSet<&[u8]>) -> Option<bool> {
    match encoded.split_first()? {
        (1, _) => Some(true),
        (0, rest) => Some(
            rest.split(|c| *c == 0)
                .take(rest.iter().filter(|c| **c == 0).count())
                .any(|p| folders.contains(p)),
        ),
        _ => None,
    }
}

/// One stored document: (record, generation, prefixes, document).
type Stored = ([u8; REC], u32, Vec<u8>, Vec<u8>);

/// Parsed spec documents and their ownership prefixes, by blob id: the index a
/// check uses to read only the specs that can own its changed paths.
///
/// The file is a sorted table of fixed records (searched in place), the prefixes,
/// then the documents (postcard), each read only when needed. A check that finds
/// every spec document in the table reads the table and the few documents it needs,
/// whatever the number of specs. Only documents that parsed are stored.
#[derive(Default)]
pub struct SpecIndex {
    /// the file, mapped read-only (see [`NoMarker::load`] for why that is sound)
    map: Option<memmap2::Mmap>,
    gen: u32,
    count: usize,
    /// where the records, the prefixes and the documents start
    table_at: usize,
    pre_at: usize,
    docs_at: usize,
    /// documents parsed in this run: encoded prefixes, encoded document
    added: HashMap<ObjectId, (Vec<u8>, Vec<u8>)>,
}

impl std::fmt::Debug for SpecIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SpecIndex({} stored, {} added)",
            self.count,
            self.added.len()
        )
    }
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl SpecIndex {
    pub fn load() -> SpecIndex {
        Self::open().unwrap_or_default()
    }

    fn open() -> Option<SpecIndex> {
        let file = std::fs::File::open(file("specs-index")?).ok()?;
        if file.metadata().ok()?.len() > MAX_FILE {
            return None;
        }
        // SAFETY: as for the marker-free ids: the file is only ever replaced by a
        // rename, never changed in place.
        let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
        let h = map.strip_prefix(INDEX_MAGIC)?;
        let (count, gen, pre_len) = (u32_at(h, 0)? as usize, u32_at(h, 4)?, u32_at(h, 8)?);
        let table_at = INDEX_MAGIC.len() + 12;
        let pre_at = table_at.checked_add(count.checked_mul(IREC)?)?;
        let docs_at = pre_at.checked_add(pre_len as usize)?;
        if docs_at > map.len() {
            return None;
        }
        // records are sorted (written so); anything else is not trusted
        let table = &map[table_at..pre_at];
        let sorted = (1..count)
            .all(|i| table[(i - 1) * IREC..(i - 1) * IREC + REC] < table[i * IREC..i * IREC + REC]);
        if !sorted {
            return None;
        }
        Some(SpecIndex {
            map: Some(map),
            gen,
            count,
            table_at,
            pre_at,
            docs_at,
            added: HashMap::new(),
        })
    }

    fn bytes(&self) -> &[u8] {
        self.map.as_deref().unwrap_or_default()
    }

    fn table(&self) -> &[u8] {
        self.bytes()
            .get(self.table_at..self.pre_at)
            .unwrap_or_default()
    }

    fn find(&self, id: &ObjectId) -> Option<&[u8]> {
        let rec = record(id);
        let (mut lo, mut hi) = (0, self.count);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let r = &self.table()[mid * IREC..(mid + 1) * IREC];
            match r[..REC].cmp(rec.as_slice()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(r),
            }
        }
        None
    }

    fn doc_bytes(&self, id: &ObjectId) -> Option<&[u8]> {
        if let Some((_, d)) = self.added.get(id) {
            return Some(d);
        }
        let r = self.find(id)?;
        let (off, len) = (u32_at(r, REC + 12)? as usize, u32_at(r, REC + 16)? as usize);
        let docs = self.bytes().get(self.docs_at..)?;
        let buf = docs.get(off..off.checked_add(len)?)?;
        (checksum(buf) == u64_at(r, REC + 28)?).then_some(buf)
    }

    /// The documents stored under these ids (in parallel), each as if parsed at
    /// its path; `None` where unknown or unreadable.
    pub fn docs(&self, wanted: &[(String, ObjectId)]) -> Vec<Option<crate::spec::SpecDoc>> {
        use rayon::prelude::*;
        wanted
            .par_iter()
            .map(|(path, id)| {
                let b = self.doc_bytes(id)?;
                let mut d: crate::spec::SpecDoc = postcard::from_bytes(b).ok()?;
                d.path = path.clone();
                Some(d)
            })
            .collect()
    }

    /// Whether the document stored under `id` has a glob whose literal prefix is
    /// one of `folders` (or one that must always be read); `None` when unknown.
    /// Reads the stored prefixes in place.
    pub fn owns_under(&self, id: &ObjectId, folders: &foldhash::HashSet<&[u8]>) -> Option<bool> {
        if let Some((p, _)) = self.added.get(id) {
            return prefixes_in(p, folders);
        }
        let r = self.find(id)?;
        let (off, len) = (u32_at(r, REC + 4)? as usize, u32_at(r, REC + 8)? as usize);
        let pre = self.bytes().get(self.pre_at..self.docs_at)?;
        let bytes = pre.get(off..off.checked_add(len)?)?;
        if checksum(bytes) != u64_at(r, REC + 20)? {
            return None;
        }
        prefixes_in(bytes, folders)
    }

    /// Remember a document that parsed.
    pub fn add(&mut self, id: ObjectId, doc: &crate::spec::SpecDoc) {
        if self.find(&id).is_some() || self.added.contains_key(&id) {
            return;
        }
        if let Ok(b) = postcard::to_allocvec(doc) {
            self.added.insert(id, (encode_prefixes(doc), b));
        }
    }

    /// Persist what was added (nothing, if nothing was). The documents of
    /// `current()` (the specs just listed) are marked most recent; beyond
    /// [`MAX_DOCS`] the least recent are dropped.
    pub fn save(&self, current: &dyn Fn() -> HashSet<ObjectId>) {
        if self.added.is_empty() || dir().is_none() {
            return;
        }
        let current = current();
        let gen = self.gen.wrapping_add(1);
        let mut all: Vec<Stored> = Vec::new();
        let pre = self
            .bytes()
            .get(self.pre_at..self.docs_at)
            .unwrap_or_default();
        let area = self.bytes().get(self.docs_at..).unwrap_or_default();
        let table = self.table();
        for i in 0..self.count {
            let r = &table[i * IREC..(i + 1) * IREC];
            let rec: [u8; REC] = r[..REC].try_into().unwrap_or([0; REC]);
            let Some(id) = ObjectId::try_from(&rec[1..1 + rec[0] as usize]).ok() else {
                continue;
            };
            let field = |k: usize| u32_at(r, REC + 4 * k).map(|v| v as usize);
            let (Some(g), Some(po), Some(pl), Some(dofs), Some(dl)) =
                (field(0), field(1), field(2), field(3), field(4))
            else {
                continue;
            };
            let p = pre.get(po..po.saturating_add(pl));
            let d = area.get(dofs..dofs.saturating_add(dl));
            let (Some(p), Some(d)) = (p, d) else { continue };
            if Some(checksum(p)) != u64_at(r, REC + 20) || Some(checksum(d)) != u64_at(r, REC + 28)
            {
                continue;
            }
            let g = g as u32;
            let g = if current.contains(&id) { gen } else { g };
            all.push((rec, g, p.to_vec(), d.to_vec()));
        }
        for (id, (p, d)) in &self.added {
            all.push((record(id), gen, p.clone(), d.clone()));
        }
        if all.len() > MAX_DOCS {
            all.sort_by_key(|e| std::cmp::Reverse(e.1));
            all.truncate(MAX_DOCS);
        }
        all.sort_by_key(|e| e.0);
        all.dedup_by(|a, b| a.0 == b.0);
        let mut records = Vec::with_capacity(all.len() * IREC);
        let mut prefixes = Vec::new();
        let mut docs = Vec::new();
        for (rec, g, p, d) in &all {
            records.extend_from_slice(rec);
            for v in [
                *g,
                prefixes.len() as u32,
                p.len() as u32,
                docs.len() as u32,
                d.len() as u32,
            ] {
                records.extend_from_slice(&v.to_le_bytes());
            }
            records.extend_from_slice(&checksum(p).to_le_bytes());
            records.extend_from_slice(&checksum(d).to_le_bytes());
            prefixes.extend_from_slice(p);
            docs.extend_from_slice(d);
        }
        let total = INDEX_MAGIC.len() + 12 + records.len() + prefixes.len() + docs.len();
        if total as u64 > MAX_FILE || docs.len() > u32::MAX as usize {
            return;
        }
        let mut out = Vec::with_capacity(total);
        out.extend_from_slice(INDEX_MAGIC);
        for v in [all.len() as u32, gen, prefixes.len() as u32] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&records);
        out.extend_from_slice(&prefixes);
        out.extend_from_slice(&docs);
        write("specs-index", &out);
        // the spec cache of earlier builds, which this index replaces
        if let Some(old) = file("specs") {
            let _ = std::fs::remove_file(old);
        }
    }
}

impl crate::specset::DocStore for SpecIndex {
    fn docs(&self, wanted: &[(String, ObjectId)]) -> Vec<Option<crate::spec::SpecDoc>> {
        SpecIndex::docs(self, wanted)
    }
    fn owns_under(&self, id: &ObjectId, folders: &foldhash::HashSet<&[u8]>) -> Option<bool> {
        SpecIndex::owns_under(self, id, folders)
    }
    fn add(&mut self, id: ObjectId, doc: &crate::spec::SpecDoc) {
        SpecIndex::add(self, id, doc)
    }
    fn save(&self, current: &dyn Fn() -> HashSet<ObjectId>) {
        SpecIndex::save(self, current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spec with every part the parser records: front matter owns (whole spec and
    /// a section), version, a front matter changelog with a breaking change, nested
    /// sections, a body changelog.
    const SAMPLE: &str = "---\nversion: 1.2.0\nowns:\n  \"*\": [\"src/a/**\"]\n  FR-1: [\"src/a/x.rs\", \"!src/a/gen/**\"]\nchangelog:\n  - version: 1.2.0\n    date: 2026-01-02\n    changes: [\"more\"]\n    breakingChanges: [\"gone\"]\n---\n# A\n\n## FR-1: One {#one}\nText.\n\n### FR-1.1: Sub\nMore.\n\n## Changelog\n\n| Version | Date | Changes |\n|---|---|---|\n| 1.2.0 | 2026-01-02 | more |\n";

    /// The spec index stores parsed documents: if the parser's output or the
    /// encoding of `SpecDoc` changes, documents cached by an earlier build would be
    /// read wrongly. This pins both; when it fails, bump [`INDEX_MAGIC`] (so old files
    /// are ignored) and update the pinned value.
    #[test]
    fn the_spec_index_format_is_pinned() {
        let doc = crate::spec::SpecDoc::parse("specs/a.md", SAMPLE.as_bytes()).unwrap();
        let bytes = postcard::to_allocvec(&doc).unwrap();
        let back: crate::spec::SpecDoc = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(postcard::to_allocvec(&back).unwrap(), bytes);
        use sha2::Digest;
        let sha = format!("{:x}", sha2::Sha256::digest(&bytes));
        assert_eq!(
            (INDEX_MAGIC, sha.as_str()),
            (&b"specmoor-spec-index-v1\n"[..], PINNED),
            "the parsed form of a spec changed: bump INDEX_MAGIC and update PINNED"
        );
    }

    const PINNED: &str = "14a5df8b388704314bca7a3522e86182f7e28fd1fff397894fd36e702d112c4f";

    #[test]
    fn sorted_records_are_found_in_place() {
        let ids: Vec<ObjectId> = (1u8..=40)
            .map(|i| ObjectId::from_bytes_or_panic(&[i; 20]))
            .collect();
        let mut recs: Vec<[u8; REC]> = ids.iter().step_by(2).map(record).collect();
        recs.sort_unstable();
        let mut m = NoMarker {
            sorted: Records::Owned(recs.concat()),
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
