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
        // what it is generated from: the source its header names, else its spec,
        // else the inputs of its config entry (specs/generated.md GF-6); a file with
        // none of them is not judged
        let run = g.run.clone().unwrap_or_default();
        let spec_target = g.spec.as_ref().map(|spec| match &g.section {
            Some(s) => format!("{spec}#{s}"),
            None => spec.clone(),
        });
        let found = run.source.as_ref().filter(|_| !run.source_how.is_empty());
        let target = match (found, &spec_target, &run.source) {
            (Some(src), _, _) => src.clone(),
            (None, Some(t), _) => t.clone(),
            (None, None, Some(src)) => src.clone(),
            (None, None, None) if !g.inputs.is_empty() => "its sources".to_string(),
            (None, None, None) => continue,
        };
        let spec_changed = g
            .spec
            .as_ref()
            .is_some_and(|spec| ctx.specs.unit(spec).is_some_and(|u| u.touched));
        let finding = |message: String| Finding {
            path: Some(g.path.clone()),
            spec: g.spec.clone(),
            section: g.section.clone(),
            line: g.marker.as_ref().map(|m| m.line),
            ..Finding::new(crate::codes::RuleCode::GeneratedEdit, message)
        };
        // a new generator version is not a regeneration from its spec or source:
        // only a change to the generator's configuration explains it
        if let Some((before, after)) = &run.version_moved {
            if run.config_changed.is_empty() {
                let config = if g.inputs.is_empty() {
                    "declare the generator's configuration under `inputs:` of a `generated:` entry in .specmoor.yml and change it with the upgrade".to_string()
                } else {
                    format!(
                        "record the upgrade in the generator's configuration (inputs: {})",
                        g.inputs
                            .iter()
                            .map(|i| format!("`{i}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                out.push(finding(format!(
                    "{} changed only in its generator version (`{before}` → `{after}`) while no generator configuration changed: that is not a regeneration from {target}. Regenerate with the configured generator, or {config}",
                    g.path
                )));
            }
            continue;
        }
        if spec_changed || !g.inputs_changed.is_empty() {
            continue;
        }
        let verb = match status {
            Status::Deleted => "deleted",
            Status::Renamed => "renamed",
            _ => "edited",
        };
        let how = if found.is_some() {
            run.source_how.clone()
        } else {
            g.how.clone()
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
        let stamp = if found.is_none() && g.spec.is_some() {
            format!(", then `specmoor stamp {}`", g.path)
        } else {
            String::new()
        };
        let unchanged = if target == "its sources" {
            "any of its generator inputs".to_string()
        } else {
            format!("{target} or its generator inputs")
        };
        out.push(finding(format!(
            "{} is generated from {target} ({how}) and was {verb} without changing {unchanged}: the next regeneration would undo it. Make the change in {target}, {generator}{stamp}",
            g.path
        )));
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
