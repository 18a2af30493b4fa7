//! The tags of code blobs (specs/tags.md, specs/cli.md CL-6): what a blob's requirement
//! tags are under one tag syntax, keyed by the blob id and the syntax's fingerprint, so
//! `coverage` reads only the blobs it has not scanned before. A record is the encoded
//! tags (empty for a blob with none), authenticated under the cache's key with the id
//! and the fingerprint bound in: a record that does not verify is absent, and the blob
//! is read again. A cache may cost time, never a verdict.
//!
//! The file: a magic line, the record count, sorted fixed-size records (id record,
//! fingerprint, offset and length of the value, MAC), then the values. Searched in
//! place in a read-only memory map; each value verified when it is read.

use super::{open_regular, record, store, u32_at, write, Key, MAC, MAX_FILE, REC};
use gix::ObjectId;
use std::collections::HashMap;

/// The tag index's file starts with this.
const MAGIC: &[u8] = b"specmoor-tags-v1\n";
/// Its name (the version is added, [`super::file_name`]).
pub(super) const NAME: &str = "tags";
/// What a record's MAC covers first (domain separation from the other kinds).
const TAG_TAGS: &[u8] = b"specmoor tags v1\0";
/// The same for a record without tags (the common case), short enough for the
/// two-compression MAC with the key.
const TAG_NO_TAGS: &[u8] = b"st1\0";
/// The length of a syntax fingerprint.
pub const FP: usize = 16;
/// A record's key: the id record, then the fingerprint.
const KEY: usize = REC + FP;
/// One record: key | value offset, length | MAC.
const TREC: usize = KEY + 8 + MAC;
/// At most this many records are kept (~55 MB): a save rewrites the file, so its
/// size is the cost of every run that learns something (checks of many paths do).
/// Beyond, what the run learned is kept first, then records of this syntax.
const MAX_RECORDS: usize = 500_000;

/// The fingerprint of a tag syntax from its canonical description (the built-in
/// syntaxes and patterns, in order): the first bytes of its SHA-256.
pub fn fingerprint(description: &[u8]) -> [u8; FP] {
    use sha2::Digest;
    let d = sha2::Sha256::digest(description);
    let mut out = [0u8; FP];
    out.copy_from_slice(&d[..FP]);
    out
}

/// A record to write: key, value, MAC, whether it is of this run's syntax.
type Stored<'a> = ([u8; KEY], &'a [u8], [u8; MAC], bool);

/// Encoded tags by (blob id, syntax fingerprint).
#[derive(Default)]
pub struct TagIndex {
    /// the file, mapped read-only (replaced only by a rename, see `NoMarker::load`)
    map: Option<memmap2::Mmap>,
    count: usize,
    /// the cache's key: without it nothing stored is read
    key: Option<&'static Key>,
    fp: [u8; FP],
    /// values learnt in this run
    added: HashMap<ObjectId, Vec<u8>>,
    /// the file's name (a version is added): [`NAME`], or another kind of facts kept
    /// the same way ([`MARKED_TREES`])
    name: &'static str,
}

/// The file of the specmoor-marked files under each tree (`genscan::marked_under`):
/// records of this same form, keyed by tree id.
pub const MARKED_TREES: &str = "marked-trees";

impl std::fmt::Debug for TagIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TagIndex({} stored, {} added)",
            self.count,
            self.added.len()
        )
    }
}

const _: () = assert!(TAG_NO_TAGS.len() + KEY <= 55);

/// The MAC of a record: the key and the value bound in (an empty value, a blob
/// without tags, takes the cheap path: one is looked up per code file).
fn mac_of(key: &Key, k: &[u8; KEY], v: &[u8]) -> [u8; MAC] {
    if v.is_empty() {
        let mut msg = [0u8; TAG_NO_TAGS.len() + KEY];
        msg[..TAG_NO_TAGS.len()].copy_from_slice(TAG_NO_TAGS);
        msg[TAG_NO_TAGS.len()..].copy_from_slice(k);
        key.mac_short(&msg)
    } else {
        key.mac(&[TAG_TAGS, k, v])
    }
}

