//! `coverage`'s side of requirement tags (specs/tags.md TG-8): every tag of the code
//! at HEAD (read through the cache of tags by blob id), the requirements of each spec
//! that no section-keyed owner and no tag implements, and how the human, Markdown and
//! HTML reports show them (the JSON carries the core's [`Listing`] as it is).

use crate::config::Config;
use crate::error::Result;
use crate::git::Repo;
use crate::glob::Lists;
use crate::model::FileEntry;
use crate::specset::{OwnerTarget, SpecSet};
use crate::tags::{self, Resolved, TagFacts, TagSyntax};
use serde::Serialize;
use specmoor_core::requirements::{self, Implemented, Listing};
use std::collections::BTreeSet;

/// Every tag of the code files at HEAD, resolved against the specs (all read): as
/// [`TagFacts`] whose files are every tagged code file, its tags on the new side, so
/// the tag rules' repository-wide forms judge them. Code: neither a spec, nor ignored,
/// nor `not_code` (TG-1); `files` are the files coverage found neither spec nor ignored.
pub fn scan(
    repo: &Repo,
    config: &Config,
    head: gix::ObjectId,
    specs: &SpecSet,
    not_code: &Lists<()>,
    files: &[&FileEntry],
) -> Result<TagFacts> {
    let syntax = TagSyntax::new(&config.tags)?;
    if !syntax.enabled() {
        return Ok(TagFacts::default());
    }
    // every file is scanned (cached), and only the few with tags are matched against
    // `not_code`: matching every path costs more than a cache lookup
    let mut found = crate::tagtree::scan_tree(repo, &syntax, Some(head), files)?;
    found.retain(|(path, _)| !not_code.is_match(path));
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let resolved = tags::resolve_many(
        found.iter().flat_map(|(_, t)| t.iter().map(|t| &t.target)),
        specs,
    );
    Ok(TagFacts {
        files: found
            .into_iter()
            .map(|(path, new)| tags::FileTags {
                path,
                old: Vec::new(),
                new,
                touched: Vec::new(),
            })
            .collect(),
        naming_removed: Vec::new(),
        resolved,
    })
}

