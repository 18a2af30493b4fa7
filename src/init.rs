//! `specmoor init`: detect the layout (spec-kit, OpenSpec, Kiro, plain Markdown
//! specs), write a commented `.specmoor.yml` that fits it — never over an existing
//! one — and print the next steps. Ownership it can only guess is written as a
//! clearly marked proposal, with drift starting as a warning.

use crate::config::Config;
use crate::error::{Fatal, FatalKind, Result};
use crate::git::Repo;
use crate::model::display;
use crate::spec::{version, SpecDoc};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    SpecKit,
    OpenSpec,
    Kiro,
    Plain,
    Empty,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::SpecKit => "spec-kit",
            Layout::OpenSpec => "OpenSpec",
            Layout::Kiro => "Kiro",
            Layout::Plain => "plain Markdown specs",
            Layout::Empty => "no specs yet",
        }
    }
}

/// What `init` found and proposes.
#[derive(Debug, Clone)]
pub struct Plan {
    pub layout: Layout,
    pub specs_globs: Vec<String>,
    pub unit_folder: bool,
    pub main: Option<&'static str>,
    pub ignore: Vec<String>,
    /// spec documents found (main documents of units)
    pub spec_count: usize,
    pub versioned: usize,
    pub declares_owns: bool,
    /// proposed (spec address, globs)
    pub proposals: Vec<(String, Vec<String>)>,
    pub also_seen: Vec<Layout>,
}

fn is_feature_folder(name: &str) -> bool {
    // spec-kit: 001-user-auth
    let digits = name.bytes().take_while(|b| b.is_ascii_digit()).count();
    digits >= 1 && name.as_bytes().get(digits) == Some(&b'-')
}

/// `001-user-auth` → `user-auth`; `Auth_Service` → `auth-service`.
fn feature_name(name: &str) -> String {
    let n = if is_feature_folder(name) {
        &name[name.find('-').map_or(0, |i| i + 1)..]
    } else {
        name
    };
    n.trim_end_matches(".md")
        .to_ascii_lowercase()
        .replace('_', "-")
}

fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        let s = s.to_ascii_lowercase().replace(['_', ' '], "-");
        s.trim_end_matches('s').to_string()
    };
    !a.is_empty() && norm(a) == norm(b)
}