fn key_of(id: &ObjectId, fp: &[u8; FP]) -> [u8; KEY] {
    let mut k = [0u8; KEY];
    k[..REC].copy_from_slice(&record(id));
    k[REC..].copy_from_slice(fp);
    k
}

impl TagIndex {
    /// An index of what one run learns, without the stored records.
    pub fn empty(fp: [u8; FP]) -> TagIndex {
        TagIndex {
            fp,
            name: NAME,
            ..TagIndex::default()
        }
    }

    /// The index for the syntax of fingerprint `fp`: empty when the cache is off,
    /// missing, or its file is not one this build wrote.
    pub fn load(fp: [u8; FP]) -> TagIndex {
        TagIndex::load_from(NAME, fp)
    }

    /// [`Self::load`] from the file `name` ([`NAME`] or [`MARKED_TREES`]).
    pub fn load_from(name: &'static str, fp: [u8; FP]) -> TagIndex {
        let mut t = TagIndex {
            fp,
            name,
            ..TagIndex::default()
        };
        let Some(store) = store(false) else { return t };
        t.key = Some(&store.key);
        let Some(file) = open_regular(&store.dir.join(super::file_name(name))) else {
            return t;
        };
        // SAFETY: as for the marker-free ids: the file is only ever replaced by a
        // rename, never changed in place, in a directory only this user can write to.
        let Some(map) = unsafe { memmap2::Mmap::map(&file) }.ok() else {
            return t;
        };
        // lookups land on random pages: no read-around of their neighbours
        let _ = map.advise(memmap2::Advice::Random);
        let Some(count) = map.strip_prefix(MAGIC).and_then(|h| u32_at(h, 0)) else {
            return t;
        };
        let count = count as usize;
        let table_at = MAGIC.len() + 4;
        let Some(end) = count
            .checked_mul(TREC)
            .and_then(|n| n.checked_add(table_at))
        else {
            return t;
        };
        if end > map.len() {
            return t;
        }
        // Records are written sorted. Their order is not checked here: that would read
        // every page of the table on every run (a check looks up a few thousand). A
        // file out of order only makes lookups miss (a found record still has to
        // verify), which costs time, and the next save sorts it again.
        t.map = Some(map);
        t.count = count;
        t
    }

    fn table(&self) -> &[u8] {
        let b = self.map.as_deref().unwrap_or_default();
        b.get(MAGIC.len() + 4..MAGIC.len() + 4 + self.count * TREC)
            .unwrap_or_default()
    }

    fn values(&self) -> &[u8] {
        let b = self.map.as_deref().unwrap_or_default();
        b.get(MAGIC.len() + 4 + self.count * TREC..)
            .unwrap_or_default()
    }

    /// The stored record for `key`, if any (searched in place, from `near`: where
    /// the previous answer of a caller asking in increasing order was, 0 when there
    /// is none; moved to this answer).
    fn find_near(&self, key: &[u8; KEY], near: &mut usize) -> Option<&[u8]> {
        let table = self.table();
        super::find_record_near(table, TREC, key, near).map(|i| &table[i * TREC..(i + 1) * TREC])
    }

    /// The value stored for the blob under this index's syntax, when its record
    /// verifies; `None` otherwise (read the blob).
    pub fn get(&self, id: &ObjectId) -> Option<&[u8]> {
        self.get_near(id, &mut 0)
    }

    /// [`Self::get`] for a caller asking for ids in increasing order: `near` is
    /// where the previous answer was (see [`Self::find_near`]).
    pub fn get_near(&self, id: &ObjectId, near: &mut usize) -> Option<&[u8]> {
        if let Some(v) = self.added.get(id) {
            return Some(v);
        }
        let key = key_of(id, &self.fp);
        let r = self.find_near(&key, near)?;
        let (off, len) = (u32_at(r, KEY)? as usize, u32_at(r, KEY + 4)? as usize);
        let v = self.values().get(off..off.checked_add(len)?)?;
        super::same_mac(&mac_of(self.key?, &key, v), &r[KEY + 8..KEY + 8 + MAC]).then_some(v)
    }

