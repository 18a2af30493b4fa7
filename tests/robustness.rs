//! Robustness (ROBUSTNESS.md sections A–E and its invariants; PRODUCT.md P-10): real
//! repositories built with the git CLI, the real binary, hostile input. Every process
//! runs with a deadline (a hang is a failure, the process is killed), and every run
//! asserts the invariants: never a panic (exit 101, "internal error, please report"),
//! never killed by a signal. TESTING.md maps each row of ROBUSTNESS.md to its tests.

mod common;
use common::*;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest any single process may run before it counts as hung.
const DEADLINE: Duration = Duration::from_secs(20);
/// "Quickly": budgets and caps must answer well within this much CPU time (debug build).
const QUICK: Duration = Duration::from_secs(5);
/// Address-space cap (KiB) for runs that must prove bounded memory.
const MEM_CAP_KIB: u64 = 512 * 1024;

// ---------------------------------------------------------------------------
// Harness: bounded processes
// ---------------------------------------------------------------------------

/// A finished process: exit code (never a signal, never 101), output, wall time.
struct Run {
    what: String,
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
    took: Duration,
    /// user + system CPU time of the process
    cpu: Duration,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    fn both(&self) -> String {
        format!(
            "{} → exit {} in {:?} ({:?} CPU)\nstdout:\n{}\nstderr:\n{}",
            self.what,
            self.code,
            self.took,
            self.cpu,
            clip(&self.out()),
            clip(&self.stderr)
        )
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e})\n{}", self.both()))
    }

    /// `(code, path)` of every finding of a `specmoor.report/1` on stdout.
    fn codes(&self) -> Vec<(String, String)> {
        findings(&self.json())
    }

    #[track_caller]
    fn expect(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code\n{}", self.both());
        self
    }

    #[track_caller]
    fn expect_quick(&self) -> &Self {
        assert!(self.cpu < QUICK, "too slow\n{}", self.both());
        self
    }
}

fn clip(s: &str) -> String {
    if s.len() <= 4000 {
        return s.to_string();
    }
    let mut end = 4000;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &s[..end], s.len())
}

fn findings(v: &Value) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings array: {v:#}"))
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or("").to_string(),
                f["path"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(c, p)| (c.to_string(), p.to_string()))
        .collect()
}

