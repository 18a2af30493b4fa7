//! A content-addressed cache, outside the repository: what specmoor learned about a
//! blob (its generated-file marker, or its parsed spec) is stored under the blob's
//! id. A blob id names its content, so an entry can never be stale; deleting the
//! cache is always safe. It lives in `$SPECMOOR_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/specmoor`, else `~/.cache/specmoor`; `SPECMOOR_NO_CACHE=1` turns
//! it off. Nothing in the repository is ever written. Entries are versioned with
//! specmoor's version, so a new parser never reads an old one's results.
//!
//! A cache may cost time, never a verdict (specs/cli.md CL-6): every record carries a
//! keyed hash (HMAC-SHA256) of its blob id and its bytes under a random key created
//! with the cache (`key`, 0600); a record that does not verify is absent. The
//! directory is created 0700 and its files 0600 whatever the umask; a directory not
//! owned by the current user, or writable by group or others, is not used. Files
//! are opened without following links and without blocking (a FIFO is not read),
//! and written through exclusively created temporary files renamed into place.

use gix::ObjectId;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub mod tags;

/// Files larger than this are not trusted (and rebuilt).
const MAX_FILE: u64 = 256 * 1024 * 1024;

/// Where the cache lives (whether or not it exists or may be used); `None` when
/// turned off or no home is known.
pub fn dir() -> Option<PathBuf> {
    if is_off() {
        return None;
    }
    location().map(|(d, _)| d)
}

/// Whether `SPECMOOR_NO_CACHE` turns the cache off.
pub fn is_off() -> bool {
    std::env::var_os("SPECMOOR_NO_CACHE").is_some_and(|v| v != "0")
}

/// Where the cache lives whether or not it is turned off, and which variable chose it:
/// `$SPECMOOR_CACHE_DIR`, else `$XDG_CACHE_HOME/specmoor`, else `$HOME/.cache/specmoor`.
pub fn location() -> Option<(PathBuf, &'static str)> {
    if let Some(d) = std::env::var_os("SPECMOOR_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some((PathBuf::from(d), "SPECMOOR_CACHE_DIR"));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return Some((PathBuf::from(d).join("specmoor"), "XDG_CACHE_HOME"));
    }
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| (PathBuf::from(h).join(".cache").join("specmoor"), "HOME"))
}

/// What a file in the cache directory is, when specmoor wrote it (`specmoor cache`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// the secret key records are authenticated with
    Key,
    /// the spec index (of this version of specmoor, or another)
    SpecIndex { current: bool },
    /// the marker-free blob ids
    NoMarker { current: bool },
    /// the requirement tags and whitespace digests of code blobs (specs/tags.md)
    Tags { current: bool },
    /// the spec-tree records (what each spec tree's documents can own)
    SpecTrees { current: bool },
    /// the files with a specmoor marker under each tree
    MarkedTrees { current: bool },
    /// a cache file of an earlier format (removed by the next save)
    Old,
    /// a temporary file left by an interrupted write
    Temp,
}

/// The names of the files specmoor writes there (a version-named `.bin` file, the
/// key, or a temporary file of one of them); anything else is not specmoor's.
pub fn written(name: &str) -> Option<Written> {
    if name == KEY_FILE {
        return Some(Written::Key);
    }
    if let Some(t) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) {
        let ours = [
            KEY_FILE,
            NO_MARKER,
            "specs-index",
            tags::NAME,
            SPEC_TREES,
            tags::MARKED_TREES,
        ]
        .iter()
        .any(|s| t.strip_prefix(s).is_some_and(|r| r.starts_with('.')));
        return ours.then_some(Written::Temp);
    }
    let stem = name.strip_suffix(".bin")?;
    let current = |base: &str| stem == format!("{base}-{}", env!("CARGO_PKG_VERSION"));
    let versioned = |base: &str| {
        stem.strip_prefix(base)
            .and_then(|r| r.strip_prefix('-'))
            .is_some_and(|v| {
                v.starts_with(|c: char| c.is_ascii_digit())
                    && v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || ".+-".contains(c))
            })
    };
    if versioned("specs-index") {
        Some(Written::SpecIndex {
            current: current("specs-index"),
        })
    } else if versioned(NO_MARKER) {
        Some(Written::NoMarker {
            current: current(NO_MARKER),
        })
    } else if versioned(tags::NAME) {
        Some(Written::Tags {
            current: current(tags::NAME),
        })
    } else if versioned(SPEC_TREES) {
        Some(Written::SpecTrees {
            current: current(SPEC_TREES),
        })
    } else if versioned(tags::MARKED_TREES) {
        Some(Written::MarkedTrees {
            current: current(tags::MARKED_TREES),
        })
    } else if versioned("no-marker") || versioned("specs") {
        Some(Written::Old)
    } else {
        None
    }
}

/// One file of the cache directory, for `specmoor cache info`.
#[derive(Debug, Clone)]
pub struct CacheFile {
    pub name: String,
    pub bytes: u64,
    /// `None`: not a file specmoor writes (left alone)
    pub written: Option<Written>,
    /// records in it (spec documents, marker-free ids), read from its header or size
    pub records: Option<u64>,
}

/// The cache directory as it is.
#[derive(Debug, Clone)]
pub struct CacheInfo {
    pub dir: PathBuf,
    pub origin: &'static str,
    pub off: bool,
    pub exists: bool,
    /// why a run would not use it (not ours, writable by others, not a directory)
    pub refused: Option<String>,
    /// its files, by name (links and folders are listed, never followed)
    pub files: Vec<CacheFile>,
}

/// Describe the cache directory without creating, reading a key from, or changing it.
pub fn info() -> Option<CacheInfo> {
    let (dir, origin) = location()?;
    let exists = std::fs::symlink_metadata(&dir).is_ok();
    let refused = if exists {
        checked_dir(&dir, false)
            .err()
            .map(|why| why.unwrap_or_else(|| "it cannot be read".to_string()))
    } else {
        None
    };
    let mut files = Vec::new();
    if let Ok(rd) = std::fs::read_dir(&dir) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Ok(m) = e.metadata() else { continue };
            let is_file = m.file_type().is_file();
            let written = written(&name).filter(|_| is_file);
            let records = match written {
                Some(Written::SpecIndex { current: true }) => spec_index_count(&dir.join(&name)),
                Some(Written::NoMarker { current: true }) => Some(m.len() / NREC as u64),
                Some(Written::Tags { current: true }) => tags::count(&dir.join(&name)),
                Some(Written::SpecTrees { current: true }) => spec_trees_count(&dir.join(&name)),
                Some(Written::MarkedTrees { current: true }) => tags::count(&dir.join(&name)),
                _ => None,
            };
            files.push(CacheFile {
                name,
                bytes: if is_file { m.len() } else { 0 },
                written,
                records,
            });
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Some(CacheInfo {
        dir,
        origin,
        off: is_off(),
        exists,
        refused,
        files,
    })
}

/// The number of documents a spec index's header gives.
fn spec_index_count(path: &Path) -> Option<u64> {
    let mut head = vec![0u8; INDEX_MAGIC.len() + 4];
    open_regular(path)?.read_exact(&mut head).ok()?;
    let h = head.strip_prefix(INDEX_MAGIC)?;
    u32_at(h, 0).map(u64::from)
}

/// The number of spec trees a spec-trees file's header gives.
fn spec_trees_count(path: &Path) -> Option<u64> {
    let mut head = vec![0u8; TREES_MAGIC.len() + 8];
    open_regular(path)?.read_exact(&mut head).ok()?;
    let h = head.strip_prefix(TREES_MAGIC)?;
    u32_at(h, 4).map(u64::from)
}

/// A file `clean` could not remove, and why.
pub type Unremoved = (String, std::io::Error);

/// Remove the files specmoor wrote in the cache directory (and only those: regular
/// files with its names, never following a link or entering a folder). Returns the
/// files removed with their sizes, and the names of those that could not be.
pub fn clean(dir: &Path) -> (Vec<(String, u64)>, Vec<Unremoved>) {
    let (mut removed, mut failed) = (Vec::new(), Vec::new());
    let Ok(rd) = std::fs::read_dir(dir) else {
        return (removed, failed);
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(m) = e.metadata() else { continue };
        if !m.file_type().is_file() || written(&name).is_none() {
            continue;
        }
        match std::fs::remove_file(e.path()) {
            Ok(()) => removed.push((name, m.len())),
            Err(err) => failed.push((name, err)),
        }
    }
    removed.sort();
    failed.sort_by(|a, b| a.0.cmp(&b.0));
    (removed, failed)
}

/// The cache a run may use: its checked directory and its key.
struct Store {
    dir: PathBuf,
    key: Key,
}