    /// [`Self::get_near`] of each of `ids` (sorted), decoded, in parallel, in order.
    /// For many ids, the lookups go in runs of consecutive ids, and behind each run
    /// the pages of the file it read are unmapped from this process again (they stay
    /// in the page cache; a page read again is mapped again): 40,000 lookups read
    /// nearly every page of a file of tens of MB, which otherwise counted in the
    /// check's peak memory until the end of the check.
    pub fn get_sorted<T: Send>(
        &self,
        ids: &[ObjectId],
        decode: impl Fn(&[u8]) -> Option<T> + Sync,
    ) -> Vec<Option<T>> {
        use rayon::prelude::*;
        const RUN: usize = 1024;
        let Some(map) = self.map.as_ref().filter(|_| ids.len() >= 4 * RUN) else {
            return super::in_runs(ids, |id, near| self.get_near(id, near).and_then(&decode));
        };
        ids.par_chunks(RUN)
            .flat_map_iter(|run| {
                let mut near = 0;
                let mut first = None;
                let out: Vec<Option<T>> = run
                    .iter()
                    .map(|id| {
                        let v = self.get_near(id, &mut near).and_then(&decode);
                        first.get_or_insert(near);
                        v
                    })
                    .collect();
                self.unmap(map, first.unwrap_or(near), near);
                out
            })
            .collect()
    }

    /// Unmap the whole pages of records `from..to` and of their values (written in
    /// record order) from this process.
    fn unmap(&self, map: &memmap2::Mmap, from: usize, to: usize) {
        let table_at = MAGIC.len() + 4;
        let values_at = table_at + self.count * TREC;
        let value_at = |i: usize| {
            let r = self.table().get(i * TREC..(i + 1) * TREC)?;
            Some(values_at + u32_at(r, KEY)? as usize)
        };
        // SAFETY: sysconf has no preconditions
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(0);
        if page == 0 || from >= to {
            return;
        }
        let ranges = [
            Some((table_at + from * TREC, table_at + to.min(self.count) * TREC)),
            value_at(from).map(|a| (a, value_at(to).unwrap_or(map.len()))),
        ];
        for (a, b) in ranges.into_iter().flatten() {
            let (a, b) = (a.next_multiple_of(page), b.min(map.len()) / page * page);
            if a < b {
                // SAFETY: a read-only mapping of a file that is only ever replaced by a
                // rename (`load_from`): a page unmapped here and read again is mapped
                // again from the same file, with the same bytes
                let _ = unsafe {
                    map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, a, b - a)
                };
            }
        }
    }

    /// This index with what `other` learned added.
    pub fn with_added_of(mut self, other: TagIndex) -> TagIndex {
        self.added.extend(other.added);
        self
    }

    /// Remember the value of a blob just scanned.
    pub fn add(&mut self, id: ObjectId, value: Vec<u8>) {
        self.added.insert(id, value);
    }

    /// Persist what was added (nothing, if nothing was): the added records first,
    /// replacing stored ones of the same key; stored records copied with their MACs.
    pub fn save(&self) {
        if self.added.is_empty() {
            return;
        }
        let Some(store) = store(true) else { return };
        let mut all: Vec<Stored> = Vec::new();
        for (id, v) in &self.added {
            let key = key_of(id, &self.fp);
            let mac = mac_of(&store.key, &key, v);
            all.push((key, v, mac, true));
        }
        let (table, values) = (self.table(), self.values());
        for i in 0..self.count {
            let r = &table[i * TREC..(i + 1) * TREC];
            let (Some(off), Some(len)) = (u32_at(r, KEY), u32_at(r, KEY + 4)) else {
                continue;
            };
            let (off, len) = (off as usize, len as usize);
            let Some(v) = values.get(off..off.saturating_add(len)) else {
                continue;
            };
            let key: [u8; KEY] = r[..KEY].try_into().unwrap_or([0; KEY]);
            let mac: [u8; MAC] = r[KEY + 8..KEY + 8 + MAC].try_into().unwrap_or([0; MAC]);
            all.push((key, v, mac, key[REC..] == self.fp));
        }
        if all.len() > MAX_RECORDS {
            // stable: added records stay first, then this syntax's
            all.sort_by_key(|e| !e.3);
            all.truncate(MAX_RECORDS);
        }
        // stable: for one key, the first (added) is kept
        all.sort_by_key(|e| e.0);
        all.dedup_by(|a, b| a.0 == b.0);
        let mut records = Vec::with_capacity(all.len() * TREC);
        let mut vals = Vec::new();
        for (key, v, mac, _) in &all {
            records.extend_from_slice(key);
            records.extend_from_slice(&(vals.len() as u32).to_le_bytes());
            records.extend_from_slice(&(v.len() as u32).to_le_bytes());
            records.extend_from_slice(mac);
            vals.extend_from_slice(v);
        }
        let total = MAGIC.len() + 4 + records.len() + vals.len();
        if total as u64 > MAX_FILE || vals.len() > u32::MAX as usize {
            return;
        }
        let mut out = Vec::with_capacity(total);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(all.len() as u32).to_le_bytes());
        out.extend_from_slice(&records);
        out.extend_from_slice(&vals);
        write(
            store,
            if self.name.is_empty() {
                NAME
            } else {
                self.name
            },
            &out,
        );
    }
}

