//! SM015 dangling-tag: a tag names a requirement that does not exist, or the change
//! removes (or renames) a requirement a tag at head still names (specs/tags.md TG-6).

use super::Context;
use crate::finding::Finding;
use crate::specset::SpecSet;
use crate::tags::{Resolved, Tag, TagTarget};
use std::collections::BTreeSet;

/// The finding for one tag at `path`, if it names nothing.
pub fn finding(path: &str, tag: &Tag, resolved: &Resolved) -> Option<Finding> {
    if !matches!(resolved, Resolved::Missing) {
        return None;
    }
    let why = match &tag.target {
        TagTarget::Id(id) => {
            format!("no spec has a requirement {id} (a section or a requirement item with that ID)")
        }
        TagTarget::Address { spec, section } => {
            format!("{spec} has no section or requirement item {section}, or is not a spec")
        }
    };
    Some(Finding {
        path: Some(path.to_string()),
        line: Some(tag.line as usize),
        line_file: Some(path.to_string()),
        ..Finding::new(
            crate::codes::RuleCode::DanglingTag,
            format!(
                "{path}:{}: tag `{}` names no requirement: {why}; correct the tag (an address such as `@spec specs/x.md#FR-1` names one spec) or remove it",
                tag.line, tag.text
            ),
        )
    })
}

/// Requirement IDs (headings and items) of a set of documents.
fn ids<'a>(docs: impl Iterator<Item = &'a crate::spec::SpecDoc>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for d in docs {
        out.extend(crate::breaking::requirement_ids(std::iter::once(d)));
        out.extend(crate::tags::items(d).iter().map(|i| i.0.clone()));
    }
    out
}

/// Requirements (unit, ID) the change removed or renamed: requirement IDs of a spec
/// it touched (or deleted) that are at base and not at head (specs/tags.md TG-6).
pub fn removed_requirements(specs: &SpecSet) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for u in specs.units.values().filter(|u| u.touched || u.deleted) {
        if u.conflicted || u.doc_changes.is_empty() {
            continue;
        }
        let base = ids(u.base_docs().into_iter());
        if base.is_empty() {
            continue;
        }
        let head: BTreeSet<String> = u
            .docs
            .iter()
            .flat_map(|d| {
                d.sections
                    .iter()
                    .map(|s| s.id.clone())
                    .chain(crate::tags::items(d).iter().map(|i| i.0.clone()))
            })
            .collect();
        out.extend(base.difference(&head).map(|id| (u.id.clone(), id.clone())));
    }
    out
}

/// Whether `tag` names requirement `id` of `unit` (by ID or by address).
pub fn names(specs: &SpecSet, tag: &Tag, unit: &str, id: &str) -> bool {
    match &tag.target {
        TagTarget::Id(t) => t == id,
        TagTarget::Address { spec, section } => section == id && specs.resolve(spec) == unit,
    }
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    // tags of the changed code files that name nothing
    let mut out: Vec<Finding> = ctx
        .tags
        .at_head()
        .filter_map(|(path, tag, owner)| finding(&path, tag, owner))
        .collect();
    // requirements the change removed that tags at head still name
    if !ctx.tags.naming_removed.is_empty() {
        let changed: BTreeSet<&[u8]> = ctx.tags.files.iter().map(|f| f.path.as_slice()).collect();
        for (unit, id) in removed_requirements(ctx.specs) {
            let at: Vec<String> = ctx
                .tags
                .naming_removed
                .iter()
                .filter(|(p, t)| {
                    names(ctx.specs, t, &unit, &id)
                        && matches!(ctx.tags.owner(&t.target), Resolved::Missing)
                        // a changed file's own dangling tag is reported at its line
                        && !changed.contains(p.as_slice())
                })
                .map(|(p, t)| format!("{}:{} `{}`", crate::model::display(p), t.line, t.text))
                .collect();
            if at.is_empty() {
                continue;
            }
            let listed = if at.len() > 5 {
                format!("{} and {} more", at[..5].join(", "), at.len() - 5)
            } else {
                at.join(", ")
            };
            let u = ctx.specs.unit(&unit);
            // the requirement is gone at head: no line to point at
            out.push(Finding {
                path: u.and_then(|u| u.main.clone()),
                spec: Some(unit.clone()),
                section: Some(id.clone()),
                ..Finding::new(
                    crate::codes::RuleCode::DanglingTag,
                    format!(
                        "{unit} no longer has requirement {id} (removed or renamed by this change), but {} at head still name{} it: {listed}; update those tags in the same change, or keep the requirement",
                        if at.len() == 1 { "a tag".to_string() } else { format!("{} tags", at.len()) },
                        if at.len() == 1 { "s" } else { "" },
                    ),
                )
            });
        }
    }
    out
}

/// The rule, as the registry runs it.
pub struct DanglingTag;

impl super::Rule for DanglingTag {
    fn code(&self) -> crate::codes::RuleCode {
        crate::codes::RuleCode::DanglingTag
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
    /// `coverage`: every tag of [`Context::tags`] naming no requirement.
    fn repo_wide(&self, ctx: &Context) -> Option<Vec<Finding>> {
        Some(
            ctx.tags
                .at_head()
                .filter_map(|(path, tag, owner)| finding(&path, tag, owner))
                .collect(),
        )
    }
}
