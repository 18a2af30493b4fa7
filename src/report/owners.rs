//! `owners`: who owns each path, and which rule line made it so.

use super::{to_json, Format, Render};
use crate::check::PathOwners;

/// The result of `owners`, and which config it was read with.
pub struct Owners {
    pub paths: Vec<PathOwners>,
    pub config: String,
}

impl Render for Owners {
    fn render(&self, format: Format, _color: bool) -> Option<String> {
        match format {
            Format::Json => Some(to_json(&self.paths)),
            Format::Human => Some(format!("{}(config: {})\n", human(&self.paths), self.config)),
            _ => None,
        }
    }
}

fn human(result: &[PathOwners]) -> String {
    let mut s = String::new();
    for p in result {
        s.push_str(&p.path);
        if let Some(l) = p.line {
            s.push_str(&format!(":{l}"));
        }
        s.push('\n');
        if let Some(spec) = &p.spec {
            s.push_str(&format!("  is a document of spec {spec}\n"));
        }
        if let Some(i) = &p.ignored {
            s.push_str(&format!(
                "  ignored via `{}` ({})\n",
                i.pattern,
                where_(&i.file, i.line)
            ));
        }
        for o in &p.owners {
            let addr = match &o.section {
                Some(sec) => format!("{}#{}", o.spec, sec),
                None => o.spec.clone(),
            };
            s.push_str(&format!(
                "  owned by {addr} via `{}` ({})\n",
                o.pattern,
                where_(&o.file, o.line)
            ));
        }
        for t in &p.tags {
            let at = format!("{}:{}, lines {}-{}", p.path, t.line, t.start, t.end);
            match (&t.owner, t.candidates.is_empty()) {
                (Some(owner), _) => {
                    s.push_str(&format!("  owned by {owner} via tag `{}` ({at})\n", t.tag))
                }
                (None, false) => s.push_str(&format!(
                    "  tag `{}` ({at}) is ambiguous: {}\n",
                    t.tag,
                    t.candidates.join(", ")
                )),
                (None, true) => {
                    s.push_str(&format!("  tag `{}` ({at}) names no requirement\n", t.tag))
                }
            }
        }
        if p.owners.is_empty() && p.spec.is_none() && p.ignored.is_none() && p.tags.is_empty() {
            s.push_str("  no owner\n");
        }
    }
    s
}

fn where_(file: &str, line: usize) -> String {
    if line == 0 {
        file.to_string()
    } else {
        format!("{file}:{line}")
    }
}