/// The record count in a tag index's header (`specmoor cache info`).
pub(super) fn count(path: &std::path::Path) -> Option<u64> {
    use std::io::Read;
    let mut head = vec![0u8; MAGIC.len() + 4];
    open_regular(path)?.read_exact(&mut head).ok()?;
    u32_at(head.strip_prefix(MAGIC)?, 0).map(u64::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> ObjectId {
        ObjectId::from_bytes_or_panic(&[n; 20])
    }

    fn stored(key: &'static Key, fp: [u8; FP], items: &[(ObjectId, &[u8], [u8; FP])]) -> TagIndex {
        let mut all: Vec<([u8; KEY], &[u8])> =
            items.iter().map(|(i, v, f)| (key_of(i, f), *v)).collect();
        all.sort_by_key(|e| e.0);
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&(all.len() as u32).to_le_bytes());
        let mut vals = Vec::new();
        for (k, v) in &all {
            out.extend_from_slice(k);
            out.extend_from_slice(&(vals.len() as u32).to_le_bytes());
            out.extend_from_slice(&(v.len() as u32).to_le_bytes());
            out.extend_from_slice(&mac_of(key, k, v));
            vals.extend_from_slice(v);
        }
        out.extend_from_slice(&vals);
        let mut f = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut f, &out).unwrap();
        TagIndex {
            map: Some(unsafe { memmap2::Mmap::map(&f) }.unwrap()),
            count: all.len(),
            key: Some(key),
            fp,
            added: HashMap::new(),
            name: NAME,
        }
    }

    #[test]
    fn records_are_found_per_syntax_and_verified() {
        let key: &'static Key = Box::leak(Box::new(Key::new(&[7u8; 32])));
        let (a, b) = ([1u8; FP], [2u8; FP]);
        let t = stored(
            key,
            a,
            &[(id(1), b"one", a), (id(2), b"", a), (id(3), b"three", b)],
        );
        assert_eq!(t.get(&id(1)), Some(&b"one"[..]));
        assert_eq!(t.get(&id(2)), Some(&b""[..]));
        // another syntax's record is not this one's
        assert_eq!(t.get(&id(3)), None);
        assert_eq!(t.get(&id(4)), None);
        // under another key nothing verifies
        let other: &'static Key = Box::leak(Box::new(Key::new(&[8u8; 32])));
        let t2 = TagIndex {
            key: Some(other),
            ..stored(key, a, &[(id(1), b"one", a)])
        };
        assert_eq!(t2.get(&id(1)), None);
    }

    #[test]
    fn lookups_in_increasing_order_answer_as_single_lookups_do() {
        let key: &'static Key = Box::leak(Box::new(Key::new(&[7u8; 32])));
        let (a, b) = ([1u8; FP], [2u8; FP]);
        // even ids stored under this syntax, multiples of 3 under another one
        let vals: Vec<Vec<u8>> = (0..=255u8).map(|n| vec![n]).collect();
        let items: Vec<(ObjectId, &[u8], [u8; FP])> = (0..=255u8)
            .filter(|n| n % 2 == 0 || n % 3 == 0)
            .map(|n| {
                (
                    id(n),
                    vals[n as usize].as_slice(),
                    if n % 2 == 0 { a } else { b },
                )
            })
            .collect();
        let t = stored(key, a, &items);
        let mut near = 0;
        for n in 0..=255u8 {
            let want = (n % 2 == 0).then(|| &vals[n as usize][..]);
            assert_eq!(t.get(&id(n)), want, "{n}");
            assert_eq!(t.get_near(&id(n), &mut near), want, "{n} in order");
        }
        // a hint from a later id, or out of range, still answers
        for (n, hint) in [(4u8, 200usize), (6, 10_000), (9, 3)] {
            let mut near = hint;
            assert_eq!(
                t.get_near(&id(n), &mut near),
                t.get(&id(n)),
                "{n} from {hint}"
            );
        }
    }

    /// Many lookups in runs, with the pages behind each run unmapped, answer as
    /// single lookups do, and asking again afterwards (pages mapped again) too.
    #[test]
    fn lookups_in_runs_that_unmap_behind_them_answer_as_single_lookups_do() {
        let key: &'static Key = Box::leak(Box::new(Key::new(&[7u8; 32])));
        let a = [1u8; FP];
        let ids: Vec<ObjectId> = (0..20_000u32)
            .map(|n| {
                let mut b = [0u8; 20];
                b[..4].copy_from_slice(&(n * 3).to_be_bytes());
                ObjectId::from_bytes_or_panic(&b)
            })
            .collect();
        let values: Vec<Vec<u8>> = (0..ids.len())
            .map(|n| format!("v{n}").into_bytes())
            .collect();
        // every second id stored: the others are misses
        let items: Vec<(ObjectId, &[u8], [u8; FP])> = ids
            .iter()
            .zip(&values)
            .step_by(2)
            .map(|(i, v)| (*i, v.as_slice(), a))
            .collect();
        let t = stored(key, a, &items);
        let single: Vec<Option<Vec<u8>>> =
            ids.iter().map(|i| t.get(i).map(<[u8]>::to_vec)).collect();
        assert_eq!(single.iter().filter(|v| v.is_some()).count(), 10_000);
        for _ in 0..2 {
            assert_eq!(t.get_sorted(&ids, |v| Some(v.to_vec())), single);
        }
        let again: Vec<Option<Vec<u8>>> =
            ids.iter().map(|i| t.get(i).map(<[u8]>::to_vec)).collect();
        assert_eq!(again, single);
    }

    #[test]
    fn a_changed_value_does_not_verify() {
        let key: &'static Key = Box::leak(Box::new(Key::new(&[7u8; 32])));
        let a = [1u8; FP];
        let t = stored(key, a, &[(id(1), b"one", a)]);
        let mut bytes = t.map.as_deref().unwrap().to_vec();
        let n = bytes.len();
        bytes[n - 1] ^= 1;
        let mut f = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut f, &bytes).unwrap();
        let t = TagIndex {
            map: Some(unsafe { memmap2::Mmap::map(&f) }.unwrap()),
            ..t
        };
        assert_eq!(t.get(&id(1)), None);
    }
}
