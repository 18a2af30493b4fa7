//! Reading requirement tags from blobs (specs/tags.md): the shell side of
//! [`crate::tags`]. [`tags_of`] is the one place a blob's tags are computed, so a
//! cache of tags by blob id can sit behind it.

use crate::error::Result;
use crate::git::{At, Repo};
use crate::tags::{self, Tag, TagSyntax};
use rayon::prelude::*;

/// The tags of one blob, given its bytes (specs/tags.md TG-1).
pub fn tags_of(syntax: &TagSyntax, _id: gix::ObjectId, bytes: &[u8]) -> Vec<Tag> {
    tags::scan(syntax, bytes)
}

/// The tags of many blobs, read in parallel a chunk at a time (memory stays bounded
/// by a chunk's blobs).
pub fn tags_of_many(
    repo: &Repo,
    syntax: &TagSyntax,
    items: &[(gix::ObjectId, At)],
) -> Result<Vec<Vec<Tag>>> {
    let mut out = Vec::with_capacity(items.len());
    for chunk in items.chunks(256) {
        let blobs = repo.blobs(chunk)?;
        out.extend(
            chunk
                .par_iter()
                .zip(blobs.par_iter())
                .map(|((id, _), b)| tags_of(syntax, *id, b))
                .collect::<Vec<_>>(),
        );
    }
    Ok(out)
}
