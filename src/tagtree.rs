//! The requirement tags of many blobs at once (specs/tags.md): every code file of a
//! tree for `coverage`, and for `check` when a change removes or renames a requirement
//! that tags at head may still name. Blobs are read in parallel, and what a blob's tags
//! are under the tag syntax in force is cached by blob id (specs/cli.md CL-6,
//! [`crate::cache::tags`]): a warm run reads only the blobs it has not scanned before.
//! A cache may cost time, never a verdict: a record that does not verify, or does not
//! decode, is a miss, and the blob is read.

use crate::cache::tags::{fingerprint, TagIndex};
use crate::error::Result;
use crate::git::{At, Repo};
use crate::model::FileEntry;
use crate::tags::{self, Tag, TagSyntax};
use gix::bstr::BString;
use gix::ObjectId;
use rayon::prelude::*;

/// What the cached facts were computed by: a change to the scanner's output, to the
/// encoding of [`Tag`] or to the whitespace digest must change this, so that facts
/// cached by an earlier build of the same version are never read as current (a test
/// pins a sample).
const SCAN_FORMAT: &str = "specmoor tag scan 2, whitespace form 1";

/// The cache key of a syntax: the scanner's format and the syntaxes in force.
fn syntax_key(syntax: &TagSyntax) -> [u8; crate::cache::tags::FP] {
    fingerprint(format!("{SCAN_FORMAT}\n{}", syntax.fingerprint()).as_bytes())
}

/// What is known of a code blob once it has been read (specs/tags.md TG-1,
/// specs/rules.md RU-2): its tags under the syntax in force, and the digest that
/// decides whether a change to or from it is whitespace-only. Cached by blob id, so
/// a warm check reads no blob of a file without tags whose change is judged by
/// these alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub tags: Vec<Tag>,
    pub whitespace: Option<[u8; 32]>,
}

impl Facts {
    /// The facts of a blob, from its bytes.
    pub fn of(syntax: &TagSyntax, bytes: &[u8]) -> Facts {
        Facts {
            tags: tags::scan(syntax, bytes),
            whitespace: crate::rules::drift::whitespace_digest(bytes),
        }
    }
}

/// The cached form of a blob's facts: a flag byte (1: a whitespace digest follows),
/// the digest, then the tags in postcard (nothing for none, most blobs).
fn encode(f: &Facts) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(33);
    match &f.whitespace {
        Some(d) => {
            out.push(1);
            out.extend_from_slice(d);
        }
        None => out.push(0),
    }
    if !f.tags.is_empty() {
        out.extend(postcard::to_allocvec(&f.tags).ok()?);
    }
    Some(out)
}

fn decode(bytes: &[u8]) -> Option<Facts> {
    let (flag, rest) = bytes.split_first()?;
    let (whitespace, rest) = match flag {
        0 => (None, rest),
        1 => {
            let d: [u8; 32] = rest.get(..32)?.try_into().ok()?;
            (Some(d), &rest[32..])
        }
        _ => return None,
    };
    let tags = if rest.is_empty() {
        Vec::new()
    } else {
        let (tags, left) = postcard::take_from_bytes::<Vec<Tag>>(rest).ok()?;
        if !left.is_empty() {
            return None;
        }
        tags
    };
    Some(Facts { tags, whitespace })
}

/// The facts of code blobs, cached by blob id under one tag syntax (a record that
/// does not verify or decode is a miss: the blob is read again).
#[derive(Debug)]
pub struct FactsCache {
    syntax: TagSyntax,
    index: TagIndex,
    /// whether the stored records were loaded (only then is the file rewritten)
    loaded: bool,
    /// what lookups of this run found (verified and decoded once)
    found: crate::cache::ById<Facts>,
}

impl FactsCache {
    /// The cache for `syntax`: the stored records when `load` (worth it for many
    /// blobs: mapping the file costs more than a handful of reads), else only what
    /// this run learns.
    pub fn new(syntax: TagSyntax, load: bool) -> FactsCache {
        let key = syntax_key(&syntax);
        let index = if load {
            TagIndex::load(key)
        } else {
            TagIndex::empty(key)
        };
        FactsCache {
            syntax,
            index,
            loaded: load,
            found: Default::default(),
        }
    }

