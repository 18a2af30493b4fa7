//! `coverage`'s requirements listing (specs/tags.md): the requirements of each spec
//! that no section-keyed owner and no tag implements, in the human and Markdown
//! reports (the JSON carries the core's [`Listing`] as it is).

use crate::glob::Lists;
use crate::specset::{OwnerTarget, SpecSet};
use specmoor_core::requirements::{self, Implemented, Listing};
use std::collections::BTreeSet;

/// The listing: `matched` holds the indexes of the owner lists that match at least
/// one file at HEAD; `by_tag`, the (spec, section) pairs a tag names.
pub fn listing(
    specs: &SpecSet,
    owners: &Lists<OwnerTarget>,
    matched: &BTreeSet<usize>,
    by_tag: BTreeSet<(String, String)>,
) -> Listing {
    let mut imp = Implemented {
        by_tag,
        ..Implemented::default()
    };
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

/// How many unimplemented requirements the human and Markdown reports list.
const LIST: usize = 50;

/// The human report's part: nothing when every requirement is implemented.
pub fn human(l: &Listing) -> String {
    let mut out = String::new();
    if l.unimplemented == 0 {
        return out;
    }
    out.push_str(&format!(
        "\nrequirements no tag or section owner implements ({} of {}):\n",
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
        format!("{}: {n} of {} requirements:", s.spec, s.requirements)
    }
}

/// The Markdown report's part.
pub fn markdown(l: &Listing) -> String {
    use crate::report::markdown::escape;
    let mut out = String::new();
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
pub fn html(l: &Listing) -> String {
    use crate::report::html_escape as escape;
    let mut out = String::new();
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
