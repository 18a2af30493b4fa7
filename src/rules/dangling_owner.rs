//! SG011 dangling-owner: ownership that points at nothing. In `check` it looks at
//! what the changeset touches: owner globs of changed specs (and of the config when
//! it changed), globs that matched a path this change deleted or moved away, owners
//! naming a spec or section that does not exist, and deleted specs that owned paths.
//! `coverage` looks at every owner ([`repo_wide`]).

use super::Context;
use crate::glob::Origin;
use crate::model::Status;
use crate::report::Finding;
use std::collections::BTreeSet;

pub fn check(ctx: &Context) -> Vec<Finding> {
    let lists = &ctx.owners.lists;
    let is_config = |o: &Origin| Some(o.file.as_str()) == ctx.config.file.as_deref();

    // lists worth checking: touched specs' own, the config's when it changed
    let mut candidates: BTreeSet<usize> = BTreeSet::new();
    for (li, (target, pats)) in lists.iter().enumerate() {
        let Some(first) = pats.first() else { continue };
        let unit = ctx.specs.unit(&target.spec);
        let touched = unit.is_some_and(|u| u.touched);
        if is_config(&first.origin) {
            if ctx.config_changed || touched || unit.is_none_or(|u| u.deleted) {
                candidates.insert(li);
            }
        } else if touched {
            candidates.insert(li);
        }
    }
    let mut out = missing_targets(ctx, &candidates);

    // globs that matched something this change removed
    let mut removed_hits = Vec::new();
    for c in ctx.changes {
        if matches!(c.status, Status::Deleted | Status::Renamed) {
            if let Some(old) = &c.old {
                ctx.owners.raw_hits(&old.path, &mut removed_hits);
            }
        }
    }
    candidates.extend(removed_hits.iter().map(|(li, _)| *li));
    out.extend(unmatched_globs(ctx, &candidates));
    out.extend(deleted_specs(ctx));
    out
}

/// Repo-wide (for `coverage`): every owner, every glob against every file at head.
pub fn repo_wide(ctx: &Context) -> Vec<Finding> {
    let all: BTreeSet<usize> = (0..ctx.owners.lists.len()).collect();
    let mut out = missing_targets(ctx, &all);
    out.extend(unmatched_globs(ctx, &all));
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
                "{origin} assigns paths to section {s} of {}, which has no such section: use an existing section ID (`specgate owners` shows them) or add the section",
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
                ..Finding::new("SG011", message)
            });
        }
    }
    out
}

/// Positive globs of the candidate owners that match no file at head.
fn unmatched_globs(ctx: &Context, candidates: &BTreeSet<usize>) -> Vec<Finding> {
    let mut out = Vec::new();
    let lists = &ctx.owners.lists;
    let mut to_check: BTreeSet<(usize, usize)> = BTreeSet::new();
    for &li in candidates {
        for (pi, p) in lists[li].1.iter().enumerate() {
            if !p.negated() {
                to_check.insert((li, pi));
            }
        }
    }
    let (Some(files), false) = (ctx.head_files, to_check.is_empty()) else {
        return out;
    };
    // only the files under each glob's literal prefix are tried (files are sorted)
    let wanted: Vec<(usize, usize)> = to_check.into_iter().collect();
    for (li, pi) in ctx.owners.unmatched(&wanted, files) {
        let (target, pats) = &lists[li];
        let p = &pats[pi];
        out.push(Finding {
            path: Some(p.origin.file.clone()),
            spec: Some(target.spec.clone()),
            section: target.section.clone(),
            line: Some(p.origin.line).filter(|l| *l > 0),
            line_file: Some(p.origin.file.clone()),
            ..Finding::new(
                "SG011",
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
                "SG011",
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