/// Run `cmd` with `stdin` (or /dev/null), killing it and failing after `deadline`.
/// With `keep` set, only that many bytes of stdout are read and then the pipe is
/// closed (like `| head -c N`).
#[allow(clippy::zombie_processes)] // the child is reaped by wait4 (for its CPU time), not Child::wait
fn run_with(mut cmd: Command, stdin: Option<Vec<u8>>, keep: Option<usize>) -> Run {
    let what = format!(
        "{} {}",
        cmd.get_program().to_string_lossy(),
        cmd.get_args()
            .map(|a| format!("{:?}", clip(&a.to_string_lossy())))
            .collect::<Vec<_>>()
            .join(" ")
    );
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("spawn {what}: {e}"));
    let feeder = match (stdin, child.stdin.take()) {
        (Some(bytes), Some(mut w)) => Some(std::thread::spawn(move || {
            // the child may stop reading early: EPIPE is fine
            let _ = w.write_all(&bytes);
        })),
        _ => None,
    };
    let mut so = child.stdout.take().expect("stdout");
    let mut se = child.stderr.take().expect("stderr");
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        match keep {
            Some(n) => {
                let _ = so.by_ref().take(n as u64).read_to_end(&mut v);
                drop(so); // close the read end: the child now writes to a broken pipe
            }
            None => {
                let _ = so.read_to_end(&mut v);
            }
        }
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = se.read_to_end(&mut v);
        v
    });
    // reaped with wait4 for the child's own CPU time: "quickly" is judged on it, which a
    // busy machine does not inflate the way it does wall time
    let pid = child.id() as libc::pid_t;
    let (status, cpu) = loop {
        let mut raw = 0;
        // SAFETY: a zeroed rusage is a valid value for wait4 to fill in
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our own unreaped child; the pointers are valid for the call
        let r = unsafe { libc::wait4(pid, &mut raw, libc::WNOHANG, &mut ru) };
        assert!(r >= 0, "wait4 {what}: {}", std::io::Error::last_os_error());
        if r == pid {
            let tv = |t: libc::timeval| {
                Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
            };
            break (
                std::process::ExitStatus::from_raw(raw),
                tv(ru.ru_utime) + tv(ru.ru_stime),
            );
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("hung: {what} was killed after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = start.elapsed();
    let stdout = t_out.join().expect("stdout reader");
    let stderr = String::from_utf8_lossy(&t_err.join().expect("stderr reader")).into_owned();
    if let Some(f) = feeder {
        f.join().expect("stdin feeder");
    }
    let code = status.code().unwrap_or_else(|| {
        panic!(
            "{what} was killed by signal {:?}\nstderr:\n{}",
            status.signal(),
            clip(&stderr)
        )
    });
    let run = Run {
        what,
        code,
        stdout,
        stderr,
        took,
        cpu,
    };
    assert_ne!(run.code, 101, "a panic is always a bug\n{}", run.both());
    assert!(
        !run.stderr.contains("internal error"),
        "a panic is always a bug\n{}",
        run.both()
    );
    run
}

/// specmoor in `dir`, with the cache under this test's HOME (never the user's, never
/// the repository).
fn sg_cmd<S: AsRef<OsStr>>(r: &Repo, dir: &Path, args: &[S]) -> Command {
    let mut cmd = r.specmoor_cmd_in(dir);
    cmd.args(args)
        .env_remove("SPECMOOR_CACHE_DIR")
        .env_remove("SPECMOOR_NO_CACHE")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_ACTIONS")
        .env("XDG_CACHE_HOME", r.home().join(".cache"));
    cmd
}

fn sg<S: AsRef<OsStr>>(r: &Repo, args: &[S]) -> Run {
    run_with(sg_cmd(r, r.path(), args), None, None)
}

/// `check ARGS --format json`.
fn check_json(r: &Repo, args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    sg(r, &all)
}

/// specmoor under `ulimit -v` (bounded memory), with the same environment.
fn sg_capped(r: &Repo, args: &[&str]) -> Run {
    let mut cmd = Command::new("sh");
    scrub(&mut cmd, &r.home());
    cmd.current_dir(r.path())
        .env_remove("SPECMOOR_CACHE_DIR")
        .env("XDG_CACHE_HOME", r.home().join(".cache"))
        .arg("-c")
        .arg(format!("ulimit -v {MEM_CAP_KIB} && exec \"$0\" \"$@\""))
        .arg(specmoor_bin())
        .args(args);
    run_with(cmd, None, None)
}

fn raw_path(bytes: &[u8]) -> PathBuf {
    PathBuf::from(OsString::from_vec(bytes.to_vec()))
}

/// Write a file whose name may not be UTF-8 (relative to the work tree).
fn write_raw(r: &Repo, rel: &[u8], content: &[u8]) {
    let p = r.path().join(raw_path(rel));
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(&p, content).expect("write");
}

fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
    std::os::unix::fs::symlink(target, link)
        .unwrap_or_else(|e| panic!("symlink {}: {e}", link.display()));
}

/// Stage `paths` straight into the index, all with one small blob, without
/// creating work-tree files (creating thousands of files is the slow part).
fn stage_paths(r: &Repo, paths: impl Iterator<Item = String>) {
    let blob = run_with(
        git_cmd(r.path(), &r.home(), &["hash-object", "-w", "--stdin"]),
        Some(b"fn generated() {}\n".to_vec()),
        None,
    );
    blob.expect(0);
    let blob = blob.out().trim().to_string();
    let list: String = paths.map(|p| format!("100644 {blob}\t{p}\n")).collect();
    run_with(
        git_cmd(r.path(), &r.home(), &["update-index", "--index-info"]),
        Some(list.into_bytes()),
        None,
    )
    .expect(0);
}

/// A repository with one spec owning `src/**` (versioned, with a changelog), a
/// config `yaml` written as is, and `src/a.rs`, committed.
fn owned_repo(yaml: &str) -> Repo {
    let r = Repo::new();
    r.write(".specmoor.yml", yaml)
        .write(
            "specs/a.md",
            "---\nversion: 1.0.0\nowns: [\"src/**\"]\n---\n# A\n\n## FR-1: Thing\nIt works.\n\n## Changelog\n\n- 1.0.0: first\n",
        )
        .write("src/a.rs", "fn a() {}\n");
    r.commit("initial");
    r
}

// ---------------------------------------------------------------------------
// A check changes nothing (Invariants; P-10 "specmoor only reads")
// ---------------------------------------------------------------------------

/// A file-system node, as far as "byte-identical" goes.
#[derive(Debug, PartialEq, Eq)]
enum Node {
    Dir(u32),
    File(u32, Vec<u8>),
    Link(PathBuf),
    Other(u32),
}

/// Every node under `roots` (not following symlinks): path → node.
fn snapshot(roots: &[&Path]) -> BTreeMap<PathBuf, Node> {
    let mut m = BTreeMap::new();
    let mut todo: Vec<PathBuf> = roots.iter().map(|p| p.to_path_buf()).collect();
    while let Some(p) = todo.pop() {
        let meta = std::fs::symlink_metadata(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let mode = meta.permissions().mode();
        let ft = meta.file_type();
        let node = if ft.is_symlink() {
            Node::Link(std::fs::read_link(&p).expect("readlink"))
        } else if ft.is_dir() {
            for e in std::fs::read_dir(&p).expect("read_dir") {
                todo.push(e.expect("dir entry").path());
            }
            Node::Dir(mode)
        } else if ft.is_file() {
            Node::File(mode, std::fs::read(&p).expect("read"))
        } else {
            Node::Other(mode)
        };
        m.insert(p, node);
    }
    m
}

#[track_caller]
fn assert_unchanged(before: &BTreeMap<PathBuf, Node>, after: &BTreeMap<PathBuf, Node>) {
    let mut diffs = Vec::new();
    for (p, n) in before {
        match after.get(p) {
            None => diffs.push(format!("removed {}", p.display())),
            Some(a) if a != n => diffs.push(format!(
                "changed {}: {}",
                p.display(),
                match (n, a) {
                    (Node::File(m1, b1), Node::File(m2, b2)) =>
                        format!("mode {m1:o} → {m2:o}, {} → {} bytes", b1.len(), b2.len()),
                    _ => format!("{n:?} → {a:?}"),
                }
            )),
            _ => {}
        }
    }
    for p in after.keys().filter(|p| !before.contains_key(*p)) {
        diffs.push(format!("added {}", p.display()));
    }
    assert!(
        diffs.is_empty(),
        "a read-only command wrote:\n{}",
        diffs.join("\n")
    );
}

const API_SPEC: &str = "---
version: 1.0.0
owns: [\"src/api/**\"]
---
# API

## FR-1: Endpoints
GET /things.

## Changelog

- 1.0.0: first
";

/// Everything specmoor can be pointed at: specs with owners, code, a generated file
/// with a marker, a tracked symlink and an odd name, a version tag, a remote with
/// remote-tracking refs, our hooks chained to a foreign one, a drift commit not yet
/// pushed, staged, unstaged and untracked changes. Returns the repository, the bare
/// remote, and the pre-push stdin for `main` and a new tag.
fn busy_repo() -> (Repo, PathBuf, String) {
    let r = Repo::new();
    r.write(
        ".specmoor.yml",
        "generated:\n  - paths: [\"src/api/gen/**\"]\n    spec: specs/api.md\n    inputs: [\"templates/**\"]\nrules:\n  unowned: warn\n",
    )
    .write(
        "specs/auth.md",
        &format!(
            "{AUTH_SPEC}\n## Changelog\n\n| Version | Date | Changes |\n|---|---|---|\n| 1.0.0 | 2024-01-01 | First |\n"
        ),
    )
    .write("specs/api.md", API_SPEC)
    .write("src/auth/login.rs", "fn login() {}\n")
    .write("src/auth/logout.rs", "fn logout() {}\n")
    .write("src/auth/odd name #1.rs", "fn odd() {}\n")
    .write("src/main.rs", "fn main() {}\n")
    .write("src/api/gen/client.rs", "// generated\nfn client() {}\n")
    .write("templates/client.tmpl", "fn {{name}}() {}\n");
    symlink("main.rs", &r.path().join("src/link.rs"));
    sg(&r, &["stamp", "src/api/gen/client.rs"]).expect(0);
    assert!(r
        .read("src/api/gen/client.rs")
        .contains("specmoor:generated-from"));
    r.commit("initial");
    r.git(&["tag", "-a", "v1.0.0", "-m", "v1.0.0"]);

    // a remote with remote-tracking refs
    let remote = r.sibling("remote.git");
    r.git(&["init", "-q", "--bare", remote.to_str().unwrap()]);
    r.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    r.git(&["push", "-q", "origin", "main", "v1.0.0"]);
    r.git(&["fetch", "-q", "origin"]);

    // a foreign pre-commit hook, kept and chained by install
    let hooks = r.path().join(".git/hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::write(
        hooks.join("pre-commit"),
        "#!/bin/sh\necho foreign\nexit 0\n",
    )
    .unwrap();
    std::fs::set_permissions(
        hooks.join("pre-commit"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    sg(&r, &["install"]).expect(0);
    assert!(hooks.join("pre-commit.specmoor-backup").exists());

    // a release: the API spec changes with a minor bump and an entry
    r.write(
        "specs/api.md",
        &API_SPEC
            .replace("version: 1.0.0", "version: 1.1.0")
            .replace("GET /things.", "GET /things and POST /things.")
            .replace("- 1.0.0: first", "- 1.1.0: POST\n- 1.0.0: first"),
    )
    .write("src/api/handlers.rs", "fn post() {}\n");
    r.git(&["add", "-A"]);
    r.git(&["commit", "-q", "--no-verify", "-m", "POST things"]);
    r.git(&["tag", "-a", "v1.1.0", "-m", "v1.1.0"]);
    // drift, not pushed yet
    r.write("src/auth/logout.rs", "fn logout() { /* drift */ }\n");
    r.git(&["add", "-A"]);
    r.git(&["commit", "-q", "--no-verify", "-m", "logout drift"]);

    // staged, unstaged and untracked changes
    r.write("src/auth/login.rs", "fn login() { /* staged */ }\n");
    r.git(&["add", "src/auth/login.rs"]);
    r.write("src/main.rs", "fn main() { /* unstaged */ }\n");
    r.write("notes.txt", "untracked\n");

    let stdin = format!(
        "refs/heads/main {} refs/heads/main {}\nrefs/tags/v1.1.0 {} refs/tags/v1.1.0 {}\n",
        r.rev("HEAD"),
        r.rev("origin/main"),
        r.rev("v1.1.0"),
        "0".repeat(40)
    );
    (r, remote, stdin)
}

/// Run every command that only reads, in every format, and assert that not a byte
/// of the work tree, the git directory or the remote changed, that reports written
/// with `--json-file`/`--sarif-file` land where they were asked to (outside), and
/// that no temporary file is left behind.
fn every_read_only_command_leaves_everything_as_it_was(no_cache: bool) {
    let (r, remote, push_stdin) = busy_repo();
    let out = r.sibling("out");
    let tmp = out.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(out.join("msg.txt"), "Change login\n\nNo waiver here.\n").unwrap();
    std::fs::write(
        out.join("waived.txt"),
        "Change login\n\nSpecmoor-Waive: SM001 refactor only\n",
    )
    .unwrap();
    let summary = out.join("summary.md");
    let p = |name: &str| out.join(name).to_str().unwrap().to_string();

    let before = snapshot(&[r.path(), &remote]);

    let run = |args: &[&str], stdin: Option<&str>, dir: &Path| -> Run {
        let mut cmd = sg_cmd(&r, dir, args);
        cmd.env("TMPDIR", &tmp).env("GITHUB_STEP_SUMMARY", &summary);
        if no_cache {
            cmd.env("SPECMOOR_NO_CACHE", "1");
        }
        run_with(cmd, stdin.map(|s| s.as_bytes().to_vec()), None)
    };
    let root = r.path();
    let sub = r.path().join("src/auth");
    let (sarif, json) = (p("report.sarif"), p("report.json"));
    let (msg, waived) = (p("msg.txt"), p("waived.txt"));
    let cases: Vec<(Vec<&str>, Option<&str>, &Path, i32)> = vec![
        // staged, every format, and the report files outside the repository
        (vec!["check"], None, root, 1),
        (vec!["check", "--staged", "--format", "json"], None, root, 1),
        (vec!["check", "--format", "sarif"], None, root, 1),
        (vec!["check", "--format", "github"], None, root, 1),
        (vec!["check", "--format", "markdown"], None, root, 1),
        (
            vec!["check", "--json-file", &json, "--sarif-file", &sarif],
            None,
            root,
            1,
        ),
        (vec!["check", "--format", "json"], None, &sub, 1),
        // ranges
        (vec!["check", "--base", "origin/main"], None, root, 1),
        (
            vec![
                "check", "--base", "v1.0.0", "--head", "HEAD", "--format", "json",
            ],
            None,
            root,
            1,
        ),
        (
            vec!["check", "--base", "v1.0.0", "--format", "sarif"],
            None,
            root,
            1,
        ),
        (
            vec!["check", "--base", "v1.0.0", "--format", "github"],
            None,
            root,
            1,
        ),
        (
            vec!["check", "--base", "v1.0.0", "--format", "markdown"],
            None,
            root,
            1,
        ),
        (
            vec![
                "check",
                "--base",
                "v1.0.0",
                "--format",
                "markdown",
                "--json-file",
                &json,
                "--sarif-file",
                &sarif,
            ],
            None,
            root,
            1,
        ),
        // the other readers
        (
            vec!["owners", "src/auth/login.rs", "src/api/gen/client.rs"],
            None,
            root,
            0,
        ),
        (
            vec!["owners", "--format", "json", "login.rs", "../main.rs"],
            None,
            &sub,
            0,
        ),
        (vec!["coverage"], None, root, 0),
        (vec!["coverage", "--format", "json"], None, root, 0),
        (vec!["coverage", "--format", "markdown"], None, root, 0),
        (
            vec!["release", "--from", "v1.0.0", "--to", "v1.1.0"],
            None,
            root,
            0,
        ),
        (
            vec![
                "release", "--from", "v1.0.0", "--to", "v1.1.0", "--format", "json",
            ],
            None,
            root,
            0,
        ),
        (
            vec!["release", "--from", "v1.0.0", "--format", "markdown"],
            None,
            root,
            0,
        ),
        (vec!["explain"], None, root, 0),
        (vec!["explain", "SM004"], None, root, 0),
        (vec!["doctor"], None, root, 0),
        (vec!["schema"], None, root, 0),
        (vec!["completions", "bash"], None, root, 0),
        (vec!["man"], None, root, 0),
        // the hooks, as git runs them
        (vec!["hook", "pre-commit"], None, root, 0),
        (vec!["hook", "commit-msg", &msg], None, root, 1),
        (vec!["hook", "commit-msg", &waived], None, root, 0),
        (
            vec!["hook", "pre-push", "origin", remote.to_str().unwrap()],
            Some(push_stdin.as_str()),
            root,
            1,
        ),
    ];
    for (args, stdin, dir, want) in &cases {
        run(args, *stdin, dir).expect(*want);
    }

    assert_unchanged(&before, &snapshot(&[r.path(), &remote]));
    // the requested reports were written where asked, complete
    let j: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(j["schema"], "specmoor.report/1");
    let s: Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    assert_eq!(s["version"], "2.1.0");
    assert!(std::fs::metadata(&summary).unwrap().len() > 0);
    // no temporary files anywhere
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "temporary files left in TMPDIR: {left:?}");
    let cache = r.home().join(".cache/specmoor");
    if no_cache {
        assert!(
            !cache.exists(),
            "SPECMOOR_NO_CACHE=1 still wrote {}",
            cache.display()
        );
    } else {
        let names: Vec<String> = std::fs::read_dir(&cache)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            names.iter().any(|n| n.starts_with("specs-")),
            "the spec cache was not written under $XDG_CACHE_HOME: {names:?}"
        );
        assert!(
            names.iter().all(|n| !n.ends_with(".tmp")),
            "temporary cache files left: {names:?}"
        );
    }
}

#[test]
fn read_only_commands_change_no_byte_of_the_repository_with_the_cache() {
    every_read_only_command_leaves_everything_as_it_was(false);
}

#[test]
fn read_only_commands_change_no_byte_of_the_repository_without_the_cache() {
    every_read_only_command_leaves_everything_as_it_was(true);
}

// ---------------------------------------------------------------------------
// D3, D4, D5: YAML bombs, nesting, duplicate keys (config and front matter)
// ---------------------------------------------------------------------------

/// `a: &a [x × 9]`, then eight levels each of nine aliases of the previous: 9^9
/// strings once expanded. `key(i)` names level i; `open`/`close` wrap every value.
fn alias_bomb(key: impl Fn(usize) -> String) -> String {
    let mut s = format!("{}: &a0 [x, x, x, x, x, x, x, x, x]\n", key(0));
    for i in 1..9 {
        let prev = format!("*a{}", i - 1);
        s.push_str(&format!(
            "{}: &a{i} [{}]\n",
            key(i),
            vec![prev; 9].join(", ")
        ));
    }
    s
}

#[test]
fn config_alias_bomb_is_refused_quickly_in_bounded_memory() {
    let r = owned_repo("");
    r.write("src/a.rs", "fn a() { 1 }\n").stage();
    let bombs = [
        // unknown keys
        alias_bomb(|i| format!("l{i}")),
        // the last level under a known key, the rest under unknown ones
        alias_bomb(|i| {
            if i == 8 {
                "ignore".into()
            } else {
                format!("l{i}")
            }
        }),
        // inside a known list of maps
        format!(
            "owners:\n  - spec: specs/a.md\n    paths: [{}]\n",
            alias_bomb(|i| format!("l{i}"))
                .lines()
                .map(|l| l.split_once(": ").unwrap().1.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ];
    for bomb in &bombs {
        r.write(".specmoor.yml", bomb);
        let run = sg_capped(&r, &["check", "--config", ".specmoor.yml"]);
        run.expect(2).expect_quick();
        assert!(run.stderr.contains(".specmoor.yml:"), "{}", run.both());
        let run = check_json(&r, &["--config", ".specmoor.yml"]);
        run.expect(2).expect_quick();
    }
}

#[test]
fn front_matter_alias_bomb_is_refused_quickly_naming_the_spec() {
    let r = owned_repo("");
    // other front matter keys are ignored by the contract, so a parser that
    // expanded aliases would have to walk all 9^9 of them
    r.write(
        "specs/bomb.md",
        &format!(
            "---\nversion: 1.0.0\n{}---\n# Bomb\n",
            alias_bomb(|i| format!("l{i}"))
        ),
    )
    .stage();
    let run = sg_capped(&r, &["check"]);
    run.expect(2).expect_quick();
    assert!(run.stderr.contains("specs/bomb.md:"), "{}", run.both());
    check_json(&r, &[]).expect(2).expect_quick();
    // owners and coverage read the same front matter
    sg(&r, &["owners", "src/a.rs"]).expect(2).expect_quick();
    r.git(&["commit", "-q", "--no-verify", "-m", "bomb"]);
    sg(&r, &["coverage"]).expect(2).expect_quick();
    sg(&r, &["check", "--base", "HEAD~1"])
        .expect(2)
        .expect_quick();
}

/// 10,000 levels of nesting in the shapes YAML allows on one line.
fn deep_values() -> Vec<String> {
    let n = 10_000;
    vec![
        format!("{}{}", "[".repeat(n), "]".repeat(n)),
        format!("{}1{}", "{a: ".repeat(n), "}".repeat(n)),
        format!("{}x", "- ".repeat(n)),
    ]
}

#[test]
fn deep_nesting_in_config_is_exit_2_without_overflowing_the_stack() {
    let r = owned_repo("");
    for v in deep_values() {
        for cfg in [
            format!("x: {v}\n"),
            format!("ignore: {v}\n"),
            format!("rules:\n  SM001: {v}\n"),
            format!("{v}\n"),
        ] {
            r.write(".specmoor.yml", &cfg);
            let run = sg(&r, &["check", "--config", ".specmoor.yml"]);
            run.expect(2).expect_quick();
            assert!(run.stderr.contains(".specmoor.yml"), "{}", run.both());
        }
    }
}

#[test]
fn deep_nesting_in_front_matter_is_exit_2_naming_the_spec() {
    let r = owned_repo("");
    for v in deep_values() {
        for fm in [format!("x: {v}\n"), format!("owns: {v}\n")] {
            r.write(
                "specs/deep.md",
                &format!("---\nversion: 1.0.0\n{fm}---\n# Deep\n"),
            )
            .stage();
            let run = sg(&r, &["check"]);
            run.expect(2).expect_quick();
            assert!(run.stderr.contains("specs/deep.md:3:"), "{}", run.both());
            sg(&r, &["owners", "src/a.rs"]).expect(2).expect_quick();
        }
    }
}

#[test]
fn duplicate_keys_in_config_are_exit_2_at_the_second_key() {
    let r = owned_repo("");
    for (cfg, line) in [
        ("specs: [\"specs/**/*.md\"]\nspecs: [\"docs/**/*.md\"]\n", 2),
        ("rules:\n  SM001: warn\n  SM001: off\n", 3),
        ("drift:\n  granularity: spec\n  granularity: section\n", 3),
        (
            "owners:\n  - spec: specs/a.md\n    paths: [\"x\"]\n    paths: [\"y\"]\n",
            4,
        ),
    ] {
        r.write(".specmoor.yml", cfg);
        let run = sg(&r, &["check", "--config", ".specmoor.yml"]);
        run.expect(2);
        assert!(
            run.stderr.contains(&format!(".specmoor.yml:{line}:")),
            "{cfg:?}\n{}",
            run.both()
        );
        assert!(run.stderr.contains("duplicate"), "{}", run.both());
    }
}

#[test]
fn duplicate_keys_in_front_matter_are_exit_2_naming_the_spec_and_line() {
    let r = owned_repo("");
    for (fm, line) in [
        ("version: 1.0.0\nversion: 2.0.0\n", 3),
        (
            "version: 1.0.0\nowns: [\"src/**\"]\nowns: [\"lib/**\"]\n",
            4,
        ),
        (
            "version: 1.0.0\nowns:\n  FR-1: [\"src/a.rs\"]\n  FR-1: [\"src/b.rs\"]\n",
            5,
        ),
    ] {
        r.write(
            "specs/dup.md",
            &format!("---\n{fm}---\n# Dup\n\n## FR-1: X\n"),
        )
        .stage();
        for args in [&["check"][..], &["owners", "src/a.rs"]] {
            let run = sg(&r, args);
            run.expect(2);
            assert!(
                run.stderr.contains(&format!("specs/dup.md:{line}:")),
                "{fm:?}\n{}",
                run.both()
            );
            assert!(run.stderr.contains("duplicate"), "{}", run.both());
        }
    }
}

// ---------------------------------------------------------------------------
// D6: size caps (config 1 MiB, spec 32 MiB)
// ---------------------------------------------------------------------------

#[test]
fn a_100_mb_config_is_refused_quickly_naming_the_limit() {
    let r = owned_repo("");
    // sparse: 100 MB of NUL bytes that take no disk space
    let f = std::fs::File::create(r.path().join(".specmoor.yml")).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap();
    drop(f);
    for args in [
        &["check", "--config", ".specmoor.yml"][..],
        &["check", "--config", ".specmoor.yml", "--format", "json"],
    ] {
        let run = sg_capped(&r, args);
        run.expect(2).expect_quick();
        assert!(
            run.stderr.contains("limit") && run.stderr.contains(".specmoor.yml"),
            "{}",
            run.both()
        );
    }
    // and the same file named with --config, from outside the work tree
    let big = r.sibling("big.yml");
    std::fs::rename(r.path().join(".specmoor.yml"), &big).unwrap();
    let run = sg_capped(&r, &["check", "--config", big.to_str().unwrap()]);
    run.expect(2).expect_quick();
    assert!(run.stderr.contains("limit"), "{}", run.both());

    // comment lines: exactly 1 MiB is a config (defaults), one byte more is not
    let line = format!("#{}\n", "c".repeat(1022));
    r.write(".specmoor.yml", &line.repeat(1024));
    assert_eq!(
        std::fs::metadata(r.path().join(".specmoor.yml"))
            .unwrap()
            .len(),
        1024 * 1024
    );
    check_json(&r, &["--config", ".specmoor.yml"]).expect(0);
    r.write(".specmoor.yml", &format!("{}#", line.repeat(1024)));
    let run = sg(&r, &["check", "--config", ".specmoor.yml"]);
    run.expect(2).expect_quick();
    assert!(run.stderr.contains("limit"), "{}", run.both());
}

#[test]
fn an_endless_config_is_refused_at_the_size_cap() {
    let r = owned_repo("");
    // capped memory, so the unfixed binary fails fast instead of eating the machine
    let run = sg_capped(&r, &["check", "--config", "/dev/zero"]);
    run.expect(2).expect_quick();
    // refused before reading: a device is no regular file (a huge regular file hits the cap)
    assert!(
        run.stderr.contains("not a regular file") || run.stderr.contains("limit"),
        "{}",
        run.both()
    );

    std::fs::remove_file(r.path().join(".specmoor.yml")).unwrap();
    symlink("/dev/zero", &r.path().join(".specmoor.yml"));
    let run = sg_capped(&r, &["check", "--config", ".specmoor.yml"]);
    run.expect(2).expect_quick();
    // refused by the cap, or as a link out of the repository: either way at once
    assert!(!run.stderr.contains("out of memory"), "{}", run.both());
}

/// A spec with a front matter owning `src/**`, an `FR-1` section and then `body`.
fn spec_with_body(body: &str) -> String {
    format!(
        "---\nversion: 1.0.0\nowns: [\"src/**\"]\n---\n# Big\n\n## FR-1: Big\n{body}\n## Changelog\n\n- 1.0.0: first\n"
    )
}

#[test]
fn a_50_mb_spec_is_refused_naming_the_limit_and_a_large_one_is_checked() {
    let r = owned_repo("rules:\n  SM003: off\n");
    // over the 32 MiB cap: exit 2 naming the spec, in bounded time
    let para = "lorem ipsum dolor sit amet, consectetur adipiscing elit\n";
    r.write(
        "specs/huge.md",
        &spec_with_body(&para.repeat(50 * 1024 * 1024 / para.len())),
    )
    .stage();
    let run = sg(&r, &["check"]);
    run.expect(2);
    assert!(
        run.stderr.contains("specs/huge.md") && run.stderr.contains("limit"),
        "{}",
        run.both()
    );
    r.git(&["rm", "-q", "--cached", "specs/huge.md"]);
    std::fs::remove_file(r.path().join("specs/huge.md")).unwrap();

    // 2 MB, and one huge line: checked correctly (a one-line edit is SM002 naming
    // the section; the code it owns is satisfied)
    let body = format!(
        "{}{}\n",
        para.repeat(2 * 1024 * 1024 / para.len()),
        "x".repeat(1 << 20)
    );
    r.write("specs/large.md", &spec_with_body(&body));
    r.commit("large spec");
    let edited = body.replacen("lorem", "LOREM", 1) + "one more line\n";
    r.write("specs/large.md", &spec_with_body(&edited))
        .write("src/a.rs", "fn a() { 2 }\n")
        .stage();
    let run = check_json(&r, &[]);
    run.expect(1);
    assert_eq!(
        run.codes(),
        pairs(&[("SM002", "specs/large.md")]),
        "{}",
        run.both()
    );
    let v = run.json();
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("FR-1"),
        "{v:#}"
    );
}

// ---------------------------------------------------------------------------
// D2, D5: encodings, whitespace and YAML 1.1 surprises in the config
// ---------------------------------------------------------------------------

#[test]
fn empty_comment_only_bom_and_crlf_configs_parse() {
    let r = owned_repo("");
    r.write("src/a.rs", "fn a() { 1 }\n").stage();
    // defaults: drift is an error
    for cfg in [
        "",
        "\n\n",
        "# only\n   # comments\n",
        "\u{feff}",
        "\u{feff}# c\r\n",
    ] {
        r.write(".specmoor.yml", cfg);
        let run = check_json(&r, &["--config", ".specmoor.yml"]);
        run.expect(1);
        assert_eq!(run.codes(), pairs(&[("SM001", "src/a.rs")]), "{cfg:?}");
    }
    // a BOM, CRLF line endings, or both: the keys still apply
    for cfg in [
        "\u{feff}rules:\n  drift: warn\n",
        "rules:\r\n  drift: warn\r\n",
        "\u{feff}# c\r\nrules:\r\n  drift: warn\r\n",
        "rules:\n  drift: warn   \n\n\n",
    ] {
        r.write(".specmoor.yml", cfg);
        let run = check_json(&r, &["--config", ".specmoor.yml"]);
        run.expect(0);
        assert_eq!(
            run.json()["findings"][0]["severity"],
            "warn",
            "{cfg:?}: {}",
            run.both()
        );
    }
}

#[test]
fn tabs_and_invalid_utf8_in_the_config_are_exit_2_with_line_and_column() {
    let r = owned_repo("");
    for (cfg, loc) in [
        (&b"rules:\n\tdrift: warn\n"[..], ".specmoor.yml:2:"),
        (b"specs:\n  - \"a\"\n\t- \"b\"\n", ".specmoor.yml:3:"),
        (b"specs: [\"\xff\"]\n", ".specmoor.yml:1:10"),
        (b"# ok\n# \xc3\x28 bad\n", ".specmoor.yml:2:3"),
        (b"\xef\xbb\xbfrules:\n  drift: \xfe\n", ".specmoor.yml:2:"),
    ] {
        r.write_bytes(".specmoor.yml", cfg);
        let run = sg(&r, &["check", "--config", ".specmoor.yml"]);
        run.expect(2);
        assert!(
            run.stderr.contains(loc),
            "{:?} → want {loc}\n{}",
            String::from_utf8_lossy(cfg),
            run.both()
        );
    }
}

#[test]
fn yaml_1_1_booleans_are_not_severities_or_values() {
    let r = owned_repo("");
    r.write("src/a.rs", "fn a() { 1 }\n").stage();
    // `off` is the documented severity, not YAML 1.1's false
    r.write(".specmoor.yml", "rules:\n  drift: off\n");
    assert_eq!(
        check_json(&r, &["--config", ".specmoor.yml"])
            .expect(0)
            .codes(),
        []
    );
    for (cfg, word) in [
        ("rules:\n  drift: no\n", "no"),
        ("rules:\n  drift: NO\n", "NO"),
        ("rules:\n  drift: false\n", "false"),
        ("rules:\n  drift: n\n", "n"),
        ("unit: yes\n", "yes"),
        ("unit: on\n", "on"),
        ("drift:\n  granularity: y\n", "y"),
    ] {
        r.write(".specmoor.yml", cfg);
        let run = sg(&r, &["check", "--config", ".specmoor.yml"]);
        run.expect(2);
        assert!(
            run.stderr.contains(&format!("`{word}`")) && run.stderr.contains(".specmoor.yml:"),
            "{cfg:?}\n{}",
            run.both()
        );
    }
    // NO the country code, as a glob, is just a string
    r.write(
        ".specmoor.yml",
        "ignore: [NO, no, off, yes]\nrules:\n  unowned: error\n",
    )
    .write("NO", "country\n")
    .write("yes", "y\n")
    .stage();
    let run = check_json(&r, &["--config", ".specmoor.yml"]);
    assert_eq!(
        run.codes(),
        pairs(&[("SM001", "src/a.rs")]),
        "{}",
        run.both()
    );
}

#[test]
fn multiple_yaml_documents_are_exit_2_and_front_matter_ends_at_its_end_marker() {
    let r = owned_repo("");
    r.write(
        ".specmoor.yml",
        "rules:\n  drift: warn\n---\nrules:\n  drift: off\n",
    );
    let run = sg(&r, &["check", "--config", ".specmoor.yml"]);
    run.expect(2);
    assert!(run.stderr.contains(".specmoor.yml:"), "{}", run.both());

    // in front matter the block ends at the next `---` or `...` line (SM-2), so
    // what follows `...` is Markdown body, never a second document of owners
    r.write(".specmoor.yml", "");
    r.write(
        "specs/two.md",
        "---\nversion: 1.0.0\nowns: [\"src/**\"]\n...\n---\nowns: [\"lib/**\"]\n---\n# Two\n",
    )
    .stage();
    let run = check_json(&r, &["--config", ".specmoor.yml"]);
    run.expect(1);
    assert_eq!(run.codes(), pairs(&[("SM003", "specs/two.md")]));
    let o = sg(&r, &["owners", "--format", "json", "src/a.rs", "lib/x.rs"])
        .expect(0)
        .json();
    let specs = |i: usize| -> BTreeSet<String> {
        o[i]["owners"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["spec"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(specs(0).contains("specs/two.md"), "{o:#}");
    assert!(specs(1).is_empty(), "{o:#}");
}

#[test]
fn python_tags_are_never_executed_and_tagged_values_are_plain_data() {
    let r = owned_repo("");
    r.write("src/a.rs", "fn a() { 1 }\n").stage();
    let pwned = r.sibling("pwned");
    let cmd = format!("touch {}", pwned.display());
    let drift = pairs(&[("SM001", "src/a.rs")]);
    // exit 2, or the tag is ignored and the value read as plain YAML: then
    // `specs: [<the command>]` is a glob that matches no spec, so nothing is owned
    for (cfg, as_data) in [
        (
            format!("specs: !!python/object/apply:os.system [\"{cmd}\"]\n"),
            vec![],
        ),
        (
            "specs: !!python/object:os.system [\"specs/**/*.md\"]\n".to_string(),
            drift.clone(),
        ),
        (
            "unit: !!python/name:os.system file\n".to_string(),
            drift.clone(),
        ),
        (
            "specs: !custom [\"specs/**/*.md\"]\n".to_string(),
            drift.clone(),
        ),
    ] {
        r.write(".specmoor.yml", &cfg);
        let run = check_json(&r, &["--config", ".specmoor.yml"]);
        if run.code != 2 {
            assert_eq!(run.codes(), as_data, "{cfg:?}\n{}", run.both());
        }
    }
    // core tags that contradict the value are refused
    for cfg in ["specs: !!str [\"specs/**/*.md\"]\n", "unit: !!int file\n"] {
        r.write(".specmoor.yml", cfg);
        sg(&r, &["check", "--config", ".specmoor.yml"]).expect(2);
    }
    // the same in front matter
    r.write(".specmoor.yml", "");
    r.write(
        "specs/t.md",
        &format!("---\nversion: !!python/object/apply:os.system [\"{cmd}\"]\nowns: !!python/object:x [\"lib/**\"]\n---\n# T\n"),
    )
    .stage();
    let run = check_json(&r, &["--config", ".specmoor.yml"]);
    assert!(matches!(run.code, 1 | 2), "{}", run.both());
    assert!(!pwned.exists(), "a YAML tag ran a command");
}

#[test]
fn merge_keys_have_yaml_merge_semantics() {
    // `<<` merges a mapping; keys written beside it win, wherever they stand
    let r = Repo::new();
    r.write(
        "specs/a.md",
        "---\nversion: 1.0.0\nowns:\n  \"*\": [\"src/**\"]\n  FR-1: [\"src/a.rs\"]\n---\n# A\n\n## FR-1: X\nx\n\n## FR-2: Y\ny\n\n## Changelog\n\n- 1.0.0: first\n",
    )
    .write("src/a.rs", "fn a() {}\n");
    r.commit("initial");
    // FR-2 changes, code owned by FR-1 changes: drift only with section granularity
    r.write("src/a.rs", "fn a() { 1 }\n");
    r.write(
        "specs/a.md",
        &r.read("specs/a.md").replace("\ny\n", "\ny changed\n"),
    )
    .stage();
    let section = pairs(&[("SM001", "src/a.rs")]);
    for (cfg, want) in [
        ("drift:\n  granularity: section\n", &section[..]),
        ("drift:\n  <<: {granularity: section}\n", &section[..]),
        ("d: &d {granularity: section}\n", &[][..]),
        (
            "drift:\n  <<: [{granularity: section}, {require: all}]\n",
            &section[..],
        ),
        (
            "drift:\n  <<: {granularity: spec}\n  granularity: section\n",
            &section[..],
        ),
        (
            "drift:\n  granularity: section\n  <<: {granularity: spec}\n",
            &section[..],
        ),
        (
            "drift:\n  <<: {granularity: section}\n  granularity: spec\n",
            &[][..],
        ),
    ] {
        r.write(".specmoor.yml", &quiet(cfg));
        let run = check_json(&r, &["--config", ".specmoor.yml"]);
        if cfg.starts_with("d:") {
            // an anchor under an unknown key is still an unknown key
            run.expect(2);
            continue;
        }
        assert_eq!(run.codes(), want.to_vec(), "{cfg:?}\n{}", run.both());
    }
}

#[test]
fn nested_brace_and_malformed_globs_are_handled() {
    let r = owned_repo("rules:\n  unowned: error\n");
    r.write("b", "b\n")
        .write("c", "c\n")
        .write("d", "d\n")
        .stage();
    // nested alternation works as globset defines it
    r.write(
        ".specmoor.yml",
        "ignore: [\"{a,{b,c}}\"]\nrules:\n  unowned: error\n",
    );
    let run = check_json(&r, &["--config", ".specmoor.yml"]);
    assert_eq!(run.codes(), pairs(&[("SM007", "d")]), "{}", run.both());
    // malformed ones are exit 2 naming the pattern and its line
    for g in ["a/**b", "a/***/b", "[abc", "", "!", "{a,b"] {
        r.write(
            ".specmoor.yml",
            &format!("ignore:\n  - \"ok/**\"\n  - \"{g}\"\n"),
        );
        let run = sg(&r, &["check", "--config", ".specmoor.yml"]);
        run.expect(2);
        assert!(
            run.stderr.contains(".specmoor.yml:3:") && run.stderr.contains(&format!("\"{g}\"")),
            "{g:?}\n{}",
            run.both()
        );
    }
}

// ---------------------------------------------------------------------------
// C1, C2, C3: odd file names
// ---------------------------------------------------------------------------

#[test]
fn non_utf8_and_newline_file_names_get_correct_findings_in_every_format() {
    let r = owned_repo("rules:\n  unowned: error\n");
    let owned: [&[u8]; 3] = [
        b"src/bad\xffname.rs",
        b"src/new\nline.rs",
        b"src/tab\there.rs",
    ];
    let unowned: [&[u8]; 3] = [b"top\xfe.txt", b"top\nnl.txt", b"-rf --help.txt"];
    for n in owned.iter().chain(&unowned) {
        write_raw(&r, n, b"x\n");
    }
    r.stage();
    let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let mut want: Vec<(String, String)> = owned
        .iter()
        .map(|n| ("SM001".to_string(), lossy(n)))
        .chain(unowned.iter().map(|n| ("SM007".to_string(), lossy(n))))
        .collect();
    want.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let mut got = check_json(&r, &[]).expect(1).codes();
    got.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    assert_eq!(got, want);

    // every format: valid documents, one finding per path, no line broken open
    let sarif = sg(&r, &["check", "--format", "sarif"]);
    sarif.expect(1);
    assert_eq!(
        sarif.json()["runs"][0]["results"].as_array().unwrap().len(),
        want.len()
    );
    let gh = sg(&r, &["check", "--format", "github"]);
    gh.expect(1);
    for line in gh.out().lines() {
        assert!(
            !line.starts_with("line") && !line.starts_with("nl.txt"),
            "a newline in a name split a workflow command: {line:?}\n{}",
            gh.out()
        );
    }
    let md = sg(&r, &["check", "--format", "markdown"]);
    md.expect(1);
    sg(&r, &["check"]).expect(1);

    // the same on a range, and through owners and coverage
    r.commit("odd names");
    let mut got = check_json(&r, &["--base", "HEAD~1"]).expect(1).codes();
    got.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    assert_eq!(got, want);
    let args: Vec<OsString> = ["owners", "--format", "json", "--"]
        .iter()
        .map(OsString::from)
        .chain(owned.iter().map(|n| OsString::from_vec(n.to_vec())))
        .collect();
    let o = run_with(sg_cmd(&r, r.path(), &args), None, None);
    o.expect(0);
    for (i, entry) in o.json().as_array().unwrap().iter().enumerate() {
        assert_eq!(entry["path"], lossy(owned[i]).as_str(), "{entry:#}");
        assert_eq!(entry["owners"][0]["spec"], "specs/a.md", "{entry:#}");
    }
    let cov = sg(&r, &["coverage", "--format", "json"]);
    cov.expect(0);
    let unowned_listed: BTreeSet<String> = cov.json()["unowned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    for n in unowned {
        assert!(unowned_listed.contains(&lossy(n)), "{unowned_listed:?}");
    }
}

#[test]
fn names_that_differ_only_in_invalid_bytes_stay_distinct_findings() {
    let r = owned_repo("");
    write_raw(&r, b"src/x\xff.rs", b"1\n");
    write_raw(&r, b"src/x\xfe.rs", b"2\n");
    r.stage();
    let run = check_json(&r, &[]);
    run.expect(1);
    assert_eq!(run.codes().len(), 2, "{}", run.both());
}

// ---------------------------------------------------------------------------
// C5: binary content; C6: line endings and attributes; P-10 CRLF and BOM specs
// ---------------------------------------------------------------------------

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\xff\xfe";

#[test]
fn binary_files_as_code_generated_files_and_spec_documents() {
    let r = owned_repo(
        "specs: [\"specs/**\"]\ngenerated:\n  - paths: [\"src/gen/**\"]\n    spec: specs/a.md\n",
    );
    r.write_bytes("src/logo.png", PNG)
        .write_bytes("src/gen/table.bin", PNG);
    r.commit("binaries");
    // binary code changed alone: drift; binary generated file: SM004
    let mut png2 = PNG.to_vec();
    png2.extend_from_slice(b"\0\x01\x02");
    r.write_bytes("src/logo.png", &png2)
        .write_bytes("src/gen/table.bin", &png2)
        .stage();
    let run = check_json(&r, &[]);
    run.expect(1);
    assert_eq!(
        run.codes(),
        pairs(&[("SM004", "src/gen/table.bin"), ("SM001", "src/logo.png")]),
        "{}",
        run.both()
    );
    r.git(&["reset", "-q", "--hard"]);

    // a binary file the spec glob matches is a spec document: no panic, no drift
    // for it, a version finding at most
    let utf16: Vec<u8> = "\u{feff}# Spec\n\n## FR-1: X\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    r.write_bytes("specs/diagram.png", PNG)
        .write_bytes("specs/zeros.md", &[0u8; 4096])
        .write_bytes("specs/utf16.md", &utf16)
        .write_bytes("specs/latin1.md", b"# Caf\xe9\n\n## FR-1: \xc0 la carte\n")
        .stage();
    let run = check_json(&r, &[]);
    assert!(matches!(run.code, 0 | 1), "{}", run.both());
    for (code, path) in run.codes() {
        assert_eq!(code, "SM008", "{path}: {}", run.both());
    }
    r.commit("binary specs");
    let run = sg(&r, &["coverage", "--format", "json"]);
    assert!(matches!(run.code, 0 | 1), "{}", run.both());
    sg(&r, &["owners", "specs/diagram.png"]).expect(0);
}

#[test]
fn crlf_and_bom_specs_parse_read_versions_and_own_code() {
    let spec = "\u{feff}---\r\nversion: 1.2.0\r\nowns:\r\n  \"*\": [\"src/**\"]\r\n  FR-1: [\"src/a.rs\"]\r\n---\r\n# A\r\n\r\n## FR-1: One\r\none\r\n\r\n## FR-2: Two\r\ntwo\r\n\r\n## Changelog\r\n\r\n| Version | Date | Changes |\r\n|---|---|---|\r\n| 1.2.0 | 2024-01-01 | x |\r\n";
    let line_spec = "\u{feff}# B\r\n\r\n**Version:** 2.0\r\n\r\n## NFR-1: Fast\r\nfast\r\n";
    let r = Repo::new();
    r.write(
        ".specmoor.yml",
        "drift:\n  granularity: section\nowners:\n  - spec: specs/b.md#NFR-1\n    paths: [\"lib/**\"]\n",
    )
    .write("specs/a.md", spec)
    .write("specs/b.md", line_spec)
    .write("src/a.rs", "fn a() {}\n")
    .write("lib/l.rs", "fn l() {}\n");
    r.commit("initial");
    // ownership from CRLF front matter behind a BOM, section by section
    let o = sg(&r, &["owners", "--format", "json", "src/a.rs", "lib/l.rs"]);
    let v = o.expect(0).json();
    let owners = |i: usize| -> BTreeSet<(String, String, u64)> {
        v[i]["owners"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| {
                (
                    w["spec"].as_str().unwrap().to_string(),
                    w["section"].as_str().unwrap_or("*").to_string(),
                    w["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        owners(0),
        [
            ("specs/a.md".into(), "*".into(), 4),
            ("specs/a.md".into(), "FR-1".into(), 5)
        ]
        .into()
    );
    assert_eq!(owners(1).len(), 1, "{v:#}");
    // the section heading line, counted with CRLF
    r.write("src/a.rs", "fn a() { 1 }\n").stage();
    let run = check_json(&r, &[]);
    run.expect(1);
    let f = &run.json()["findings"][0];
    assert_eq!(
        (f["code"].as_str(), f["section"].as_str()),
        (Some("SM001"), Some("FR-1"))
    );
    assert_eq!(f["line"], 9, "{f:#}");
    // a content change without a bump: SM002 at the version line, reading both notations
    r.write(
        "specs/a.md",
        &spec.replace("\r\none\r\n", "\r\none more\r\n"),
    )
    .write("specs/b.md", &line_spec.replace("fast\r\n", "faster\r\n"))
    .stage();
    let run = check_json(&r, &[]);
    let v = run.json();
    let sm002: BTreeMap<String, (u64, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "SM002")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                (
                    f["line"].as_u64().unwrap(),
                    f["message"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect();
    assert_eq!(sm002["specs/a.md"].0, 2, "{v:#}");
    assert!(sm002["specs/a.md"].1.contains("1.2.0"), "{v:#}");
    assert_eq!(sm002["specs/b.md"].0, 3, "{v:#}");
    assert!(sm002["specs/b.md"].1.contains("2.0"), "{v:#}");
    // and the edited section satisfies its code
    assert!(
        !run.codes().contains(&("SM001".into(), "src/a.rs".into())),
        "{v:#}"
    );
}

#[test]
fn crlf_only_code_changes_are_changes_and_text_attributes_follow_git() {
    // a line-ending-only change is whitespace-only: not drift by default (RU-2), and
    // still in the changeset (see the end of this test); this part asks for every change
    let r = owned_repo("drift:\n  ignore_whitespace: false\n");
    r.write("src/a.rs", "fn a() {}\nfn b() {}\n");
    r.write("src/mixed.rs", "one\r\ntwo\nthree\r\n");
    r.commit("lf");
    // a code file whose only change is its line endings changed: git says so, and
    // so does specmoor (only spec edits ignore line endings)
    r.write("src/a.rs", "fn a() {}\r\nfn b() {}\r\n")
        .write("src/mixed.rs", "one\ntwo\r\nthree\n")
        .stage();
    let staged = r.git(&["diff", "--cached", "--name-only"]);
    assert_eq!(staged, "src/a.rs\nsrc/mixed.rs\n");
    let run = check_json(&r, &[]);
    run.expect(1);
    assert_eq!(
        run.codes(),
        pairs(&[("SM001", "src/a.rs"), ("SM001", "src/mixed.rs")])
    );
    // `-diff` does not hide a change
    r.write(".gitattributes", "*.rs -diff\n").stage();
    assert_eq!(check_json(&r, &[]).expect(1).codes().len(), 2);
    // with `text` normalisation git stages LF, so nothing changed: specmoor agrees
    r.git(&["reset", "-q", "--hard"]);
    r.write(".gitattributes", "*.rs text eol=crlf\n");
    r.commit("attributes");
    r.write("src/a.rs", "fn a() {}\r\nfn b() {}\r\n").stage();
    assert_eq!(r.git(&["diff", "--cached", "--name-only"]), "");
    let run = check_json(&r, &[]);
    run.expect(0);
    assert_eq!(run.codes(), []);
    // by default a line-ending-only change of a code file (git still stages it) is
    // not drift: a deterministic, documented result (RU-2)
    r.git(&["reset", "-q", "--hard"]);
    r.write(".gitattributes", "").write(".specmoor.yml", "");
    r.commit("default drift keys");
    r.write("src/a.rs", "fn a() {}\nfn b() {}\n");
    r.commit("lf again");
    r.write("src/a.rs", "fn a() {}\r\nfn b() {}\r\n").stage();
    assert_eq!(r.git(&["diff", "--cached", "--name-only"]), "src/a.rs\n");
    let run = check_json(&r, &[]);
    run.expect(0);
    assert_eq!(run.codes(), []);
}

// ---------------------------------------------------------------------------
// C7: symlinks are reported by their link path and never followed
// ---------------------------------------------------------------------------

#[test]
fn symlinks_are_reported_by_their_link_path_and_never_followed() {
    let r = owned_repo("");
    let outside = r.sibling("outside");
    std::fs::create_dir_all(&outside).unwrap();
    // targets a reader must not open: a FIFO (opening it blocks forever), files
    // with a generated marker (reading them would turn drift into SM004)
    let fifo = outside.join("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    std::fs::write(outside.join("gen-a.rs"), "// @generated\nfn a() {}\n").unwrap();
    std::fs::write(outside.join("gen-b.rs"), "// @generated\nfn b() {}\n").unwrap();
    std::fs::write(outside.join("secret.txt"), "canary-5f3a\n").unwrap();
    let src = r.path().join("src");
    symlink(outside.join("gen-a.rs"), &src.join("gen.rs"));
    symlink("a.rs", &src.join("inside.rs"));
    r.write("src/becomes-link.rs", "fn x() {}\n");
    r.commit("links");

    // added: to /etc/passwd, a secret, a FIFO, a directory, a loop, dangling, up
    // and out of the repository; changed: a link retargeted, a file turned link
    let links: [(&str, PathBuf); 9] = [
        ("src/passwd.rs", "/etc/passwd".into()),
        ("src/secret.rs", outside.join("secret.txt")),
        ("src/fifo.rs", fifo.clone()),
        ("src/dir", outside.clone()),
        ("src/loop1", "loop2".into()),
        ("src/loop2", "loop1".into()),
        ("src/dangling", "nowhere/at/all".into()),
        ("src/up", "../../../../../../..".into()),
        ("src/self", "self".into()),
    ];
    for (link, target) in &links {
        symlink(target, &r.path().join(link));
    }
    std::fs::remove_file(src.join("gen.rs")).unwrap();
    symlink(outside.join("gen-b.rs"), &src.join("gen.rs"));
    std::fs::remove_file(src.join("becomes-link.rs")).unwrap();
    symlink(&fifo, &src.join("becomes-link.rs"));
    r.stage();

    let mut want: Vec<(String, String)> = links
        .iter()
        .map(|(l, _)| ("SM001".to_string(), l.to_string()))
        .chain([
            ("SM001".to_string(), "src/becomes-link.rs".to_string()),
            ("SM001".to_string(), "src/gen.rs".to_string()),
        ])
        .collect();
    want.sort_by(|a, b| a.1.cmp(&b.1));
    let check = |args: &[&str]| {
        let run = check_json(&r, args);
        run.expect(1);
        let mut got = run.codes();
        got.sort_by(|a, b| a.1.cmp(&b.1));
        assert_eq!(got, want, "{}", run.both());
        assert!(!run.out().contains("root:"), "read /etc/passwd");
        assert!(!run.out().contains("canary-5f3a"), "read the link's target");
    };
    check(&[]);
    for format in ["human", "sarif", "github", "markdown"] {
        let run = sg(&r, &["check", "--format", format]);
        run.expect(1);
        assert!(!run.out().contains("canary-5f3a"));
    }
    r.commit("more links");
    check(&["--base", "HEAD~1"]);
    let run = sg(&r, &["coverage", "--format", "json"]);
    assert!(matches!(run.code, 0 | 1), "{}", run.both());
    let run = sg(
        &r,
        &[
            "owners",
            "--format",
            "json",
            "src/fifo.rs",
            "src/dir",
            "src/up",
        ],
    );
    run.expect(0);
    for entry in run.json().as_array().unwrap() {
        assert_eq!(entry["owners"][0]["spec"], "specs/a.md", "{entry:#}");
    }
}

#[test]
fn a_config_symlink_out_of_the_repository_is_not_followed() {
    let r = owned_repo("");
    let outside = r.sibling("private.yml");
    std::fs::write(&outside, "canary-token: 5f3a9b\n").unwrap();
    std::fs::remove_file(r.path().join(".specmoor.yml")).unwrap();
    symlink(&outside, &r.path().join(".specmoor.yml"));
    let run = sg(&r, &["coverage"]);
    run.expect(2);
    assert!(
        !run.stderr.contains("5f3a9b") && !run.out().contains("5f3a9b"),
        "the target's content was printed\n{}",
        run.both()
    );
    std::fs::remove_file(r.path().join(".specmoor.yml")).unwrap();
    symlink("/proc/self/environ", &r.path().join(".specmoor.yml"));
    let mut cmd = sg_cmd(&r, r.path(), &["coverage"]);
    cmd.env("CANARY_SECRET", "hunter2-5f3a9b");
    let run = run_with(cmd, None, None);
    run.expect(2);
    assert!(
        !run.stderr.contains("hunter2") && !run.out().contains("hunter2"),
        "the environment was printed\n{}",
        run.both()
    );
}

#[test]
fn a_config_symlink_inside_the_repository_is_read_only_when_named_and_refused_in_git() {
    let r = owned_repo("");
    r.write("config/specmoor.yml", "rules:\n  drift: warn\n");
    std::fs::remove_file(r.path().join(".specmoor.yml")).unwrap();
    symlink("config/specmoor.yml", &r.path().join(".specmoor.yml"));
    // the default .specmoor.yml that is a link is refused unread, even inside the
    // repository (#17.6e: a link to a CI-written .env must not reach a log)
    let run = sg(&r, &["coverage"]);
    run.expect(2);
    assert!(run.stderr.contains("is a symbolic link"), "{}", run.both());
    // named with --config, the link is followed inside the work tree
    let run = sg(
        &r,
        &["check", "--config", ".specmoor.yml", "--format", "json"],
    );
    r.write("src/a.rs", "fn a() { 1 }\n").stage();
    let run2 = sg(
        &r,
        &["check", "--config", ".specmoor.yml", "--format", "json"],
    );
    run.expect(0);
    run2.expect(0);
    assert_eq!(run2.json()["findings"][0]["severity"], "warn");
    // a gate reads the config from git objects, where a symlink is refused
    r.commit("config as a symlink");
    r.write("src/a.rs", "fn a() { 2 }\n").stage();
    let run = sg(&r, &["check"]);
    run.expect(2);
    assert!(run.stderr.contains("is a symlink"), "{}", run.both());
}

// ---------------------------------------------------------------------------
// C8: submodules (gitlinks)
// ---------------------------------------------------------------------------

/// A repository whose spec owns `src/**` and `vendor/**`, SM007 on, and a plain
/// repository beside it to use as a submodule. Returns both.
fn submodule_repo() -> (Repo, PathBuf) {
    let r = owned_repo("rules:\n  unowned: error\n  SM011: off\n");
    r.write(
        "specs/a.md",
        &r.read("specs/a.md")
            .replace("[\"src/**\"]", "[\"src/**\", \"vendor/**\"]"),
    );
    r.commit("own vendor");
    let lib = r.sibling("lib");
    std::fs::create_dir_all(&lib).unwrap();
    r.git_in(&lib, &["init", "-q"]);
    std::fs::write(lib.join("lib.txt"), "v1\n").unwrap();
    r.git_in(&lib, &["add", "-A"]);
    r.git_in(&lib, &["commit", "-q", "-m", "v1"]);
    (r, lib)
}

fn add_submodule(r: &Repo, lib: &Path, at: &str) {
    r.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        lib.to_str().unwrap(),
        at,
    ]);
}

/// Commit a new version in the submodule checkout at `at`; returns its sha.
fn advance_submodule(r: &Repo, at: &str) -> String {
    let dir = r.path().join(at);
    std::fs::write(dir.join("lib.txt"), "v2\n").unwrap();
    r.git_in(&dir, &["commit", "-q", "-am", "v2"]);
    r.git_in(&dir, &["rev-parse", "HEAD"]).trim().to_string()
}

#[test]
fn submodule_changes_in_a_range_are_reported_at_the_submodule_path() {
    let (r, lib) = submodule_repo();
    let base = r.rev("HEAD");
    add_submodule(&r, &lib, "vendor/lib");
    add_submodule(&r, &lib, "other/lib");
    r.git(&["commit", "-q", "--no-verify", "-m", "submodules"]);
    let run = check_json(&r, &["--base", &base]);
    run.expect(1);
    assert_eq!(
        run.codes(),
        pairs(&[
            ("SM007", ".gitmodules"),
            ("SM007", "other/lib"),
            ("SM001", "vendor/lib")
        ])
    );
    // a pointer change: one change at the submodule path, nothing inside it
    let added = r.rev("HEAD");
    advance_submodule(&r, "vendor/lib");
    r.git(&["add", "vendor/lib"]);
    r.git(&["commit", "-q", "--no-verify", "-m", "bump vendor/lib"]);
    // uncommitted work inside a submodule is not the superproject's change
    std::fs::write(r.path().join("other/lib/lib.txt"), "dirty\n").unwrap();
    let run = check_json(&r, &["--base", &added]);
    run.expect(1);
    assert_eq!(run.codes(), pairs(&[("SM001", "vendor/lib")]));
    let msg = run.json()["findings"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!msg.contains("deleted") && !msg.contains("added"), "{msg}");
    // coverage sees gitlinks as paths, and does not recurse
    let cov = sg(&r, &["coverage", "--format", "json"]).expect(0).json();
    let unowned: Vec<&str> = cov["unowned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(unowned, [".gitmodules", "other/lib"], "{cov:#}");
}

#[test]
fn staged_submodule_changes_are_reported_at_the_submodule_path() {
    let (r, lib) = submodule_repo();
    add_submodule(&r, &lib, "vendor/lib");
    add_submodule(&r, &lib, "other/lib");
    let run = check_json(&r, &[]);
    run.expect(1);
    assert_eq!(
        run.codes(),
        pairs(&[
            ("SM007", ".gitmodules"),
            ("SM007", "other/lib"),
            ("SM001", "vendor/lib")
        ]),
        "{}",
        run.both()
    );
    r.git(&["commit", "-q", "--no-verify", "-m", "submodules"]);
    advance_submodule(&r, "vendor/lib");
    r.git(&["add", "vendor/lib"]);
    let run = check_json(&r, &[]);
    run.expect(1);
    assert_eq!(
        run.codes(),
        pairs(&[("SM001", "vendor/lib")]),
        "{}",
        run.both()
    );
    let msg = run.json()["findings"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!msg.contains("deleted"), "{msg}");
    let o = sg(&r, &["owners", "--format", "json", "vendor/lib"])
        .expect(0)
        .json();
    assert_eq!(o[0]["owners"][0]["spec"], "specs/a.md", "{o:#}");
}

// ---------------------------------------------------------------------------
// C6: Git LFS pointers are text
// ---------------------------------------------------------------------------

fn lfs_pointer(size: u64) -> String {
    format!("version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize {size}\n")
}

#[test]
fn lfs_pointer_files_are_handled_as_text_as_code_and_as_specs() {
    let r = owned_repo("");
    r.write(
        ".gitattributes",
        "*.bin filter=lfs diff=lfs merge=lfs -text\nspecs/lfs.md filter=lfs diff=lfs merge=lfs -text\n",
    )
    .write("src/model.bin", &lfs_pointer(1))
    .write("specs/lfs.md", &lfs_pointer(2));
    r.commit("lfs");
    // code: a pointer change is a change of that path
    r.write("src/model.bin", &lfs_pointer(3)).stage();
    let run = check_json(&r, &[]);
    run.expect(1);
    assert_eq!(run.codes(), pairs(&[("SM001", "src/model.bin")]));
    // spec: a pointer is a spec document without a version line (its `version
    // https://…` is not one) and without owners; never drift, never exit 2
    r.write("specs/lfs.md", &lfs_pointer(4)).stage();
    let run = check_json(&r, &[]);
    assert!(matches!(run.code, 0 | 1), "{}", run.both());
    for (code, path) in run.codes() {
        assert!(
            (code == "SM001" && path == "src/model.bin") || path == "specs/lfs.md",
            "{code} {path}\n{}",
            run.both()
        );
        assert_ne!(code, "SM007");
    }
    r.commit("lfs 2");
    let cov = sg(&r, &["coverage", "--format", "json"]);
    assert!(matches!(cov.code, 0 | 1), "{}", cov.both());
    assert_eq!(cov.json()["totals"]["specs"], 2);
}

// ---------------------------------------------------------------------------
// CS-2: sparse and conflicted indexes
// ---------------------------------------------------------------------------

#[test]
fn a_sparse_index_is_refused_with_the_command_that_turns_it_off() {
    let r = owned_repo("");
    r.write("x/1.txt", "1\n").write("y/z/2.txt", "2\n");
    r.commit("dirs");
    r.git(&["sparse-checkout", "init", "--cone"]);
    r.git(&["config", "index.sparse", "true"]);
    r.git(&["sparse-checkout", "set", "x"]);
    let ls = r.git(&["ls-files", "--sparse", "-s"]);
    if !ls.lines().any(|l| l.starts_with("040000")) {
        eprintln!("this git did not write a sparse index; skipping:\n{ls}");
        return;
    }
    for args in [
        &["check"][..],
        &["check", "--format", "json"],
        &["hook", "pre-commit"],
    ] {
        let run = sg(&r, args);
        run.expect(2).expect_quick();
        assert!(
            run.stderr.contains("sparse index") && run.stderr.contains("git sparse-checkout"),
            "{}",
            run.both()
        );
    }
    let run = sg(&r, &["owners", "src/a.rs"]);
    run.expect(2);
    assert!(run.stderr.contains("sparse"), "{}", run.both());
    // ranges read commits, not the index
    r.write("x/1.txt", "changed\n");
    r.git(&["commit", "-q", "-am", "x"]);
    check_json(&r, &["--base", "HEAD~1"]).expect(0);
}

#[test]
fn conflicted_indexes_report_the_conflicted_paths() {
    // modify/delete and add/add conflicts on owned paths
    let r = owned_repo("");
    r.write("src/gone.rs", "fn gone() {}\n");
    r.commit("base");
    r.git(&["checkout", "-q", "-b", "other"]);
    r.git(&["rm", "-q", "src/gone.rs"]);
    r.write("src/both.rs", "fn theirs() {}\n");
    r.commit("other");
    r.git(&["checkout", "-q", "main"]);
    r.write("src/gone.rs", "fn gone() { mine() }\n")
        .write("src/both.rs", "fn mine() {}\n");
    r.commit("mine");
    assert!(!r.git_output(&["merge", "-q", "other"]).status.success());
    let unmerged = r.git(&["diff", "--name-only", "--diff-filter=U"]);
    assert_eq!(unmerged, "src/both.rs\nsrc/gone.rs\n");
    let run = check_json(&r, &[]);
    assert!(matches!(run.code, 0 | 1), "{}", run.both());
    let paths: BTreeSet<String> = run.codes().into_iter().map(|(_, p)| p).collect();
    assert_eq!(
        paths,
        ["src/both.rs".to_string(), "src/gone.rs".to_string()].into(),
        "{}",
        run.both()
    );
    for format in ["human", "sarif", "github", "markdown"] {
        let run = sg(&r, &["check", "--format", format]);
        assert!(matches!(run.code, 0 | 1), "{}", run.both());
    }
    let run = sg(&r, &["hook", "pre-commit"]);
    assert!(matches!(run.code, 0 | 1), "{}", run.both());
    sg(&r, &["owners", "src/both.rs"]).expect(0);
}

// ---------------------------------------------------------------------------
// B14: a closed stdout (SIGPIPE) is not an error; CL-2
// ---------------------------------------------------------------------------

#[test]
fn a_closed_stdout_ends_the_run_promptly_with_the_verdict() {
    let r = owned_repo("");
    stage_paths(&r, (0..400).map(|i| format!("src/m{i:03}/file.rs")));
    let out = r.sibling("out");
    std::fs::create_dir_all(&out).unwrap();
    let json_file = out.join("r.json");
    for format in ["human", "json", "sarif", "github", "markdown"] {
        for keep in [0, 10] {
            let run = run_with(
                sg_cmd(&r, r.path(), &["check", "--format", format]),
                None,
                Some(keep),
            );
            run.expect(1).expect_quick();
        }
    }
    // the report file is still complete when stdout went away
    let run = run_with(
        sg_cmd(
            &r,
            r.path(),
            &["check", "--json-file", json_file.to_str().unwrap()],
        ),
        None,
        Some(0),
    );
    run.expect(1);
    let v: Value = serde_json::from_slice(&std::fs::read(&json_file).unwrap()).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 400);
    r.git(&["commit", "-q", "--no-verify", "-m", "many"]);
    for args in [
        &["coverage", "--format", "json"][..],
        &["coverage"],
        &["explain"],
        &["schema"],
        &["man"],
        &["completions", "zsh"],
        &["release", "--from", "HEAD~1", "--format", "markdown"],
        &["check", "--base", "HEAD~1", "--format", "json"],
    ] {
        let run = run_with(sg_cmd(&r, r.path(), args), None, Some(1));
        assert!(matches!(run.code, 0 | 1), "{}", run.both());
    }
    // and through a real shell pipeline
    let mut cmd = Command::new("bash");
    scrub(&mut cmd, &r.home());
    cmd.current_dir(r.path())
        .env("XDG_CACHE_HOME", r.home().join(".cache"))
        .arg("-c")
        .arg("\"$0\" check --base HEAD~1 --format json | head -c 10 >/dev/null; echo \"status=${PIPESTATUS[0]}\"")
        .arg(specmoor_bin());
    let run = run_with(cmd, None, None);
    run.expect(0);
    assert_eq!(run.out().trim(), "status=1", "{}", run.both());
}

// ---------------------------------------------------------------------------
// C4, C10: case-only renames and type changes
// ---------------------------------------------------------------------------

#[test]
fn case_only_renames_report_both_paths_whatever_core_ignorecase_says() {
    // a pure move within one owner is not drift by default (RU-2); asked for every
    // move, both spellings are reported whatever core.ignorecase says (SM007 judges
    // the path after the change only, RU-3)
    let r = owned_repo("rules:\n  unowned: error\ndrift:\n  moves_within_owner: false\n");
    r.write("src/Login.rs", "fn login() {}\n")
        .write("README", "r\n");
    r.commit("files");
    let base = r.rev("HEAD");
    r.git(&["mv", "src/Login.rs", "src/login.rs"]);
    r.git(&["mv", "README", "readme"]);
    let want = pairs(&[
        ("SM007", "readme"),
        ("SM001", "src/Login.rs"),
        ("SM001", "src/login.rs"),
    ]);
    let sorted = |mut v: Vec<(String, String)>| {
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    };
    assert_eq!(
        sorted(check_json(&r, &[]).expect(1).codes()),
        sorted(want.clone())
    );
    r.git(&["config", "core.ignorecase", "true"]);
    assert_eq!(
        sorted(check_json(&r, &[]).expect(1).codes()),
        sorted(want.clone())
    );
    r.git(&["commit", "-q", "--no-verify", "-m", "case"]);
    assert_eq!(
        sorted(check_json(&r, &["--base", &base]).expect(1).codes()),
        sorted(want)
    );
    // with core.ignorecase, ownership matches as the checkout does (specs/ownership.md
    // OW-4): `src/**` owns `SRC/login.rs`, which is the same file there
    let o = sg(&r, &["owners", "--format", "json", "SRC/login.rs"])
        .expect(0)
        .json();
    assert_eq!(o[0]["owners"][0]["pattern"], "src/**", "{o:#}");
    r.git(&["config", "core.ignorecase", "false"]);
    let o = sg(&r, &["owners", "--format", "json", "SRC/login.rs"])
        .expect(0)
        .json();
    assert_eq!(o[0]["owners"], Value::Array(vec![]), "{o:#}");
}

// ---------------------------------------------------------------------------
// C9: a large change is complete, never truncated silently
// ---------------------------------------------------------------------------

#[test]
fn ten_thousand_changed_paths_are_all_reported() {
    let r = owned_repo("");
    stage_paths(
        &r,
        (0..10_000).map(|i| format!("src/d{:02}/f{:02}.rs", i / 100, i % 100)),
    );
    let run = check_json(&r, &[]);
    run.expect(1);
    let v = run.json();
    assert_eq!(v["findings"].as_array().unwrap().len(), 10_000);
    assert_eq!(v["summary"]["errors"], 10_000);
    r.git(&["commit", "-q", "--no-verify", "-m", "many"]);
    let run = check_json(&r, &["--base", "HEAD~1"]);
    run.expect(1);
    assert_eq!(run.json()["summary"]["errors"], 10_000);
}

// ---------------------------------------------------------------------------
// D8: the config is read fresh on every run (hooks included)
// ---------------------------------------------------------------------------

#[test]
fn a_config_changed_after_install_is_read_by_the_next_hook_run() {
    let r = owned_repo("");
    sg(&r, &["install"]).expect(0);
    r.write("src/a.rs", "fn a() { 1 }\n");
    r.git(&["add", "-A"]);
    let commit = |r: &Repo| r.git_output(&["commit", "-q", "-m", "code only"]);
    assert!(!commit(&r).status.success(), "drift is refused");
    // a change is judged by the config in force before it: commit the new one first
    r.write(".specmoor.yml", "rules:\n  drift: warn\n");
    r.git(&[
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "config",
        "--",
        ".specmoor.yml",
    ]);
    let out = commit(&r);
    assert!(
        out.status.success(),
        "the new config applies without reinstalling: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // and a broken config refuses (never a silent pass)
    r.write("src/a.rs", "fn a() { 2 }\n");
    r.write(".specmoor.yml", "rules:\n  drift: [\n");
    r.git(&[
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "broken config",
        "--",
        ".specmoor.yml",
    ]);
    r.git(&["add", "src/a.rs"]);
    let out = commit(&r);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(".specmoor.yml"));
}

// ---------------------------------------------------------------------------
// E12: a repository owned by someone else ("dubious ownership" in containers)
// ---------------------------------------------------------------------------

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

#[test]
fn a_repository_owned_by_another_user_is_checked_like_any_other() {
    if !is_root() {
        eprintln!("needs root to hand the repository to another user; skipping");
        return;
    }
    let r = owned_repo("");
    r.write("src/a.rs", "fn a() { 1 }\n").stage();
    let want = check_json(&r, &[]).expect(1).codes();
    let st = Command::new("chown")
        .args(["-R", "nobody"])
        .arg(r.path())
        .status()
        .expect("chown");
    assert!(st.success());
    // git itself now refuses ("dubious ownership"); specmoor reads the repository
    // with gix and gives the same verdict, never a silent pass
    if r.git_output(&["status"]).status.success() {
        eprintln!("this git does not check repository ownership");
    }
    let run = check_json(&r, &[]);
    run.expect(1);
    assert_eq!(run.codes(), want);
    let st = Command::new("chown")
        .args(["-R", "root"])
        .arg(r.path())
        .status()
        .expect("chown back");
    assert!(st.success());
}

// ---------------------------------------------------------------------------
// B13: a partial clone with missing blobs is exit 2, never a pass
// ---------------------------------------------------------------------------

#[test]
fn a_partial_clone_missing_blobs_cannot_be_checked() {
    let r = owned_repo("");
    r.write(
        "specs/a.md",
        &r.read("specs/a.md").replace("It works.", "It works well."),
    )
    .write("src/a.rs", "fn a() { 1 }\n");
    r.commit("two");
    r.write("src/a.rs", "fn a() { 2 }\n");
    r.commit("three");
    let server = r.sibling("server.git");
    r.git(&["clone", "-q", "--bare", ".", server.to_str().unwrap()]);
    r.git_in(&server, &["config", "uploadpack.allowFilter", "true"]);
    let clone = r.sibling("partial");
    r.git(&[
        "clone",
        "-q",
        "--filter=blob:none",
        &format!("file://{}", server.display()),
        clone.to_str().unwrap(),
    ]);
    let missing = r.git_in(
        &clone,
        &["rev-list", "--objects", "--missing=print", "--all"],
    );
    if !missing.lines().any(|l| l.starts_with('?')) {
        eprintln!("this git did not make a partial clone; skipping");
        return;
    }
    // the base side's blobs are not here: exit 2 naming the missing object
    for base in ["HEAD~2", "HEAD~1"] {
        for format in ["json", "human", "sarif"] {
            let run = run_with(
                sg_cmd(&r, &clone, &["check", "--base", base, "--format", format]),
                None,
                None,
            );
            run.expect(2);
            assert!(run.stderr.contains("could not be found"), "{}", run.both());
        }
    }
    // the checked-out side is complete: a staged check works
    std::fs::write(clone.join("src/a.rs"), "fn a() { 3 }\n").unwrap();
    r.git_in(&clone, &["add", "-A"]);
    let run = run_with(
        sg_cmd(&r, &clone, &["check", "--format", "json"]),
        None,
        None,
    );
    run.expect(1);
    assert_eq!(run.codes(), pairs(&[("SM001", "src/a.rs")]));
}

// ---------------------------------------------------------------------------
// A12: concurrent installs, from the main work tree and a linked worktree
// ---------------------------------------------------------------------------

#[test]
fn concurrent_installs_leave_one_consistent_set_of_hooks() {
    let r = owned_repo("");
    let wt = r.sibling("wt");
    r.git(&["worktree", "add", "-q", wt.to_str().unwrap(), "-b", "wt"]);
    let hooks = r.path().join(".git/hooks");
    let foreign = b"#!/bin/sh\necho foreign hook\nexit 0\n";
    for round in 0..3 {
        let _ = std::fs::remove_dir_all(&hooks);
        std::fs::create_dir_all(&hooks).unwrap();
        std::fs::write(hooks.join("pre-commit"), foreign).unwrap();
        std::fs::set_permissions(
            hooks.join("pre-commit"),
            std::fs::Permissions::from_mode(0o750),
        )
        .unwrap();
        let children: Vec<_> = (0..8)
            .map(|i| {
                let dir = if i % 2 == 0 { r.path() } else { wt.as_path() };
                let mut cmd = sg_cmd(&r, dir, &["install"]);
                std::thread::spawn(move || run_with(cmd_take(&mut cmd), None, None))
            })
            .collect();
        for c in children {
            let run = c.join().expect("install thread");
            // the losers of the race may refuse (a backup appeared meanwhile)
            assert!(matches!(run.code, 0 | 2), "round {round}\n{}", run.both());
        }
        let mut names: Vec<String> = std::fs::read_dir(&hooks)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "commit-msg",
                "pre-commit",
                "pre-commit.specmoor-backup",
                "pre-push"
            ],
            "round {round}"
        );
        for h in ["commit-msg", "pre-commit", "pre-push"] {
            let text = std::fs::read_to_string(hooks.join(h)).unwrap();
            assert!(text.starts_with("#!/bin/sh\n"), "{h}: {text}");
            assert!(text.contains("specmoor-managed-hook v1"), "{h}: {text}");
            assert!(text.ends_with('\n'), "{h} is complete");
            let mode = std::fs::metadata(hooks.join(h))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o755, "{h}");
        }
        let backup = hooks.join("pre-commit.specmoor-backup");
        assert_eq!(std::fs::read(&backup).unwrap(), foreign);
        sg(&r, &["uninstall"]).expect(0);
        assert_eq!(std::fs::read(hooks.join("pre-commit")).unwrap(), foreign);
        let mode = std::fs::metadata(hooks.join("pre-commit"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o750, "mode restored");
    }
}

/// Move a prepared command out of a `&mut` (Command is not Clone).
fn cmd_take(cmd: &mut Command) -> Command {
    std::mem::replace(cmd, Command::new("false"))
}

// ---------------------------------------------------------------------------
// C4: mode-only and type changes are changes of their path
// ---------------------------------------------------------------------------

#[test]
fn mode_only_and_type_changes_are_changes_of_their_path() {
    let r = owned_repo("drift:\n  moves_within_owner: false\n");
    r.write("src/run.sh", "echo run\n")
        .write("src/tool.sh", "echo t\n");
    r.commit("scripts");
    let base = r.rev("HEAD");
    std::fs::set_permissions(
        r.path().join("src/run.sh"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    // a file that becomes a directory
    std::fs::remove_file(r.path().join("src/tool.sh")).unwrap();
    r.write("src/tool.sh/main.sh", "echo t\n");
    r.stage();
    let want = pairs(&[
        ("SM001", "src/run.sh"),
        ("SM001", "src/tool.sh"),
        ("SM001", "src/tool.sh/main.sh"),
    ]);
    assert_eq!(check_json(&r, &[]).expect(1).codes(), want);
    r.git(&["commit", "-q", "--no-verify", "-m", "modes"]);
    assert_eq!(check_json(&r, &["--base", &base]).expect(1).codes(), want);
    // with the default drift keys the file that became a directory holding the same
    // bytes is a pure move within its owner (RU-2); the mode-only change still counts
    let r = owned_repo("");
    r.write("src/run.sh", "echo run\n")
        .write("src/tool.sh", "echo t\n");
    r.commit("scripts");
    std::fs::set_permissions(
        r.path().join("src/run.sh"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    std::fs::remove_file(r.path().join("src/tool.sh")).unwrap();
    r.write("src/tool.sh/main.sh", "echo t\n");
    r.stage();
    assert_eq!(
        check_json(&r, &[]).expect(1).codes(),
        pairs(&[("SM001", "src/run.sh")])
    );
}

// ---------------------------------------------------------------------------
// B6: a real push of `HEAD:main` plus a tag, through the installed hook
// ---------------------------------------------------------------------------

#[test]
fn a_push_of_head_and_a_tag_checks_the_branch_line_and_skips_the_tag() {
    let r = owned_repo("");
    let remote = r.sibling("remote.git");
    r.git(&["init", "-q", "--bare", remote.to_str().unwrap()]);
    r.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    r.git(&["push", "-q", "origin", "main"]);
    r.git(&["fetch", "-q", "origin"]);
    sg(&r, &["install", "--hook", "pre-push"]).expect(0);
    r.write("src/a.rs", "fn a() { 1 }\n");
    r.commit("drift");
    r.git(&["tag", "build-1"]);
    let before = r.git(&["ls-remote", remote.to_str().unwrap()]);
    // local ref `HEAD` (from `HEAD:main`) and a tag in one push
    let out = r.git_output(&["push", "-q", "origin", "HEAD:refs/heads/main", "build-1"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "drift pushed: {err}");
    assert!(err.contains("SM001") && err.contains("src/a.rs"), "{err}");
    assert_eq!(r.git(&["ls-remote", remote.to_str().unwrap()]), before);
    // the tag alone is skipped with a note
    let out = r.git_output(&["push", "-q", "origin", "build-1"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------------------
// E7, E11, E12: the Action's scripts, run locally
// ---------------------------------------------------------------------------

fn action_script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("action")
        .join(name)
}

/// A command for one of the Action's bash scripts: scrubbed, without the caller's
/// GITHUB_*/INPUT_*/RUNNER_*/SPECMOOR* variables.
fn action_cmd(r: &Repo, script: &str) -> Command {
    let mut cmd = Command::new("bash");
    scrub(&mut cmd, &r.home());
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        if ["GITHUB_", "INPUT_", "RUNNER_", "SPECMOOR", "ACTION_"]
            .iter()
            .any(|p| k.starts_with(p))
        {
            cmd.env_remove(k);
        }
    }
    cmd.arg(action_script(script));
    cmd
}

fn write_script(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn sha256_hex(path: &Path) -> String {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("sha256sum");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn release_install_fails_before_running_anything_it_cannot_verify() {
    let r = Repo::bare_dir("work");
    let base = r.path().to_path_buf();
    // fake `uname` and `curl` first on PATH: no network, any platform
    let bin = base.join("bin");
    write_script(
        &bin.join("uname"),
        "#!/bin/sh\ncase \"$1\" in -s) echo \"$FAKE_OS\";; -m) echo \"$FAKE_ARCH\";; esac\n",
    );
    write_script(
        &bin.join("curl"),
        "#!/bin/sh\necho called >> \"$CURL_LOG\"\nout=\nwhile [ $# -gt 0 ]; do [ \"$1\" = --output ] && out=$2; shift; done\ncase \"$FAKE_CURL\" in\n  fail) echo 'curl: (22) The requested URL returned error: 404' >&2; exit 22;;\n  *) cp \"$FAKE_CURL\" \"$out\";;\nesac\n",
    );
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // a payload whose binary proves it ran
    let ran = base.join("payload-ran");
    // laid out as the release workflow (dist) publishes it
    let payload = base.join("payload");
    let root = "specmoor-x86_64-unknown-linux-musl";
    write_script(
        &payload.join(root).join("specmoor"),
        &format!("#!/bin/sh\ntouch '{}'\n", ran.display()),
    );
    let asset = "specmoor-x86_64-unknown-linux-musl.tar.gz";
    let good = base.join(asset);
    assert!(Command::new("tar")
        .arg("-czf")
        .arg(&good)
        .arg("-C")
        .arg(&payload)
        .arg(root)
        .status()
        .unwrap()
        .success());
    let bytes = std::fs::read(&good).unwrap();
    let truncated = base.join("truncated.tar.gz");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let garbage = base.join("garbage.tar.gz");
    std::fs::write(&garbage, "<html>404 Not Found</html>\n").unwrap();
    let empty_tar = base.join("empty.tar.gz");
    let empty_dir = base.join("empty");
    std::fs::create_dir_all(&empty_dir).unwrap();
    std::fs::write(empty_dir.join("README"), "no binary\n").unwrap();
    assert!(Command::new("tar")
        .arg("-czf")
        .arg(&empty_tar)
        .arg("-C")
        .arg(&empty_dir)
        .arg("README")
        .status()
        .unwrap()
        .success());
    // an action checkout whose checksums list 9.9.9 (the good tarball, and the
    // one without a binary under another target)
    let action = base.join("action-path");
    std::fs::create_dir_all(action.join("action")).unwrap();
    std::fs::write(
        action.join("action/checksums.txt"),
        format!(
            "{}  v9.9.9/{asset}\n{}  v9.9.9/specmoor-aarch64-unknown-linux-musl.tar.gz\n",
            sha256_hex(&good),
            sha256_hex(&empty_tar)
        ),
    )
    .unwrap();

    let runner = base.join("runner");
    let github_path = base.join("github-path");
    let curl_log = base.join("curl-log");
    let install = |version: &str, os: &str, arch: &str, curl: &Path, action_path: &Path| {
        let _ = std::fs::remove_dir_all(&runner);
        let _ = std::fs::remove_file(&github_path);
        let _ = std::fs::remove_file(&curl_log);
        std::fs::create_dir_all(&runner).unwrap();
        let mut cmd = action_cmd(&r, "install-release.sh");
        cmd.env("PATH", &path)
            .env("VERSION", version)
            .env("ACTION_PATH", action_path)
            .env("RUNNER_TEMP", &runner)
            .env("GITHUB_PATH", &github_path)
            .env("FAKE_OS", os)
            .env("FAKE_ARCH", arch)
            .env("FAKE_CURL", curl)
            .env("CURL_LOG", &curl_log);
        run_with(cmd, None, None)
    };
    let fail = Path::new("fail");
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    let refused = |run: &Run, says: &str, downloaded: bool| {
        run.expect(2);
        assert!(run.stderr.contains(says), "want {says:?}\n{}", run.both());
        assert!(
            run.stderr.contains("::error title=specmoor::"),
            "{}",
            run.both()
        );
        assert!(!ran.exists(), "ran an unverified binary\n{}", run.both());
        assert!(
            !github_path.exists(),
            "put something on PATH\n{}",
            run.both()
        );
        assert_eq!(curl_log.exists(), downloaded, "{}", run.both());
    };
    // not a version; an unsupported platform; a version not published (the
    // project's own checksums list none yet): refused before any download
    refused(
        &install("latest", "Linux", "x86_64", &good, &action),
        "not X.Y.Z",
        false,
    );
    for (os, arch) in [
        ("MINGW64_NT-10.0-19045", "aarch64"),
        ("Linux", "riscv64"),
        ("FreeBSD", "amd64"),
    ] {
        refused(
            &install("9.9.9", os, arch, &good, &action),
            "no released specmoor for",
            false,
        );
    }
    refused(
        &install("1.0.0", "Linux", "x86_64", &good, project),
        "not published",
        false,
    );
    // 404 / no network; a truncated download; an HTML error page: refused after the
    // download, before unpacking, and the file is removed
    refused(
        &install("9.9.9", "Linux", "x86_64", fail, &action),
        "could not download",
        true,
    );
    for bad in [&truncated, &garbage] {
        let run = install("9.9.9", "Linux", "x86_64", bad, &action);
        refused(&run, "checksum mismatch", true);
        let left: Vec<_> = std::fs::read_dir(runner.join("specmoor-9.9.9"))
            .map(|d| d.collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "kept the bad download: {left:?}");
    }
    // a verified archive without a binary
    refused(
        &install("9.9.9", "Linux", "aarch64", &empty_tar, &action),
        "does not contain specmoor-aarch64-unknown-linux-musl/specmoor",
        true,
    );
    // and the good one: verified, unpacked, put on PATH, not run
    let run = install("v9.9.9", "Linux", "x86_64", &good, &action);
    run.expect(0);
    assert!(!ran.exists(), "the installer must not run the binary");
    let added = std::fs::read_to_string(&github_path).unwrap();
    assert_eq!(
        added.trim(),
        runner.join("specmoor-9.9.9").join(root).to_str().unwrap(),
        "{}",
        run.both()
    );
    assert!(runner
        .join("specmoor-9.9.9")
        .join(root)
        .join("specmoor")
        .exists());
}

/// A repository with a drift commit for the entrypoint: returns it and the
/// path of a `workflow_dispatch` payload.
fn dispatch_repo() -> (Repo, PathBuf) {
    let r = owned_repo("");
    r.write("src/a.rs", "fn a() { 1 }\n");
    r.commit("drift");
    let payload = r.sibling("event.json");
    std::fs::write(&payload, "{\"ref\": \"refs/heads/main\", \"inputs\": {}}\n").unwrap();
    (r, payload)
}

fn entrypoint_cmd(r: &Repo, payload: &Path) -> (Command, PathBuf) {
    let out = r.sibling("github-output");
    let temp = r.sibling("runner-temp");
    std::fs::create_dir_all(&temp).unwrap();
    let mut cmd = action_cmd(r, "entrypoint.sh");
    cmd.current_dir(r.path())
        .env("GITHUB_EVENT_NAME", "workflow_dispatch")
        .env("GITHUB_EVENT_PATH", payload)
        .env("GITHUB_WORKSPACE", r.path())
        .env("GITHUB_OUTPUT", &out)
        .env("GITHUB_STEP_SUMMARY", r.sibling("summary.md"))
        .env("RUNNER_TEMP", &temp)
        .env("INPUT_BASE", "HEAD~1")
        .env("SPECMOOR", specmoor_bin())
        .env("XDG_CACHE_HOME", r.home().join(".cache"));
    (cmd, out)
}

#[test]
fn action_surfaces_a_panic_as_exit_101_and_reports_no_counts() {
    let (r, payload) = dispatch_repo();
    let (cmd, out) = entrypoint_cmd(&r, &payload);
    run_with(cmd, None, None).expect(1);
    let (mut cmd, out2) = entrypoint_cmd(&r, &payload);
    assert_eq!(out, out2);
    std::fs::remove_file(&out).unwrap();
    // the debug build panics on request; run_with would reject 101 from specmoor
    // itself, so look at the script's status by hand
    cmd.env("SPECMOOR_DEBUG_PANIC", "1");
    let o = cmd.output().expect("entrypoint");
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(101), "{err}");
    assert!(err.contains("internal error, please report"), "{err}");
    let outputs = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(outputs.contains("exit-code=101"), "{outputs}");
    assert!(
        outputs.lines().any(|l| l == "errors="),
        "a crashed check must not claim a count: {outputs}"
    );
}

#[test]
fn action_names_safe_directory_when_git_refuses_the_checkout() {
    if !is_root() {
        eprintln!("needs root to hand the repository to another user; skipping");
        return;
    }
    let (r, payload) = dispatch_repo();
    let st = Command::new("chown")
        .args(["-R", "nobody"])
        .arg(r.path())
        .status()
        .expect("chown");
    assert!(st.success());
    let (cmd, _) = entrypoint_cmd(&r, &payload);
    let run = run_with(cmd, None, None);
    run.expect(2);
    assert!(
        run.stderr.contains("dubious ownership") && run.stderr.contains("safe.directory"),
        "{}",
        run.both()
    );
    // with the exception git suggests, the check runs
    r.git(&[
        "config",
        "--global",
        "--add",
        "safe.directory",
        r.path().to_str().unwrap(),
    ]);
    let (cmd, _) = entrypoint_cmd(&r, &payload);
    run_with(cmd, None, None).expect(1);
    let st = Command::new("chown")
        .args(["-R", "root"])
        .arg(r.path())
        .status()
        .expect("chown back");
    assert!(st.success());
}

// ---------------------------------------------------------------------------
// A4, A7, A11: where install may write
// ---------------------------------------------------------------------------

#[test]
fn a_global_core_hooks_path_is_not_written_without_force() {
    let r = owned_repo("");
    let managed = r.sibling("global-hooks");
    std::fs::create_dir_all(&managed).unwrap();
    std::fs::write(managed.join("pre-commit"), "#!/bin/sh\nexit 0\n").unwrap();
    r.git(&[
        "config",
        "--global",
        "core.hooksPath",
        managed.to_str().unwrap(),
    ]);
    let before = snapshot(&[&managed, &r.path().join(".git")]);
    let run = sg(&r, &["install"]);
    run.expect(2);
    assert!(
        run.stderr.contains(managed.to_str().unwrap()) && run.stderr.contains("--force"),
        "{}",
        run.both()
    );
    assert_unchanged(&before, &snapshot(&[&managed, &r.path().join(".git")]));
    // with the flag: exactly that directory, the foreign hook kept
    sg(&r, &["install", "--force"]).expect(0);
    assert!(managed.join("pre-commit.specmoor-backup").exists());
    assert!(std::fs::read_to_string(managed.join("pre-commit"))
        .unwrap()
        .contains("specmoor-managed-hook v1"));
    assert!(!r.path().join(".git/hooks/pre-commit").exists());
}

#[test]
fn install_outside_any_repository_is_exit_2_and_writes_nothing() {
    let d = Repo::bare_dir("plain");
    let before = snapshot(&[d.path()]);
    for args in [&["install"][..], &["uninstall"], &["doctor"]] {
        let run = sg(&d, args);
        run.expect(2);
        assert!(
            run.stderr.contains("not a git repository"),
            "{}",
            run.both()
        );
    }
    assert_unchanged(&before, &snapshot(&[d.path()]));
}

#[test]
fn a_repository_path_with_non_utf8_bytes_installs_and_gates() {
    let r = Repo::bare_dir("base");
    let mut name = b"r\xc3\xa9po \xff $x 'q' \"d\"".to_vec();
    name.extend_from_slice(b" `id`");
    let dir = r.sibling("x").with_file_name(raw_path(&name));
    std::fs::create_dir_all(&dir).unwrap();
    r.git_in(&dir, &["init", "-q"]);
    std::fs::create_dir_all(dir.join("specs")).unwrap();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("specs/a.md"),
        "---\nversion: 1.0.0\nowns: [\"src/**\"]\n---\n# A\n\n## FR-1: X\nx\n\n## Changelog\n\n- 1.0.0: first\n",
    )
    .unwrap();
    std::fs::write(dir.join("src/a.rs"), "fn a() {}\n").unwrap();
    r.git_in(&dir, &["add", "-A"]);
    r.git_in(&dir, &["commit", "-q", "-m", "initial"]);
    run_with(sg_cmd(&r, &dir, &["install"]), None, None).expect(0);
    run_with(sg_cmd(&r, &dir, &["doctor"]), None, None).expect(0);
    std::fs::write(dir.join("src/a.rs"), "fn a() { 1 }\n").unwrap();
    let out = git_cmd(&dir, &r.home(), &["commit", "-q", "-am", "code only"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "drift committed: {err}");
    assert!(err.contains("SM001"), "{err}");
    assert!(!err.contains("tool not found"), "{err}");
}

// ---------------------------------------------------------------------------
// B9: what an amended commit will be
// ---------------------------------------------------------------------------

#[test]
#[ignore = "BUG (git gives hooks no --amend signal; pre-push and CI catch it later): the commit hooks compare the index with HEAD, which for `git commit --amend` is the commit being replaced, so amending a clean code+spec commit to drop its spec change passes although the amended commit is code-only drift"]
fn an_amend_that_drops_the_spec_change_is_refused() {
    let r = owned_repo("rules:\n  SM002: off\n  SM003: off\n");
    sg(&r, &["install"]).expect(0);
    r.write("src/a.rs", "fn a() { 1 }\n");
    r.write(
        "specs/a.md",
        &r.read("specs/a.md").replace("It works.", "It works well."),
    );
    let out = r.git_output(&["commit", "-q", "-am", "code and spec"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    r.git(&["checkout", "-q", "HEAD~1", "--", "specs/a.md"]);
    let out = r.git_output(&["commit", "-q", "--amend", "--no-edit"]);
    // what would land is code-only drift against HEAD~1
    assert_eq!(
        check_json(&r, &["--base", "HEAD~1"]).codes(),
        pairs(&[("SM001", "src/a.rs")])
    );
    assert!(!out.status.success(), "the amended drift was committed");
}

// ---------------------------------------------------------------------------
// B8: hooks run from a subdirectory report repository-relative paths
// ---------------------------------------------------------------------------

#[test]
fn a_commit_from_a_subdirectory_reports_repository_relative_paths() {
    let r = owned_repo("");
    r.write("src/deep/b.rs", "fn b() {}\n");
    r.commit("deep");
    sg(&r, &["install", "--hook", "pre-commit"]).expect(0);
    r.write("src/deep/b.rs", "fn b() { 1 }\n");
    let sub = r.path().join("src/deep");
    // git runs the hook at the top with GIT_PREFIX=src/deep/
    let out = git_cmd(&sub, &r.home(), &["commit", "-q", "-am", "code only"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("src/deep/b.rs"), "{err}");
    // the hook command itself, started in the subdirectory with git's variables
    // (`commit -a` staged into a temporary index; stage for real now)
    r.git(&["add", "-A"]);
    let mut cmd = sg_cmd(&r, &sub, &["hook", "pre-commit"]);
    cmd.env("GIT_PREFIX", "src/deep/");
    let run = run_with(cmd, None, None);
    run.expect(1);
    assert!(run.stderr.contains("src/deep/b.rs"), "{}", run.both());
    let run = run_with(sg_cmd(&r, &sub, &["check", "--format", "json"]), None, None);
    assert_eq!(run.codes(), pairs(&[("SM001", "src/deep/b.rs")]));
}

// ---------------------------------------------------------------------------
// A damaged index: specmoor reads it as git does outside `git fsck` (the trailing
// checksum is not verified), but a file that does not decode is exit 2, never a pass
// ---------------------------------------------------------------------------

#[test]
fn a_damaged_index_is_exit_2_never_a_pass() {
    let r = auth_repo();
    r.write("src/auth/login.rs", "fn login2() {}\n");
    r.stage();
    let index = r.path().join(".git/index");
    let good = std::fs::read(&index).unwrap();
    assert_eq!(check_json(&r, &[]).code, 1, "drift, before the damage");
    for (what, bytes) in [
        ("empty", Vec::new()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("garbage", vec![0x5a; good.len()]),
        ("not an index", b"DIRC\0\0\0\x09\0\0\0\x01".to_vec()),
    ] {
        std::fs::write(&index, &bytes).unwrap();
        let run = sg(&r, &["check"]);
        assert_eq!(run.code, 2, "{what}: {}", run.both());
        assert!(run.stderr.contains("index"), "{what}: {}", run.both());
    }
    std::fs::write(&index, &good).unwrap();
    assert_eq!(check_json(&r, &[]).code, 1, "drift, once repaired");
}
