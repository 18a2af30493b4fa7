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

/// What the cached tags were computed by: a change to the scanner's output (or to
/// the encoding of [`Tag`]) must change this, so that tags cached by an earlier build
/// of the same version are never read as current (a test pins a sample).
const SCAN_FORMAT: &str = "specmoor tag scan 1";

/// The cache key of a syntax: the scanner's format and the syntaxes in force.
fn syntax_key(syntax: &TagSyntax) -> [u8; crate::cache::tags::FP] {
    fingerprint(format!("{SCAN_FORMAT}\n{}", syntax.fingerprint()).as_bytes())
}

/// The cached form of a blob's tags: nothing for none (most blobs), else postcard.
fn encode(tags: &[Tag]) -> Option<Vec<u8>> {
    if tags.is_empty() {
        return Some(Vec::new());
    }
    postcard::to_allocvec(tags).ok()
}

fn decode(bytes: &[u8]) -> Option<Vec<Tag>> {
    if bytes.is_empty() {
        return Some(Vec::new());
    }
    postcard::from_bytes(bytes).ok()
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
    let t = crate::timing::phase("tags from the cache");
    let mut cache = TagIndex::load(syntax_key(syntax));
    // from the cache, in parallel (a binary search and a MAC per id)
    let mut out: Vec<Option<Vec<Tag>>> = items
        .par_iter()
        .map(|(id, _)| cache.get(id).and_then(decode))
        .collect();
    t.done();
    let missing: Vec<(ObjectId, At)> = items
        .iter()
        .zip(&out)
        .filter(|(_, t)| t.is_none())
        .map(|(it, _)| *it)
        .collect();
    let t = crate::timing::phase(format!("tags of {} blobs read", missing.len()));
    let mut read = repo
        .try_map_blobs(&missing, |b| tags::scan(syntax, b))
        .into_iter();
    for ((id, _), slot) in items.iter().zip(out.iter_mut()) {
        if slot.is_some() {
            continue;
        }
        let Some(r) = read.next() else { break };
        let t = r.map_err(|u| u.fatal())?;
        if let Some(v) = encode(&t) {
            cache.add(*id, v);
        }
        *slot = Some(t);
    }
    if !missing.is_empty() {
        cache.save();
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

    /// Tags are cached by blob id: if the scanner's output for this sample or the
    /// encoding of `Tag` changes, tags cached by an earlier build would be read as
    /// current. Change [`SCAN_FORMAT`] with it, then update the pin.
    #[test]
    fn the_cached_scan_is_pinned() {
        let cfg = crate::config::TagsConfig::default();
        let syntax = TagSyntax::new(&cfg).expect("default syntax");
        // `%` for `@`, so that specmoor's own sources hold no tags
        let sample = "// %spec FR-1@1.2, specs/a.md#FR-2\nfn a() {}\n\n// %spec FR-3\nfn b() {}\n// %spec end\nfn c() {}\n"
            .replace('%', "@");
        let tags = tags::scan(&syntax, sample.as_bytes());
        let enc = encode(&tags).expect("encodes");
        assert_eq!(decode(&enc).as_deref(), Some(tags.as_slice()));
        assert_eq!(encode(&[]), Some(Vec::new()));
        assert_eq!(decode(&[]), Some(Vec::new()));
        let hex: String = enc.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "03010301000446522d310103312e320e40737065632046522d3140312e32010301010a73706563732f612e6d640446522d32001540737065632073706563732f612e6d642346522d32040604000446522d33000a40737065632046522d33",
            "the scanner's output or Tag's encoding changed: change SCAN_FORMAT, then pin the new encoding"
        );
    }
}
