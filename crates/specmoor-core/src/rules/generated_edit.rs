//! SM004 generated-edit: a generated file changed and neither its spec nor any of
//! its declared generator inputs did.

use super::Context;
use crate::finding::Finding;
use crate::model::Status;

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for g in ctx.generated {
        let Some(status) = g.status else { continue };
        if status == Status::Added {
            continue; // new output arrives with its generator run
        }
        let Some(spec) = &g.spec else { continue };
        let spec_changed = ctx.specs.unit(spec).is_some_and(|u| u.touched);
        if spec_changed || !g.inputs_changed.is_empty() {
            continue;
        }
        let verb = match status {
            Status::Deleted => "deleted",
            Status::Renamed => "renamed",
            _ => "edited",
        };
        let target = match &g.section {
            Some(s) => format!("{spec}#{s}"),
            None => spec.clone(),
        };
        let generator = if g.inputs.is_empty() {
            "rerun its generator".to_string()
        } else {
            format!(
                "rerun its generator (inputs: {})",
                g.inputs
                    .iter()
                    .map(|i| format!("`{i}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push(Finding {
            path: Some(g.path.clone()),
            spec: Some(spec.clone()),
            section: g.section.clone(),
            line: g.marker.as_ref().map(|m| m.line),
            ..Finding::new(
crate::codes::RuleCode::GeneratedEdit,
                format!(
                    "{} is generated from {target} ({}) and was {verb} without changing {target} or its generator inputs: the next regeneration would undo it. Make the change in {target}, {generator}, then `specmoor stamp {}`",
                    g.path, g.how, g.path
                ),
            )
        });
    }
    out
}

/// The rule, as the registry runs it.
pub struct GeneratedEdit;

impl super::Rule for GeneratedEdit {
    fn code(&self) -> crate::codes::RuleCode {
        crate::codes::RuleCode::GeneratedEdit
    }

    fn needs(&self) -> super::Needs {
        use super::Needs;
        Needs {
            generated: true,
            ..Needs::default()
        }
    }

    fn check(&self, ctx: &Context) -> Vec<Finding> {
        check(ctx)
    }
}