/// The tags of the code at HEAD, for the JSON and the HTML page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tagged {
    /// Tags in code.
    pub count: usize,
    /// Files holding at least one.
    pub files: usize,
    /// Each tagged file with its tags.
    pub tagged: Vec<TaggedFile>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaggedFile {
    pub path: String,
    pub tags: Vec<TagEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagEntry {
    /// The tag's line, and its region's first and last lines.
    pub line: u32,
    pub start: u32,
    pub end: u32,
    /// As written.
    pub tag: String,
    /// The requirement it implements (`specs/auth.md#FR-1`); `null` when it names
    /// none or several (SM015, SM016).
    pub owner: Option<String>,
}

/// What [`scan`] found, as reported.
pub fn tagged(facts: &TagFacts) -> Tagged {
    let tagged: Vec<TaggedFile> = facts
        .files
        .iter()
        .map(|f| TaggedFile {
            path: crate::model::display(&f.path),
            tags: f
                .new
                .iter()
                .map(|t| TagEntry {
                    line: t.line,
                    start: t.start,
                    end: t.end,
                    tag: t.text.clone(),
                    owner: match facts.owner(&t.target) {
                        Resolved::One(o) => Some(o.address()),
                        _ => None,
                    },
                })
                .collect(),
        })
        .collect();
    Tagged {
        count: tagged.iter().map(|f| f.tags.len()).sum(),
        files: tagged.len(),
        tagged,
    }
}

/// The listing: `matched` holds the indexes of the owner lists that match at least
/// one file at HEAD; `facts`, the tags of the code (from [`scan`]).
pub fn listing(
    specs: &SpecSet,
    owners: &Lists<OwnerTarget>,
    matched: &BTreeSet<usize>,
    facts: &TagFacts,
) -> Listing {
    let mut imp = Implemented::default();
    for f in &facts.files {
        for t in &f.new {
            if let Resolved::One(o) = facts.owner(&t.target) {
                if let Some(section) = &o.section {
                    imp.by_tag.insert((o.spec.clone(), section.clone()));
                }
            }
        }
    }
    for (li, (target, _)) in owners.lists.iter().enumerate() {
        match &target.section {
            None => {
                imp.whole.insert(target.spec.clone());
            }
            Some(section) if matched.contains(&li) => {
                imp.by_owner.insert((target.spec.clone(), section.clone()));
            }
            Some(_) => {}
        }
    }
    requirements::listing(requirements::of_specs(specs), &imp)
}

/// One line on requirements and tags: how many requirements are implemented and by
/// what, and how many tags the code holds; `None` when there are neither.
pub fn summary(l: &Listing, t: &Tagged) -> Option<String> {
    if l.total == 0 && t.count == 0 {
        return None;
    }
    let by_owner: usize = l.specs.iter().map(|s| s.by_owner).sum();
    let by_tag: usize = l.specs.iter().map(|s| s.by_tag).sum();
    let tags = if t.count == 0 {
        "no tags in code".to_string()
    } else {
        format!(
            "tags in code: {} in {} file{}",
            t.count,
            t.files,
            crate::report::plural(t.files)
        )
    };
    Some(format!(
        "requirements: {} of {} implemented ({by_owner} by a section owner, {by_tag} by a tag); {tags}",
        l.implemented, l.total
    ))
}

/// The HTML page's table of tagged files: each with its tag count and the
/// requirements its tags name (`data-tagged` on each row). Nothing without tags.
fn tagged_html(t: &Tagged) -> String {
    use crate::report::html_escape as escape;
    let mut out = String::new();
    if t.count == 0 {
        return out;
    }
    out.push_str(&format!(
        "<h2>Tagged files ({}, {} tag{})</h2>\n<table><tr><th>file</th><th class=\"n\">tags</th><th>requirements</th></tr>\n",
        t.files,
        t.count,
        crate::report::plural(t.count)
    ));
    for f in t.tagged.iter().take(HTML_LIST) {
        let mut owners: Vec<String> = f
            .tags
            .iter()
            .map(|e| match &e.owner {
                Some(o) => o.clone(),
                None => format!("{} (names no single requirement)", e.tag),
            })
            .collect();
        owners.dedup();
        out.push_str(&format!(
            "<tr data-tagged=\"{}\"><td><code>{}</code></td><td class=\"n\">{}</td><td>{}</td></tr>\n",
            escape(&f.path),
            escape(&f.path),
            f.tags.len(),
            escape(&owners.join(", "))
        ));
    }
    out.push_str("</table>\n");
    if t.files > HTML_LIST {
        out.push_str(&format!(
            "<p>… and {} more (<code>--format json</code> lists them all)</p>\n",
            t.files - HTML_LIST
        ));
    }
    out
}

/// How many unimplemented requirements the human and Markdown reports list.
const LIST: usize = 50;

/// The human report's part: nothing when every requirement is implemented.
pub fn human(l: &Listing, t: &Tagged) -> String {
    let mut out = String::new();
    if let Some(s) = summary(l, t) {
        out.push_str(&format!("\n{s}\n"));
    }
    if l.unimplemented == 0 {
        return out;
    }
    out.push_str(&format!(
        "requirements no tag or section owner implements ({} of {}):\n",
        l.unimplemented, l.total
    ));
    let mut shown = 0;
    for s in l.specs.iter().filter(|s| !s.unimplemented.is_empty()) {
        if shown >= LIST {
            break;
        }
        out.push_str(&format!("  {}\n", heading(s)));
        for r in &s.unimplemented {
            if shown >= LIST {
                break;
            }
            out.push_str(&format!("    {} ({}:{})\n", r.label(), r.path, r.line));
            shown += 1;
        }
    }
    if l.unimplemented > shown {
        out.push_str(&format!(
            "  … and {} more (--format json lists them all)\n",
            l.unimplemented - shown
        ));
    }
    out
}

/// `specs/auth.md: 2 of 3 requirements`, or what a spec owning its code as a whole is.
pub fn heading(s: &requirements::SpecRequirements) -> String {
    let n = s.unimplemented.len();
    if s.owns_whole {
        format!(
            "{} owns its code as a whole; {n} requirement{} {} no tag:",
            s.spec,
            crate::report::plural(n),
            if n == 1 { "has" } else { "have" }
        )
    } else {
        format!(
            "{}: {n} of {} requirement{}:",
            s.spec,
            s.requirements,
            crate::report::plural(s.requirements)
        )
    }
}

/// The Markdown report's part.
pub fn markdown(l: &Listing, t: &Tagged) -> String {
    use crate::report::markdown::escape;
    let mut out = String::new();
    if let Some(s) = summary(l, t) {
        out.push_str(&format!("\n{}\n", escape(&s)));
    }
    if l.unimplemented == 0 {
        return out;
    }
    out.push_str(&format!(
        "\n### Requirements no tag or section owner implements ({} of {})\n\n",
        l.unimplemented, l.total
    ));
    let mut shown = 0;
    for s in l.specs.iter().filter(|s| !s.unimplemented.is_empty()) {
        if shown >= LIST {
            break;
        }
        out.push_str(&format!("- {}\n", escape(&heading(s))));
        for r in &s.unimplemented {
            if shown >= LIST {
                break;
            }
            out.push_str(&format!(
                "  - {}\n",
                escape(&format!("{} ({}:{})", r.label(), r.path, r.line))
            ));
            shown += 1;
        }
    }
    if l.unimplemented > shown {
        out.push_str(&format!("- … and {} more\n", l.unimplemented - shown));
    }
    out
}

/// How many unimplemented requirements the HTML page lists.
const HTML_LIST: usize = 500;

/// The HTML page's part (specs/adoption.md AD-2): per spec, the requirements nothing
/// implements, each a list item with `data-spec` and `data-requirement`. Nothing when
/// no spec has a requirement.
pub fn html(l: &Listing, t: &Tagged) -> String {
    use crate::report::html_escape as escape;
    let mut out = tagged_html(t);
    if l.total == 0 {
        return out;
    }
    out.push_str(&format!(
        "<h2>Requirements nothing implements ({} of {})</h2>\n",
        l.unimplemented, l.total
    ));
    if l.unimplemented == 0 {
        out.push_str(
            "<p>Every requirement is implemented by a tag in code or a section-keyed owner.</p>\n",
        );
        return out;
    }
    out.push_str("<p class=\"summary\">A requirement (a section headed by an ID such as <code>FR-1</code>) is implemented when a tag in code names it or a section-keyed owner of it matches a file.</p>\n");
    let mut shown = 0;
    for s in l.specs.iter().filter(|s| !s.unimplemented.is_empty()) {
        if shown >= HTML_LIST {
            break;
        }
        out.push_str(&format!(
            "<h3 data-spec=\"{}\">{}</h3>\n<ul class=\"reqs\">",
            escape(&s.spec),
            escape(&heading(s))
        ));
        for r in &s.unimplemented {
            if shown >= HTML_LIST {
                break;
            }
            out.push_str(&format!(
                "<li data-spec=\"{}\" data-requirement=\"{}\">{} <small><code>{}:{}</code></small></li>",
                escape(&s.spec),
                escape(&r.id),
                escape(&r.label()),
                escape(&r.path),
                r.line
            ));
            shown += 1;
        }
        out.push_str("</ul>\n");
    }
    if l.unimplemented > shown {
        out.push_str(&format!(
            "<p>… and {} more (<code>--format json</code> lists them all)</p>\n",
            l.unimplemented - shown
        ));
    }
    out
}