    /// Load the stored records now, when a run that expected few blobs turns out to
    /// need many (what it learned so far is kept).
    pub fn load_stored(&mut self) {
        if !self.loaded {
            let key = syntax_key(&self.syntax);
            let stored = TagIndex::load(key);
            self.index = stored.with_added_of(std::mem::take(&mut self.index));
            self.loaded = true;
        }
    }

    pub fn syntax(&self) -> &TagSyntax {
        &self.syntax
    }

    /// The stored tags of each of `ids` (sorted, each once), in order: looked up in
    /// runs like [`FactsCache::look_up`], only the tags kept.
    pub fn tags_sorted(&self, ids: &[ObjectId]) -> Vec<Option<Vec<Tag>>> {
        self.index.get_sorted(ids, |v| decode(v).map(|f| f.tags))
    }

    /// The facts of a blob, when known.
    pub fn get(&self, id: &ObjectId) -> Option<Facts> {
        if let Some(f) = self.found.get(id) {
            return Some(f.clone());
        }
        self.index.get(id).and_then(decode)
    }

    /// Look these blobs up now, in parallel, and keep what is found: later
    /// [`FactsCache::get`]s of them verify and decode nothing again. Sorted ids
    /// are found faster (each lookup starts from the previous one's answer).
    pub fn look_up(&mut self, ids: &[ObjectId]) {
        let index = &self.index;
        let found = index.get_sorted(ids, decode);
        let found: Vec<(ObjectId, Facts)> = ids
            .iter()
            .zip(found)
            .filter_map(|(id, f)| Some((*id, f?)))
            .collect();
        self.found = std::mem::take(&mut self.found).merged(found);
    }

    /// Facts computed elsewhere (in parallel) for a blob read now.
    pub fn remember(&mut self, id: ObjectId, f: &Facts) {
        if let Some(v) = encode(f) {
            self.index.add(id, v);
        }
    }

    /// Read these blobs (in parallel), work out their facts (in parallel) and
    /// remember them (saved by [`FactsCache::save`]): the bytes and the facts, in the
    /// order given. A blob that cannot be read is exit 2 naming its path and revision.
    pub fn read(
        &mut self,
        repo: &Repo,
        items: &[(ObjectId, At)],
    ) -> Result<(Vec<Vec<u8>>, Vec<Facts>)> {
        let blobs = repo.blobs(items)?;
        let syntax = &self.syntax;
        let facts: Vec<Facts> = blobs.par_iter().map(|b| Facts::of(syntax, b)).collect();
        for ((id, _), f) in items.iter().zip(&facts) {
            self.remember(*id, f);
        }
        Ok((blobs, facts))
    }

    /// Persist what this run learned (nothing when it learned nothing or did not
    /// load the stored records).
    pub fn save(&self) {
        if self.loaded {
            self.index.save();
        }
    }
}

/// The tags of many blobs (each with where it is read, for messages), in the order
/// given: from the cache where it has them, the others read in parallel and scanned.
/// A blob that cannot be read is exit 2 naming its path and revision.
pub fn tags_of_many(
    repo: &Repo,
    syntax: &TagSyntax,
    items: &[(ObjectId, At)],
) -> Result<Vec<Vec<Tag>>> {
    if !syntax.enabled() || items.is_empty() {
        return Ok(vec![Vec::new(); items.len()]);
    }
    let mut cache = FactsCache::new(syntax.clone(), true);
    let out = tags_cached(repo, &mut cache, items)?;
    cache.save();
    Ok(out)
}

