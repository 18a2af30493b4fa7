//! Test helpers: throwaway git repositories driven by the real `git` CLI, and the
//! real `specmoor` binary run against them. No mocks.
//!
//! Every git and specmoor subprocess gets a scrubbed environment: no system or
//! user config, a private HOME, fixed identities and dates, and none of the
//! `GIT_DIR`/`GIT_INDEX_FILE`/`GIT_WORK_TREE` a surrounding git hook may have set.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// Variables git sets for hooks and aliases; inherited ones would point our
/// subprocesses at the wrong repository or index.
const GIT_LOCATION_VARS: &[&str] = &[
    "GIT_DIR",
    "GIT_INDEX_FILE",
    "GIT_WORK_TREE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
    "GIT_PREFIX",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
];

/// Absolute path of the specmoor binary under test.
pub fn specmoor_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_specmoor"))
}

/// Apply the hygienic environment to a git or specmoor command.
pub fn scrub(cmd: &mut Command, home: &Path) {
    for v in GIT_LOCATION_VARS {
        cmd.env_remove(v);
    }
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Test Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.com")
        .env("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C");
}

/// `git -c init.defaultBranch=main ARGS` in `dir`, with a scrubbed environment.
pub fn git_cmd(dir: &Path, home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("git");
    scrub(&mut cmd, home);
    cmd.current_dir(dir)
        .args(["-c", "init.defaultBranch=main", "-c", "core.autocrlf=false"])
        .args(args);
    cmd
}

/// Run a command, panicking with its output unless it succeeded; returns stdout.
pub fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("spawn");
    assert!(
        out.status.success(),
        "{cmd:?} failed ({:?})\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A temporary git repository (at `<tmp>/repo`, with a private HOME beside it).
pub struct Repo {
    tmp: TempDir,
    root: PathBuf,
}

impl Default for Repo {
    fn default() -> Self {
        Self::new()
    }
}

impl Repo {
    /// An empty repository on an unborn `main`.
    pub fn new() -> Repo {
        let repo = Repo::bare_dir("repo");
        repo.git(&["init", "-q"]);
        repo
    }

    /// A temp dir with a home but no repository in `<tmp>/NAME` (created).
    pub fn bare_dir(name: &str) -> Repo {
        let tmp = tempfile::Builder::new()
            .prefix("specmoor-test-")
            .tempdir()
            .expect("tempdir");
        // canonical, so paths compare equal to what git and specmoor print
        let base = tmp.path().canonicalize().expect("canonicalize");
        std::fs::create_dir_all(base.join("home")).expect("home");
        let root = base.join(name);
        std::fs::create_dir_all(&root).expect("root");
        Repo { tmp, root }
    }

    /// The work tree.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The private HOME of this test.
    pub fn home(&self) -> PathBuf {
        self.tmp
            .path()
            .canonicalize()
            .expect("canonicalize")
            .join("home")
    }

    /// Another directory in the same temp dir (for clones and outside cwd).
    pub fn sibling(&self, name: &str) -> PathBuf {
        self.root.parent().expect("parent").join(name)
    }

    /// Write a file (creating parent directories), relative to the work tree.
    pub fn write(&self, path: &str, content: &str) -> &Self {
        self.write_bytes(path, content.as_bytes())
    }

    pub fn write_bytes(&self, path: &str, content: &[u8]) -> &Self {
        let p = self.root.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, content).expect("write");
        self
    }

    /// Write `.specmoor.yml`: `yaml` plus the rules this suite does not test
    /// turned off (see [`quiet`]).
    pub fn config(&self, yaml: &str) -> &Self {
        self.write(".specmoor.yml", &quiet(yaml))
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root.join(path)).expect("read")
    }

    /// Run git in the work tree; asserts success and returns stdout.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_in(&self.root, args)
    }

    /// Run git in another directory (with this test's environment).
    pub fn git_in(&self, dir: &Path, args: &[&str]) -> String {
        run_ok(&mut git_cmd(dir, &self.home(), args))
    }

    /// Run git, returning its raw output whatever the exit status.
    pub fn git_output(&self, args: &[&str]) -> Output {
        git_cmd(&self.root, &self.home(), args)
            .output()
            .expect("spawn git")
    }

    /// `git add -A && git commit -m MSG`; returns the new commit's sha.
    pub fn commit(&self, msg: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "--no-verify", "-m", msg]);
        self.rev("HEAD")
    }

    /// `git add -A` (stage everything).
    pub fn stage(&self) -> &Self {
        self.git(&["add", "-A"]);
        self
    }

    pub fn rev(&self, rev: &str) -> String {
        self.git(&["rev-parse", rev]).trim().to_string()
    }

    /// A specmoor command ready to run in `dir` with a scrubbed environment.
    pub fn specmoor_cmd_in(&self, dir: &Path) -> Command {
        let mut cmd = Command::new(specmoor_bin());
        scrub(&mut cmd, &self.home());
        cmd.current_dir(dir);
        cmd
    }

    /// Run specmoor in the work tree.
    pub fn specmoor(&self, args: &[&str]) -> Output {
        self.specmoor_in(&self.root, args)
    }

    /// Run specmoor in `dir`.
    pub fn specmoor_in(&self, dir: &Path, args: &[&str]) -> Output {
        self.specmoor_cmd_in(dir)
            .args(args)
            .output()
            .expect("spawn specmoor")
    }

    /// Run specmoor with `--format json` appended; the report must parse.
    pub fn json(&self, args: &[&str]) -> Json {
        self.json_in(&self.root, args)
    }

    pub fn json_in(&self, dir: &Path, args: &[&str]) -> Json {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        Json::from_output(self.specmoor_in(dir, &all))
    }
}

