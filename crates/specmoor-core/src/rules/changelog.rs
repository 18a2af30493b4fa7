//! SM003 changelog: a spec's version changed and no entry for the new version was
//! added (an empty entry does not count).

use super::Context;
use crate::finding::Finding;
use crate::spec::changelog::{self, Entry, Form};
use crate::spec::version;

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (u, head_doc) in super::versioned_specs(ctx) {
        let Some(hv) = version::read(head_doc) else {
            continue;
        };
        let Ok(h) = &hv.version else { continue };
        let base = u
            .base_main()
            .and_then(version::read)
            .and_then(|v| v.version.ok());
        if base.as_ref().is_some_and(|b| b >= h) {
            continue; // unchanged, or lower (SM008 says so)
        }
        let log = changelog::read(head_doc);
        let mut entries: Vec<&Entry> = log.entries.iter().collect();
        if let Some(ext) = ctx.external_changelog {
            entries.extend(ext.iter());
        }
        let found: Vec<&&Entry> = entries
            .iter()
            .filter(|e| e.version.as_ref() == Some(h))
            .collect();
        if found.iter().any(|e| !e.is_empty()) {
            continue;
        }
        let (line, file, what) = match found.first() {
            Some(e) if e.form == Form::External => (
                Some(e.line),
                ctx.config.changelog_file.clone(),
                format!(
                    "the entry for {h} in {} is empty: say what changed",
                    ctx.config
                        .changelog_file
                        .as_deref()
                        .unwrap_or("the changelog")
                ),
            ),
            Some(e) => (
                Some(e.line),
                Some(head_doc.path.clone()),
                format!(
                    "its changelog entry for {h} (line {}) is empty: say what changed",
                    e.line
                ),
            ),
            None => (
                Some(hv.line),
                Some(head_doc.path.clone()),
                format!(
                    "its changelog has no entry for {h}: {}",
                    how_to_add(head_doc, &log, h)
                ),
            ),
        };
        let change = match &base {
            Some(b) => format!("went from {b} to {h}"),
            None => format!("is new at {h}"),
        };
        out.push(Finding {
            path: Some(head_doc.path.clone()),
            spec: Some(u.id.clone()),
            line,
            line_file: file,
            ..Finding::new(
                crate::codes::RuleCode::Changelog,
                format!("{}'s version {change} but {what}", u.id),
            )
        });
    }
    out
}

fn how_to_add(
    doc: &crate::spec::SpecDoc,
    log: &changelog::Changelog,
    v: &semver::Version,
) -> String {
    let path = &doc.path;
    // the newest entry's line tells a blockquote item and a bold paragraph apart
    let first_line = log
        .entries
        .first()
        .and_then(|e| doc.text.lines().nth(e.line - 1))
        .unwrap_or("");
    let where_ = log
        .section
        .map(|(l, _, _)| format!(" under the changelog heading at line {l}"))
        .unwrap_or_default();
    let what = match log.form {
        Some(Form::Table) => format!("add a row `| {v} | <date> | what changed |`{where_}"),
        Some(Form::List) if first_line.trim_start().starts_with('>') => format!(
            "add an item `> - **v{v}: what changed**` to the changelog blockquote at line {}",
            log.entries[0].line
        ),
        Some(Form::List) if changelog::list_item(first_line).is_none() => {
            format!("add a paragraph `**v{v}** (<date>)` saying what changed{where_}")
        }
        Some(Form::List) => format!("add an item `- {v} (<date>): what changed`{where_}"),
        Some(Form::Heading) => format!("add a sub-heading for {v} with what changed{where_}"),
        Some(Form::FrontMatter) => {
            format!("add `- version: {v}` with `changes:` to the front matter `changelog:`")
        }
        Some(Form::External) | None => {
            "add a `## Changelog` section with an entry for it".to_string()
        }
    };
    // `--set` at the version already written adds only the entry (a first version
    // is not a bump from anything)
    format!("{what}, or run `specmoor bump {path} --set {v} -m \"what changed\"` to write it")
}

/// The rule, as the registry runs it.
pub struct Changelog;

impl super::Rule for Changelog {
    fn code(&self) -> crate::codes::RuleCode {
        crate::codes::RuleCode::Changelog
    }

    fn check(&self, ctx: &Context) -> Vec<Finding> {
        check(ctx)
    }
}