/// [`tags_of_many`] with the cache a caller holds (it saves it).
pub fn tags_cached(
    repo: &Repo,
    cache: &mut FactsCache,
    items: &[(ObjectId, At)],
) -> Result<Vec<Vec<Tag>>> {
    let t = crate::timing::phase("tags from the cache");
    // from the cache: each blob once, in the records' order, in parallel (a search
    // from the previous answer and a MAC per id; the file's pages unmapped behind
    // each run: `TagIndex::get_sorted`), then each item's from what was found
    let mut ids: Vec<ObjectId> = items.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    let tags = cache.tags_sorted(&ids);
    let known = crate::cache::ById::new(ids.into_iter().zip(tags).collect());
    let mut out: Vec<Option<Vec<Tag>>> = items
        .par_iter()
        .map(|(id, _)| known.get(id).cloned().flatten())
        .collect();
    drop(known);
    t.done();
    let missing: Vec<(ObjectId, At)> = items
        .iter()
        .zip(&out)
        .filter(|(_, t)| t.is_none())
        .map(|(it, _)| *it)
        .collect();
    let t = crate::timing::phase(format!("tags of {} blobs read", missing.len()));
    let syntax = cache.syntax().clone();
    let mut read = repo
        .try_map_blobs(&missing, |b| Facts::of(&syntax, b))
        .into_iter();
    for ((id, _), slot) in items.iter().zip(out.iter_mut()) {
        if slot.is_some() {
            continue;
        }
        let Some(r) = read.next() else { break };
        let f = r.map_err(|u| u.fatal())?;
        cache.remember(*id, &f);
        *slot = Some(f.tags);
    }
    t.done();
    Ok(out.into_iter().map(Option::unwrap_or_default).collect())
}

/// The tags of every file among `files` (code files of the tree at `rev`; other
/// kinds than files are skipped), with their paths: only files that have tags, in the
/// order given.
pub fn scan_tree(
    repo: &Repo,
    syntax: &TagSyntax,
    rev: Option<ObjectId>,
    files: &[&FileEntry],
) -> Result<Vec<(BString, Vec<Tag>)>> {
    use crate::model::Kind;
    let files: Vec<&FileEntry> = files
        .iter()
        .copied()
        .filter(|f| matches!(f.kind, Kind::File | Kind::Executable) && !f.id.is_null())
        .collect();
    let items: Vec<(ObjectId, At)> = files
        .iter()
        .map(|f| (f.id, At::new(f.path.as_slice(), rev)))
        .collect();
    let tags = tags_of_many(repo, syntax, &items)?;
    Ok(files
        .iter()
        .zip(tags)
        .filter(|(_, t)| !t.is_empty())
        .map(|(f, t)| (f.path.clone(), t))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Facts are cached by blob id: if the scanner's output for this sample, the
    /// encoding of `Tag` or the whitespace digest changes, facts cached by an earlier
    /// build would be read as current. Change [`SCAN_FORMAT`] with it, then update the
    /// pin.
    #[test]
    fn the_cached_scan_is_pinned() {
        let cfg = crate::config::TagsConfig::default();
        let syntax = TagSyntax::new(&cfg).expect("default syntax");
        // `%` for `@`, so that specmoor's own sources hold no tags
        let sample = "// %spec FR-1@1.2, specs/a.md#FR-2\nfn a() {}\n\n// %spec FR-3\nfn b() {}\n// %spec end\nfn c() {}\n"
            .replace('%', "@");
        let facts = Facts::of(&syntax, sample.as_bytes());
        let enc = encode(&facts).expect("encodes");
        assert_eq!(decode(&enc), Some(facts.clone()));
        let none = Facts::default();
        assert_eq!(encode(&none), Some(vec![0]));
        assert_eq!(decode(&[0]), Some(none));
        assert_eq!(
            decode(&[]),
            None,
            "an empty record is not one this build wrote"
        );
        assert_eq!(decode(&[2]), None);
        let mut trailing = enc.clone();
        trailing.push(0);
        assert_eq!(decode(&trailing), None);
        let hex: String = enc.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "01b17c59454a6dcd1d38c67f1582dad140bfb755a8d19baaa1295446ff39b307c303010301000446522d310103312e320e40737065632046522d3140312e32010301010a73706563732f612e6d640446522d32001540737065632073706563732f612e6d642346522d32040604000446522d33000a40737065632046522d33",
            "the scanner's output, Tag's encoding or the whitespace digest changed: change SCAN_FORMAT, then pin the new encoding"
        );
    }
}