/// A specmoor run whose stdout is JSON: exit code and parsed value (indexable).
#[derive(Debug)]
pub struct Json {
    pub code: i32,
    pub v: Value,
    pub stderr: String,
}

impl Json {
    pub fn from_output(out: Output) -> Json {
        let code = code(&out);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let v = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!("stdout is not JSON ({e}); exit {code}\nstdout:\n{stdout}\nstderr:\n{stderr}")
        });
        Json { code, v, stderr }
    }

    /// The findings array of a report.
    pub fn findings(&self) -> &Vec<Value> {
        self.v["findings"].as_array().expect("findings array")
    }

    /// `(code, path)` of every finding, in report order.
    pub fn codes(&self) -> Vec<(String, String)> {
        self.findings()
            .iter()
            .map(|f| {
                (
                    f["code"].as_str().unwrap_or("").to_string(),
                    f["path"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }
}

impl std::ops::Deref for Json {
    type Target = Value;
    fn deref(&self) -> &Value {
        &self.v
    }
}

/// Exit code, failing loudly on a signal.
pub fn code(out: &Output) -> i32 {
    out.status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {out:?}"))
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Assert an exit code, showing both streams on failure.
#[track_caller]
pub fn assert_code(out: &Output, want: i32) {
    assert_eq!(
        code(out),
        want,
        "unexpected exit code\nstdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
}

/// Rules this suite does not exercise. They are turned off in the fixtures
/// configs so that drift, unowned and dangling-owner are checked in isolation
/// (a spec edit here need not bump a version or add a changelog entry).
pub const OTHER_RULES: &[&str] = &[
    "SM002", "SM003", "SM004", "SM005", "SM006", "SM008", "SM009", "SM010",
];

/// `yaml` with [`OTHER_RULES`] turned off, appended at the end so that the line
/// numbers of what `yaml` says stay as written. A `rules:` key in `yaml` must be
/// the last key and in block form.
pub fn quiet(yaml: &str) -> String {
    let mut out = yaml.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    let lines: Vec<&str> = yaml.lines().collect();
    match lines.iter().position(|l| l.starts_with("rules:")) {
        Some(i) => {
            assert_eq!(
                lines[i].trim_end(),
                "rules:",
                "use block form for `rules:` in {yaml:?}"
            );
            assert!(
                lines[i + 1..]
                    .iter()
                    .all(|l| l.starts_with(' ') || l.trim().is_empty()),
                "`rules:` must be the last key in {yaml:?}"
            );
        }
        None => out.push_str("rules:\n"),
    }
    for code in OTHER_RULES {
        out.push_str(&format!("  {code}: off\n"));
    }
    out
}

/// The auth spec used throughout: section owners in map form.
///
/// Line numbers (1-based, front matter included):
/// 7 `# Auth`, 9 `## FR-1: Login`, 12 `### FR-1.1: Remember me`, 15 `## FR-2: Logout`.
pub const AUTH_SPEC: &str = "---
version: 1.0.0
owns:
  \"*\": [\"src/auth/**\"]
  FR-1: [\"src/auth/login.rs\"]
---
# Auth

## FR-1: Login
Users log in with a password.

### FR-1.1: Remember me
Sessions persist for a week.

## FR-2: Logout
Users log out.
";

pub const FR1_LINE: u64 = 9;
pub const AUTH_TITLE_LINE: u64 = 7;

/// A repository with one commit: the auth spec, the code it owns, an unowned
/// file, and a `.specmoor.yml` that only turns [`OTHER_RULES`] off.
pub fn auth_repo() -> Repo {
    auth_repo_with(&[])
}

/// [`auth_repo`] with extra files (a config, more specs) in its first commit.
pub fn auth_repo_with(extra: &[(&str, &str)]) -> Repo {
    let r = Repo::new();
    r.config("");
    for (path, content) in extra {
        if *path == ".specmoor.yml" {
            r.config(content);
        } else {
            r.write(path, content);
        }
    }
    r.write("specs/auth.md", AUTH_SPEC)
        .write("src/auth/login.rs", "fn login() {}\n")
        .write("src/auth/logout.rs", "fn logout() {}\n")
        .write("src/main.rs", "fn main() {}\n");
    r.commit("initial");
    r
}

/// Edit the auth spec by replacing `from` with `to` (must be present).
pub fn edit_spec(r: &Repo, from: &str, to: &str) {
    let text = r.read("specs/auth.md");
    assert!(text.contains(from), "spec does not contain {from:?}");
    r.write("specs/auth.md", &text.replacen(from, to, 1));
}
