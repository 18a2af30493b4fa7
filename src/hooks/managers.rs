//! Hook managers for `doctor` (specs/hooks.md HK-8): husky, lefthook,
//! simple-git-hooks and the pre-commit framework own the hooks directory in many
//! repositories. Doctor recognises the hooks they generate and reads their
//! configuration in the work tree, to say whether each hook runs specmoor, and when a
//! configuration asks for specmoor at a hook that the manager has not installed (a
//! plain `pre-commit install` writes only the pre-commit hook).

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager {
    Framework,
    Husky,
    Lefthook,
    SimpleGitHooks,
}

impl Manager {
    pub fn name(self) -> &'static str {
        match self {
            Manager::Framework => "the pre-commit framework",
            Manager::Husky => "husky",
            Manager::Lefthook => "lefthook",
            Manager::SimpleGitHooks => "simple-git-hooks",
        }
    }

    pub fn possessive(self) -> &'static str {
        match self {
            Manager::Framework => "the pre-commit framework's",
            Manager::Husky => "husky's",
            Manager::Lefthook => "lefthook's",
            Manager::SimpleGitHooks => "simple-git-hooks'",
        }
    }

    /// How to make the manager write its hook `name`.
    fn fix(self, name: &str) -> String {
        match self {
            Manager::Framework => format!(
                "add {name} to default_install_hook_types in .pre-commit-config.yaml and run `pre-commit install` (or `pre-commit install --hook-type {name}`)"
            ),
            Manager::Husky => {
                "run `npx husky` (the `prepare` script of package.json does it on `npm install`)"
                    .to_string()
            }
            Manager::Lefthook => "run `lefthook install` (`npx lefthook install`)".to_string(),
            Manager::SimpleGitHooks => {
                "run `npx simple-git-hooks` (again after every change of its configuration)"
                    .to_string()
            }
        }
    }
}

/// Whether a shell script runs specmoor: a line that is not a comment names it.
pub fn script_runs_specmoor(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes).lines().any(|l| {
        let l = l.trim_start();
        !l.starts_with('#') && l.contains("specmoor")
    })
}

/// The manager that generated the hook script `bytes` in the hooks directory `dir`
/// (the pre-commit framework's is recognised by the caller, HK-2).
pub fn generated_by(dir: &Path, bytes: &[u8]) -> Option<Manager> {
    let text = String::from_utf8_lossy(bytes);
    // husky v9: `.husky/_/NAME` is `. "$(dirname "$0")/h"` (9.0: `. "${0%/*}/h"`)
    if dir.join("h").is_file() && text.contains("/h\"") {
        return Some(Manager::Husky);
    }
    if text.contains("call_lefthook") || text.contains("lefthook run") {
        return Some(Manager::Lefthook);
    }
    if text.contains("SKIP_SIMPLE_GIT_HOOKS") {
        return Some(Manager::SimpleGitHooks);
    }
    None
}

/// A configuration that asks a manager to run specmoor at a hook.
#[derive(Debug, Clone)]
pub struct Want {
    pub manager: Manager,
    pub hook: &'static str,
    /// The file that says so, relative to the top of the work tree.
    pub config: String,
}

/// The hook managers configured in the work tree.
#[derive(Debug, Default)]
pub struct Configs {
    /// Managers with a configuration file (even one that never names specmoor).
    pub present: Vec<Manager>,
    pub wants: Vec<Want>,
    /// Configurations specmoor could not read (format, syntax).
    pub unread: Vec<String>,
}

impl Configs {
    pub fn wants(&self, manager: Manager, hook: &str) -> Option<&Want> {
        self.wants
            .iter()
            .find(|w| w.manager == manager && w.hook == hook)
    }

    fn want(&mut self, manager: Manager, hook: &'static str, config: &str) {
        if self.wants(manager, hook).is_none() {
            self.wants.push(Want {
                manager,
                hook,
                config: config.to_string(),
            });
        }
    }

    fn present(&mut self, m: Manager) {
        if !self.present.contains(&m) {
            self.present.push(m);
        }
    }
}

/// The hooks specmoor installs, as `&'static str`.
fn hook_name(name: &str) -> Option<&'static str> {
    super::HOOKS.iter().copied().find(|h| *h == name)
}

/// Whether any string inside `v` names specmoor.
fn value_runs_specmoor(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::String(s) => s.contains("specmoor"),
        serde_json::Value::Array(a) => a.iter().any(value_runs_specmoor),
        serde_json::Value::Object(o) => o.values().any(value_runs_specmoor),
        _ => false,
    }
}

