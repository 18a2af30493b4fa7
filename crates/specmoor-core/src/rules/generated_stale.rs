//! SM005 generated-stale: the sha256 a generated file's marker records no longer
//! matches its spec (section) at the checked revision.

use super::Context;
use crate::finding::Finding;
use crate::generated::fingerprint;

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for g in ctx.generated {
        // an unchanged file whose blob could not be read: whether it is stale is
        // unknown, and the warning says so (at error severity the check stopped)
        if let Some(why) = &g.unreadable {
            out.push(Finding {
                path: Some(g.path.clone()),
                ..Finding::new(
                    crate::codes::RuleCode::GeneratedStale,
                    format!("{why}. Whether it is a generated file a changed spec left stale is unknown"),
                )
            });
            continue;
        }
        // a `Schema hash:` header that was its source's sha256 and no longer is
        if let Some((src, (was, now))) = g
            .run
            .as_ref()
            .and_then(|r| Some((r.source.as_ref()?, r.stale_hash.as_ref()?)))
        {
            let short = |s: &str| s.chars().take(12).collect::<String>();
            out.push(Finding {
                path: Some(g.path.clone()),
                spec: g.spec.clone(),
                ..Finding::new(
                    crate::codes::RuleCode::GeneratedStale,
                    format!(
                        "{} records the schema hash of {src} as it was (sha256 {}…) but {src} is now sha256 {}…: the source moved on and the file was not regenerated. Rerun its generator",
                        g.path,
                        short(was),
                        short(now)
                    ),
                )
            });
        }
        let Some(m) = &g.marker else { continue };
        let unit_id = ctx.specs.resolve(&m.spec);
        let address = match &m.section {
            Some(s) => format!("{}#{s}", m.spec),
            None => m.spec.clone(),
        };
        let finding = |message: String| Finding {
            path: Some(g.path.clone()),
            spec: Some(unit_id.clone()),
            section: m.section.clone(),
            line: Some(m.line),
            line_file: Some(g.path.clone()),
            ..Finding::new(crate::codes::RuleCode::GeneratedStale, message)
        };
        let Some(unit) = ctx.specs.unit(&unit_id).filter(|u| u.exists()) else {
            out.push(finding(format!(
                "{} says it is generated from {address}, which does not exist: point its marker at the spec it comes from (`specmoor stamp {} --spec SPEC`)",
                g.path, g.path
            )));
            continue;
        };
        // the marker may name a document inside a folder unit
        let doc = unit
            .docs
            .iter()
            .find(|d| d.path == m.spec)
            .or_else(|| unit.main_doc());
        let Some(doc) = doc else { continue };
        let Some(now) = fingerprint(doc, m.section.as_deref()) else {
            out.push(finding(format!(
                "{} says it is generated from {address}, but {} has no section {}: fix the marker (`specmoor stamp {} --spec SPEC#SECTION`)",
                g.path,
                doc.path,
                m.section.as_deref().unwrap_or(""),
                g.path
            )));
            continue;
        };
        if now != m.sha256 {
            let short = |s: &str| s.chars().take(12).collect::<String>();
            out.push(finding(format!(
                "{} was generated from {address} (sha256 {}…) but that text is now sha256 {}…: the spec moved on and the file was not regenerated. Rerun its generator, then `specmoor stamp {}`",
                g.path,
                short(&m.sha256),
                short(&now),
                g.path
            )));
        }
    }
    out
}

/// The rule, as the registry runs it.
pub struct GeneratedStale;

impl super::Rule for GeneratedStale {
    fn code(&self) -> crate::codes::RuleCode {
        crate::codes::RuleCode::GeneratedStale
    }

    fn needs(&self) -> super::Needs {
        use super::Needs;
        Needs {
            generated: true,
            stale_markers: true,
            ..Needs::default()
        }
    }

    fn check(&self, ctx: &Context) -> Vec<Finding> {
        check(ctx)
    }

    /// In `coverage`, [`Context::generated`] holds every marked file.
    fn repo_wide(&self, ctx: &Context) -> Option<Vec<Finding>> {
        Some(check(ctx))
    }
}