/// What this run knows of its cache.
enum State {
    Unknown,
    /// not there yet (no directory or no key): nothing to read, created on a save
    Missing,
    /// turned off, or refused (said once), or cannot be created
    Off,
    Ready(&'static Store),
}

/// The store of this run: to read from (`create` false: an existing directory and
/// key, nothing created) or to write to (`create`: the directory created 0700 if
/// missing, the key created if missing or unusable). Checked once: `None` (run
/// without the cache) when it is off or cannot be used safely; a directory that is
/// refused is said once.
fn store(create: bool) -> Option<&'static Store> {
    static STATE: std::sync::Mutex<State> = std::sync::Mutex::new(State::Unknown);
    let mut state = STATE.lock().unwrap_or_else(|e| e.into_inner());
    match *state {
        State::Ready(s) => return Some(s),
        State::Off => return None,
        State::Missing if !create => return None,
        State::Unknown | State::Missing => {}
    }
    let Some(dir) = dir() else {
        *state = State::Off;
        return None;
    };
    if !create && std::fs::symlink_metadata(&dir).is_err() {
        *state = State::Missing;
        return None;
    }
    match checked_dir(&dir, create) {
        Ok(()) => {}
        Err(why) => {
            if let Some(why) = why {
                eprintln!(
                    "specmoor: warning: not using the cache directory {}: {why}; \
                     checking without the cache (slower, same verdict). Fix it \
                     (`chmod 700` it, or remove it), or set SPECMOOR_CACHE_DIR to a \
                     private directory",
                    dir.display()
                );
            }
            *state = State::Off;
            return None;
        }
    }
    let key = if create {
        Key::load_or_create(&dir)
    } else {
        Key::read(&dir.join(KEY_FILE))
    };
    let Some(key) = key else {
        *state = if create { State::Off } else { State::Missing };
        return None;
    };
    let s: &'static Store = Box::leak(Box::new(Store { dir, key }));
    *state = State::Ready(s);
    Some(s)
}

/// Create the directory (0700, whatever the umask) if missing and `create`, then
/// check that it is a directory owned by the current user that nobody else can
/// write to. `Err(None)`: it could not be created (a read-only home: run without
/// saying so); `Err(Some(why))`: it exists but must not be used.
fn checked_dir(dir: &Path, create: bool) -> Result<(), Option<String>> {
    let existed = std::fs::symlink_metadata(dir).is_ok();
    if create && !existed {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        if b.create(dir).is_err() {
            return Err(None);
        }
    }
    let meta = std::fs::metadata(dir).map_err(|_| None)?;
    if !meta.is_dir() {
        return Err(Some("it is not a directory".into()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        if meta.uid() != euid() {
            return Err(Some(format!(
                "it is owned by user id {}, not by you ({})",
                meta.uid(),
                euid()
            )));
        }
        if meta.mode() & 0o022 != 0 {
            return Err(Some(format!(
                "it is writable by {} (mode {:03o})",
                if meta.mode() & 0o002 != 0 {
                    "others"
                } else {
                    "its group"
                },
                meta.mode() & 0o777
            )));
        }
        if !existed && meta.mode() & 0o777 != 0o700 {
            // created by us: private, whatever the umask left
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn euid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// Open an existing cache file for reading: a regular file, owned by the current
/// user, not a link (not followed) and not a FIFO or device (the open does not
/// block, and they are refused), at most [`MAX_FILE`] long.
fn open_regular(path: &Path) -> Option<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut o, libc::O_NOFOLLOW | libc::O_NONBLOCK);
    let f = o.open(path).ok()?;
    let m = f.metadata().ok()?;
    if !m.is_file() || m.len() > MAX_FILE {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if m.uid() != euid() || m.mode() & 0o022 != 0 {
            return None;
        }
    }
    Some(f)
}

/// A new file in the cache directory with these bytes, created exclusively under
/// a random name (never an existing file or link), mode 0600 whatever the umask;
/// removed again if it is not persisted.
fn temp_with(dir: &Path, name: &str, bytes: &[u8]) -> Option<tempfile::NamedTempFile> {
    let prefix = format!(".{name}.");
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut tmp = b.tempfile_in(dir).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))
            .ok()?;
    }
    tmp.write_all(bytes).ok()?;
    tmp.flush().ok()?;
    Some(tmp)
}

fn file_name(name: &str) -> String {
    format!("{name}-{}.bin", env!("CARGO_PKG_VERSION"))
}

/// Write atomically (an exclusive temporary file renamed over the entry: a link or
/// anything else at the entry's name is replaced, never written through); failures
/// are ignored: a cache that cannot be written only costs time.
fn write(store: &Store, name: &str, bytes: &[u8]) {
    if let Some(tmp) = temp_with(&store.dir, name, bytes) {
        let _ = tmp.persist(store.dir.join(file_name(name)));
    }
}

/// The cache's secret: 32 random bytes in `key` (0600). Records are authenticated
/// with HMAC-SHA256 under it, the id bound in, so a record written by anyone who
/// does not hold the key (or moved to another id) does not verify.
struct Key {
    /// SHA-256 states after absorbing the key xor ipad / opad
    inner: Sha256,
    outer: Sha256,
    /// the same, as raw compression states (for [`Key::mac_short`])
    inner_state: [u32; 8],
    outer_state: [u32; 8],
}

/// The length of a stored MAC (the first half of HMAC-SHA256).
const MAC: usize = 16;
const KEY_LEN: usize = 32;
const KEY_FILE: &str = "key";

impl Key {
    /// The key of a secret of at most 64 bytes (one SHA-256 block).
    fn new(secret: &[u8]) -> Key {
        debug_assert!(secret.len() <= 64);
        let mut ipad = [0x36u8; 64];
        let mut opad = [0x5cu8; 64];
        for (i, k) in secret.iter().enumerate() {
            ipad[i] ^= k;
            opad[i] ^= k;
        }
        let state = |pad: [u8; 64]| {
            let mut st = SHA256_IV;
            sha2::compress256(&mut st, &[pad.into()]);
            st
        };
        Key {
            inner: Sha256::new_with_prefix(ipad),
            outer: Sha256::new_with_prefix(opad),
            inner_state: state(ipad),
            outer_state: state(opad),
        }
    }

    /// [`Key::mac`] of a message of at most 55 bytes: two compressions and nothing
    /// else (one per marker-free id looked up, so it must be cheap).
    fn mac_short(&self, msg: &[u8]) -> [u8; MAC] {
        assert!(msg.len() <= 55);
        // one padded block after the key's: msg, 0x80, zeros, the length in bits
        let block = |st: &[u32; 8], msg: &[u8]| {
            let mut b = [0u8; 64];
            b[..msg.len()].copy_from_slice(msg);
            b[msg.len()] = 0x80;
            b[56..].copy_from_slice(&((64 + msg.len() as u64) * 8).to_be_bytes());
            let mut st = *st;
            sha2::compress256(&mut st, &[b.into()]);
            let mut out = [0u8; 32];
            for (o, w) in out.chunks_exact_mut(4).zip(st) {
                o.copy_from_slice(&w.to_be_bytes());
            }
            out
        };
        let inner = block(&self.inner_state, msg);
        let outer = block(&self.outer_state, &inner);
        let mut out = [0u8; MAC];
        out.copy_from_slice(&outer[..MAC]);
        out
    }

    /// The MAC of a marker-free id's record.
    fn mac_no_marker(&self, rec: &[u8; REC]) -> [u8; MAC] {
        let mut msg = [0u8; TAG_NO_MARKER.len() + REC];
        msg[..TAG_NO_MARKER.len()].copy_from_slice(TAG_NO_MARKER);
        msg[TAG_NO_MARKER.len()..].copy_from_slice(rec);
        self.mac_short(&msg)
    }

    /// The key of the cache in `dir`: read, or created when missing or unusable
    /// (then every record written under an earlier key is a miss).
    fn load_or_create(dir: &Path) -> Option<Key> {
        let path = dir.join(KEY_FILE);
        if let Some(k) = Self::read(&path) {
            return Some(k);
        }
        let mut secret = [0u8; KEY_LEN];
        getrandom::fill(&mut secret).ok()?;
        let tmp = temp_with(dir, KEY_FILE, &secret)?;
        match tmp.persist_noclobber(&path) {
            Ok(_) => Some(Key::new(&secret)),
            // another run created it meanwhile: use theirs if it is sound
            Err(e) => Self::read(&path).or_else(|| {
                // unusable (wrong size, mode or kind): replace it
                e.file.persist(&path).ok()?;
                Some(Key::new(&secret))
            }),
        }
    }

