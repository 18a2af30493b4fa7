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
            (Some(b), Some(h)) => rendered(b) != rendered(h),
            (None, None) => false,
            _ => true,
        }
    })
}

/// A document's content as it renders (specs/rules.md RU-3): the front matter's
/// content lines as written (YAML indentation is meaning), then the body's Markdown
/// events with every run of whitespace in text collapsed to one space and a soft line
/// break read as a space, so that reflowing a paragraph or re-spacing a line is no
/// content change; code blocks and code spans keep their text as written.
fn rendered(doc: &crate::spec::SpecDoc) -> (Vec<&str>, Vec<String>) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let lines = content_lines(doc);
    let body_start = doc.front_lines.map_or(0, |(_, end)| {
        doc.text.split_inclusive('\n').take(end).map(str::len).sum()
    });
    let at = |l: &str| l.as_ptr() as usize - doc.text.as_ptr() as usize;
    let split = lines.partition_point(|l| at(l) < body_start);
    let (front, body) = lines.split_at(split);
    let body = body.join("\n");
    let mut out = Vec::new();
    let mut text = String::new();
    let mut code = false;
    let flush = |text: &mut String, out: &mut Vec<String>| {
        if !text.is_empty() {
            out.push(std::mem::take(text));
        }
    };
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for e in Parser::new_ext(&body, opts) {
        match e {
            Event::Text(t) if code => {
                flush(&mut text, &mut out);
                out.push(t.to_string());
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                for (i, w) in t.split_whitespace().enumerate() {
                    if i > 0 || (t.starts_with(char::is_whitespace) && !text.is_empty()) {
                        text.push(' ');
                    }
                    text.push_str(w);
                }
                if t.ends_with(char::is_whitespace) && !t.trim().is_empty() {
                    text.push(' ');
                }
            }
            Event::SoftBreak => {
                if !text.ends_with(' ') {
                    text.push(' ');
                }
            }
            Event::Code(t) => {
                flush(&mut text, &mut out);
                out.push(format!("`{t}`"));
            }
            Event::Start(Tag::CodeBlock(k)) => {
                flush(&mut text, &mut out);
                code = true;
                out.push(format!("{k:?}"));
            }
            Event::End(TagEnd::CodeBlock) => {
                code = false;
                out.push("/code".into());
            }
            other => {
                flush(&mut text, &mut out);
                out.push(format!("{other:?}"));
            }
        }
    }
    flush(&mut text, &mut out);
    // a trailing space before a block end is no content
    for t in &mut out {
        let n = t.trim_end_matches(' ').len();
        t.truncate(n);
    }
    (front.to_vec(), out)
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for u in ctx.specs.units.values() {
        if !u.touched || u.deleted || u.added || u.conflicted {
            continue;
        }
        if !super::version_rules_apply(ctx.config, u) {
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

#[cfg(test)]
mod tests {
    fn doc(text: &str) -> crate::spec::SpecDoc {
        crate::spec::SpecDoc::parse("specs/a.md", text.as_bytes()).expect("parses")
    }

    #[test]
    fn reflow_and_spacing_are_no_content_change() {
        let a = doc("---\nversion: 1.0.0\n---\n# A\n\n## FR-1: Login\nUsers log in with a password\nand a second factor.\n\n```\nlet  x = 1;\n```\n");
        let same = doc("---\nversion: 1.0.0\n---\n# A\n\n## FR-1:  Login\nUsers log in  with a\npassword and a second factor.\n\n```\nlet  x = 1;\n```\n");
        assert_eq!(super::rendered(&a), super::rendered(&same));
        for other in [
            "---\nversion: 1.0.0\n---\n# A\n\n## FR-1: Login\nUsers log in with a passkey\nand a second factor.\n\n```\nlet  x = 1;\n```\n",
            "---\nversion: 1.0.0\n---\n# A\n\n## FR-1: Login\nUsers log in with a password\nand a second factor.\n\n```\nlet x = 1;\n```\n",
            "---\nversion: 1.0.0\n---\n# A\n\n## FR-1: Login\nUsers log in with a password and a second factor.\n\n```\nlet  x = 1;\n```\n- more\n",
            "---\nversion: 1.0.0\n---\n# A\n\n## FR-1: Login\nUsers log in with a `pass  word`\nand a second factor.\n\n```\nlet  x = 1;\n```\n",
        ] {
            assert_ne!(super::rendered(&a), super::rendered(&doc(other)), "{other}");
        }
        let fm = |owns: &str| doc(&format!("---\nversion: 1.0.0\nowns:\n{owns}\n---\n# A\n"));
        assert_ne!(
            super::rendered(&fm("  a: [x]")),
            super::rendered(&fm("  a:  [x]")),
            "front matter as written"
        );
    }
}
