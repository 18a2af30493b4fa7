//! SM011 dangling-owner: ownership that points at nothing. In `check` it looks at
//! what the changeset touches: owner globs of changed specs (and of the config when
//! it changed), globs that matched a path this change deleted or moved away, owners
//! naming a spec or section that does not exist, and deleted specs that owned paths.
//! `coverage` looks at every owner ([`repo_wide`]). Which globs match no file at head
//! is found by the shell (it walks the tree), for the globs [`wanted`] names.

use super::Context;
use crate::config::Config;
use crate::finding::Finding;
use crate::glob::{Lists, Origin};
use crate::model::{FileChange, Status};
use crate::specset::{OwnerTarget, SpecSet};
use std::collections::BTreeSet;

/// What `check` looks at: the owner lists whose targets it checks (touched specs',
/// the config's when the config changed or names a spec that is gone), and the
/// globs to try against the files at head — the positive globs of those lists, and
/// every positive glob that matched a path this change deleted or moved away (only
/// those can have lost their last match through it).
pub fn wanted(
    owners: &Lists<OwnerTarget>,
    specs: &SpecSet,
    config: &Config,
    changes: &[FileChange],
    config_changed: bool,
) -> (BTreeSet<usize>, Vec<(usize, usize)>) {
    let lists = wanted_lists(owners, specs, config, config_changed);
    let mut globs: BTreeSet<(usize, usize)> = BTreeSet::new();
    for &li in &lists {
        for (pi, p) in owners.lists[li].1.iter().enumerate() {
            if !p.negated() {
                globs.insert((li, pi));
            }
        }
    }
    let mut removed_hits = Vec::new();
    for c in changes {
        if matches!(c.status, Status::Deleted | Status::Renamed) {
            if let Some(old) = &c.old {
                owners.raw_hits(&old.path, &mut removed_hits);
            }
        }
    }
    globs.extend(
        removed_hits
            .into_iter()
            .filter(|(li, pi)| !owners.lists[*li].1[*pi].negated()),
    );
    (lists, globs.into_iter().collect())
}

/// The owner lists of [`wanted`] alone: what the rule needs of it (the globs are
/// the shell's, which looks up what each removed path matched: tens of thousands of
/// glob matches at 20,000 renames, not to be made twice).
fn wanted_lists(
    owners: &Lists<OwnerTarget>,
    specs: &SpecSet,
    config: &Config,
    config_changed: bool,
) -> BTreeSet<usize> {
    let is_config = |o: &Origin| Some(o.file.as_str()) == config.file.as_deref();
    let mut lists: BTreeSet<usize> = BTreeSet::new();
    for (li, (target, pats)) in owners.lists.iter().enumerate() {
        let Some(first) = pats.first() else { continue };
        let unit = specs.unit(&target.spec);
        let touched = unit.is_some_and(|u| u.touched);
        if is_config(&first.origin) {
            if config_changed || touched || unit.is_none_or(|u| u.deleted) {
                lists.insert(li);
            }
        } else if touched {
            lists.insert(li);
        }
    }
    lists
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    let lists = wanted_lists(ctx.owners, ctx.specs, ctx.config, ctx.config_changed);
    let mut out = missing_targets(ctx, &lists);
    out.extend(unmatched_globs(ctx));
    out.extend(deleted_specs(ctx));
    out
}

/// Repo-wide (for `coverage`): every owner; the shell tried every glob.
pub fn repo_wide(ctx: &Context) -> Vec<Finding> {
    let all: BTreeSet<usize> = (0..ctx.owners.lists.len()).collect();
    let mut out = missing_targets(ctx, &all);
    out.extend(unmatched_globs(ctx));
    out
}

/// Owners that name a spec or section that does not exist.
fn missing_targets(ctx: &Context, candidates: &BTreeSet<usize>) -> Vec<Finding> {
    let mut out = Vec::new();
    let lists = &ctx.owners.lists;
    let is_config = |o: &Origin| Some(o.file.as_str()) == ctx.config.file.as_deref();
    for &li in candidates {
        let (target, _) = &lists[li];
        let origin = &target.declared;
        let from_config = is_config(origin);
        let unit = ctx.specs.unit(&target.spec).filter(|u| u.exists());
        let problem = match (unit, &target.section) {
            (None, _) if from_config => Some(format!(
                "the owner entry at {origin} names spec {}, which does not exist: point it at an existing spec or remove it",
                target.spec
            )),
            (Some(u), Some(s)) if u.section(s).is_none() => Some(format!(
                "{origin} assigns paths to section {s} of {}, which has no such section: use an existing section ID (`specmoor owners` shows them) or add the section",
                u.id
            )),
            _ => None,
        };
        if let Some(message) = problem {
            out.push(Finding {
                path: Some(origin.file.clone()),
                spec: Some(target.spec.clone()),
                section: target.section.clone(),
                line: Some(origin.line).filter(|l| *l > 0),
                line_file: Some(origin.file.clone()),
                ..Finding::new(crate::codes::RuleCode::DanglingOwner, message)
            });
        }
    }
    out
}

/// The globs the shell found matching no file at head ([`wanted`] in `check`,
/// every positive glob in `coverage`).
fn unmatched_globs(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let lists = &ctx.owners.lists;
    for &(li, pi) in ctx.unmatched.unwrap_or_default() {
        let (target, pats) = &lists[li];
        let p = &pats[pi];
        out.push(Finding {
            path: Some(p.origin.file.clone()),
            spec: Some(target.spec.clone()),
            section: target.section.clone(),
            line: Some(p.origin.line).filter(|l| *l > 0),
            line_file: Some(p.origin.file.clone()),
            ..Finding::new(
crate::codes::RuleCode::DanglingOwner,
                format!(
                    "ownership glob `{}` of {} (at {}) matches no file: update it to where the code lives now, or remove it",
                    p.text,
                    target.address(),
                    p.origin
                ),
            )
        });
    }
    out
}

/// Specs deleted while they still owned paths.
fn deleted_specs(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for u in ctx
        .specs
        .units
        .values()
        .filter(|u| u.deleted && !u.base_owns.is_empty())
    {
        let globs: Vec<String> = u
            .base_owns
            .iter()
            .map(|g| format!("`{}`", g.pattern))
            .collect();
        out.push(Finding {
            path: u.main.clone(),
            spec: Some(u.id.clone()),
            ..Finding::new(
crate::codes::RuleCode::DanglingOwner,
                format!(
                    "{} was deleted but owned {}: those paths now belong to no spec; move their ownership to the spec that describes them now",
                    u.id,
                    globs.join(", ")
                ),
            )
        });
    }
    out
}

/// The rule, as the registry runs it.
pub struct DanglingOwner;

impl super::Rule for DanglingOwner {
    fn code(&self) -> crate::codes::RuleCode {
        crate::codes::RuleCode::DanglingOwner
    }

    fn needs(&self) -> super::Needs {
        use super::Needs;
        Needs {
            unmatched_globs: true,
            ..Needs::default()
        }
    }

    fn check(&self, ctx: &Context) -> Vec<Finding> {
        check(ctx)
    }

    fn repo_wide(&self, ctx: &Context) -> Option<Vec<Finding>> {
        Some(repo_wide(ctx))
    }
}
