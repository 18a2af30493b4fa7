//! Reading requirement tags from blobs (specs/tags.md): the shell side of
//! [`crate::tags`]. [`tags_of`] is the one place a blob's tags are computed, so a
//! cache of tags by blob id can sit behind it.

use crate::error::Result;
use crate::git::{At, Repo};
use crate::tags::{self, Tag, TagSyntax};

/// The tags of one blob, given its bytes (specs/tags.md TG-1).
pub fn tags_of(syntax: &TagSyntax, _id: gix::ObjectId, bytes: &[u8]) -> Vec<Tag> {
    tags::scan(syntax, bytes)
}

/// The tags of many blobs: cached by blob id, the others read in parallel
/// ([`crate::tagtree::tags_of_many`]).
pub fn tags_of_many(
    repo: &Repo,
    syntax: &TagSyntax,
    items: &[(gix::ObjectId, At)],
) -> Result<Vec<Vec<Tag>>> {
    crate::tagtree::tags_of_many(repo, syntax, items)
}
