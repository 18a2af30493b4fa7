//! SM006 breaking-major: a breaking marker is present and the spec's version is not a
//! major bump (0.x: a minor bump). A major bump with no marker is a warning.

use super::Context;
use crate::breaking::{self, Marker};
use crate::finding::Finding;
use crate::rules::Severity;
use crate::spec::{changelog, version};
use crate::specset::SpecUnit;

/// Every breaking marker of a spec in this changeset.
pub fn markers(ctx: &Context, u: &SpecUnit) -> Vec<Marker> {
    let mut out = Vec::new();
    let Some(head_doc) = u.main_doc() else {
        return out;
    };
    let hv = version::read(head_doc).and_then(|v| v.version.ok());
    let bv = u
        .base_main()
        .and_then(version::read)
        .and_then(|v| v.version.ok());
    // every changelog entry added since base (an intermediate version's counts too)
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
    // commits of the range that touch the spec (and the message being written)
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
    for c in ctx.commit_markers {
        let touches = match &c.paths {
            None => true,
            Some(ps) => ps.iter().any(|p| docs.contains(&p.as_slice())),
        };
        if touches {
            out.extend(c.markers.iter().cloned());
        }
    }
    // requirement IDs that disappeared
    let base_ids = breaking::requirement_ids(u.base_docs().into_iter());
    let head_ids = breaking::requirement_ids(u.docs.iter());
    out.extend(breaking::removed_requirements(&base_ids, &head_ids, &u.id));
    out.sort();
    out.dedup();
    out
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for u in ctx.specs.units.values() {
        if !u.touched || u.deleted || u.added || u.conflicted {
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
                "{} has breaking changes but its version went from {b} to {h}, not to {}{}: {}. Bump the major version (`specmoor bump {} major -m \"…\" --breaking`), or remove the marker if nothing breaks",
                u.id,
                breaking::required(&b),
                if b.major == 0 { " (for 0.x a minor bump is the major one)" } else { "" },
                list.join("; "),
                head_doc.path
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
