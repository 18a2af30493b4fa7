//! SM009 pending-implementation (default off): a spec section changed and none of the
//! paths it owns changed — a requirement written but not implemented yet.

use super::Context;
use crate::finding::Finding;

pub fn check(ctx: &Context) -> Vec<Finding> {
    let changed: Vec<&bstr::BStr> = ctx.changes.iter().flat_map(|c| c.paths()).collect();
    let mut out = Vec::new();
    for (li, (target, pats)) in ctx.owners.lists.iter().enumerate() {
        let Some(unit) = ctx
            .specs
            .unit(&target.spec)
            .filter(|u| u.exists() && u.touched)
        else {
            continue;
        };
        // the owner changed: its section, or (for a whole-spec owner) the spec's content
        let owner_changed = match &target.section {
            Some(s) => unit.touched_sections.contains(s),
            None => unit.touched,
        };
        if !owner_changed || pats.iter().all(|p| p.negated()) {
            continue;
        }
        let implemented = changed
            .iter()
            .any(|p| ctx.owners.matches(p).iter().any(|(l, _)| *l == li));
        if implemented {
            continue;
        }
        let (line_file, line) = match target.section.as_deref().and_then(|s| unit.section(s)) {
            Some((doc, sec)) => (Some(doc.path.clone()), Some(sec.line)),
            None => match unit.title_line() {
                Some((doc, l)) => (Some(doc.path.clone()), Some(l)),
                None => (None, None),
            },
        };
        let globs: Vec<String> = pats
            .iter()
            .filter(|p| !p.negated())
            .map(|p| format!("`{}`", p.text))
            .collect();
        out.push(Finding {
            path: line_file.clone(),
            spec: Some(unit.id.clone()),
            section: target.section.clone(),
            line,
            line_file,
            ..Finding::new(
crate::codes::RuleCode::PendingImplementation,
                format!(
                    "{} changed but none of the code it owns ({}) did: implement it in the same change, or leave SM009 off for spec-first work",
                    target.address(),
                    globs.join(", ")
                ),
            )
        });
    }
    out
}

/// The rule, as the registry runs it.
pub struct PendingImplementation;

impl super::Rule for PendingImplementation {
    fn code(&self) -> crate::codes::RuleCode {
        crate::codes::RuleCode::PendingImplementation
    }

    fn check(&self, ctx: &Context) -> Vec<Finding> {
        check(ctx)
    }
}
