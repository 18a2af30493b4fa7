//! SM006 breaking-major: a breaking marker is present and the spec's version is not a
//! major bump (0.x: a minor bump). A major bump with no marker is a warning.

use super::Context;
use crate::breaking::{self, Marker};
use crate::finding::Finding;
use crate::rules::Severity;
use crate::spec::{changelog, version};
use crate::specset::SpecUnit;
use std::collections::BTreeSet;

/// Every breaking marker of a spec in this changeset: a deleted spec's too (its
/// requirement IDs went with it, specs/release.md RL-1); an added spec has none.
pub fn markers(ctx: &Context, u: &SpecUnit) -> Vec<Marker> {
    let mut out = Vec::new();
    if u.added {
        return out;
    }
    out.extend(changelog_markers(ctx, u));
    out.extend(commit_markers(ctx, u));
    out.extend(removed_requirements(ctx, u));
    out.sort();
    out.dedup();
    out
}

/// Breaking markers in every changelog entry added since base (an intermediate
/// version's counts too); none for a spec that is gone at head.
fn changelog_markers(ctx: &Context, u: &SpecUnit) -> Vec<Marker> {
    let mut out = Vec::new();
    let Some(head_doc) = u.main_doc() else {
        return out;
    };
    let hv = version::read(head_doc).and_then(|v| v.version.ok());
    let bv = u
        .base_main()
        .and_then(version::read)
        .and_then(|v| v.version.ok());
    if let (Some(h), true) = (&hv, hv != bv) {
        // a set: a changelog of n rows is n lookups, not n² comparisons
        let base_versions: std::collections::BTreeSet<semver::Version> = u
            .base_main()
            .map(|d| {
                changelog::read(d)
                    .entries
                    .into_iter()
                    .filter_map(|e| e.version)
                    .collect()
            })
            .unwrap_or_default();
        let is_new = |v: &Option<semver::Version>| {
            v.as_ref().is_some_and(|v| {
                v <= h && !base_versions.contains(v) && bv.as_ref().is_none_or(|b| v > b)
            })
        };
        let log = changelog::read(head_doc);
        for e in log.entries.iter().filter(|e| is_new(&e.version)) {
            out.extend(breaking::in_entry(e, &head_doc.path));
        }
        if let Some(ext) = ctx.external_changelog {
            for e in ext.iter().filter(|e| is_new(&e.version)) {
                out.extend(breaking::in_entry(
                    e,
                    ctx.config.changelog_file.as_deref().unwrap_or("changelog"),
                ));
            }
        }
    }
    out
}

/// Markers of the commits of the range that touch the spec's documents (either
/// side), and of the message being written.
fn commit_markers(ctx: &Context, u: &SpecUnit) -> Vec<Marker> {
    let docs: Vec<&[u8]> = u
        .docs
        .iter()
        .map(|d| d.path.as_bytes())
        .chain(
            u.doc_changes
                .iter()
                .filter_map(|d| d.base.as_ref().map(|b| b.path.as_bytes())),
        )
        .collect();
    let mut out = Vec::new();
    for c in ctx.commit_markers {
        let touches = match &c.paths {
            None => true,
            Some(ps) => ps.iter().any(|p| docs.contains(&p.as_slice())),
        };
        if touches {
            out.extend(c.markers.iter().cloned());
        }
    }
    out
}

/// Requirement IDs present at base and gone at head. A spec whose documents all
/// went (deleted) loses every ID it had, except those of documents renamed
/// unchanged into another spec (a folder unit moved as a whole).
fn removed_requirements(ctx: &Context, u: &SpecUnit) -> Vec<Marker> {
    let (base_ids, head_ids) = requirement_ids(ctx, u);
    breaking::removed_requirements(&base_ids, &head_ids, &u.id)
}

