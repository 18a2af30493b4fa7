//! SM013 duplicate-requirement: one requirement ID heads two sections of one spec
//! document (`## FR-3: …` twice), so an owner naming it, a finding and a reader
//! cannot tell which is meant.

use super::Context;
use crate::finding::Finding;
use crate::spec::markdown::requirement_id;
use crate::spec::SpecDoc;

/// Each requirement ID heading more than one section of `doc`: (ID, the heading
/// lines, in order). A `{#id}` anchor or a heading without an ID is not counted.
pub fn duplicates(doc: &SpecDoc) -> Vec<(String, Vec<usize>)> {
    let mut seen: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for s in &doc.sections {
        if requirement_id(&s.title).as_deref() == Some(s.id.as_str()) {
            seen.entry(s.id.as_str()).or_default().push(s.line);
        }
    }
    let mut out: Vec<(String, Vec<usize>)> = seen
        .into_iter()
        .filter(|(_, lines)| lines.len() > 1)
        .map(|(id, lines)| (id.to_string(), lines))
        .collect();
    out.sort_by_key(|(_, lines)| lines[1]);
    out
}

fn findings(spec: &str, doc: &SpecDoc) -> Vec<Finding> {
    duplicates(doc)
        .into_iter()
        .map(|(id, lines)| {
            let first = lines[0];
            let others: Vec<String> = lines[1..].iter().map(|l| l.to_string()).collect();
            Finding {
                path: Some(doc.path.clone()),
                spec: Some(spec.to_string()),
                section: Some(id.clone()),
                line: Some(lines[1]),
                line_file: Some(doc.path.clone()),
                ..Finding::new(
                    crate::codes::RuleCode::DuplicateRequirement,
                    format!(
                        "{} uses requirement ID {id} for two sections: line {first} and line {}; an owner or a finding naming {id} cannot tell them apart: give each requirement its own ID",
                        doc.path,
                        others.join(", line ")
                    ),
                )
            }
        })
        .collect()
}

/// The documents a change added or edited, in specs it touched.
pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for u in ctx.specs.units.values() {
        if !(u.touched || u.added) || u.deleted || u.conflicted {
            continue;
        }
        for d in &u.doc_changes {
            if let Some(h) = &d.head {
                out.extend(findings(&u.id, h));
            }
        }
    }
    out
}

/// Repository-wide (`coverage`): every document of every spec.
pub fn repo_wide(ctx: &Context) -> Vec<Finding> {
    ctx.specs
        .units
        .values()
        .flat_map(|u| u.docs.iter().flat_map(|d| findings(&u.id, d)))
        .collect()
}

/// The rule, as the registry runs it.
pub struct DuplicateRequirement;

impl super::Rule for DuplicateRequirement {
    fn code(&self) -> crate::codes::RuleCode {
        crate::codes::RuleCode::DuplicateRequirement
    }

    fn check(&self, ctx: &Context) -> Vec<Finding> {
        check(ctx)
    }

    fn repo_wide(&self, ctx: &Context) -> Option<Vec<Finding>> {
        Some(repo_wide(ctx))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn two_headings_with_one_id() {
        let d = crate::spec::SpecDoc::parse(
            "s.md",
            b"# S\n\n## FR-1: A\n\n## FR-3: B\n\n### FR-3.1: C\n\n## FR-3: D\n\n## Notes {#FR-1}\n\n```\n## FR-1: in a fence\n```\n",
        )
        .unwrap();
        assert_eq!(super::duplicates(&d), [("FR-3".to_string(), vec![5, 9])]);
    }
}
