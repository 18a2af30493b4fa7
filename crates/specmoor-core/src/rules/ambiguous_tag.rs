//! SM016 ambiguous-tag: a tag names a requirement ID several specs have
//! (specs/tags.md TG-3).

use super::Context;
use crate::finding::Finding;
use crate::tags::{Resolved, Tag};

/// The finding for one tag at `path`, if it is ambiguous.
pub fn finding(path: &str, tag: &Tag, resolved: &Resolved) -> Option<Finding> {
    let Resolved::Ambiguous(candidates) = resolved else {
        return None;
    };
    let first = candidates.first()?;
    let fix = match tag.text.strip_prefix("@spec ") {
        Some(_) => format!("`@spec {first}`"),
        None => format!("the address, such as `@spec {first}`"),
    };
    Some(Finding {
        path: Some(path.to_string()),
        line: Some(tag.line as usize),
        line_file: Some(path.to_string()),
        ..Finding::new(
            crate::codes::RuleCode::AmbiguousTag,
            format!(
                "{path}:{}: tag `{}` is ambiguous: {} is a requirement of {} specs ({}); write the one it means as {fix}",
                tag.line,
                tag.text,
                tag.target,
                candidates.len(),
                candidates.join(", ")
            ),
        )
    })
}

/// Every tag at head of the changed code files.
pub fn check(ctx: &Context) -> Vec<Finding> {
    ctx.tags
        .at_head()
        .filter_map(|(path, tag, owner)| finding(&path, tag, owner))
        .collect()
}

/// The rule, as the registry runs it.
pub struct AmbiguousTag;

impl super::Rule for AmbiguousTag {
    fn code(&self) -> crate::codes::RuleCode {
        crate::codes::RuleCode::AmbiguousTag
    }

    fn needs(&self) -> super::Needs {
        super::Needs {
            tags: true,
            ..Default::default()
        }
    }

    fn check(&self, ctx: &Context) -> Vec<Finding> {
        check(ctx)
    }
    /// `coverage`: every ambiguous tag of [`Context::tags`].
    fn repo_wide(&self, ctx: &Context) -> Option<Vec<Finding>> {
        Some(check(ctx))
    }
}