/// The spec's requirement IDs at base and at head (see [`removed_requirements`]).
fn requirement_ids(ctx: &Context, u: &SpecUnit) -> (BTreeSet<String>, BTreeSet<String>) {
    let base_ids = breaking::requirement_ids(u.base_docs().into_iter());
    let mut head_ids = breaking::requirement_ids(u.docs.iter());
    if u.deleted {
        // documents renamed unchanged (git's R100) into another spec carry their IDs
        let carried: Vec<&[u8]> = ctx
            .changes
            .iter()
            .filter(|c| c.status == crate::model::Status::Renamed)
            .filter(|c| {
                c.new.as_ref().is_some_and(|n| {
                    ctx.specs.is_spec_path(&n.path)
                        && ctx.specs.unit_of(&crate::model::display(&n.path)) != u.id
                })
            })
            .filter_map(|c| c.old.as_ref().map(|o| o.path.as_slice()))
            .collect();
        head_ids.extend(breaking::requirement_ids(
            u.doc_changes
                .iter()
                .filter_map(|d| d.base.as_ref())
                .filter(|b| carried.contains(&b.path.as_bytes())),
        ));
    }
    (base_ids, head_ids)
}

/// SM006 for a spec the changeset deletes: its requirement IDs are gone, and no
/// commit that deletes it (nor the message being written) says it breaks.
fn deleted(ctx: &Context, u: &SpecUnit) -> Option<Finding> {
    let (base_ids, head_ids) = requirement_ids(ctx, u);
    let ids: Vec<&str> = base_ids.difference(&head_ids).map(String::as_str).collect();
    if ids.is_empty() || !commit_markers(ctx, u).is_empty() {
        return None;
    }
    let path = u.main.clone().unwrap_or_else(|| u.id.clone());
    Some(Finding {
        path: Some(path),
        spec: Some(u.id.clone()),
        ..Finding::new(
            crate::codes::RuleCode::BreakingMajor,
            format!(
                "{} was deleted with its requirement{} {}: that is a breaking change, which only a major release may ship. Say so in the commit that deletes it (a `BREAKING CHANGE: …` footer, or a `type!:` subject such as `refactor!: drop {}`), or keep the requirements in the spec that describes them now",
                u.id,
                if ids.len() == 1 { "" } else { "s" },
                ids.join(", "),
                u.id
            ),
        )
    })
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for u in ctx.specs.units.values() {
        if !super::version_rules_apply(ctx.config, u) {
            continue;
        }
        if u.deleted && !u.conflicted {
            out.extend(deleted(ctx, u));
            continue;
        }
        if !u.touched || u.added || u.conflicted {
            continue;
        }
        let Some(head_doc) = u.main_doc() else {
            continue;
        };
        let Some(hv) = version::read(head_doc) else {
            continue;
        };
        let (Ok(h), Some(b)) = (
            &hv.version,
            u.base_main()
                .and_then(version::read)
                .and_then(|v| v.version.ok()),
        ) else {
            continue; // SM008 reports missing versions
        };
        let found = markers(ctx, u);
        let finding = |message: String| Finding {
            path: Some(head_doc.path.clone()),
            spec: Some(u.id.clone()),
            line: Some(hv.line),
            line_file: Some(head_doc.path.clone()),
            ..Finding::new(crate::codes::RuleCode::BreakingMajor, message)
        };
        if !found.is_empty() && !breaking::is_major_bump(&b, h) {
            let list: Vec<String> = found
                .iter()
                .map(|m| format!("{} ({})", m.text, m.place))
                .collect();
            out.push(finding(format!(
                "{} has breaking changes but its version went from {b} to {h}, not to {}{}: {}. {} (`specmoor bump {} {} -m \"…\" --breaking`), or remove the marker if nothing breaks",
                u.id,
                breaking::required(&b),
                if b.major == 0 { " (for 0.x a minor bump is the major one)" } else { "" },
                list.join("; "),
                if b.major == 0 { "Bump the minor version" } else { "Bump the major version" },
                head_doc.path,
                if b.major == 0 { "minor" } else { "major" },
            )));
        } else if found.is_empty() && h.major > b.major {
            let mut f = finding(format!(
                "{}'s major version went from {b} to {h} but nothing says what broke: mark it in the changelog entry (`BREAKING: …`), or bump the minor version instead",
                u.id
            ));
            f.severity = Severity::Warn;
            out.push(f);
        }
    }
    out
}

/// The rule, as the registry runs it.
pub struct BreakingMajor;

impl super::Rule for BreakingMajor {
    fn code(&self) -> crate::codes::RuleCode {
        crate::codes::RuleCode::BreakingMajor
    }

    fn check(&self, ctx: &Context) -> Vec<Finding> {
        check(ctx)
    }
}