/// Read a YAML or JSON file into a JSON value; `Err` names what went wrong.
fn read_value(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yml" | "yaml")
    );
    if yaml {
        serde_saphyr::from_str_with_options(&text, specmoor_core::yaml::options())
            .map_err(|e| specmoor_core::yaml::message(&e))
    } else {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    }
}

/// The manifest stage of each hook of specmoor's `.pre-commit-hooks.yaml`.
const FRAMEWORK_IDS: &[(&str, &str)] = &[
    ("specmoor", "pre-commit"),
    ("specmoor-commit-msg", "commit-msg"),
    ("specmoor-pre-push", "pre-push"),
    ("specmoor-rust", "pre-commit"),
    ("specmoor-rust-commit-msg", "commit-msg"),
    ("specmoor-rust-pre-push", "pre-push"),
];

/// A stage name of the pre-commit framework as a hook name (`commit` and `push` are
/// the names older configurations use).
fn stage_hook(stage: &str) -> Option<&'static str> {
    match stage {
        "commit" => Some("pre-commit"),
        "push" => Some("pre-push"),
        s => hook_name(s),
    }
}

fn strings(v: Option<&serde_json::Value>) -> Option<Vec<String>> {
    Some(
        v?.as_array()?
            .iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect(),
    )
}

fn read_framework(top: &Path, c: &mut Configs) {
    let file = ".pre-commit-config.yaml";
    let path = top.join(file);
    if !path.is_file() {
        return;
    }
    c.present(Manager::Framework);
    let v = match read_value(&path) {
        Ok(v) => v,
        Err(e) => return c.unread.push(format!("{file}: {e}")),
    };
    let default_stages = strings(v.get("default_stages"));
    let repos = v.get("repos").and_then(|r| r.as_array());
    for hook in repos
        .into_iter()
        .flatten()
        .filter_map(|r| r.get("hooks")?.as_array())
        .flatten()
    {
        let id = hook.get("id").and_then(|i| i.as_str()).unwrap_or("");
        let manifest = FRAMEWORK_IDS.iter().find(|(i, _)| *i == id).map(|p| p.1);
        let entry = hook.get("entry").is_some_and(value_runs_specmoor);
        if manifest.is_none() && !entry {
            continue;
        }
        let stages: Vec<String> = match (strings(hook.get("stages")), manifest) {
            (Some(s), _) => s,
            (None, Some(m)) => vec![m.to_string()],
            (None, None) => default_stages
                .clone()
                .unwrap_or_else(|| super::HOOKS.iter().map(|h| h.to_string()).collect()),
        };
        for s in stages.iter().filter_map(|s| stage_hook(s)) {
            c.want(Manager::Framework, s, file);
        }
    }
}

fn read_lefthook(top: &Path, c: &mut Configs) {
    let mut names = Vec::new();
    for stem in ["lefthook", ".lefthook", ".config/lefthook"] {
        for local in ["", "-local"] {
            for ext in ["yml", "yaml", "json", "jsonc", "toml"] {
                names.push(format!("{stem}{local}.{ext}"));
            }
        }
    }
    for file in names {
        let path = top.join(&file);
        if !path.is_file() {
            continue;
        }
        c.present(Manager::Lefthook);
        if file.ends_with(".toml") || file.ends_with(".jsonc") {
            c.unread.push(format!(
                "{file}: only YAML and JSON lefthook configurations are read"
            ));
            continue;
        }
        let v = match read_value(&path) {
            Ok(v) => v,
            Err(e) => {
                c.unread.push(format!("{file}: {e}"));
                continue;
            }
        };
        for h in super::HOOKS {
            if v.get(h).is_some_and(value_runs_specmoor) {
                c.want(Manager::Lefthook, h, &file);
            }
        }
    }
}

fn read_simple_git_hooks(top: &Path, c: &mut Configs) {
    for file in [".simple-git-hooks.json", "simple-git-hooks.json"] {
        let path = top.join(file);
        if path.is_file() {
            c.present(Manager::SimpleGitHooks);
            match read_value(&path) {
                Ok(v) => want_simple(&v, file, c),
                Err(e) => c.unread.push(format!("{file}: {e}")),
            }
        }
    }
    for file in [
        ".simple-git-hooks.js",
        ".simple-git-hooks.cjs",
        ".simple-git-hooks.mjs",
        "simple-git-hooks.js",
        "simple-git-hooks.cjs",
        "simple-git-hooks.mjs",
    ] {
        if top.join(file).is_file() {
            c.present(Manager::SimpleGitHooks);
            c.unread.push(format!(
                "{file}: a JavaScript configuration is not read (the installed hooks are)"
            ));
        }
    }
    let package = top.join("package.json");
    if let Ok(v) = read_value(&package) {
        if let Some(cfg) = v.get("simple-git-hooks") {
            c.present(Manager::SimpleGitHooks);
            want_simple(cfg, "package.json", c);
        }
    }
}