    fn read(path: &Path) -> Option<Key> {
        let mut f = open_regular(path)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if f.metadata().ok()?.mode() & 0o077 != 0 {
                return None;
            }
        }
        let mut secret = [0u8; KEY_LEN + 1];
        let mut n = 0;
        while n < secret.len() {
            match f.read(&mut secret[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        let secret: [u8; KEY_LEN] = (n == KEY_LEN).then(|| secret[..KEY_LEN].try_into().ok())??;
        Some(Key::new(&secret))
    }

    /// HMAC-SHA256 of the concatenated parts (callers give fixed-length parts
    /// before the last, so the concatenation is unambiguous), truncated.
    fn mac(&self, parts: &[&[u8]]) -> [u8; MAC] {
        let mut h = self.inner.clone();
        for p in parts {
            h.update(p);
        }
        let mut o = self.outer.clone();
        o.update(h.finalize());
        let full = o.finalize();
        let mut out = [0u8; MAC];
        out.copy_from_slice(&full[..MAC]);
        out
    }

    /// Whether `stored` is the MAC of `parts`.
    fn verifies(&self, parts: &[&[u8]], stored: &[u8]) -> bool {
        same_mac(&self.mac(parts), stored)
    }
}

/// The SHA-256 initial state.
const SHA256_IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// Whether two MACs are equal (compared in constant time).
fn same_mac(want: &[u8; MAC], stored: &[u8]) -> bool {
    stored.len() == MAC
        && want
            .iter()
            .zip(stored)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// What a MAC covers, per kind of record (domain separation).
const TAG_NO_MARKER: &[u8] = b"specmoor no-marker v2\0";
// a marker-free id's MAC takes the two-compression path
const _: () = assert!(TAG_NO_MARKER.len() + REC <= 55);
const TAG_PREFIXES: &[u8] = b"specmoor spec-index prefixes v3\0";
const TAG_DOCUMENT: &[u8] = b"specmoor spec-index document v3\0";

/// Blob ids known to carry no generated-file marker (the common case): their
/// contents need not be read again. Stored as sorted 49-byte records (length, id
/// padded to 32, the MAC of those 33 bytes), searched in place in a read-only memory
/// map: loading reads only the pages the searches touch, no set to build. A record
/// whose MAC does not verify is absent (the blob is read).
#[derive(Default)]
pub struct NoMarker {
    sorted: Records,
    /// where the last lookup ended: ids asked in order gallop on from it
    near: std::sync::atomic::AtomicUsize,
    /// ids learnt in this run (signed when saved)
    added: Vec<[u8; REC]>,
    /// the key of the stored records: without it nothing stored is read
    key: Option<&'static Key>,
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
            Records::Mapped(m) => &m[..m.len() / NREC * NREC],
            #[cfg(test)]
            Records::Owned(v) => v,
        }
    }
}

const REC: usize = 33;
/// A marker-free record: the id record and its MAC.
const NREC: usize = REC + MAC;
/// The marker-free ids' file (its records changed size with the MAC).
const NO_MARKER: &str = "no-marker-v2";
/// At most this many marker-free ids are kept (~24 MB): a save rewrites the file,
/// so its size is the cost of every run that learns something.
const MAX_NO_MARKER: usize = 500_000;

fn record(id: &ObjectId) -> [u8; REC] {
    let b = id.as_bytes();
    let mut rec = [0u8; REC];
    rec[0] = b.len() as u8;
    rec[1..1 + b.len()].copy_from_slice(b);
    rec
}

/// The index of the record whose first `key.len()` bytes are `key` in `table`,
/// records of `size` bytes sorted on those bytes, each starting with an id record
/// ([`record`]). Ids are hashes, spread evenly, so the probes interpolate on the id's
/// leading bytes (about four probes where bisection takes eighteen, each a cache miss
/// in a mapped file); after 16 probes it bisects, so a table that is not evenly
/// spread costs at most that many probes more. A record out of order only makes the
/// search miss, as with bisection.
fn find_record(table: &[u8], size: usize, key: &[u8]) -> Option<usize> {
    search_record(table, size, key, 0).ok()
}

/// [`search_record`] for a caller asking in increasing order, with the place of the
/// answer (or where it would have been) left in `near` for the next lookup.
fn find_record_near(table: &[u8], size: usize, key: &[u8], near: &mut usize) -> Option<usize> {
    let found = search_record(table, size, key, *near);
    *near = found.unwrap_or_else(|i| i);
    found.ok()
}

/// `look(id, near)` for each of `ids` (sorted), in parallel, in order: each thread
/// takes a run of consecutive ids and gallops through a record file from one
/// answer to the next (`near`; a lookup's time is mostly waiting for memory, so two
/// run at once).
pub fn in_runs<T: Send>(
    ids: &[ObjectId],
    look: impl Fn(&ObjectId, &mut usize) -> T + Sync,
) -> Vec<T> {
    use rayon::prelude::*;
    let run = ids.len().div_ceil(2 * rayon::current_num_threads()).max(64);
    ids.par_chunks(run)
        .flat_map_iter(|run| {
            let mut near = 0;
            run.iter().map(|id| look(id, &mut near)).collect::<Vec<_>>()
        })
        .collect()
}

/// Values by blob id: sorted by id, each id once. Found by binary search over the
/// ids' first eight bytes, kept apart (a few hundred KB for tens of thousands of
/// ids, where the pairs are megabytes: a search over them misses the cache at every
/// step), then the full id among those that share them.
#[derive(Debug, Default)]
pub struct ById<T> {
    heads: Vec<u64>,
    items: Vec<(ObjectId, T)>,
}

fn id_head(id: &ObjectId) -> u64 {
    let mut head = [0u8; 8];
    head.copy_from_slice(&id.as_slice()[..8]);
    u64::from_be_bytes(head)
}

impl<T> ById<T> {
    /// `items`, which callers give sorted by id, each id once (checked: a value not
    /// found would be a fact missed, so items out of order are sorted, and of equal
    /// ids the first is kept).
    pub fn new(mut items: Vec<(ObjectId, T)>) -> ById<T> {
        if !items.is_sorted_by(|a, b| a.0 < b.0) {
            items.sort_by_key(|a| a.0);
            items.dedup_by(|later, first| later.0 == first.0);
        }
        let heads: Vec<u64> = items.iter().map(|(id, _)| id_head(id)).collect();
        // ids of one kind sort as their first bytes do; ids of SHA-1 and SHA-256
        // mixed (never in one repository) are searched whole
        let heads = match heads.is_sorted() {
            true => heads,
            false => Vec::new(),
        };
        ById { heads, items }
    }

    /// These values and `more` (an id in both keeps its value here: [`Self::new`]
    /// keeps the first of equal ids).
    pub fn merged(self, mut more: Vec<(ObjectId, T)>) -> ById<T> {
        let mut items = self.items;
        items.append(&mut more);
        ById::new(items)
    }

    pub fn get(&self, id: &ObjectId) -> Option<&T> {
        if self.heads.len() != self.items.len() {
            let at = self.items.binary_search_by(|(k, _)| k.cmp(id)).ok()?;
            return Some(&self.items[at].1);
        }
        let head = id_head(id);
        let from = self.heads.partition_point(|h| *h < head);
        self.heads[from..]
            .iter()
            .take_while(|h| **h == head)
            .zip(&self.items[from..])
            .find(|(_, (k, _))| k == id)
            .map(|(_, (_, v))| v)
    }
}

/// [`find_record`] for a caller asking in increasing order: `from` is where the
/// previous answer was (its index, or where it would have been), and when the key
/// is after the record before it, the search gallops on from there (lookups of
/// sorted ids walk the file forward, a page at a time, instead of jumping about).
/// `Ok(index)` when found, `Err(where it would be)` when not.
fn search_record(table: &[u8], size: usize, key: &[u8], from: usize) -> Result<usize, usize> {
    debug_assert!(key.len() >= 9 && key.len() <= size);
    let n = table.len() / size;
    let at = |i: usize| &table[i * size..i * size + key.len()];
    let (mut lo, mut hi) = (0, n);
    if from > 0 && from <= n && at(from - 1) < key {
        // gallop: 1, 2, 4, … records on until one is not below the key
        lo = from;
        let mut step = 1;
        loop {
            let probe = lo + step - 1;
            if probe >= n {
                hi = n;
                break;
            }
            if at(probe) >= key {
                hi = probe + 1;
                break;
            }
            lo = probe + 1;
            step *= 2;
        }
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match at(mid).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        return Err(lo);
    }
    let lead = |r: &[u8]| u64::from_be_bytes(r[1..9].try_into().unwrap_or([0; 8]));
    let x = lead(key);
    let mut probes = 0;
    while lo < hi {
        let mid = if probes < 16 && hi - lo > 2 {
            let (a, b) = (lead(at(lo)), lead(at(hi - 1)));
            if x <= a {
                lo
            } else if x >= b {
                hi - 1
            } else {
                lo + ((x - a) as u128 * (hi - 1 - lo) as u128 / (b - a) as u128) as usize
            }
        } else {
            lo + (hi - lo) / 2
        };
        probes += 1;
        match at(mid).cmp(key) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Ok(mid),
        }
    }
    Err(lo)
}

/// At most `n` of `v`, spread evenly over it (all of it when it fits).
fn keep_evenly<T: Copy>(v: &[T], n: usize) -> Vec<T> {
    if v.len() <= n {
        return v.to_vec();
    }
    (0..n).map(|k| v[k * v.len() / n]).collect()
}

impl NoMarker {
    pub fn load() -> NoMarker {
        let Some(store) = store(false) else {
            return NoMarker::default();
        };
        let map = open_regular(&store.dir.join(file_name(NO_MARKER)))
            // SAFETY: the file is only ever replaced by a rename, never changed in
            // place (see `write`), in a directory only this user can write to, so
            // the mapped contents cannot change under us; gix maps pack and index
            // files the same way.
            .and_then(|f| unsafe { memmap2::Mmap::map(&f) }.ok());
        // Files written by this version are sorted. The order is not checked here:
        // that would read every page of a file of millions of records on every run.
        // A file out of order only makes the binary search miss (a found record still
        // has to verify), which costs time, and the next save sorts it again.
        let sorted = map.map_or(Records::Empty, Records::Mapped);
        NoMarker {
            sorted,
            added: Vec::new(),
            key: Some(&store.key),
            ..NoMarker::default()
        }
    }

