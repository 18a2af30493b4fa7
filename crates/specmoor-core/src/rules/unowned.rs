//! SM007 unowned: a changed path no spec owns (and not ignored, and not "not code":
//! Markdown, docs, images, licences, agent prompts, vendored files; specs/config.md
//! CF-8).

use super::Context;
use crate::finding::Finding;
use crate::model::display;

pub fn check(ctx: &Context) -> Vec<Finding> {
    // only paths that exist after the change: a deleted path, or the old side of a
    // rename, cannot be given an owner (specs/rules.md RU-3)
    // hashed: 20,000 added paths in a tree cost a comparison per level per lookup
    let after: foldhash::HashSet<&[u8]> = ctx
        .changes
        .iter()
        .filter_map(|c| c.new.as_ref().map(|e| e.path.as_slice()))
        .collect();
    ctx.code_paths()
        .into_iter()
        .filter(|p| after.contains(p.as_ref() as &[u8]))
        .filter(|p| !ctx.owners.is_match(p))
        .filter(|p| !ctx.not_code.matches(p))
        .map(|p| {
            let path = display(p);
            Finding {
                path: Some(path.clone()),
                ..Finding::new(
crate::codes::RuleCode::Unowned,
                    format!(
                        "{path} changed and no spec owns it: add it to a spec's `owns:` (or `owners:` in .specmoor.yml), or to `ignore:` if it is not code a spec describes"
                    ),
                )
            }
        })
        .collect()
}

/// The rule, as the registry runs it.
pub struct Unowned;

impl super::Rule for Unowned {
    fn code(&self) -> crate::codes::RuleCode {
        crate::codes::RuleCode::Unowned
    }

    fn check(&self, ctx: &Context) -> Vec<Finding> {
        check(ctx)
    }
}
