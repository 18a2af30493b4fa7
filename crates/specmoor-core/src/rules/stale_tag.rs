//! SM014 stale-tag: a tag in code pins a major version of its requirement's spec that
//! the spec has moved past (specs/tags.md TG-5).

use super::Context;
use crate::finding::Finding;
use crate::specset::SpecSet;
use crate::tags::{pin_major, Resolved, Side, Tag};

/// The finding for one tag at `path`, if its pin is stale: its major differs from
/// its spec's version's major, or the spec has no version. A spec whose version does
/// not parse is SM008's.
pub fn finding(specs: &SpecSet, path: &str, tag: &Tag, resolved: &Resolved) -> Option<Finding> {
    let pin = tag.pin.as_deref()?;
    let Resolved::One(owner) = resolved else {
        return None;
    };
    let unit = specs.unit(&owner.spec)?;
    let section = owner.section.as_deref().unwrap_or("");
    // an OpenFastTrace item carries its own revision: the pin is compared with it
    let oft = crate::tags::item_revision(unit, section).map(|rev| {
        let new = match tag.text.rfind(&format!("~{pin}")) {
            Some(k) => format!("{}~{rev}{}", &tag.text[..k], &tag.text[k + 1 + pin.len()..]),
            None => tag.text.clone(),
        };
        (rev, new)
    });
    let main = unit.main_doc()?;
    let (message, fix) = match oft {
        Some((rev, _)) if pin.parse::<u64>().ok() == Some(rev) => return None,
        Some((rev, new)) => (
            format!(
                "{path}:{}: tag `{}` pins revision {pin} but {section} in {} is at revision {rev}: the code was written against an item that changed",
                tag.line, tag.text, unit.id
            ),
            format!("update the code and the tag together: `{new}`"),
        ),
        None => match crate::spec::version::read(main) {
        None => (
            format!(
                "{path}:{}: tag `{}` pins {pin} but {} has no version",
                tag.line, tag.text, unit.id
            ),
            "give the spec a version, or drop the pin from the tag".to_string(),
        ),
        Some(v) => {
            let v = v.version.ok()?;
            if pin_major(pin) == Some(v.major) {
                return None;
            }
            let new = match tag.text.rfind(pin) {
                Some(k) => format!(
                    "{}{}{}",
                    &tag.text[..k],
                    v.major,
                    &tag.text[k + pin.len()..]
                ),
                None => tag.text.clone(),
            };
            if pin_major(pin).is_some_and(|m| m > v.major) {
                (
                    format!(
                        "{path}:{}: tag `{}` pins {pin} but {} is at {v}, an older major version: the tag claims a contract the spec does not state yet",
                        tag.line, tag.text, unit.id
                    ),
                    format!(
                        "describe that contract in {} and bump its major version, or correct the tag: `{new}`",
                        unit.id
                    ),
                )
            } else {
                (
                    format!(
                        "{path}:{}: tag `{}` pins {pin} but {} is at {v}, a new major version: the code was written against a contract that changed",
                        tag.line, tag.text, unit.id
                    ),
                    format!("update the code and the tag together: `{new}`"),
                )
            }
        }
    },
    };
    Some(Finding {
        path: Some(path.to_string()),
        spec: Some(unit.id.clone()),
        section: owner.section.clone(),
        line: Some(tag.line as usize),
        line_file: Some(path.to_string()),
        ..Finding::new(
            crate::codes::RuleCode::StaleTag,
            format!("{message}; {fix}"),
        )
    })
}

/// The pinned tags at head whose regions the change touched (a tag added or edited
/// lies in its own region).
pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for f in &ctx.tags.files {
        let path = crate::model::display(&f.path);
        for t in f.touched.iter().filter(|t| t.side == Side::New) {
            let tag = f.tag(t);
            if tag.pin.is_some() {
                out.extend(finding(ctx.specs, &path, tag, ctx.tags.owner(&tag.target)));
            }
        }
    }
    out
}

/// The rule, as the registry runs it.
pub struct StaleTag;

impl super::Rule for StaleTag {
    fn code(&self) -> crate::codes::RuleCode {
        crate::codes::RuleCode::StaleTag
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
    /// `coverage`: every pinned tag of [`Context::tags`] (the engine fills it with
    /// every code file at head, as new-side tags).
    fn repo_wide(&self, ctx: &Context) -> Option<Vec<Finding>> {
        Some(
            ctx.tags
                .at_head()
                .filter(|(_, tag, _)| tag.pin.is_some())
                .filter_map(|(path, tag, owner)| finding(ctx.specs, &path, tag, owner))
                .collect(),
        )
    }
}