fn want_simple(v: &serde_json::Value, file: &str, c: &mut Configs) {
    for h in super::HOOKS {
        if v.get(h).is_some_and(value_runs_specmoor) {
            c.want(Manager::SimpleGitHooks, h, file);
        }
    }
}

/// husky's scripts folder: the parent of husky's `_` folder when that is the hooks
/// directory, else `.husky` at the top of the work tree.
pub fn husky_scripts(top: &Path, hooks_dir: &Path) -> PathBuf {
    if hooks_dir.file_name().is_some_and(|n| n == "_") && hooks_dir.join("h").is_file() {
        if let Some(parent) = hooks_dir.parent() {
            return parent.to_path_buf();
        }
    }
    top.join(".husky")
}

fn read_husky(top: &Path, hooks_dir: &Path, c: &mut Configs) {
    let scripts = husky_scripts(top, hooks_dir);
    if !scripts.is_dir() {
        return;
    }
    c.present(Manager::Husky);
    let shown = display_in(top, &scripts);
    for h in super::HOOKS {
        if std::fs::read(scripts.join(h)).is_ok_and(|b| script_runs_specmoor(&b)) {
            c.want(Manager::Husky, h, &format!("{shown}/{h}"));
        }
    }
}

/// `path` relative to the top of the work tree when inside it.
pub fn display_in(top: &Path, path: &Path) -> String {
    let top = top.canonicalize().unwrap_or_else(|_| top.to_path_buf());
    let full = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    full.strip_prefix(&top)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| path.display().to_string())
}

/// Read every manager configuration at the top of the work tree.
pub fn read_configs(top: &Path, hooks_dir: &Path) -> Configs {
    let mut c = Configs::default();
    read_framework(top, &mut c);
    read_husky(top, hooks_dir, &mut c);
    read_lefthook(top, &mut c);
    read_simple_git_hooks(top, &mut c);
    c
}

/// For a hook `name` that `manager` generated: whether it runs specmoor, and what
/// says so (for the report).
pub fn manager_hook(
    manager: Manager,
    name: &str,
    top: &Path,
    hooks_dir: &Path,
    bytes: &[u8],
    configs: &Configs,
) -> (bool, String) {
    match manager {
        Manager::Husky => {
            let scripts = husky_scripts(top, hooks_dir);
            let shown = format!("{}/{name}", display_in(top, &scripts));
            match std::fs::read(scripts.join(name)) {
                Ok(b) if script_runs_specmoor(&b) => (true, format!("{shown} runs specmoor")),
                Ok(_) => (false, format!("{shown} does not run specmoor")),
                Err(_) => (false, format!("no {shown}: the hook does nothing")),
            }
        }
        Manager::SimpleGitHooks => {
            if script_runs_specmoor(bytes) {
                (true, "runs specmoor".to_string())
            } else {
                (false, "does not run specmoor".to_string())
            }
        }
        Manager::Lefthook | Manager::Framework => match configs.wants(manager, name) {
            Some(w) => (true, format!("{} runs specmoor", w.config)),
            None if configs.present.contains(&manager) => (
                false,
                "its configuration does not run specmoor here".to_string(),
            ),
            None => (false, "no configuration of it found".to_string()),
        },
    }
}

/// What stands where a configuration wants its manager's hook.
pub enum Instead<'a> {
    /// No hook at all.
    Absent,
    /// The manager's hook, which does not run specmoor (installed from an older
    /// configuration).
    Stale,
    /// Something else, described.
    Other(&'a str),
}

/// A configuration asks `want.manager` for specmoor at a hook that does not run it:
/// what is there instead, and how to fix it.
pub fn unmet(want: &Want, instead: Instead) -> String {
    let m = want.manager;
    let what = match instead {
        Instead::Absent => format!("{} {} hook is not installed", m.possessive(), want.hook),
        Instead::Stale => format!("{} installed {} hook does not", m.possessive(), want.hook),
        Instead::Other(kind) => format!("the {} hook is {kind}, not {}", want.hook, m.possessive()),
    };
    format!(
        "{} runs specmoor at {}, but {what}: {}",
        want.config,
        want.hook,
        m.fix(want.hook)
    )
}
