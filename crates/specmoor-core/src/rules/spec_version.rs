//! SM008 spec-version: a changed or added spec has no version, an unparsable one, or
//! a lower one than at base. With `versioning.applies_to: versioned`, only specs that
//! carry a version at base or at head are judged (a version removed is still SM008).

use super::Context;
use crate::finding::Finding;
use crate::spec::version;

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (u, head_doc) in super::versioned_specs(ctx) {
        let finding = |line: Option<usize>, message: String| Finding {
            path: Some(head_doc.path.clone()),
            spec: Some(u.id.clone()),
            line,
            line_file: Some(head_doc.path.clone()),
            ..Finding::new(crate::codes::RuleCode::SpecVersion, message)
        };
        let Some(hv) = version::read(head_doc) else {
            let how = if head_doc.front_lines.is_some() {
                "add `version: 1.0.0` to its front matter"
            } else {
                "add a `**Version:** 1.0.0` line under its title (or `version: 1.0.0` front matter)"
            };
            let line = head_doc.sections.first().map(|s| s.line);
            if let Some(b) = u.base_main().and_then(version::read) {
                out.push(finding(
                    line,
                    format!(
                        "{} had version {} and this change removes it: a spec that carries a version keeps it; put it back (bumped if the content changed)",
                        u.id,
                        b.raw.trim()
                    ),
                ));
                continue;
            }
            let what = if u.added {
                "is new and has no version"
            } else {
                "changed and has no version"
            };
            out.push(finding(
                line,
                format!("{} {what}: {how}, and a changelog entry for it", u.id),
            ));
            continue;
        };
        let h = match &hv.version {
            Ok(h) => h,
            Err(why) => {
                out.push(finding(
                    Some(hv.line),
                    format!(
                        "{}'s version cannot be read: {why}; write it as MAJOR.MINOR.PATCH",
                        u.id
                    ),
                ));
                continue;
            }
        };
        let base = u
            .base_main()
            .and_then(version::read)
            .and_then(|v| v.version.ok());
        if let Some(b) = base.filter(|b| h < b) {
            out.push(finding(
                Some(hv.line),
                format!(
                    "{}'s version went down from {b} to {h}: versions only increase; set it above {b}",
                    u.id
                ),
            ));
        }
    }
    out
}

/// Repository-wide (`coverage`): every spec whose main document has no version or an
/// unreadable one; with `versioning.applies_to: versioned`, only an unreadable one.
pub fn repo_wide(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for u in ctx
        .specs
        .units
        .values()
        .filter(|u| u.exists() && super::version_rules_apply(ctx.config, u))
    {
        let Some(doc) = u.main_doc() else { continue };
        let problem = match version::read(doc) {
            None => Some((doc.sections.first().map(|s| s.line), format!("{} has no version yet: add `version: 0.1.0` to its front matter (or a `**Version:** 0.1.0` line), and a changelog entry", u.id))),
            Some(v) => v.version.err().map(|why| (Some(v.line), format!("{}'s version cannot be read: {why}", u.id))),
        };
        if let Some((line, message)) = problem {
            out.push(Finding {
                path: Some(doc.path.clone()),
                spec: Some(u.id.clone()),
                line,
                line_file: Some(doc.path.clone()),
                ..Finding::new(crate::codes::RuleCode::SpecVersion, message)
            });
        }
    }
    out
}

/// The rule, as the registry runs it.
pub struct SpecVersion;

impl super::Rule for SpecVersion {
    fn code(&self) -> crate::codes::RuleCode {
        crate::codes::RuleCode::SpecVersion
    }

    fn check(&self, ctx: &Context) -> Vec<Finding> {
        check(ctx)
    }

    fn repo_wide(&self, ctx: &Context) -> Option<Vec<Finding>> {
        Some(repo_wide(ctx))
    }
}
