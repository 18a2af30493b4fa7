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
    /// `packages/<pkg>/docs/*SPEC*.md`, `services/<svc>/specs/*.md`
    Packages,
    Plain,
    Empty,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::SpecKit => "spec-kit",
            Layout::OpenSpec => "OpenSpec",
            Layout::Kiro => "Kiro",
            Layout::Packages => "per-package spec documents",
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
    /// spec documents found (every document of every unit)
    pub doc_count: usize,
    /// proposed ownership, with evidence (specs/adoption.md AD-4)
    pub proposals: Vec<crate::infer::Proposal>,
    pub also_seen: Vec<Layout>,
}

fn is_feature_folder(name: &str) -> bool {
    // spec-kit: 001-user-auth
    let digits = name.bytes().take_while(|b| b.is_ascii_digit()).count();
    digits >= 1 && name.as_bytes().get(digits) == Some(&b'-')
}

/// A per-package spec document: `<pkg>/docs/*SPEC*.md`, `<pkg>/SPEC.md`, or a
/// Markdown file in `<pkg>/specs/` or `<pkg>/docs/specs/` (`<pkg>` not the top level).
/// Returns the package folder (with a trailing slash) and the glob that finds its kind.
fn package_spec(p: &str) -> Option<(String, String)> {
    if !p.ends_with(".md") {
        return None;
    }
    let parts: Vec<&str> = p.split('/').collect();
    let n = parts.len();
    let base = parts[n - 1];
    let glob_of = |pkg_len: usize, tail: &str| {
        let mut g: Vec<&str> = parts[..pkg_len].to_vec();
        g[pkg_len - 1] = "*";
        format!("{}/{tail}", g.join("/"))
    };
    // never the layouts' own folders, nor templates and examples of specs
    if matches!(
        parts[0],
        "specs" | "spec" | "openspec" | ".kiro" | ".specify" | "docs" | "doc"
    ) || parts.iter().any(|c| {
        matches!(
            *c,
            "templates"
                | "template"
                | "examples"
                | "example"
                | "fixtures"
                | "testdata"
                | "test"
                | "tests"
                | "node_modules"
                | "vendor"
        ) || c.starts_with('.')
    }) {
        return None;
    }
    if base.contains("SPEC") {
        if n >= 3 && parts[n - 2] == "docs" {
            return Some((
                format!("{}/", parts[..n - 2].join("/")),
                glob_of(n - 2, "docs/*SPEC*.md"),
            ));
        }
        if n >= 2 && base == "SPEC.md" {
            return Some((
                format!("{}/", parts[..n - 1].join("/")),
                glob_of(n - 1, "SPEC.md"),
            ));
        }
    }
    if n >= 3 && parts[n - 2] == "specs" {
        let k = if n >= 4 && parts[n - 3] == "docs" {
            n - 3
        } else {
            n - 2
        };
        if k >= 1 {
            let tail = if k == n - 3 {
                "docs/specs/*.md"
            } else {
                "specs/*.md"
            };
            return Some((format!("{}/", parts[..k].join("/")), glob_of(k, tail)));
        }
    }
    None
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
    let packages: BTreeMap<String, (String, String)> = paths
        .iter()
        .filter_map(|p| package_spec(p).map(|x| (p.clone(), x)))
        .collect();
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
    if !packages.is_empty() {
        found.push(Layout::Packages);
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
        Layout::Packages => {
            let globs: BTreeSet<String> = packages.values().map(|(_, g)| g.clone()).collect();
            (
                globs.into_iter().collect(),
                false,
                None,
                String::new(),
                Vec::new(),
            )
        }
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
    // the specs: units, their main documents and all their documents
    let in_root: Vec<&String> = match layout {
        Layout::Packages => packages.keys().collect(),
        _ => paths
            .iter()
            .filter(|p| p.starts_with(&format!("{root}/")) && p.ends_with(".md"))
            .collect(),
    };
    let mut units: BTreeMap<String, String> = BTreeMap::new(); // unit → main doc
    let mut unit_docs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // an archive folder of finished feature folders (`.kiro/specs/_archived/<feature>/`)
    // is history, not a spec: left out of `specs` (specs/adoption.md AD-1)
    let mut archives: BTreeSet<String> = BTreeSet::new();
    for p in &in_root {
        let rest = p.get(root.len() + 1..).unwrap_or(p);
        if unit_folder {
            if let Some((folder, inner)) = rest.split_once('/') {
                if is_archive_folder(folder) && inner.contains('/') {
                    archives.insert(folder.to_string());
                }
            }
        }
    }
    for p in &in_root {
        let rest = p.get(root.len() + 1..).unwrap_or(p);
        if rest
            .split_once('/')
            .is_some_and(|(folder, _)| archives.contains(folder))
        {
            continue;
        }
        match (unit_folder, rest.split_once('/')) {
            (true, Some((folder, file))) => {
                let unit = format!("{root}/{folder}");
                let is_main = Some(file) == main;
                unit_docs
                    .entry(unit.clone())
                    .or_default()
                    .push((*p).clone());
                let e = units.entry(unit).or_insert_with(|| (*p).clone());
                if is_main {
                    *e = (*p).clone();
                }
            }
            _ => {
                unit_docs.insert((*p).clone(), vec![(*p).clone()]);
                units.insert((*p).clone(), (*p).clone());
            }
        }
    }
    // spec-kit's constitution is a versioned spec of its own (it owns nothing)
    let mut specs_globs = specs_globs;
    for a in &archives {
        specs_globs.push(format!("!{root}/{a}/**"));
    }
    if layout == Layout::SpecKit {
        for c in [".specify/memory/constitution.md", "memory/constitution.md"] {
            if paths.iter().any(|p| p == c) {
                specs_globs.push(c.to_string());
                units.insert(c.to_string(), c.to_string());
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
    // ownership proposals from what the specs say (specs/adoption.md AD-4)
    let proposals = if declares_owns {
        Vec::new()
    } else {
        let mut not_code: Vec<String> = ignore
            .iter()
            .map(|i| format!("{}/", i.trim_matches('/')))
            .collect();
        if !root.is_empty() {
            not_code.push(format!("{root}/"));
        }
        let pkgs: BTreeMap<String, String> = packages
            .iter()
            .map(|(doc, (pkg, _))| (doc.clone(), pkg.clone()))
            .filter(|_| layout == Layout::Packages)
            .collect();
        crate::infer::infer(&crate::infer::Input {
            paths,
            units: &unit_docs,
            not_code: &not_code,
            packages: &pkgs,
            read,
        })
    };
    Plan {
        layout,
        specs_globs,
        unit_folder,
        main,
        ignore,
        spec_count: units.len(),
        doc_count: in_root.len(),
        versioned,
        declares_owns,
        proposals,
        also_seen: found.into_iter().skip(1).collect(),
    }
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The `owners:` block of proposals: entries for medium and high confidence, each
/// path with its evidence; low-confidence ones as comments.
fn render_proposals(proposals: &[crate::infer::Proposal]) -> String {
    let mut s = String::from(
        "# PROPOSED OWNERSHIP — inferred by `specmoor init` from what the specs say: paths\n\
         # their documents name (high), names they share with code, tests of those files and\n\
         # folders of files still to be written (medium); low-confidence guesses are\n\
         # commented out. Review every entry: a wrong owner blocks the wrong commits.\n\
         # Drift is a warning below until you have; then remove that line.\n",
    );
    let entries: Vec<&crate::infer::Proposal> =
        proposals.iter().filter(|p| !p.globs().is_empty()).collect();
    s.push_str(if entries.is_empty() {
        "owners: []\n"
    } else {
        "owners:\n"
    });
    let comment = |e: &str| e.replace(['\n', '\r'], " ");
    for p in proposals {
        if p.globs().is_empty() {
            s.push_str(&format!(
                "  # - spec: {}   # proposed, low\n  #   paths:\n",
                q(&p.spec)
            ));
            for c in &p.claims {
                s.push_str(&format!(
                    "  #     - {}   # {}\n",
                    q(&c.glob),
                    comment(&c.evidence)
                ));
            }
            continue;
        }
        s.push_str(&format!(
            "  - spec: {}   # proposed\n    paths:\n",
            q(&p.spec)
        ));
        for c in &p.claims {
            let line = format!(
                "{}   # proposed, {}: {}",
                q(&c.glob),
                c.confidence.as_str(),
                comment(&c.evidence)
            );
            if c.confidence > crate::infer::Confidence::Low {
                s.push_str(&format!("      - {line}\n"));
            } else {
                s.push_str(&format!("      # - {line}\n"));
            }
        }
    }
    s
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
        Layout::Packages => s.push_str("# Each package's spec document (packages/<pkg>/docs/*SPEC*.md and the like) is one\n# spec, next to the code it describes.\n"),
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
        s.push_str(&render_proposals(&p.proposals));
    }
    s.push('\n');
    if version_rules_for_versioned_only(p) {
        s.push_str(&format!(
            "# {} of {} specs carry a version and the others none: the version rules judge\n# only the specs that carry one (at base or at head; removing it is still an error).\nversioning: {{ applies_to: versioned }}\n\n",
            p.versioned, p.spec_count
        ));
    }
    s.push_str("rules:\n");
    if !p.declares_owns && p.proposals.iter().any(|x| !x.globs().is_empty()) {
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
    let config = Config::parse(text.as_bytes(), ".specmoor.yml").map_err(|e| {
        Fatal::new(
            FatalKind::Config,
            format!(
                "internal error: init produced an invalid config: {}",
                e.message
            ),
        )
    })?;
    // what it will own, counted as `specmoor coverage` counts (specs/adoption.md AD-2)
    let tally = tally(repo, &config, &files)?;
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
    Ok(summary(&plan, &config, &tally))
}

/// What the written config makes of the tracked files.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// spec units (a feature folder counts once)
    pub specs: usize,
    /// spec documents
    pub docs: usize,
    pub code: usize,
    pub owned: usize,
}

impl Tally {
    pub fn percent(&self) -> f64 {
        if self.code == 0 {
            0.0
        } else {
            (self.owned as f64 * 1000.0 / self.code as f64).round() / 10.0
        }
    }
}

/// Count specs, spec documents, code and owned code of the index listing with the
/// config, the way coverage counts them at HEAD.
fn tally(repo: &Repo, config: &Config, files: &[crate::model::FileEntry]) -> Result<Tally> {
    let loaded = crate::check::load(
        repo,
        config,
        crate::git::Changeset {
            base: None,
            head: None,
            changes: Vec::new(),
            commits: Vec::new(),
            notes: Vec::new(),
        },
    )?;
    // `.gitattributes` documentation and vendored rules of the tracked files, as
    // coverage reads them at HEAD (specs/config.md CF-8)
    let attributes = if config.not_code_attributes {
        let paths: Vec<&[u8]> = files.iter().map(|f| f.path.as_slice()).collect();
        crate::genscan::Attributes::load(
            repo,
            None,
            &paths,
            Some(files),
            crate::check::NOT_CODE_ATTRIBUTES,
        )?
        .into_lists()
    } else {
        None
    };
    let not_code = crate::rules::NotCode {
        globs: &loaded.not_code,
        attributes: attributes.as_ref(),
    };
    let mut t = Tally {
        specs: loaded.specs.count(),
        ..Tally::default()
    };
    for f in files {
        if loaded.specs.is_spec_path(&f.path) {
            t.docs += 1;
        } else if !loaded.ignore.is_match(&f.path) {
            // an owned path is code whatever it is; an unowned one may be "not code"
            let owned = !loaded.owners.matches(&f.path).is_empty();
            if !owned && not_code.matches(&f.path) {
                continue;
            }
            t.code += 1;
            if owned {
                t.owned += 1;
            }
        }
    }
    Ok(t)
}

fn rule_list(config: &Config, sev: crate::codes::Severity, owned: usize) -> Vec<String> {
    use crate::codes::RuleCode;
    RuleCode::ALL
        .iter()
        .filter(|c| config.severity(**c) == sev)
        .map(|c| {
            if *c == RuleCode::Drift && owned == 0 {
                format!(
                    "{} ({}, nothing to gate while no code is owned)",
                    c.name(),
                    c.as_str()
                )
            } else {
                format!("{} ({})", c.name(), c.as_str())
            }
        })
        .collect()
}

/// The lines `init` prints: what it found, what is owned, what will block and what
/// will only warn, and the one step that makes drift blocking.
pub fn summary(plan: &Plan, config: &Config, t: &Tally) -> Vec<String> {
    use crate::codes::{RuleCode, Severity};
    use crate::report::plural;
    let article = if plan
        .layout
        .name()
        .starts_with(['a', 'e', 'i', 'o', 'u', 'O'])
    {
        "an"
    } else {
        "a"
    };
    let layout = if plan.layout == Layout::Empty {
        "wrote .specmoor.yml, no specs yet:".to_string()
    } else {
        format!(
            "wrote .specmoor.yml for {article} {} layout:",
            plan.layout.name()
        )
    };
    let mut out = vec![format!(
        "{layout} {} spec{} ({} spec file{}), {} with a version{}",
        t.specs,
        plural(t.specs),
        t.docs,
        plural(t.docs),
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
    if version_rules_for_versioned_only(plan) {
        out.push(format!(
            "version rules: errors for the {} spec{} with a version; the {} without one are not version-checked (versioning.applies_to: versioned)",
            plan.versioned,
            crate::report::plural(plan.versioned),
            plan.spec_count - plan.versioned
        ));
    }
    let proposed = plan
        .proposals
        .iter()
        .filter(|p| !p.globs().is_empty())
        .count();
    let hints = plan.proposals.len() - proposed;
    let drift = config.severity(RuleCode::Drift);
    if t.owned == 0 {
        // the version rules still judge the specs themselves
        let spec_rules = [
            RuleCode::VersionBump,
            RuleCode::Changelog,
            RuleCode::BreakingMajor,
            RuleCode::SpecVersion,
        ]
        .iter()
        .any(|c| config.severity(*c) != Severity::Off);
        out.push(format!(
            "owned: no code is owned by a spec (0 of {} code file{}): the hooks will gate {}",
            t.code,
            plural(t.code),
            if spec_rules && t.specs > 0 {
                "no code, only the specs' versions"
            } else {
                "nothing"
            }
        ));
        out.push("  until a spec owns code: add `owns:` to a spec's front matter, or entries under `owners:`".into());
        if hints > 0 {
            out.push(format!(
                "  ({hints} low-confidence guess{} left commented out in .specmoor.yml)",
                if hints == 1 { "" } else { "es" }
            ));
        }
    } else {
        out.push(format!(
            "owned: {} of {} code file{} ({:.1}%){}",
            t.owned,
            t.code,
            plural(t.code),
            t.percent(),
            if proposed > 0 {
                format!(
                    ", proposed for {proposed} of {} spec{} from what the specs say — review each `# proposed` entry",
                    t.specs,
                    plural(t.specs)
                )
            } else {
                String::new()
            }
        ));
    }
    let blocks = rule_list(config, Severity::Error, t.owned);
    let warns = rule_list(config, Severity::Warn, t.owned);
    out.push(String::new());
    out.push("once installed, the hooks and the Action:".into());
    out.push(format!(
        "  block on: {}",
        if blocks.is_empty() {
            "nothing".to_string()
        } else {
            blocks.join(", ")
        }
    ));
    out.push(format!(
        "  warn on:  {}",
        if warns.is_empty() {
            "nothing".to_string()
        } else {
            warns.join(", ")
        }
    ));
    match drift {
        Severity::Error if t.owned > 0 => out.push(
            "  drift blocks: a change to owned code without its spec is refused".into(),
        ),
        Severity::Error => {}
        _ if t.owned > 0 => out.push(
            "to make drift blocking: review the proposed owners, then delete the `drift: warn` line"
                .into(),
        ),
        _ => out.push(
            "to make drift blocking: give specs code to own, then delete the `drift: warn` line".into(),
        ),
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
    out
}

/// A folder of archived feature folders: `_archived`, `archive`, `.archive`, … (any
/// case, with a leading `_` or `.`).
fn is_archive_folder(name: &str) -> bool {
    let n = name.trim_start_matches(['_', '.']).to_ascii_lowercase();
    matches!(n.as_str(), "archive" | "archived" | "archives")
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
        // the feature and the constitution
        assert_eq!(p.spec_count, 2);
        assert_eq!(p.versioned, 2);
        assert_eq!(p.proposals.len(), 1);
        assert_eq!(p.proposals[0].spec, "specs/001-user-auth");
        assert_eq!(p.proposals[0].globs(), vec!["src/user_auth/**".to_string()]);
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
        assert_eq!(p.proposals[0].globs(), vec!["lib/payments.ts".to_string()]);
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
            p.proposals[0].globs(),
            vec!["app/\\[locale\\]/checkout/**".to_string()]
        );
        Config::parse(render(&p).as_bytes(), "x").unwrap();
        Config::parse(render(&p).as_bytes(), "x").unwrap();

        let p = plan(&paths(&["src/main.rs"]), &|_| None);
        assert_eq!(p.layout, Layout::Empty);
        Config::parse(render(&p).as_bytes(), "x").unwrap();
    }
}
