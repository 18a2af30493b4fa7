//! SM002 version-bump: a spec's content changed and its version did not increase.

use super::Context;
use crate::config::VersionScope;
use crate::finding::Finding;
use crate::spec::{changelog, content_lines, version};
use crate::specset::SpecUnit;

/// Whether the unit's content (not whitespace, version or changelog) changed, within
/// the configured scope (the main document, or every document of a folder unit).
pub fn content_changed(ctx: &Context, u: &SpecUnit) -> bool {
    let main = u.main.as_deref();
    u.doc_changes.iter().any(|d| {
        let is_main = d.head.as_ref().or(d.base.as_ref()).map(|x| x.path.as_str()) == main;
        if ctx.config.version_scope == VersionScope::Main && !is_main {
            return false;
        }
        match (&d.base, &d.head) {
            (Some(b), Some(h)) => content_lines(b) != content_lines(h),
            (None, None) => false,
            _ => true,
        }
    })
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for u in ctx.specs.units.values() {
        if !u.touched || u.deleted || u.added || u.conflicted {
            continue;
        }
        let (Some(head_doc), Some(base_doc)) = (u.main_doc(), u.base_main()) else {
            continue;
        };
        let (Some(hv), Some(bv)) = (version::read(head_doc), version::read(base_doc)) else {
            continue; // SM008 reports a missing version
        };
        let (Ok(h), Ok(b)) = (&hv.version, &bv.version) else {
            continue;
        };
        if h != b || !content_changed(ctx, u) {
            continue; // a lower version is SM008's
        }
        let (minor, major) = version::next(b);
        let log_section = head_doc
            .sections
            .iter()
            .find(|s| changelog::is_changelog_title(&s.title))
            .map(|s| (s.line, s.end_line));
        let sections: Vec<&str> = u
            .touched_sections
            .iter()
            .filter(|id| {
                let in_log = head_doc
                    .section(id)
                    .zip(log_section)
                    .is_some_and(|(s, (a, z))| s.line >= a && s.line <= z);
                let top = head_doc
                    .sections
                    .first()
                    .is_some_and(|s| &s.id == *id && s.level == 1);
                !in_log && !top
            })
            .map(|s| s.as_str())
            .collect();
        let which = match sections.len() {
            0 => String::new(),
            1..=6 => format!(" (sections {})", sections.join(", ")),
            n => format!(
                " (sections {} and {} more)",
                sections[..5].join(", "),
                n - 5
            ),
        };
        out.push(Finding {
            path: Some(head_doc.path.clone()),
            spec: Some(u.id.clone()),
            line: Some(hv.line),
            line_file: Some(head_doc.path.clone()),
            ..Finding::new(
crate::codes::RuleCode::VersionBump,
                format!(
                    "{}{which} changed but its version stayed {b}: bump to {minor} for a change, {major} if it breaks, and add a changelog entry (`specmoor bump {} minor -m \"what changed\"` does both)",
                    u.id, head_doc.path
                ),
            )
        });
    }
    out
}

/// The rule, as the registry runs it.
pub struct VersionBump;

impl super::Rule for VersionBump {
    fn code(&self) -> crate::codes::RuleCode {
        crate::codes::RuleCode::VersionBump
    }

    fn check(&self, ctx: &Context) -> Vec<Finding> {
        check(ctx)
    }
}