/// Look at the tracked files and decide.
pub fn plan(paths: &[String], read: &dyn Fn(&str) -> Option<Vec<u8>>) -> Plan {
    let has = |pred: &dyn Fn(&str) -> bool| paths.iter().any(|p| pred(p));
    let spec_kit = has(&|p| p.starts_with(".specify/"))
        || has(&|p| {
            let parts: Vec<&str> = p.split('/').collect();
            parts.len() == 3
                && parts[0] == "specs"
                && is_feature_folder(parts[1])
                && parts[2] == "spec.md"
        });
    let openspec = has(&|p| {
        let parts: Vec<&str> = p.split('/').collect();
        parts.len() >= 4
            && parts[0] == "openspec"
            && parts[1] == "specs"
            && parts.last() == Some(&"spec.md")
    });
    let kiro = has(&|p| {
        let parts: Vec<&str> = p.split('/').collect();
        parts.len() == 4
            && parts[0] == ".kiro"
            && parts[1] == "specs"
            && ["requirements.md", "design.md", "tasks.md"].contains(&parts[3])
    });
    let plain_root = ["specs", "docs/specs", "spec", "docs/spec"]
        .into_iter()
        .find(|r| has(&|p| p.starts_with(&format!("{r}/")) && p.ends_with(".md")));
    let mut found: Vec<Layout> = Vec::new();
    if spec_kit {
        found.push(Layout::SpecKit);
    }
    if openspec {
        found.push(Layout::OpenSpec);
    }
    if kiro {
        found.push(Layout::Kiro);
    }
    if plain_root.is_some() && !spec_kit {
        found.push(Layout::Plain);
    }
    let layout = found.first().copied().unwrap_or(Layout::Empty);
    // older spec-kit keeps its constitution in a top-level memory/
    let spec_kit_memory = has(&|p| p == "memory/constitution.md");
    type Shape = (Vec<String>, bool, Option<&'static str>, String, Vec<String>);
    let (specs_globs, unit_folder, main, root, ignore): Shape = match layout {
        Layout::SpecKit => (
            // a feature folder's contracts and checklists are part of the spec too
            vec![
                "specs/**/*.md".into(),
                "specs/*/contracts/**".into(),
                "specs/*/checklists/**".into(),
            ],
            true,
            Some("spec.md"),
            "specs".into(),
            if spec_kit_memory {
                vec!["/.specify/".into(), "/memory/".into()]
            } else {
                vec!["/.specify/".into()]
            },
        ),
        Layout::OpenSpec => (
            vec!["openspec/specs/**/*.md".into()],
            true,
            Some("spec.md"),
            "openspec/specs".into(),
            vec!["/openspec/".into()],
        ),
        Layout::Kiro => (
            vec![".kiro/specs/**/*.md".into()],
            true,
            Some("requirements.md"),
            ".kiro/specs".into(),
            vec!["/.kiro/".into()],
        ),
        Layout::Plain => {
            let r = plain_root.unwrap_or("specs");
            (
                vec![format!("{r}/**/*.md")],
                false,
                None,
                r.to_string(),
                Vec::new(),
            )
        }
        Layout::Empty => (
            vec!["specs/**/*.md".into()],
            false,
            None,
            "specs".into(),
            Vec::new(),
        ),
    };
    // the specs: units and their main documents
    let in_root: Vec<&String> = paths
        .iter()
        .filter(|p| p.starts_with(&format!("{root}/")) && p.ends_with(".md"))
        .collect();
    let mut units: BTreeMap<String, String> = BTreeMap::new(); // unit → main doc
    for p in &in_root {
        let rest = &p[root.len() + 1..];
        match (unit_folder, rest.split_once('/')) {
            (true, Some((folder, file))) => {
                let unit = format!("{root}/{folder}");
                let is_main = Some(file) == main;
                let e = units.entry(unit).or_insert_with(|| (*p).clone());
                if is_main {
                    *e = (*p).clone();
                }
            }
            _ => {
                units.insert((*p).clone(), (*p).clone());
            }
        }
    }
    let mut versioned = 0;
    let mut declares_owns = false;
    for doc_path in units.values() {
        if let Some(bytes) = read(doc_path) {
            if let Ok(d) = SpecDoc::parse(doc_path, &bytes) {
                if version::read(&d).is_some_and(|v| v.version.is_ok()) {
                    versioned += 1;
                }
                declares_owns |= !d.front.owns.is_empty();
            }
        }
    }
    // ownership proposals: a source folder (or file) named like the spec
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    let mut stems: BTreeSet<String> = BTreeSet::new();
    let skip = |p: &str| {
        p.starts_with(&format!("{root}/"))
            || p.starts_with('.')
            || [
                "docs/",
                "doc/",
                "test/",
                "tests/",
                "spec/",
                "openspec/",
                "node_modules/",
                "vendor/",
                "target/",
            ]
            .iter()
            .any(|x| p.starts_with(x))
    };
    for p in paths.iter().filter(|p| !skip(p)) {
        let comps: Vec<&str> = p.split('/').collect();
        for depth in 1..comps.len().min(4) {
            dirs.insert(comps[..depth].join("/"));
        }
        if comps.len() <= 3 {
            stems.insert(p.clone());
        }
    }
    let mut proposals = Vec::new();
    if !declares_owns {
        for unit in units.keys() {
            let name = feature_name(unit.rsplit('/').next().unwrap_or(unit));
            let mut globs: Vec<String> = dirs
                .iter()
                .filter(|d| same_name(d.rsplit('/').next().unwrap_or(d), &name))
                .map(|d| format!("{}/**", escape_glob(d)))
                .collect();
            globs.extend(
                stems
                    .iter()
                    .filter(|f| {
                        let file = f.rsplit('/').next().unwrap_or(f);
                        let stem = file.split('.').next().unwrap_or(file);
                        file.contains('.') && same_name(stem, &name)
                    })
                    .map(|f| escape_glob(f)),
            );
            // a folder already covers the files inside it
            let folders: Vec<String> = globs
                .iter()
                .filter(|g| g.ends_with("/**"))
                .map(|g| g.trim_end_matches("**").to_string())
                .collect();
            globs.retain(|g| {
                g.ends_with("/**") || !folders.iter().any(|f| g.starts_with(f.as_str()))
            });
            globs.sort();
            globs.dedup();
            if !globs.is_empty() {
                proposals.push((unit.clone(), globs));
            }
        }
    }
    Plan {
        layout,
        specs_globs,
        unit_folder,
        main,
        ignore,
        spec_count: units.len(),
        versioned,
        declares_owns,
        proposals,
        also_seen: found.into_iter().skip(1).collect(),
    }
}

/// A literal path as a glob: metacharacters escaped (`app/[locale]` → `app/\\[locale\\]`).
fn escape_glob(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, c) in path.chars().enumerate() {
        if matches!(c, '[' | ']' | '*' | '?' | '{' | '}' | '\\') || (i == 0 && c == '!') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// OpenSpec change proposals (specs/config.md CF-7): a delta amends its capability.
/// Archived changes (`openspec/changes/archive/<id>/`) match no template: archiving
/// is a move, never a change to a capability.
const OPENSPEC_PROPOSALS: &str = "# Change proposals: a delta openspec/changes/<id>/specs/<capability>/spec.md changed\n# with the code counts as a change to that capability. Archiving a change is a move\n# under openspec/changes/archive/, not a change to any capability.\nproposals:\n  - paths: [\"openspec/changes/*/specs/{unit}/**\"]\n    amends: \"openspec/specs/{unit}\"\n\n";

/// Some specs carry a version and some do not: the version rules judge only those
/// that do (`versioning.applies_to: versioned`), as errors (specs/adoption.md AD-1).
fn version_rules_for_versioned_only(p: &Plan) -> bool {
    p.versioned > 0 && p.versioned < p.spec_count
}

/// The commented config for a plan.
pub fn render(p: &Plan) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "# yaml-language-server: $schema=https://raw.githubusercontent.com/specmoor/specmoor/main/schema/specmoor.schema.json\n# .specmoor.yml — written by `specmoor init` for a {} layout.\n# Every key is optional; `specmoor explain` describes the rules, the README the keys.\nversion: 1\n\n",
        p.layout.name()
    ));
    match p.layout {
        Layout::SpecKit => s.push_str("# Each feature folder (specs/NNN-name/) is one spec: a change to spec.md, plan.md,\n# tasks.md or contracts/ counts as changing it. Its version lives in spec.md.\n"),
        Layout::OpenSpec => s.push_str("# Each capability folder (openspec/specs/<capability>/) is one spec, versioned in\n# spec.md. Change proposals under openspec/changes/ are not code.\n"),
        Layout::Kiro => s.push_str("# Each feature folder (.kiro/specs/<feature>/) is one spec: requirements.md,\n# design.md and tasks.md together; its version lives in requirements.md.\n"),
        Layout::Plain => s.push_str("# Each Markdown file under the spec folder is one spec.\n"),
        Layout::Empty => s.push_str("# No specs were found yet: write them as Markdown under specs/ (one file per spec,\n# `## FR-1: …` headings, `owns:` in front matter — see the README).\n"),
    }
    s.push_str(&format!(
        "specs: [{}]\n",
        p.specs_globs
            .iter()
            .map(|g| q(g))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if p.unit_folder {
        s.push_str("unit: folder\n");
        if let Some(m) = p.main {
            s.push_str(&format!("main: [{}]\n", q(m)));
        }
    }
    s.push('\n');
    s.push_str(
        "# Paths that are never code (lock files, .github/ and this file are ignored already).\n",
    );
    if p.ignore.is_empty() {
        s.push_str("ignore: []\n\n");
    } else {
        s.push_str("ignore:\n");
        for i in &p.ignore {
            s.push_str(&format!("  - {}\n", q(i)));
        }
        s.push('\n');
    }
    if p.layout == Layout::OpenSpec {
        s.push_str(OPENSPEC_PROPOSALS);
    }
    if p.declares_owns {
        s.push_str("# Ownership comes from the specs' own `owns:` front matter. Central entries can\n# be added here:\n# owners:\n#   - spec: specs/auth.md#FR-1\n#     paths: [\"src/auth/login.rs\"]\nowners: []\n");
    } else if p.proposals.is_empty() {
        s.push_str("# Which code each spec owns: add `owns:` to a spec's front matter, or list it here:\n# owners:\n#   - spec: specs/auth.md#FR-1\n#     paths: [\"src/auth/login.rs\"]\nowners: []\n");
    } else {
        s.push_str("# PROPOSED OWNERSHIP — guessed by `specmoor init` from names shared by spec folders\n# and source folders. Review every entry: a wrong owner blocks the wrong commits.\n# Drift is a warning below until you have; then remove that line.\nowners:\n");
        for (spec, globs) in &p.proposals {
            s.push_str(&format!(
                "  - spec: {}   # proposed\n    paths: [{}]\n",
                q(spec),
                globs.iter().map(|g| q(g)).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    s.push('\n');
    if version_rules_for_versioned_only(p) {
        s.push_str(&format!(
            "# {} of {} specs carry a version and the others none: the version rules judge\n# only the specs that carry one (at base or at head; removing it is still an error).\nversioning: {{ applies_to: versioned }}\n\n",
            p.versioned, p.spec_count
        ));
    }
    s.push_str("rules:\n");
    if !p.declares_owns && !p.proposals.is_empty() {
        s.push_str(
            "  drift: warn                 # ownership above is a proposal: warn until reviewed\n",
        );
    }
    let unversioned = p.spec_count - p.versioned;
    if p.spec_count > 0 && p.versioned == 0 {
        s.push_str(&format!(
            "  # none of the {} specs carry a version yet: the version rules start off. Add\n  # `version: 0.1.0` to each spec, then turn these on (`specmoor bump` writes entries).\n  version-bump: off\n  changelog: off\n  spec-version: off\n  breaking-major: off\n",
            p.spec_count
        ));
    } else if unversioned > 0 {
        s.push_str("  # the version rules are errors (the default) for the specs that carry a version\n  version-bump: error\n");
    } else if p.spec_count == 0 {
        s.push_str("  # no specs yet: give each new spec a version (`version: 0.1.0`); the version\n  # rules are errors by default\n");
    } else {
        s.push_str("  # every spec carries a version: the version rules are errors (the default)\n  version-bump: error\n");
    }
    s.push_str("  unowned: off                # `warn` lists changed code no spec owns\n");
    s
}

/// Run `init` in the repository: returns the lines to print.
pub fn init(repo: &Repo) -> Result<Vec<String>> {
    let Some(workdir) = repo.workdir.clone() else {
        return Err(Fatal::usage(
            "this is a bare repository: init writes .specmoor.yml into a work tree",
        )
        .into());
    };
    let target = workdir.join(".specmoor.yml");
    if std::fs::symlink_metadata(&target).is_ok() {
        return Err(Fatal::new(
            FatalKind::Usage,
            format!(
                "{} already exists; specmoor init never overwrites it",
                target.display()
            ),
        )
        .with_help("edit it, or move it aside and run specmoor init again")
        .into());
    }
    let files = repo.files(None, None)?;
    let paths: Vec<String> = files.iter().map(|f| display(&f.path)).collect();
    let by_path: BTreeMap<String, gix::ObjectId> =
        files.iter().map(|f| (display(&f.path), f.id)).collect();
    let read = |p: &str| {
        by_path.get(p).and_then(|id| {
            repo.try_blob(*id, crate::git::At::new(p.as_bytes(), None))
                .ok()
        })
    };
    let plan = plan(&paths, &read);
    let text = render(&plan);
    // what we write must load
    Config::parse(text.as_bytes(), ".specmoor.yml").map_err(|e| {
        Fatal::new(
            FatalKind::Config,
            format!(
                "internal error: init produced an invalid config: {}",
                e.message
            ),
        )
    })?;
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(|e| {
                Fatal::new(
                    FatalKind::Io,
                    format!("cannot create {}: {e}", target.display()),
                )
            })?;
        f.write_all(text.as_bytes()).map_err(|e| {
            Fatal::new(
                FatalKind::Io,
                format!("cannot write {}: {e}", target.display()),
            )
        })?;
    }
    let mut out = vec![format!(
        "wrote .specmoor.yml for a {} layout: {} spec{} found, {} with a version{}",
        plan.layout.name(),
        plan.spec_count,
        crate::report::plural(plan.spec_count),
        plan.versioned,
        if plan.also_seen.is_empty() {
            String::new()
        } else {
            format!(
                " (also saw {})",
                plan.also_seen
                    .iter()
                    .map(|l| l.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    )];
    if version_rules_for_versioned_only(&plan) {
        out.push(format!(
            "version rules: errors for the {} spec{} with a version; the {} without one are not version-checked (versioning.applies_to: versioned)",
            plan.versioned,
            crate::report::plural(plan.versioned),
            plan.spec_count - plan.versioned
        ));
    }
    if !plan.proposals.is_empty() {
        out.push(format!(
            "proposed ownership for {} spec{} from matching folder names — review it in .specmoor.yml",
            plan.proposals.len(),
            crate::report::plural(plan.proposals.len())
        ));
    }
    out.push(String::new());
    out.push("next steps:".into());
    out.push("  1. review .specmoor.yml (ownership, rules), then `specmoor coverage` to see what is owned".into());
    out.push(
        "  2. specmoor install          # refuse drifting commits and pushes (keeps your hooks)"
            .into(),
    );
    out.push("  3. add the GitHub Action     # see examples/github-workflow.yml in the specmoor repository".into());
    out.push("  4. git add .specmoor.yml && git commit".into());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn detects_layouts_and_proposes_owners() {
        let p = plan(
            &paths(&[
                "specs/001-user-auth/spec.md",
                "specs/001-user-auth/plan.md",
                "src/user_auth/mod.rs",
                "src/other/x.rs",
                ".specify/memory/constitution.md",
            ]),
            &|_| Some(b"---\nversion: 1.0.0\n---\n# X\n".to_vec()),
        );
        assert_eq!(p.layout, Layout::SpecKit);
        assert!(p.unit_folder);
        assert_eq!(p.spec_count, 1);
        assert_eq!(p.versioned, 1);
        assert_eq!(
            p.proposals,
            vec![(
                "specs/001-user-auth".to_string(),
                vec!["src/user_auth/**".to_string()]
            )]
        );
        let text = render(&p);
        Config::parse(text.as_bytes(), "x").unwrap();

        let p = plan(
            &paths(&[
                "openspec/specs/payments/spec.md",
                "openspec/changes/x/proposal.md",
                "lib/payments.ts",
            ]),
            &|_| Some(b"# P\n".to_vec()),
        );
        assert_eq!(p.layout, Layout::OpenSpec);
        assert_eq!(p.versioned, 0);
        assert_eq!(p.proposals[0].1, vec!["lib/payments.ts".to_string()]);
        let text = render(&p);
        assert!(text.contains("version-bump: off"));
        Config::parse(text.as_bytes(), "x").unwrap();

        let p = plan(
            &paths(&[
                ".kiro/specs/checkout/requirements.md",
                ".kiro/specs/checkout/design.md",
                "app/checkout/page.tsx",
            ]),
            &|_| None,
        );
        assert_eq!(p.layout, Layout::Kiro);
        assert_eq!(p.main, Some("requirements.md"));
        Config::parse(render(&p).as_bytes(), "x").unwrap();

        let p = plan(&paths(&["docs/specs/api.md", "src/api/mod.rs"]), &|_| None);
        assert_eq!(p.layout, Layout::Plain);
        assert_eq!(p.specs_globs, ["docs/specs/**/*.md"]);
        let p = plan(
            &paths(&[
                ".kiro/specs/checkout/requirements.md",
                "app/[locale]/checkout/page.tsx",
            ]),
            &|_| None,
        );
        assert_eq!(
            p.proposals[0].1,
            vec!["app/\\[locale\\]/checkout/**".to_string()]
        );
        Config::parse(render(&p).as_bytes(), "x").unwrap();
        Config::parse(render(&p).as_bytes(), "x").unwrap();

        let p = plan(&paths(&["src/main.rs"]), &|_| None);
        assert_eq!(p.layout, Layout::Empty);
        Config::parse(render(&p).as_bytes(), "x").unwrap();
    }
}