    /// Whether a stored record for `rec` verifies (a binary search on the ids,
    /// then the MAC).
    fn find(&self, rec: &[u8; REC]) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let mut near = self.near.load(Relaxed);
        let found = self.find_near(rec, &mut near);
        self.near.store(near, Relaxed);
        found
    }

    /// [`Self::find`] galloping on from `near` (and leaving the answer's place there).
    fn find_near(&self, rec: &[u8; REC], near: &mut usize) -> bool {
        let Some(key) = self.key else { return false };
        let table: &[u8] = &self.sorted;
        find_record_near(table, NREC, rec, near).is_some_and(|i| {
            same_mac(
                &key.mac_no_marker(rec),
                &table[i * NREC + REC..(i + 1) * NREC],
            )
        })
    }

    pub fn contains(&self, id: &ObjectId) -> bool {
        self.find(&record(id))
    }

    /// [`Self::contains`] of each of `ids` (sorted), in parallel ([`in_runs`]).
    pub fn contains_each(&self, ids: &[ObjectId]) -> Vec<bool> {
        in_runs(ids, |id, near| self.find_near(&record(id), near))
    }

    pub fn add(&mut self, id: ObjectId) {
        let rec = record(&id);
        if !self.find(&rec) {
            self.added.push(rec);
        }
    }

    /// Persist what was added, merged into the sorted records (an added record
    /// replaces a stored one for the same id that did not verify; stored records
    /// are copied as they are, so one that does not verify never will).
    pub fn save(&self) {
        if self.added.is_empty() {
            return;
        }
        let Some(store) = store(true) else { return };
        let signed: Vec<[u8; NREC]> = self
            .added
            .iter()
            .map(|rec| {
                let mut r = [0u8; NREC];
                r[..REC].copy_from_slice(rec);
                r[REC..].copy_from_slice(&store.key.mac_no_marker(rec));
                r
            })
            .collect();
        let mut all: Vec<&[u8]> = signed.iter().map(|r| r.as_slice()).collect();
        // at most MAX_NO_MARKER records: what this run learned, and an even share of
        // the rest (a forgotten id is read again when it is next needed)
        let stored: Vec<&[u8]> = self.sorted.chunks_exact(NREC).collect();
        let room = MAX_NO_MARKER.saturating_sub(all.len());
        all.extend(keep_evenly(&stored, room));
        // stable: for one id, the added record (first) is kept
        all.sort_by(|a, b| a[..REC].cmp(&b[..REC]));
        all.dedup_by(|a, b| a[..REC] == b[..REC]);
        let all = keep_evenly(&all, MAX_NO_MARKER);
        let out: Vec<u8> = all.concat();
        if out.len() as u64 > MAX_FILE {
            return;
        }
        write(store, NO_MARKER, &out);
        // the marker-free ids of earlier builds, without MACs
        let _ = std::fs::remove_file(store.dir.join(file_name("no-marker")));
    }
}

/// The spec index's file starts with this.
const INDEX_MAGIC: &[u8] = b"specmoor-spec-index-v3\n";
/// One record: id (33) | generation | prefixes offset, length | document offset,
/// length | MACs of the prefixes and of the document, each bound to the id
/// ([`MAC`] bytes each).
const IREC: usize = REC + 20 + 2 * MAC;
/// Where a record's MACs are.
const MAC_P: usize = REC + 20;
const MAC_D: usize = MAC_P + MAC;
/// At most this many documents are kept (the least recently added go first).
const MAX_DOCS: usize = 60_000;

/// The literal directory prefixes of a parsed document's `owns` globs, each with
/// its literal tail, encoded as they are stored: a flag byte, then (prefix, tail)
/// pairs, each a varint length and its bytes (`""` prefix for globs that match at
/// any depth). A path can only be owned through the document if one of the
/// prefixes is the path's ancestor folder, or the root, and the path ends with that
/// glob's tail (the literal text after its last metacharacter: `.rs` of
/// `src/**/*.rs`, nothing for `src/**`). Flag 1 (a glob that does not compile)
/// means: always read the document, so the error shows.
fn encode_prefixes(doc: &crate::spec::SpecDoc) -> Vec<u8> {
    let mut globs = Vec::new();
    for g in &doc.front.owns {
        match crate::glob::normalize(&g.pattern) {
            Ok((_, n)) if crate::glob::validate(&g.pattern).is_ok() => globs.extend(n),
            _ => return vec![1],
        }
    }
    let mut out: Vec<(&str, String)> = globs
        .iter()
        .map(|n| (crate::glob::glob_prefix(n), glob_tail(n)))
        .collect();
    out.sort_unstable();
    out.dedup();
    let mut b = vec![0];
    for (p, t) in &out {
        for part in [p, t.as_str()] {
            put_varint(&mut b, part.len() as u64);
            b.extend_from_slice(part.as_bytes());
        }
    }
    b
}

/// What a path a normalised glob matches must end with, as stored: empty (nothing
/// known), `$` and the literal text after the glob's last metacharacter or slash
/// (`$.rs` of `src/**/*.rs`), or, for a folder form (`X/**`, the files under a
/// folder `X` matches), `/` and that text of `X`: the path has it right before a
/// slash.
fn glob_tail(n: &str) -> String {
    let (kind, base) = match n.strip_suffix("**") {
        Some(b) if b.is_empty() || b.ends_with('/') => ('/', b.trim_end_matches('/')),
        _ => ('$', n),
    };
    let t = match base.rfind(['*', '?', '[', ']', '{', '}', ',', '\\', '/']) {
        Some(i) => &base[i + 1..],
        None => base,
    };
    if t.is_empty() {
        String::new()
    } else {
        format!("{kind}{t}")
    }
}

/// Whether `path` can be matched by a glob with this stored tail ([`glob_tail`]).
fn tail_fits(tail: &[u8], path: &[u8]) -> bool {
    match tail.split_first() {
        None => true,
        Some((b'$', t)) => path.ends_with(t),
        Some((_, t)) => {
            path.ends_with(t)
                || path
                    .windows(t.len() + 1)
                    .any(|w| w[t.len()] == b'/' && &w[..t.len()] == t)
        }
    }
}

/// The (prefix, tail) pairs of encoded prefixes ([`encode_prefixes`]); `None` when
/// they do not decode, `Some(None)` for a document that is always read.
#[allow(clippy::type_complexity)]
fn decode_prefixes(encoded: &[u8]) -> Option<Option<Vec<(&[u8], &[u8])>>> {
    match encoded.split_first()? {
        (1, _) => Some(None),
        (0, rest) => {
            let mut at = 0;
            let mut out = Vec::new();
            while at < rest.len() {
                let mut part = || -> Option<&[u8]> {
                    let n = usize::try_from(get_varint(rest, &mut at)?).ok()?;
                    let b = rest.get(at..at.checked_add(n)?)?;
                    at += n;
                    Some(b)
                };
                let p = part()?;
                let t = part()?;
                out.push((p, t));
            }
            Some(Some(out))
        }
        _ => None,
    }
}

/// Whether encoded prefixes ([`encode_prefixes`]) include one of `folders`;
/// `None` when they do not decode.
fn prefixes_in(encoded: &[u8], folders: &foldhash::HashSet<&[u8]>) -> Option<bool> {
    Some(match decode_prefixes(encoded)? {
        None => true,
        Some(pairs) => pairs.iter().any(|(p, _)| folders.contains(p)),
    })
}

/// One document to store: (record, generation, prefixes, document, their MACs).
type Stored<'a> = ([u8; REC], u32, &'a [u8], &'a [u8], ([u8; MAC], [u8; MAC]));

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
    /// the cache's key: without it nothing stored is read
    key: Option<&'static Key>,
    gen: u32,
    count: usize,
    /// where the records, the prefixes and the documents start
    table_at: usize,
    pre_at: usize,
    docs_at: usize,
    /// documents parsed in this run: encoded prefixes, encoded document
    added: HashMap<ObjectId, (Vec<u8>, Vec<u8>)>,
    /// the spec-tree records' file, mapped read-only
    trees: Option<memmap2::Mmap>,
    /// the spec tree learnt in this run, stored on save
    tree_added: Option<TreeRecord>,
    /// the spec folders' listing walked in this run, stored on save
    listing_added: Option<TreeRecord>,
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
        let store = store(false)?;
        let trees = open_regular(&store.dir.join(file_name(SPEC_TREES)))
            // SAFETY: as for the marker-free ids (replaced by a rename, never in place)
            .and_then(|f| unsafe { memmap2::Mmap::map(&f) }.ok());
        let Some(file) = open_regular(&store.dir.join(file_name("specs-index"))) else {
            return Some(SpecIndex {
                key: Some(&store.key),
                trees,
                ..SpecIndex::default()
            });
        };
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
            return Some(SpecIndex {
                key: Some(&store.key),
                trees,
                ..SpecIndex::default()
            });
        }
        Some(SpecIndex {
            map: Some(map),
            key: Some(&store.key),
            gen,
            count,
            table_at,
            pre_at,
            docs_at,
            added: HashMap::new(),
            trees,
            tree_added: None,
            listing_added: None,
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
        let table = self.table().get(..self.count * IREC)?;
        find_record(table, IREC, &record(id)).map(|i| &table[i * IREC..(i + 1) * IREC])
    }

    fn doc_bytes(&self, id: &ObjectId) -> Option<&[u8]> {
        if let Some((_, d)) = self.added.get(id) {
            return Some(d);
        }
        let r = self.find(id)?;
        let (off, len) = (u32_at(r, REC + 12)? as usize, u32_at(r, REC + 16)? as usize);
        let docs = self.bytes().get(self.docs_at..)?;
        let buf = docs.get(off..off.checked_add(len)?)?;
        let mac = r.get(MAC_D..MAC_D + MAC)?;
        self.key?
            .verifies(&[TAG_DOCUMENT, &r[..REC], buf], mac)
            .then_some(buf)
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
        prefixes_in(self.prefixes(id)?, folders)
    }

    /// The encoded prefixes of the document stored under `id`, verified.
    fn prefixes(&self, id: &ObjectId) -> Option<&[u8]> {
        if let Some((p, _)) = self.added.get(id) {
            return Some(p);
        }
        let r = self.find(id)?;
        let (off, len) = (u32_at(r, REC + 4)? as usize, u32_at(r, REC + 8)? as usize);
        let pre = self.bytes().get(self.pre_at..self.docs_at)?;
        let bytes = pre.get(off..off.checked_add(len)?)?;
        let mac = r.get(MAC_P..MAC_P + MAC)?;
        self.key?
            .verifies(&[TAG_PREFIXES, &r[..REC], bytes], mac)
            .then_some(bytes)
    }

    /// Remember a document that parsed (it is parsed only when what was stored
    /// for it, if anything, did not verify: what is added replaces it).
    pub fn add(&mut self, id: ObjectId, doc: &crate::spec::SpecDoc) {
        if self.added.contains_key(&id) {
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
        let new: Vec<&TreeRecord> = self
            .tree_added
            .iter()
            .chain(self.listing_added.iter())
            .collect();
        if !new.is_empty() {
            if let Some(store) = store(true) {
                save_tree(store, self.trees.as_deref().unwrap_or_default(), &new);
            }
        }
        if self.added.is_empty() {
            return;
        }
        let Some(store) = store(true) else { return };
        let key = &store.key;
        let current = current();
        let gen = self.gen.wrapping_add(1);
        // what was added this run first: for one id it replaces what was stored
        let mut all: Vec<Stored> = Vec::new();
        for (id, (p, d)) in &self.added {
            let rec = record(id);
            let macs = (
                key.mac(&[TAG_PREFIXES, &rec, p]),
                key.mac(&[TAG_DOCUMENT, &rec, d]),
            );
            all.push((rec, gen, p, d, macs));
        }
        let pre = self
            .bytes()
            .get(self.pre_at..self.docs_at)
            .unwrap_or_default();
        let area = self.bytes().get(self.docs_at..).unwrap_or_default();
        let table = self.table();
        // stored records are copied with their MACs, not verified again (that
        // would read every document): one that did not verify still does not
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
            let mut macs = ([0u8; MAC], [0u8; MAC]);
            macs.0.copy_from_slice(&r[MAC_P..MAC_P + MAC]);
            macs.1.copy_from_slice(&r[MAC_D..MAC_D + MAC]);
            let g = g as u32;
            let g = if current.contains(&id) { gen } else { g };
            all.push((rec, g, p, d, macs));
        }
        if all.len() > MAX_DOCS {
            all.sort_by_key(|e| std::cmp::Reverse(e.1));
            all.truncate(MAX_DOCS);
        }
        // stable: for one id, the first (added) is kept
        all.sort_by_key(|e| e.0);
        all.dedup_by(|a, b| a.0 == b.0);
        let mut records = Vec::with_capacity(all.len() * IREC);
        let mut prefixes = Vec::new();
        let mut docs = Vec::new();
        for (rec, g, p, d, (mac_p, mac_d)) in &all {
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
            records.extend_from_slice(mac_p);
            records.extend_from_slice(mac_d);
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
        write(store, "specs-index", &out);
        // the spec cache of earlier builds, which this index replaces
        let _ = std::fs::remove_file(store.dir.join(file_name("specs")));
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
    fn tree_owns_under(
        &self,
        docs: &[(String, ObjectId)],
        folders: &foldhash::HashSet<&[u8]>,
        under: &crate::specset::Under,
    ) -> Option<Vec<bool>> {
        SpecIndex::tree_owns_under(self, docs, folders, under)
    }
    fn add_tree(&mut self, docs: &[(String, ObjectId)]) {
        SpecIndex::add_tree(self, docs)
    }
    fn listing(&self, roots: &[u8]) -> Option<Vec<crate::model::FileEntry>> {
        SpecIndex::listing(self, roots)
    }
    fn add_listing(&mut self, roots: &[u8], files: &[crate::model::FileEntry]) {
        SpecIndex::add_listing(self, roots, files)
    }
}

/// The spec-tree records' file (specs/cli.md CL-6): what every document of a spec
/// tree can own, in one record per tree, so a check looks its specs up once
/// instead of once per document.
const SPEC_TREES: &str = "spec-trees";
/// It starts with this line, then the generation of its newest record (u32) and
/// the number of records (u32); each record is its locator (u64: [`locator`] of
/// the tree's ids), the number of documents (u32), its generation (u32), the
/// length of its table (u32), its MAC, then the table ([`encode_tree`]).
const TREES_MAGIC: &[u8] = b"specmoor-spec-trees-v2\n";
const TREE_HEAD: usize = 8 + 4 + 4 + 4 + MAC;
/// At most this many trees are kept (the least recently written go first).
const MAX_TREES: usize = 32;
const TAG_TREE: &[u8] = b"specmoor spec-tree v2\0";

/// A spec tree learnt in this run.
struct TreeRecord {
    locator: u64,
    count: u32,
    /// what the MAC binds the table to: the tree's ids ([`tree_ids`])
    ids: Vec<u8>,
    table: Vec<u8>,
}

/// The blob ids of a tree's documents, in listing order, each after its length:
/// the identity of a spec tree (the paths do not decide what a document owns).
fn tree_ids(docs: &[(String, ObjectId)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(docs.len() * 21);
    for (_, id) in docs {
        let b = id.as_bytes();
        out.push(b.len() as u8);
        out.extend_from_slice(b);
    }
    out
}

/// Where a tree's record is looked for (FNV-1a of its ids): it only finds the
/// record; the MAC, over the ids themselves, decides whether it is this tree's.
fn locator(ids: &[u8]) -> u64 {
    ids.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(crate) fn get_varint(b: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let c = *b.get(*at)?;
        *at += 1;
        v |= u64::from(c & 0x7f) << shift;
        if c & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// The table of a tree from its documents' encoded prefixes ([`encode_prefixes`],
/// in listing order): the documents always read (a glob that does not compile),
/// then every distinct prefix in byte order — written as the length it shares with
/// the one before and the rest — with the documents that have it (ascending, as
/// differences), each with a tail its paths must end with (empty: any path). `None`
/// when an encoding is not understood.
fn encode_tree(prefixes: &[&[u8]]) -> Option<Vec<u8>> {
    let mut always: Vec<u64> = Vec::new();
    let mut by: std::collections::BTreeMap<&[u8], Vec<(u64, &[u8])>> = Default::default();
    for (i, enc) in prefixes.iter().enumerate() {
        match decode_prefixes(enc)? {
            None => always.push(i as u64),
            Some(pairs) => {
                for (p, t) in pairs {
                    by.entry(p).or_default().push((i as u64, t));
                }
            }
        }
    }
    let mut out = Vec::new();
    put_varint(&mut out, always.len() as u64);
    let mut last = 0;
    for d in &always {
        put_varint(&mut out, d - last);
        last = *d;
    }
    put_varint(&mut out, by.len() as u64);
    let mut prev: &[u8] = b"";
    for (p, docs) in &mut by {
        // per document: no tail when one of its globs here has none, else each tail
        docs.sort_unstable();
        docs.dedup();
        let any: std::collections::BTreeSet<u64> = docs
            .iter()
            .filter(|(_, t)| t.is_empty())
            .map(|(d, _)| *d)
            .collect();
        docs.retain(|(d, t)| t.is_empty() || !any.contains(d));
        let shared = prev
            .iter()
            .zip(p.iter())
            .take_while(|(a, b)| a == b)
            .count();
        put_varint(&mut out, shared as u64);
        put_varint(&mut out, (p.len() - shared) as u64);
        out.extend_from_slice(&p[shared..]);
        put_varint(&mut out, docs.len() as u64);
        let mut last = 0;
        for (d, t) in docs.iter() {
            put_varint(&mut out, d - last);
            last = *d;
            put_varint(&mut out, t.len() as u64);
            out.extend_from_slice(t);
        }
        prev = p;
    }
    Some(out)
}

/// For each of `count` documents, whether the table gives it a prefix in `folders`
/// (with a tail that one of the paths under that folder, from `under`, ends with;
/// any tail when `under` does not list the folder) or says it is always read;
/// `None` when the table does not decode.
fn tree_owns(
    table: &[u8],
    count: usize,
    folders: &foldhash::HashSet<&[u8]>,
    under: &crate::specset::Under,
) -> Option<Vec<bool>> {
    let mut out = vec![false; count];
    let mut at = 0;
    let slot = |d: u64, out: &mut Vec<bool>| -> Option<()> {
        out.get(usize::try_from(d).ok()?)?;
        Some(())
    };
    let n = get_varint(table, &mut at)?;
    let mut d = 0u64;
    for k in 0..n {
        let step = get_varint(table, &mut at)?;
        if k > 0 && step == 0 {
            return None;
        }
        d = d.checked_add(step)?;
        slot(d, &mut out)?;
        out[d as usize] = true;
    }
    let entries = get_varint(table, &mut at)?;
    let mut prefix: Vec<u8> = Vec::new();
    for _ in 0..entries {
        let shared = usize::try_from(get_varint(table, &mut at)?).ok()?;
        let rest = usize::try_from(get_varint(table, &mut at)?).ok()?;
        if shared > prefix.len() {
            return None;
        }
        prefix.truncate(shared);
        prefix.extend_from_slice(table.get(at..at.checked_add(rest)?)?);
        at += rest;
        let hit = folders.contains(prefix.as_slice());
        let paths = under.get(prefix.as_slice());
        let n = get_varint(table, &mut at)?;
        let mut d = 0u64;
        for _ in 0..n {
            // (one document may come again, with another tail)
            let step = get_varint(table, &mut at)?;
            d = d.checked_add(step)?;
            slot(d, &mut out)?;
            let tlen = usize::try_from(get_varint(table, &mut at)?).ok()?;
            let tail = table.get(at..at.checked_add(tlen)?)?;
            at += tlen;
            if hit
                && (tail.is_empty() || paths.is_none_or(|ps| ps.iter().any(|p| tail_fits(tail, p))))
            {
                out[d as usize] = true;
            }
        }
    }
    (at == table.len()).then_some(out)
}

/// A stored spec tree: its header and its table.
type StoredTree<'a> = (&'a [u8], &'a [u8]);

/// The records of a spec-trees file (with the generation of its newest), in file
/// order; `None` when it is not one.
fn tree_records(file: &[u8]) -> Option<(u32, Vec<StoredTree<'_>>)> {
    let h = file.strip_prefix(TREES_MAGIC)?;
    let (gen, n) = (u32_at(h, 0)?, u32_at(h, 4)? as usize);
    let mut at: usize = 8;
    let mut out = Vec::with_capacity(n.min(MAX_TREES));
    for _ in 0..n {
        let head = h.get(at..at.checked_add(TREE_HEAD)?)?;
        let len = u32_at(head, 16)? as usize;
        let table = h.get(at + TREE_HEAD..(at + TREE_HEAD).checked_add(len)?)?;
        out.push((head, table));
        at += TREE_HEAD + len;
    }
    Some((gen, out))
}

/// The MAC of a tree's table, bound to the tree's ids.
fn tree_mac(key: &Key, count: u32, ids: &[u8], table: &[u8]) -> [u8; MAC] {
    key.mac(&[
        TAG_TREE,
        &count.to_le_bytes(),
        &(ids.len() as u64).to_le_bytes(),
        ids,
        table,
    ])
}

/// The spec-trees file also keeps listings of spec folders (specs/cli.md CL-6): the
/// files under a check's spec roots at head, by the roots' tree ids, so a check
/// need not walk the spec folders' trees. Such a record is marked by this count.
const LISTING: u32 = u32::MAX;
const TAG_LISTING: &[u8] = b"specmoor spec-listing v1\0";
/// A listing of more files than this is not kept.
const MAX_LISTED: usize = 100_000;

/// The MAC of a listing, bound to the roots and tree ids it lists ([`listing_key`]).
fn listing_mac(key: &Key, roots: &[u8], table: &[u8]) -> [u8; MAC] {
    key.mac(&[
        TAG_LISTING,
        &(roots.len() as u64).to_le_bytes(),
        roots,
        table,
    ])
}

/// What identifies a listing: each root folder (no trailing `/`) and its tree id,
/// in order.
pub fn listing_key(roots: &[(&[u8], ObjectId)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (r, id) in roots {
        put_varint(&mut out, r.len() as u64);
        out.extend_from_slice(r);
        out.push(id.as_bytes().len() as u8);
        out.extend_from_slice(id.as_bytes());
    }
    out
}

/// A listing's table: the number of files, then each file's path (the length it
/// shares with the one before and the rest), its kind and its id. `None` for a
/// kind a listing does not keep (a link is never kept).
fn encode_listing(files: &[crate::model::FileEntry]) -> Option<Vec<u8>> {
    use crate::model::Kind;
    let mut out = Vec::new();
    put_varint(&mut out, files.len() as u64);
    let mut prev: &[u8] = b"";
    for f in files {
        let p: &[u8] = f.path.as_ref();
        let shared = prev.iter().zip(p).take_while(|(a, b)| a == b).count();
        put_varint(&mut out, shared as u64);
        put_varint(&mut out, (p.len() - shared) as u64);
        out.extend_from_slice(&p[shared..]);
        out.push(match f.kind {
            Kind::File => 0,
            Kind::Executable => 1,
            Kind::Submodule => 3,
            Kind::Symlink => return None,
        });
        out.push(f.id.as_bytes().len() as u8);
        out.extend_from_slice(f.id.as_bytes());
        prev = p;
    }
    Some(out)
}

/// The files of a listing's table (`None` when it does not decode whole).
fn decode_listing(table: &[u8]) -> Option<Vec<crate::model::FileEntry>> {
    use crate::model::{FileEntry, Kind};
    let mut at = 0;
    let n = usize::try_from(get_varint(table, &mut at)?).ok()?;
    let mut out: Vec<FileEntry> = Vec::with_capacity(n.min(MAX_LISTED));
    let mut prev: Vec<u8> = Vec::new();
    for _ in 0..n {
        let shared = usize::try_from(get_varint(table, &mut at)?).ok()?;
        let rest = usize::try_from(get_varint(table, &mut at)?).ok()?;
        let mut path = prev.get(..shared)?.to_vec();
        path.extend_from_slice(table.get(at..at.checked_add(rest)?)?);
        at += rest;
        let kind = match *table.get(at)? {
            0 => Kind::File,
            1 => Kind::Executable,
            3 => Kind::Submodule,
            _ => return None,
        };
        let len = usize::from(*table.get(at + 1)?);
        let id = ObjectId::try_from(table.get(at + 2..(at + 2).checked_add(len)?)?).ok()?;
        at += 2 + len;
        prev.clone_from(&path);
        out.push(FileEntry {
            path: path.into(),
            id,
            kind,
        });
    }
    (at == table.len()).then_some(out)
}

/// Write the spec-trees file with `new` first and the records of `old` (copied
/// with their MACs, not verified again) after them, the oldest dropped.
fn save_tree(store: &Store, old: &[u8], new: &[&TreeRecord]) {
    let (gen, mut kept) = tree_records(old).unwrap_or((0, Vec::new()));
    let gen = gen.wrapping_add(1);
    kept.retain(|(h, _)| {
        !new.iter()
            .any(|n| h[..12] == [&n.locator.to_le_bytes()[..], &n.count.to_le_bytes()].concat())
    });
    // newest first
    kept.sort_by_key(|(h, _)| std::cmp::Reverse(u32_at(h, 12).unwrap_or(0)));
    kept.truncate(MAX_TREES.saturating_sub(new.len()));
    let mut out = Vec::new();
    out.extend_from_slice(TREES_MAGIC);
    out.extend_from_slice(&gen.to_le_bytes());
    out.extend_from_slice(&((kept.len() + new.len()) as u32).to_le_bytes());
    for n in new {
        let mac = if n.count == LISTING {
            listing_mac(&store.key, &n.ids, &n.table)
        } else {
            tree_mac(&store.key, n.count, &n.ids, &n.table)
        };
        out.extend_from_slice(&n.locator.to_le_bytes());
        out.extend_from_slice(&n.count.to_le_bytes());
        out.extend_from_slice(&gen.to_le_bytes());
        out.extend_from_slice(&(n.table.len() as u32).to_le_bytes());
        out.extend_from_slice(&mac);
        out.extend_from_slice(&n.table);
    }
    for (h, t) in kept {
        out.extend_from_slice(h);
        out.extend_from_slice(t);
    }
    if out.len() as u64 <= MAX_FILE {
        write(store, SPEC_TREES, &out);
    }
}

impl SpecIndex {
    /// See [`crate::specset::DocStore::tree_owns_under`]: the record of this tree
    /// (found by its locator, then its MAC verified over the ids and the table).
    pub fn tree_owns_under(
        &self,
        docs: &[(String, ObjectId)],
        folders: &foldhash::HashSet<&[u8]>,
        under: &crate::specset::Under,
    ) -> Option<Vec<bool>> {
        let key = self.key?;
        let count = u32::try_from(docs.len()).ok()?;
        let ids = tree_ids(docs);
        let table = self.stored_tree(&ids, count, |t| tree_mac(key, count, &ids, t))?;
        tree_owns(table, docs.len(), folders, under)
    }

    /// The table of the spec-trees record stored for `ids` with this count (a spec
    /// tree's, or [`LISTING`]), when `mac` of the table is the record's.
    fn stored_tree(
        &self,
        ids: &[u8],
        count: u32,
        mac: impl Fn(&[u8]) -> [u8; MAC],
    ) -> Option<&[u8]> {
        let (_, records) = tree_records(self.trees.as_deref()?)?;
        let loc = locator(ids);
        let (head, table) = records.into_iter().find(|(h, _)| {
            u64::from_le_bytes(h[..8].try_into().unwrap_or_default()) == loc
                && u32_at(h, 8) == Some(count)
        })?;
        same_mac(&mac(table), &head[20..20 + MAC]).then_some(table)
    }

    /// The listing stored for these roots ([`listing_key`]), when its MAC verifies.
    pub fn listing(&self, roots: &[u8]) -> Option<Vec<crate::model::FileEntry>> {
        let key = self.key?;
        decode_listing(self.stored_tree(roots, LISTING, |t| listing_mac(key, roots, t))?)
    }

    /// Remember the listing of these roots, stored on save (not one with a link,
    /// nor one of very many files).
    pub fn add_listing(&mut self, roots: &[u8], files: &[crate::model::FileEntry]) {
        if is_off() || files.len() > MAX_LISTED {
            return;
        }
        if let Some(table) = encode_listing(files) {
            self.listing_added = Some(TreeRecord {
                locator: locator(roots),
                count: LISTING,
                ids: roots.to_vec(),
                table,
            });
        }
    }

    /// See [`crate::specset::DocStore::add_tree`]: the tree's record, from its
    /// documents' prefixes (stored and verified, or added in this run).
    pub fn add_tree(&mut self, docs: &[(String, ObjectId)]) {
        // no spec at all: nothing to look up, nothing to write
        if is_off() || docs.is_empty() {
            return;
        }
        let Ok(count) = u32::try_from(docs.len()) else {
            return;
        };
        let prefixes: Option<Vec<&[u8]>> = docs.iter().map(|(_, id)| self.prefixes(id)).collect();
        let Some(table) = prefixes.as_deref().and_then(encode_tree) else {
            return;
        };
        let ids = tree_ids(docs);
        self.tree_added = Some(TreeRecord {
            locator: locator(&ids),
            count,
            ids,
            table,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::ById;

    fn id(hex: &str) -> gix::ObjectId {
        gix::ObjectId::from_hex(hex.as_bytes()).unwrap()
    }

    /// Every id is found with its own value, ids that share their first eight bytes
    /// too, and an id not there is not; SHA-1 and SHA-256 ids mixed are found as well.
    #[test]
    fn by_id_finds_each_id_and_only_those() {
        let sha1 = |head: &str, tail: &str| id(&format!("{head}{tail:0>24}"));
        let mut items: Vec<(gix::ObjectId, usize)> = [
            sha1("0000000000000001", "1"),
            sha1("0000000000000001", "2"),
            sha1("0000000000000001", "3"),
            sha1("00000000000000ff", "0"),
            sha1("ffffffffffffffff", "9"),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id, i))
        .collect();
        items.sort();
        let m = ById::new(items.clone());
        for (id, v) in &items {
            assert_eq!(m.get(id), Some(v));
        }
        // given out of order and with an id twice: sorted, the first kept
        let mut shuffled = items.clone();
        shuffled.reverse();
        shuffled.push((items[0].0, 99));
        let m = ById::new(shuffled);
        for (id, v) in &items {
            assert_eq!(m.get(id), Some(v), "{id}");
        }
        assert_eq!(m.get(&sha1("0000000000000001", "4")), None);
        assert_eq!(m.get(&sha1("0000000000000002", "1")), None);
        assert_eq!(m.get(&sha1("ffffffffffffffff", "8")), None);
        let sha256 = id(&format!("{:0>64}", "5"));
        items.push((sha256, 9));
        items.sort();
        let mixed = ById::new(items.clone());
        for (id, v) in &items {
            assert_eq!(mixed.get(id), Some(v));
        }
        assert_eq!(ById::<usize>::default().get(&sha256), None);
    }

    /// Values merged in later are found with the earlier ones, unsorted or not; an id
    /// given again keeps its first value.
    #[test]
    fn by_id_merges_what_is_found_later() {
        let ids: Vec<gix::ObjectId> = ["30", "10", "20"]
            .iter()
            .map(|t| id(&format!("{t:0<40}")))
            .collect();
        let m = ById::default().merged(vec![(ids[0], 0), (ids[1], 1)]);
        let m = m.merged(vec![(ids[2], 2), (ids[1], 9)]);
        assert_eq!(m.get(&ids[0]), Some(&0));
        assert_eq!(m.get(&ids[1]), Some(&1));
        assert_eq!(m.get(&ids[2]), Some(&2));
        assert_eq!(m.get(&id(&"40".repeat(20))), None);
    }

    /// The interpolating search finds exactly what bisection finds, on evenly spread
    /// ids, on ids crowded into one corner, and on ids sharing their leading bytes.
    #[test]
    fn find_record_answers_as_bisection_does() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut fill = |b: &mut [u8]| b.iter_mut().for_each(|x| *x = next() as u8);
        for shape in 0..3 {
            for n in [0usize, 1, 2, 17, 100, 5000] {
                let mut recs: Vec<[u8; NREC]> = (0..n)
                    .map(|_| {
                        let mut id = [0u8; 20];
                        fill(&mut id);
                        match shape {
                            1 => id[..6].fill(0),  // crowded: tiny leading values
                            2 => id[..10].fill(7), // leading bytes all equal
                            _ => {}
                        }
                        let mut r = [0u8; NREC];
                        r[..REC].copy_from_slice(&record(&ObjectId::from_bytes_or_panic(&id)));
                        fill(&mut r[REC..REC + 1]);
                        r
                    })
                    .collect();
                recs.sort_by(|a, b| a[..REC].cmp(&b[..REC]));
                recs.dedup_by(|a, b| a[..REC] == b[..REC]);
                let table = recs.concat();
                let mut near = 0;
                for (i, r) in recs.iter().enumerate() {
                    assert_eq!(find_record(&table, NREC, &r[..REC]), Some(i));
                    // in order, galloping on from the last answer
                    assert_eq!(search_record(&table, NREC, &r[..REC], near), Ok(i));
                    near = i;
                }
                for _ in 0..200 {
                    let mut id = [0u8; 20];
                    fill(&mut id);
                    if shape == 2 {
                        id[..10].fill(7);
                    }
                    let key = record(&ObjectId::from_bytes_or_panic(&id));
                    let want = recs.binary_search_by(|r| r[..REC].cmp(&key[..]));
                    assert_eq!(find_record(&table, NREC, &key), want.ok());
                    // from any hint, right or wrong, the same answer
                    let hint = (id[19] as usize * 7919) % (recs.len() + 1);
                    assert_eq!(search_record(&table, NREC, &key, hint), want);
                }
            }
        }
    }

    #[test]
    fn keep_evenly_keeps_all_that_fits_and_spreads_the_rest() {
        let v: Vec<u32> = (0..10).collect();
        assert_eq!(super::keep_evenly(&v, 20), v);
        assert_eq!(super::keep_evenly(&v, 10), v);
        assert_eq!(super::keep_evenly(&v, 5), vec![0, 2, 4, 6, 8]);
        assert_eq!(super::keep_evenly(&v, 3), vec![0, 3, 6]);
        assert!(super::keep_evenly(&v, 0).is_empty());
    }

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
            (&b"specmoor-spec-index-v3\n"[..], PINNED),
            "the parsed form of a spec changed: bump INDEX_MAGIC and update PINNED"
        );
    }

    const PINNED: &str = "14a5df8b388704314bca7a3522e86182f7e28fd1fff397894fd36e702d112c4f";

    fn test_key(seed: u8) -> &'static Key {
        Box::leak(Box::new(Key::new(&[seed; KEY_LEN])))
    }

    fn signed(key: &Key, id: &ObjectId) -> [u8; NREC] {
        let rec = record(id);
        let mut r = [0u8; NREC];
        r[..REC].copy_from_slice(&rec);
        r[REC..].copy_from_slice(&key.mac_no_marker(&rec));
        r
    }

    #[test]
    fn sorted_records_are_found_in_place() {
        let key = test_key(1);
        let ids: Vec<ObjectId> = (1u8..=40)
            .map(|i| ObjectId::from_bytes_or_panic(&[i; 20]))
            .collect();
        let mut recs: Vec<[u8; NREC]> = ids.iter().step_by(2).map(|id| signed(key, id)).collect();
        recs.sort_unstable();
        let mut m = NoMarker {
            sorted: Records::Owned(recs.concat()),
            added: Vec::new(),
            key: Some(key),
            ..NoMarker::default()
        };
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(m.contains(id), i % 2 == 0, "{i}");
        }
        // the parallel runs answer as one lookup at a time does, for any number of
        // sorted ids (runs of at least 64, so several for the longer lists)
        let many: Vec<ObjectId> = (0u32..300)
            .map(|i| {
                let mut b = [0u8; 20];
                b[..4].copy_from_slice(&(i * 7 / 5).to_be_bytes());
                b[4] = (i % 3) as u8;
                ObjectId::from_bytes_or_panic(&b)
            })
            .collect();
        let mut recs: Vec<[u8; NREC]> = many.iter().step_by(3).map(|id| signed(key, id)).collect();
        recs.sort_unstable();
        let big = NoMarker {
            sorted: Records::Owned(recs.concat()),
            key: Some(key),
            ..NoMarker::default()
        };
        for n in [0, 1, 63, 64, 65, 200, 300] {
            let each: Vec<bool> = many[..n].iter().map(|id| big.contains(id)).collect();
            assert_eq!(big.contains_each(&many[..n]), each, "{n}");
            assert_eq!(each.iter().filter(|k| **k).count(), n.div_ceil(3), "{n}");
        }
        assert_eq!(
            m.contains_each(&ids),
            ids.iter().map(|id| m.contains(id)).collect::<Vec<_>>()
        );
        m.add(ids[1]);
        m.add(ids[0]); // known: not added twice
        assert_eq!(m.added.len(), 1);
        let sha256 = ObjectId::from_bytes_or_panic(&[7u8; 32]);
        assert!(!m.contains(&sha256));
    }

    #[test]
    fn a_marker_free_record_that_does_not_verify_is_absent() {
        let key = test_key(1);
        let (a, b) = (
            ObjectId::from_bytes_or_panic(&[1; 20]),
            ObjectId::from_bytes_or_panic(&[2; 20]),
        );
        // b's record carrying a's MAC, one signed with another key, one unsigned
        let mut moved = signed(key, &b);
        moved[REC..].copy_from_slice(&signed(key, &a)[REC..]);
        let c = ObjectId::from_bytes_or_panic(&[3; 20]);
        let other = signed(test_key(2), &c);
        let d = ObjectId::from_bytes_or_panic(&[4; 20]);
        let mut bare = [0u8; NREC];
        bare[..REC].copy_from_slice(&record(&d));
        let mut m = NoMarker {
            sorted: Records::Owned([signed(key, &a), moved, other, bare].concat()),
            added: Vec::new(),
            key: Some(key),
            ..NoMarker::default()
        };
        assert!(m.contains(&a));
        for id in [b, c, d] {
            assert!(!m.contains(&id), "{id}");
            m.add(id); // re-learnt, replacing the bad record on save
        }
        assert_eq!(m.added.len(), 3);
        // without a key nothing is known
        m.key = None;
        assert!(!m.contains(&a));
    }

    fn enc(pairs: &[(&str, &str)]) -> Vec<u8> {
        let mut b = vec![0];
        for (p, t) in pairs {
            for part in [p, t] {
                put_varint(&mut b, part.len() as u64);
                b.extend_from_slice(part.as_bytes());
            }
        }
        b
    }

    #[test]
    fn a_glob_tail_is_what_every_path_it_matches_ends_with() {
        for (glob, tail) in [
            ("src/**/*.rs", "$.rs"),
            ("src/**/*.rs/**", "/.rs"),
            ("src/**", "/src"),
            ("**", ""),
            ("**/x/**", "/x"),
            ("src/a/x.rs", "$x.rs"),
            ("src/a/x.rs/**", "/x.rs"),
            ("**/*.{rs,go}", ""),
            ("src/*/main.go", "$main.go"),
            ("a[!x/]b", "$b"),
        ] {
            assert_eq!(glob_tail(glob), tail, "{glob}");
        }
        for (tail, path, fits) in [
            ("", "a/b", true),
            ("$.rs", "src/a.rs", true),
            ("$.rs", "src/a.rs/b.go", false),
            ("/.rs", "src/a.rs/b.go", true),
            ("/.rs", "src/a.rs", true),
            ("/.rs", "src/a.rsx/b", false),
            ("/x", "src/x/y", true),
        ] {
            assert_eq!(
                tail_fits(tail.as_bytes(), path.as_bytes()),
                fits,
                "{tail} {path}"
            );
        }
        let doc = crate::spec::SpecDoc::parse("specs/a.md", SAMPLE.as_bytes()).unwrap();
        let encoded = encode_prefixes(&doc);
        let pairs = decode_prefixes(&encoded).unwrap().unwrap();
        assert!(pairs.contains(&(&b"src/a"[..], &b"$x.rs"[..])), "{pairs:?}");
        assert!(pairs.contains(&(&b"src/a"[..], &b"/a"[..])), "{pairs:?}");
        assert!(
            pairs.contains(&(&b"src/a/x.rs"[..], &b"/x.rs"[..])),
            "{pairs:?}"
        );
    }

    #[test]
    fn a_spec_tree_table_answers_as_the_documents_prefixes_do() {
        let docs: Vec<Vec<u8>> = vec![
            enc(&[("src/a", ""), ("src/a/b", "$.rs")]),
            enc(&[("", "$.sql")]), // a glob at any depth
            vec![1],               // a glob that does not compile: always read
            enc(&[]),              // owns nothing
            enc(&[("src/a/b", ""), ("src/c", "$x.go"), ("src/c", "$.rs")]),
        ];
        let refs: Vec<&[u8]> = docs.iter().map(|d| d.as_slice()).collect();
        let table = encode_tree(&refs).unwrap();
        let none = crate::specset::Under::default();
        let sets: [&[&[u8]]; 4] = [&[], &[b""], &[b"src/a", b"src"], &[b"src/c", b"src/a/b"]];
        for folders in sets {
            let f: foldhash::HashSet<&[u8]> = folders.iter().copied().collect();
            let want: Vec<bool> = refs.iter().map(|d| prefixes_in(d, &f).unwrap()).collect();
            assert_eq!(
                tree_owns(&table, refs.len(), &f, &none),
                Some(want),
                "{folders:?}"
            );
        }
        // with the paths under each folder, tails decide
        let paths: [&[u8]; 2] = [b"src/c/d/y.go", b"db/t.sql"];
        let mut under = crate::specset::Under::default();
        let mut f = foldhash::HashSet::default();
        for p in paths {
            under.entry(&b""[..]).or_default().push(p);
            f.insert(&b""[..]);
            for (i, c) in p.iter().enumerate() {
                if *c == b'/' {
                    under.entry(&p[..i]).or_default().push(p);
                    f.insert(&p[..i]);
                }
            }
        }
        assert_eq!(
            tree_owns(&table, 5, &f, &under),
            Some(vec![false, true, true, false, false])
        );
        under.insert(b"src/c", vec![b"src/c/x.go"]);
        assert_eq!(
            tree_owns(&table, 5, &f, &under),
            Some(vec![false, true, true, false, true])
        );
        // a table that does not decode, or names a document beyond the tree, is none
        let f = foldhash::HashSet::default();
        assert_eq!(tree_owns(&table, 4, &f, &none), None);
        assert_eq!(tree_owns(&table[..table.len() - 1], 5, &f, &none), None);
        let mut longer = table.clone();
        longer.push(0);
        assert_eq!(tree_owns(&longer, 5, &f, &none), None);
        assert_eq!(encode_tree(&[b"\x07"]), None);
    }

    #[test]
    fn a_spec_tree_record_verifies_only_for_its_own_ids() {
        let key = test_key(3);
        let docs = |n: u8| -> Vec<(String, ObjectId)> {
            (1..=n)
                .map(|i| {
                    (
                        format!("specs/{i}.md"),
                        ObjectId::from_bytes_or_panic(&[i; 20]),
                    )
                })
                .collect()
        };
        let table = encode_tree(&[&enc(&[("src", "")]), &enc(&[("", "")])]).unwrap();
        let ids = tree_ids(&docs(2));
        let mac = tree_mac(key, 2, &ids, &table);
        assert_eq!(mac, tree_mac(key, 2, &tree_ids(&docs(2)), &table));
        let mut other = docs(2);
        other[1].1 = ObjectId::from_bytes_or_panic(&[9; 20]);
        assert_ne!(mac, tree_mac(key, 2, &tree_ids(&other), &table));
        assert_ne!(mac, tree_mac(test_key(4), 2, &ids, &table));
        let mut t2 = table.clone();
        t2[0] ^= 1;
        assert_ne!(mac, tree_mac(key, 2, &ids, &t2));
    }

    #[test]
    fn a_listing_is_read_back_only_under_its_own_roots_and_mac() {
        use crate::model::{FileEntry, Kind};
        let key = test_key(5);
        let entry = |p: &str, kind, b: u8, len: usize| FileEntry {
            path: p.into(),
            id: ObjectId::try_from(&vec![b; len][..]).unwrap(),
            kind,
        };
        let files = vec![
            entry("specs/a.md", Kind::File, 1, 20),
            entry("specs/ab.md", Kind::Executable, 2, 20),
            entry("specs/sub/c.md", Kind::File, 3, 32),
            entry("specs/vendor", Kind::Submodule, 4, 20),
        ];
        let table = encode_listing(&files).unwrap();
        assert_eq!(decode_listing(&table).unwrap(), files);
        // a link is never stored; a table cut short or with more after it is not one
        let mut link = files.clone();
        link[1].kind = Kind::Symlink;
        assert!(encode_listing(&link).is_none());
        assert!(decode_listing(&table[..table.len() - 1]).is_none());
        assert!(decode_listing(&[&table[..], &[0]].concat()).is_none());
        // stored in a spec-trees file: found by its roots, verified by its MAC
        let roots = listing_key(&[(b"specs", ObjectId::from_bytes_or_panic(&[7; 20]))]);
        let file = |table: &[u8], mac: [u8; MAC]| {
            let mut f = TREES_MAGIC.to_vec();
            f.extend_from_slice(&1u32.to_le_bytes());
            f.extend_from_slice(&1u32.to_le_bytes());
            f.extend_from_slice(&locator(&roots).to_le_bytes());
            f.extend_from_slice(&LISTING.to_le_bytes());
            f.extend_from_slice(&1u32.to_le_bytes());
            f.extend_from_slice(&(table.len() as u32).to_le_bytes());
            f.extend_from_slice(&mac);
            f.extend_from_slice(table);
            let mut m = memmap2::MmapMut::map_anon(f.len()).unwrap();
            m.copy_from_slice(&f);
            SpecIndex {
                key: Some(key),
                trees: Some(m.make_read_only().unwrap()),
                ..SpecIndex::default()
            }
        };
        let good = file(&table, listing_mac(key, &roots, &table));
        assert_eq!(good.listing(&roots).unwrap(), files);
        let other = listing_key(&[(b"specs", ObjectId::from_bytes_or_panic(&[8; 20]))]);
        assert!(good.listing(&other).is_none());
        // one file fewer under the same MAC, or a MAC of another key: a miss
        let fewer = encode_listing(&files[1..]).unwrap();
        assert!(file(&fewer, listing_mac(key, &roots, &table))
            .listing(&roots)
            .is_none());
        assert!(file(&table, listing_mac(test_key(6), &roots, &table))
            .listing(&roots)
            .is_none());
        // and a spec tree's lookup never takes the listing for a tree
        assert!(good
            .tree_owns_under(&[], &Default::default(), &Default::default())
            .is_none());
    }

    #[test]
    fn the_mac_is_hmac_sha256() {
        // RFC 4231, test case 1
        let key = Key::new(&[0x0b; 20]);
        let want = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
        let got: String = key
            .mac(&[b"Hi ", b"There"])
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(got, want[..2 * MAC]);
        let mac = key.mac(&[b"Hi There"]);
        assert!(key.verifies(&[b"Hi There"], &mac));
        assert!(!key.verifies(&[b"Hi there"], &mac));
        assert!(!key.verifies(&[b"Hi There"], &mac[..MAC - 1]));
        // the two-compression path agrees, for every length it takes
        let key = Key::new(&[0x5a; KEY_LEN]);
        let msg: Vec<u8> = (0u8..55).collect();
        for n in 0..=55 {
            assert_eq!(key.mac_short(&msg[..n]), key.mac(&[&msg[..n]]), "{n}");
        }
        let rec = [9u8; REC];
        assert_eq!(key.mac_no_marker(&rec), key.mac(&[TAG_NO_MARKER, &rec]));
    }
}
