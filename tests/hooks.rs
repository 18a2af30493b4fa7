//! Git hooks, `install`/`uninstall`/`doctor` and commit-message waivers end to end:
//! real repositories, real `git commit` and `git push` running the hooks that the
//! real binary installed.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const LOGIN: &str = "src/auth/login.rs";
const LOGOUT: &str = "src/auth/logout.rs";
const HOOKS: [&str; 3] = ["pre-commit", "pre-push", "commit-msg"];
const ZERO: &str = "0000000000000000000000000000000000000000";

/// The version and changelog rules fire on every spec edit without a bump; the
/// dangling-owner warning is noise here. SM010 (waivers) stays on.
const CONFIG: &str = "rules:\n  SM002: off\n  SM003: off\n  SM008: off\n  SM011: off\n";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Write the auth spec, the code it owns and [`CONFIG`] (plus `extra_config`) into
/// `r`, and commit them (without hooks).
fn populate(r: &Repo, extra_config: &str) {
    r.write(".specmoor.yml", &format!("{extra_config}{CONFIG}"))
        .write("specs/auth.md", AUTH_SPEC)
        .write(LOGIN, "fn login() {}\n")
        .write(LOGOUT, "fn logout() {}\n")
        .write("src/main.rs", "fn main() {}\n");
    r.commit("initial");
}

fn repo() -> Repo {
    let r = Repo::new();
    populate(&r, "");
    r
}

/// Change a code file (distinct content per `n`).
fn touch(r: &Repo, path: &str, n: u32) {
    r.write(path, &format!("// change {n}\nfn f{n}() {{}}\n"));
}

/// Change the FR-1 section of the spec (distinct content per `n`).
fn edit_spec(r: &Repo, n: u32) {
    r.write(
        "specs/auth.md",
        &AUTH_SPEC.replace(
            "Users log in with a password.",
            &format!("Users log in with a password (revision {n})."),
        ),
    );
}

fn hooks_dir(r: &Repo) -> PathBuf {
    r.path().join(".git/hooks")
}

fn install(r: &Repo, args: &[&str]) -> Output {
    let mut all = vec!["install"];
    all.extend_from_slice(args);
    let out = r.specmoor(&all);
    assert_code(&out, 0);
    out
}

/// Every regular file or symlink in `dir`: name -> (bytes, permission bits).
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, u32)> {
    let mut m = BTreeMap::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return m;
    };
    for e in rd {
        let e = e.expect("dir entry");
        let meta = std::fs::symlink_metadata(e.path()).expect("metadata");
        if meta.is_dir() {
            continue;
        }
        let bytes = std::fs::read(e.path()).unwrap_or_default();
        m.insert(
            e.file_name().to_string_lossy().into_owned(),
            (bytes, meta.permissions().mode() & 0o7777),
        );
    }
    m
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o7777
}

fn write_exec(p: &Path, content: &[u8], mode: u32) {
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, content).expect("write hook");
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn both(out: &Output) -> String {
    format!("stdout:\n{}\nstderr:\n{}", stdout(out), stderr(out))
}

#[track_caller]
fn assert_ok(out: &Output) {
    assert!(out.status.success(), "expected success\n{}", both(out));
}

#[track_caller]
fn assert_refused(out: &Output) {
    assert!(!out.status.success(), "expected a refusal\n{}", both(out));
}

/// Run a command with `input` on its stdin.
fn run_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut sin = child.stdin.take().expect("stdin");
    let data = input.to_vec();
    // the child may exit before reading everything: ignore EPIPE
    let writer = std::thread::spawn(move || {
        let _ = sin.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    out
}

/// Files changed by a commit.
fn files_of(r: &Repo, rev: &str) -> String {
    r.git(&["show", "--name-only", "--format=", rev])
}

/// A bare repository beside `r`, added as `origin`, with `main` pushed to it
/// (before any hook is installed).
fn with_origin(r: &Repo) -> PathBuf {
    let origin = r.sibling("origin.git");
    r.git(&["init", "-q", "--bare", origin.to_str().unwrap()]);
    r.git(&["remote", "add", "origin", origin.to_str().unwrap()]);
    r.git(&["push", "-q", "-u", "origin", "main"]);
    origin
}

/// The sha a ref has in `remote`, if any.
fn remote_ref(r: &Repo, remote: &Path, name: &str) -> Option<String> {
    let out = r.git(&["ls-remote", remote.to_str().unwrap(), name]);
    out.split_whitespace().next().map(str::to_string)
}

/// Hard-link (or copy) the binary under test to `dest`, so a test can delete it.
fn private_binary(dest: &Path) {
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    if std::fs::hard_link(specmoor_bin(), dest).is_err() {
        std::fs::copy(specmoor_bin(), dest).unwrap();
    }
    std::fs::set_permissions(dest, std::fs::Permissions::from_mode(0o755)).unwrap();
}

// ---------------------------------------------------------------------------
// Install, and the commit hooks
// ---------------------------------------------------------------------------

#[test]
fn install_writes_three_managed_shell_hooks() {
    let r = repo();
    let out = install(&r, &[]);
    let bin = specmoor_bin().canonicalize().unwrap();
    for name in HOOKS {
        let p = hooks_dir(&r).join(name);
        let text = String::from_utf8(std::fs::read(&p).unwrap()).unwrap();
        assert!(text.starts_with("#!/bin/sh\n"), "{name}:\n{text}");
        assert!(!text.contains('\r'), "{name} has CR bytes");
        assert!(
            text.lines().any(|l| l.contains("specmoor-managed-hook v1")),
            "{name}:\n{text}"
        );
        assert!(
            text.contains(&bin.display().to_string()),
            "{name} names {}:\n{text}",
            bin.display()
        );
        assert!(
            text.lines().any(|l| l.trim_start().starts_with("exec ")
                && l.ends_with(&format!("hook {name} \"$@\""))),
            "{name} execs specmoor hook {name}:\n{text}"
        );
        assert_eq!(mode(&p), 0o755, "{name}");
    }
    assert!(stdout(&out).contains("pre-commit"), "{}", both(&out));
    // no backups: nothing was there before
    let names: Vec<String> = snapshot(&hooks_dir(&r)).into_keys().collect();
    assert!(
        !names.iter().any(|n| n.ends_with(".specmoor-backup")),
        "{names:?}"
    );
}

#[test]
fn installed_hooks_refuse_a_code_only_commit_and_accept_it_with_the_spec() {
    let r = repo();
    install(&r, &[]);
    let before = r.rev("HEAD");

    touch(&r, LOGIN, 1);
    let out = r.git_output(&["commit", "-a", "-m", "code only"]);
    assert_refused(&out);
    let e = stderr(&out);
    assert!(e.contains("SM001") && e.contains(LOGIN), "{}", both(&out));
    assert_eq!(r.rev("HEAD"), before, "nothing committed");
    // commit-msg gave the verdict: the message is kept and reusable
    assert!(e.contains("git commit -e -F"), "{}", both(&out));
    assert!(e.contains("COMMIT_EDITMSG"), "{}", both(&out));
    assert!(
        std::fs::read_to_string(r.path().join(".git/COMMIT_EDITMSG"))
            .unwrap()
            .contains("code only"),
        "message kept"
    );

    edit_spec(&r, 1);
    let out = r.git_output(&["commit", "-a", "-m", "code and spec"]);
    assert_ok(&out);
    assert_ne!(r.rev("HEAD"), before);
    let files = files_of(&r, "HEAD");
    assert!(
        files.contains(LOGIN) && files.contains("specs/auth.md"),
        "{files}"
    );
}

#[test]
fn commit_with_paths_is_checked_on_exactly_what_it_commits() {
    // `git commit PATH` commits from a temporary index (GIT_INDEX_FILE): the spec
    // staged in the real index is not part of it
    let r = repo();
    install(&r, &[]);
    let before = r.rev("HEAD");
    edit_spec(&r, 1);
    r.git(&["add", "specs/auth.md"]);
    touch(&r, LOGIN, 1);
    let out = r.git_output(&["commit", "-m", "only the code", LOGIN]);
    assert_refused(&out);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
    assert_eq!(r.rev("HEAD"), before);

    let out = r.git_output(&["commit", "-m", "code and spec", LOGIN, "specs/auth.md"]);
    assert_ok(&out);
    assert_ne!(r.rev("HEAD"), before);
}

#[test]
fn pre_commit_gives_the_verdict_alone_and_defers_to_our_commit_msg_hook() {
    let r = repo();
    install(&r, &["--hook", "pre-commit"]);
    assert!(hooks_dir(&r).join("pre-commit").exists());
    assert!(!hooks_dir(&r).join("commit-msg").exists());
    assert!(!hooks_dir(&r).join("pre-push").exists());

    let before = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    let out = r.git_output(&["commit", "-a", "-m", "code only"]);
    assert_refused(&out);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
    assert_eq!(r.rev("HEAD"), before);

    r.stage();
    let out = r.specmoor(&["hook", "pre-commit"]);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));

    // with our commit-msg hook installed, pre-commit is silent and commit-msg decides
    install(&r, &["--hook", "commit-msg"]);
    let out = r.specmoor(&["hook", "pre-commit"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "", "{}", both(&out));
    assert_eq!(stderr(&out), "", "{}", both(&out));
    let msg = r.sibling("msg");
    std::fs::write(&msg, "code only\n").unwrap();
    let out = r.specmoor(&["hook", "commit-msg", msg.to_str().unwrap()]);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));

    // a foreign commit-msg hook does not make pre-commit defer
    write_exec(
        &hooks_dir(&r).join("commit-msg"),
        b"#!/bin/sh\nexit 0\n",
        0o755,
    );
    let out = r.specmoor(&["hook", "pre-commit"]);
    assert_code(&out, 1);
}

#[test]
fn skip_env_lets_a_commit_through_with_a_message() {
    let r = repo();
    install(&r, &[]);
    let before = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    let out = git_cmd(r.path(), &r.home(), &["commit", "-a", "-m", "skip"])
        .env("SPECMOOR_SKIP", "1")
        .output()
        .unwrap();
    assert_ok(&out);
    assert!(stderr(&out).contains("SPECMOOR_SKIP"), "{}", both(&out));
    assert_ne!(r.rev("HEAD"), before);
}

// ---------------------------------------------------------------------------
// Waivers in the commit message
// ---------------------------------------------------------------------------

#[test]
fn waiver_in_the_message_lets_the_commit_through_and_the_range_reports_it() {
    let r = repo();
    install(&r, &[]);
    let before = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    let out = r.git_output(&[
        "commit",
        "-a",
        "-m",
        "refactor login",
        "-m",
        "Specmoor-Waive: SM001 pure refactor",
    ]);
    assert_ok(&out);
    assert!(
        stderr(&out).contains("waived by commit message: pure refactor"),
        "{}",
        both(&out)
    );
    let head = r.rev("HEAD");
    assert_ne!(head, before);

    let j = r.json(&["check", "--base", &before, "--head", "HEAD"]);
    assert_eq!(j.code, 0, "{j:#?}");
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
    let f = &j.findings()[0];
    assert_eq!(
        f["waived"],
        serde_json::json!({"by": &head[..12], "reason": "pure refactor"}),
        "{j:#?}"
    );
    assert_eq!(j["summary"]["waived"], 1, "{j:#?}");
    assert_eq!(j["summary"]["errors"], 0, "{j:#?}");

    // the human range report says who waived it
    let out = r.specmoor(&["check", "--base", &before, "--head", "HEAD"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains(&format!("waived by {}: pure refactor", &head[..12])),
        "{}",
        both(&out)
    );
}

#[test]
fn waiver_key_is_case_insensitive_and_takes_rule_names_and_star() {
    let r = repo();
    install(&r, &[]);
    for (n, line) in [
        (1, "specmoor-waive: drift renamed a variable"),
        (2, "SPECMOOR-WAIVE: * emergency fix"),
    ] {
        touch(&r, LOGIN, n);
        let out = r.git_output(&["commit", "-a", "-m", "subject", "-m", line]);
        assert_ok(&out);
    }
}

#[test]
fn commented_out_waiver_does_not_apply() {
    let r = repo();
    install(&r, &[]);
    let before = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    // `-m` without an editor keeps `#` lines in the message; they are still comments
    let out = r.git_output(&[
        "commit",
        "-a",
        "-m",
        "subject",
        "-m",
        "# Specmoor-Waive: SM001 not really",
    ]);
    assert_refused(&out);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
    assert_eq!(r.rev("HEAD"), before);
}

#[test]
fn bad_waivers_refuse_the_commit_with_sg010() {
    let r = repo();
    install(&r, &[]);
    let before = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    for line in [
        "Specmoor-Waive: SM001",
        "Specmoor-Waive: SM099 no such rule",
        "Specmoor-Waive: drfit typo in the rule",
    ] {
        let out = r.git_output(&["commit", "-a", "-m", "subject", "-m", line]);
        assert_refused(&out);
        let e = stderr(&out);
        assert!(e.contains("SM010"), "{line}: {}", both(&out));
        assert!(e.contains("git commit -e -F"), "{line}: {}", both(&out));
        assert_eq!(r.rev("HEAD"), before, "{line}");
    }

    // a bad waiver is an error even when nothing needs waiving
    edit_spec(&r, 1);
    let out = r.git_output(&[
        "commit",
        "-a",
        "-m",
        "subject",
        "-m",
        "Specmoor-Waive: SM001",
    ]);
    assert_refused(&out);
    assert!(stderr(&out).contains("SM010"), "{}", both(&out));
    assert!(!stderr(&out).contains("SM001 drift"), "{}", both(&out));
    assert_eq!(r.rev("HEAD"), before);

    let out = r.specmoor(&["explain", "SM010"]);
    assert_code(&out, 0);
    assert!(!stdout(&out).contains("not enforce"), "{}", both(&out));
}

#[test]
fn range_waivers_cover_only_the_paths_their_commit_changed() {
    let r = repo();
    let before = r.rev("HEAD");
    // commit A: drift on login, no waiver
    touch(&r, LOGIN, 1);
    let a = r.commit("login change");
    // commit B: drift on logout, waived for every rule
    touch(&r, LOGOUT, 2);
    let b = r.commit("logout change\n\nSpecmoor-Waive: * logout is cosmetic");
    assert_ne!(a, b);

    let j = r.json(&["check", "--base", &before, "--head", "HEAD"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(
        j.codes(),
        [
            ("SM001".to_string(), LOGIN.to_string()),
            ("SM001".to_string(), LOGOUT.to_string())
        ],
        "{j:#?}"
    );
    assert_eq!(j.findings()[0]["waived"], Value::Null, "{j:#?}");
    assert_eq!(
        j.findings()[1]["waived"],
        serde_json::json!({"by": &b[..12], "reason": "logout is cosmetic"}),
        "{j:#?}"
    );
    assert_eq!(j["summary"]["errors"], 1, "{j:#?}");
    assert_eq!(j["summary"]["waived"], 1, "{j:#?}");
}

#[test]
fn range_waiver_for_another_rule_does_not_waive() {
    let r = repo();
    let before = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    r.commit("login\n\nSpecmoor-Waive: SM004 not generated code");
    let j = r.json(&["check", "--base", &before, "--head", "HEAD"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j.findings()[0]["waived"], Value::Null, "{j:#?}");
    assert_eq!(j["summary"]["waived"], 0, "{j:#?}");
}

#[test]
fn bad_waivers_in_a_range_are_sg010_errors_and_waive_nothing() {
    let r = repo();
    let before = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    r.commit("login\n\nSpecmoor-Waive: SM001");
    touch(&r, LOGIN, 2);
    r.commit("login again\n\nSpecmoor-Waive: SM099 typo");
    let j = r.json(&["check", "--base", &before, "--head", "HEAD"]);
    assert_eq!(j.code, 1, "{j:#?}");
    let codes: Vec<String> = j.codes().into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes.iter().filter(|c| *c == "SM010").count(), 2, "{j:#?}");
    let drift: Vec<&Value> = j
        .findings()
        .iter()
        .filter(|f| f["code"] == "SM001")
        .collect();
    assert_eq!(drift.len(), 1, "{j:#?}");
    assert_eq!(drift[0]["waived"], Value::Null, "{j:#?}");
    for f in j.findings().iter().filter(|f| f["code"] == "SM010") {
        assert_eq!(f["severity"], "error", "{j:#?}");
    }
    assert_eq!(j["summary"]["errors"], 3, "{j:#?}");
}

// ---------------------------------------------------------------------------
// pre-push through `git push`
// ---------------------------------------------------------------------------

#[test]
fn push_of_drift_is_refused_and_the_remote_is_unchanged_until_waived() {
    let r = repo();
    let origin = with_origin(&r);
    install(&r, &[]);
    let pushed = r.rev("HEAD");

    touch(&r, LOGIN, 1);
    r.git(&["commit", "-q", "-a", "--no-verify", "-m", "drift"]);
    let out = r.git_output(&["push", "-q"]);
    assert_refused(&out);
    let e = stderr(&out);
    assert!(e.contains("SM001") && e.contains(LOGIN), "{}", both(&out));
    assert_eq!(
        remote_ref(&r, &origin, "refs/heads/main").as_deref(),
        Some(pushed.as_str())
    );

    // the same change, waived in its commit message, goes through
    r.git(&["reset", "-q", "--hard", "origin/main"]);
    touch(&r, LOGIN, 1);
    let out = r.git_output(&[
        "commit",
        "-a",
        "-m",
        "drift",
        "-m",
        "Specmoor-Waive: SM001 cosmetic",
    ]);
    assert_ok(&out);
    let out = r.git_output(&["push", "-q"]);
    assert_ok(&out);
    assert_eq!(
        remote_ref(&r, &origin, "refs/heads/main"),
        Some(r.rev("HEAD"))
    );
}

#[test]
fn push_of_a_new_branch_is_checked_from_the_remote_default_branch() {
    let r = repo();
    let origin = with_origin(&r);
    install(&r, &[]);

    r.git(&["checkout", "-q", "-b", "feature"]);
    touch(&r, LOGIN, 1);
    r.git(&["commit", "-q", "-a", "--no-verify", "-m", "drift"]);
    let out = r.git_output(&["push", "-q", "origin", "feature"]);
    assert_refused(&out);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
    assert_eq!(remote_ref(&r, &origin, "refs/heads/feature"), None);

    // a clean branch off main passes
    r.git(&["checkout", "-q", "-b", "clean", "main"]);
    touch(&r, LOGIN, 2);
    edit_spec(&r, 2);
    let out = r.git_output(&["commit", "-a", "-m", "code and spec"]);
    assert_ok(&out);
    let out = r.git_output(&["push", "-q", "origin", "clean"]);
    assert_ok(&out);
    assert_eq!(
        remote_ref(&r, &origin, "refs/heads/clean"),
        Some(r.rev("clean"))
    );

    // several refs in one push: one bad ref refuses the whole push
    touch(&r, LOGOUT, 3);
    edit_spec(&r, 3);
    let out = r.git_output(&["commit", "-a", "-m", "more"]);
    assert_ok(&out);
    let out = r.git_output(&["push", "-q", "origin", "clean", "feature"]);
    assert_refused(&out);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
    assert_eq!(remote_ref(&r, &origin, "refs/heads/feature"), None);
    assert_eq!(
        remote_ref(&r, &origin, "refs/heads/clean"),
        Some(r.rev("clean~1"))
    );
}

#[test]
fn deleting_a_remote_branch_and_pushing_a_tag_are_not_checked() {
    let r = repo();
    let origin = with_origin(&r);
    r.git(&["checkout", "-q", "-b", "old"]);
    touch(&r, LOGIN, 1);
    r.git(&["commit", "-q", "-a", "--no-verify", "-m", "drift"]);
    r.git(&["push", "-q", "--no-verify", "origin", "old"]);
    r.git(&["tag", "v1"]);
    install(&r, &[]);

    let out = r.git_output(&["push", "-q", "origin", ":old"]);
    assert_ok(&out);
    assert_eq!(remote_ref(&r, &origin, "refs/heads/old"), None);

    // `v1` is not a vX.Y.Z version tag: no release gate, a note
    let out = r.git_output(&["push", "origin", "refs/tags/v1"]);
    assert_ok(&out);
    assert!(
        stderr(&out).contains("not a version tag, not checked"),
        "{}",
        both(&out)
    );
    assert_eq!(remote_ref(&r, &origin, "refs/tags/v1"), Some(r.rev("old")));
}

#[test]
fn force_push_over_an_unfetched_remote_commit_checks_from_the_default_branch() {
    let r = repo();
    let origin = with_origin(&r);
    // someone else pushes a commit we never fetch
    let other = r.sibling("other");
    r.git(&[
        "clone",
        "-q",
        origin.to_str().unwrap(),
        other.to_str().unwrap(),
    ]);
    std::fs::write(other.join("README"), "hello\n").unwrap();
    r.git_in(&other, &["add", "README"]);
    r.git_in(&other, &["commit", "-q", "-m", "theirs"]);
    r.git_in(&other, &["push", "-q"]);
    let theirs = r.git_in(&other, &["rev-parse", "HEAD"]).trim().to_string();

    install(&r, &[]);
    touch(&r, LOGIN, 1);
    r.git(&["commit", "-q", "-a", "--no-verify", "-m", "drift"]);
    let out = r.git_output(&["push", "-q", "--force", "origin", "main"]);
    assert_refused(&out);
    let e = stderr(&out);
    assert!(e.contains("not in this repository"), "{}", both(&out));
    assert!(e.contains("SM001"), "{}", both(&out));
    assert_eq!(
        remote_ref(&r, &origin, "refs/heads/main").as_deref(),
        Some(theirs.as_str())
    );

    r.git(&["reset", "-q", "--hard", "HEAD~1"]);
    touch(&r, LOGIN, 2);
    edit_spec(&r, 2);
    assert_ok(&r.git_output(&["commit", "-a", "-m", "clean"]));
    let out = r.git_output(&["push", "-q", "--force", "origin", "main"]);
    assert_ok(&out);
    assert_eq!(
        remote_ref(&r, &origin, "refs/heads/main"),
        Some(r.rev("HEAD"))
    );
}

#[test]
fn first_push_to_an_empty_remote_needs_a_base() {
    let r = repo();
    let origin = r.sibling("origin.git");
    r.git(&["init", "-q", "--bare", origin.to_str().unwrap()]);
    r.git(&["remote", "add", "origin", origin.to_str().unwrap()]);
    install(&r, &[]);
    let out = r.git_output(&["push", "-q", "origin", "main"]);
    assert_refused(&out);
    assert!(stderr(&out).contains("base"), "{}", both(&out));
    assert_eq!(remote_ref(&r, &origin, "refs/heads/main"), None);

    // with `base:` configured the range starts there
    let r = Repo::new();
    populate(&r, "base: start\n");
    r.git(&["tag", "start"]);
    let origin = r.sibling("origin.git");
    r.git(&["init", "-q", "--bare", origin.to_str().unwrap()]);
    r.git(&["remote", "add", "origin", origin.to_str().unwrap()]);
    install(&r, &[]);
    touch(&r, LOGIN, 1);
    r.git(&["commit", "-q", "-a", "--no-verify", "-m", "drift"]);
    let out = r.git_output(&["push", "-q", "origin", "main"]);
    assert_refused(&out);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
    assert_eq!(remote_ref(&r, &origin, "refs/heads/main"), None);
    r.git(&["reset", "-q", "--hard", "start"]);
    let out = r.git_output(&["push", "-q", "origin", "main"]);
    assert_ok(&out);
}

// ---------------------------------------------------------------------------
// Foreign hooks: chained, restored, never overwritten
// ---------------------------------------------------------------------------

#[test]
fn foreign_hooks_are_kept_chained_with_the_same_argv_and_stdin_and_restored() {
    let r = repo();
    let origin = with_origin(&r);
    let url = origin.to_str().unwrap().to_string();
    let log = r.sibling("log");
    let argv = r.sibling("argv");
    let input = r.sibling("stdin");
    let dir = hooks_dir(&r);
    write_exec(
        &dir.join("pre-commit"),
        format!("#!/bin/sh\necho \"pre-commit $#\" >> '{}'\n", log.display()).as_bytes(),
        0o700,
    );
    write_exec(
        &dir.join("commit-msg"),
        format!(
            "#!/bin/sh\nprintf 'commit-msg %s\\n' \"$*\" >> '{0}'\ncat \"$1\" >> '{0}'\n",
            log.display()
        )
        .as_bytes(),
        0o750,
    );
    write_exec(
        &dir.join("pre-push"),
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\ncat > '{}'\n",
            argv.display(),
            input.display()
        )
        .as_bytes(),
        0o700,
    );
    let original = snapshot(&dir);

    let out = install(&r, &[]);
    assert!(
        stdout(&out).contains("specmoor-backup"),
        "install says where the old hook went\n{}",
        both(&out)
    );
    for name in HOOKS {
        let backup = format!("{name}.specmoor-backup");
        let now = snapshot(&dir);
        assert_eq!(now.get(&backup), original.get(name), "{backup}");
        let ours = String::from_utf8(now[name].0.clone()).unwrap();
        assert!(ours.contains("specmoor-managed-hook v1"), "{name}");
    }

    // commit: the kept hooks run first, with git's arguments
    touch(&r, LOGIN, 1);
    edit_spec(&r, 1);
    assert_ok(&r.git_output(&["commit", "-a", "-m", "code and spec"]));
    let logged = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        logged, "pre-commit 0\ncommit-msg .git/COMMIT_EDITMSG\ncode and spec\n",
        "{logged}"
    );

    // push: the kept pre-push hook sees git's argv and stdin bytes
    let old = r.rev("origin/main");
    let new = r.rev("HEAD");
    assert_ok(&r.git_output(&["push", "-q"]));
    assert_eq!(
        std::fs::read_to_string(&argv).unwrap(),
        format!("origin\n{url}\n")
    );
    assert_eq!(
        std::fs::read(&input).unwrap(),
        format!("refs/heads/main {new} refs/heads/main {old}\n").into_bytes()
    );

    // and specmoor still gets the same stdin after the kept hook read it
    touch(&r, LOGIN, 2);
    r.git(&["commit", "-q", "-a", "--no-verify", "-m", "drift"]);
    let drift = r.rev("HEAD");
    let out = r.git_output(&["push", "-q"]);
    assert_refused(&out);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
    assert_eq!(
        std::fs::read(&input).unwrap(),
        format!("refs/heads/main {drift} refs/heads/main {new}\n").into_bytes()
    );
    assert_eq!(remote_ref(&r, &origin, "refs/heads/main"), Some(new));

    // uninstall puts every original back, byte for byte and mode for mode
    assert_code(&r.specmoor(&["uninstall"]), 0);
    assert_eq!(snapshot(&dir), original);
}

#[test]
fn a_failing_kept_hook_fails_the_hook_with_its_status() {
    let r = repo();
    let dir = hooks_dir(&r);
    write_exec(&dir.join("pre-commit"), b"#!/bin/sh\nexit 3\n", 0o755);
    install(&r, &[]);
    let before = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    edit_spec(&r, 1);
    let out = r.git_output(&["commit", "-a", "-m", "clean but the old hook says no"]);
    assert_refused(&out);
    assert_eq!(r.rev("HEAD"), before);

    let mut cmd = Command::new(dir.join("pre-commit"));
    scrub(&mut cmd, &r.home());
    let out = cmd.current_dir(r.path()).output().unwrap();
    assert_code(&out, 3);
}

#[test]
fn install_refuses_when_a_foreign_hook_and_its_backup_both_exist() {
    let r = repo();
    let dir = hooks_dir(&r);
    write_exec(&dir.join("pre-commit"), b"#!/bin/sh\necho mine\n", 0o755);
    write_exec(
        &dir.join("pre-commit.specmoor-backup"),
        b"#!/bin/sh\necho older\n",
        0o700,
    );
    let before = snapshot(&dir);
    let out = r.specmoor(&["install"]);
    assert_code(&out, 2);
    let e = stderr(&out);
    assert!(
        e.contains(&dir.join("pre-commit").display().to_string()),
        "{}",
        both(&out)
    );
    assert!(e.contains("pre-commit.specmoor-backup"), "{}", both(&out));
    assert_eq!(snapshot(&dir), before, "nothing changed, no hook installed");
}

#[test]
fn install_is_idempotent_and_never_chains_to_itself() {
    let r = repo();
    install(&r, &[]);
    let first = snapshot(&hooks_dir(&r));
    let out = install(&r, &[]);
    assert_eq!(snapshot(&hooks_dir(&r)), first, "{}", both(&out));
    assert!(!first.keys().any(|k| k.ends_with(".specmoor-backup")));

    // with a kept hook: the backup stays the foreign one
    let r = repo();
    let dir = hooks_dir(&r);
    write_exec(&dir.join("pre-push"), b"#!/bin/sh\ncat >/dev/null\n", 0o755);
    let original = snapshot(&dir);
    install(&r, &[]);
    let first = snapshot(&dir);
    install(&r, &[]);
    install(&r, &["--hook", "pre-push"]);
    assert_eq!(snapshot(&dir), first);
    assert_eq!(
        first.get("pre-push.specmoor-backup"),
        original.get("pre-push")
    );
    assert_eq!(
        first
            .keys()
            .filter(|k| k.contains("specmoor-backup"))
            .count(),
        1,
        "{:?}",
        first.keys()
    );
    assert_code(&r.specmoor(&["uninstall"]), 0);
    assert_eq!(snapshot(&dir), original);
}

#[test]
fn uninstall_leaves_a_foreign_hook_alone() {
    let r = repo();
    let dir = hooks_dir(&r);
    let original = snapshot(&dir);
    install(&r, &[]);
    write_exec(&dir.join("pre-commit"), b"#!/bin/sh\necho theirs\n", 0o700);
    let out = r.specmoor(&["uninstall"]);
    assert_code(&out, 0);
    let now = snapshot(&dir);
    assert_eq!(
        now.get("pre-commit"),
        Some(&(b"#!/bin/sh\necho theirs\n".to_vec(), 0o700))
    );
    assert!(!now.contains_key("pre-push") && !now.contains_key("commit-msg"));
    let mut expect = original;
    expect.insert(
        "pre-commit".into(),
        (b"#!/bin/sh\necho theirs\n".to_vec(), 0o700),
    );
    assert_eq!(now, expect);
}

#[test]
fn unknown_hook_name_is_refused() {
    let r = repo();
    let before = snapshot(&hooks_dir(&r));
    let out = r.specmoor(&["install", "--hook", "post-commit"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("post-commit"), "{}", both(&out));
    let out = r.specmoor(&["install", "--hook", "pre-commit", "--hook", "nope"]);
    assert_code(&out, 2);
    assert_eq!(snapshot(&hooks_dir(&r)), before);
}

// ---------------------------------------------------------------------------
// Where hooks go: core.hooksPath, worktrees, submodules, odd paths, bare repos
// ---------------------------------------------------------------------------

#[test]
fn core_hooks_path_needs_force_and_then_gets_exactly_the_hooks() {
    let r = repo();
    r.git(&["config", "core.hooksPath", ".githooks"]);
    let git_hooks = snapshot(&hooks_dir(&r));

    let out = r.specmoor(&["install"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains(".githooks"), "{}", both(&out));
    assert!(!r.path().join(".githooks").exists());
    assert_eq!(snapshot(&hooks_dir(&r)), git_hooks);

    install(&r, &["--force"]);
    let written = snapshot(&r.path().join(".githooks"));
    assert_eq!(
        written.keys().cloned().collect::<Vec<_>>(),
        ["commit-msg", "pre-commit", "pre-push"]
    );
    assert_eq!(snapshot(&hooks_dir(&r)), git_hooks, ".git/hooks untouched");

    let out = r.specmoor(&["doctor"]);
    let o = stdout(&out);
    assert!(
        o.contains(&format!(
            "hooks directory: {}",
            r.path().join(".githooks").display()
        )),
        "{}",
        both(&out)
    );
    assert!(o.contains("core.hooksPath: .githooks"), "{}", both(&out));

    // git runs them from there
    let before = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    let out = r.git_output(&["commit", "-a", "-m", "code only"]);
    assert_refused(&out);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
    assert_eq!(r.rev("HEAD"), before);
}

#[test]
fn install_from_a_linked_worktree_writes_the_shared_hooks_and_checks_its_commits() {
    let r = repo();
    let wt = r.sibling("wt");
    r.git(&["worktree", "add", "-q", "-b", "wt", wt.to_str().unwrap()]);
    let out = r.specmoor_in(&wt, &["install"]);
    assert_code(&out, 0);
    for name in HOOKS {
        assert!(hooks_dir(&r).join(name).is_file(), "{name}");
    }
    assert!(!r.path().join(".git/worktrees/wt/hooks").exists());

    let out = r.specmoor_in(&wt, &["doctor"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("pre-commit: specmoor's, ok"),
        "{}",
        both(&out)
    );

    let before = r.git_in(&wt, &["rev-parse", "HEAD"]);
    std::fs::write(wt.join(LOGIN), "fn login() { /* wt */ }\n").unwrap();
    let out = git_cmd(&wt, &r.home(), &["commit", "-a", "-m", "code only"])
        .output()
        .unwrap();
    assert_refused(&out);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
    assert_eq!(r.git_in(&wt, &["rev-parse", "HEAD"]), before);

    // a waiver in the message works there too (commit-msg finds the worktree's file)
    let out = git_cmd(
        &wt,
        &r.home(),
        &[
            "commit",
            "-a",
            "-m",
            "code only",
            "-m",
            "Specmoor-Waive: SM001 comment only",
        ],
    )
    .output()
    .unwrap();
    assert_ok(&out);
    assert_ne!(r.git_in(&wt, &["rev-parse", "HEAD"]), before);
}

#[test]
fn odd_characters_in_the_repository_and_binary_paths() {
    let r = Repo::bare_dir("my repo it's $HOME `x`");
    r.git(&["init", "-q"]);
    populate(&r, "");
    // the binary, too, lives at an awkward path
    let bin = r.sibling("bin dir it's $PATH").join("specmoor");
    private_binary(&bin);
    let mut cmd = Command::new(&bin);
    scrub(&mut cmd, &r.home());
    let out = cmd.current_dir(r.path()).arg("install").output().unwrap();
    assert_code(&out, 0);
    let hook = std::fs::read_to_string(hooks_dir(&r).join("pre-commit")).unwrap();
    assert!(hook.contains("bin dir it"), "{hook}");

    let before = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    let out = r.git_output(&["commit", "-a", "-m", "code only"]);
    assert_refused(&out);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
    assert!(!stderr(&out).contains("tool not found"), "{}", both(&out));
    assert_eq!(r.rev("HEAD"), before);
    edit_spec(&r, 1);
    assert_ok(&r.git_output(&["commit", "-a", "-m", "code and spec"]));
    assert_ne!(r.rev("HEAD"), before);
}

#[test]
fn a_removed_binary_fails_the_hook_unless_told_to_warn() {
    let r = repo();
    let bin = r.sibling("bin").join("specmoor");
    private_binary(&bin);
    let mut cmd = Command::new(&bin);
    scrub(&mut cmd, &r.home());
    assert_code(
        &cmd.current_dir(r.path()).arg("install").output().unwrap(),
        0,
    );
    std::fs::remove_file(&bin).unwrap();

    let before = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    edit_spec(&r, 1);
    let out = r.git_output(&["commit", "-a", "-m", "clean"]);
    assert_refused(&out);
    assert!(
        stderr(&out).contains(&format!("tool not found at {}", bin.display())),
        "{}",
        both(&out)
    );
    assert_eq!(r.rev("HEAD"), before);

    let out = r.specmoor(&["doctor"]);
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains(&format!("no longer at {}", bin.display())),
        "{}",
        both(&out)
    );

    let out = git_cmd(r.path(), &r.home(), &["commit", "-a", "-m", "clean"])
        .env("SPECMOOR_MISSING", "warn")
        .output()
        .unwrap();
    assert_ok(&out);
    assert!(stderr(&out).contains("tool not found at"), "{}", both(&out));
    assert_ne!(r.rev("HEAD"), before);
}

#[test]
fn submodule_hooks_go_into_its_own_git_dir() {
    let sub = repo();
    let sup = Repo::bare_dir("super");
    sup.git(&["init", "-q"]);
    sup.write("README", "super\n");
    sup.commit("super");
    sup.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        sub.path().to_str().unwrap(),
        "sub",
    ]);
    let sm = sup.path().join("sub");
    assert!(sm.join(".git").is_file(), ".git is a file in a submodule");

    let out = sup.specmoor_in(&sm, &["install"]);
    assert_code(&out, 0);
    let modules = sup.path().join(".git/modules/sub/hooks");
    for name in HOOKS {
        assert!(modules.join(name).is_file(), "{name}: {}", both(&out));
        assert!(
            !hooks_dir(&sup).join(name).exists(),
            "{name} in the superproject"
        );
    }

    let before = sup.git_in(&sm, &["rev-parse", "HEAD"]).trim().to_string();
    std::fs::write(sm.join(LOGIN), "fn login() { /* sub */ }\n").unwrap();
    let out = git_cmd(&sm, &sup.home(), &["commit", "-a", "-m", "code only"])
        .output()
        .unwrap();
    assert_refused(&out);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
    assert_eq!(
        sup.git_in(&sm, &["rev-parse", "HEAD"]).trim(),
        before.as_str()
    );
}

#[test]
fn bare_repositories_and_the_git_dir_are_refused() {
    let r = Repo::bare_dir("bare.git");
    r.git(&["init", "-q", "--bare"]);
    let before = snapshot(&r.path().join("hooks"));
    let out = r.specmoor(&["install"]);
    assert_code(&out, 2);
    assert_eq!(snapshot(&r.path().join("hooks")), before);

    let r = repo();
    let before = snapshot(&hooks_dir(&r));
    for dir in [r.path().join(".git"), hooks_dir(&r)] {
        let out = r.specmoor_in(&dir, &["install"]);
        assert_code(&out, 2);
    }
    assert_eq!(snapshot(&hooks_dir(&r)), before);
}

// ---------------------------------------------------------------------------
// doctor
// ---------------------------------------------------------------------------

fn doctor(r: &Repo) -> (i32, String) {
    let out = r.specmoor(&["doctor"]);
    (code(&out), stdout(&out))
}

#[test]
fn doctor_reports_each_hook_state() {
    let r = repo();
    let dir = hooks_dir(&r);
    let (c, o) = doctor(&r);
    assert_eq!(c, 0, "{o}");
    assert!(
        o.contains(&format!("hooks directory: {}", dir.display())),
        "{o}"
    );
    assert!(o.contains("core.hooksPath: not set"), "{o}");
    for name in HOOKS {
        assert!(o.contains(&format!("{name}: not installed")), "{o}");
    }

    write_exec(&dir.join("pre-push"), b"#!/bin/sh\nexit 0\n", 0o755);
    write_exec(&dir.join("commit-msg"), b"#!/bin/sh\nexit 0\n", 0o755);
    install(&r, &["--hook", "pre-commit", "--hook", "pre-push"]);
    let (c, o) = doctor(&r);
    assert_eq!(c, 0, "{o}");
    assert!(o.contains("pre-commit: specmoor's, ok"), "{o}");
    assert!(
        o.contains("pre-push: specmoor's, chained to pre-push.specmoor-backup, ok"),
        "{o}"
    );
    assert!(o.contains("commit-msg: foreign (not specmoor's)"), "{o}");
}

#[test]
fn doctor_flags_run_bits_line_endings_and_shebangs() {
    let r = repo();
    let dir = hooks_dir(&r);
    install(&r, &[]);
    assert_eq!(doctor(&r).0, 0);

    std::fs::set_permissions(
        dir.join("pre-commit"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let (c, o) = doctor(&r);
    assert_eq!(c, 1, "{o}");
    let line = o.lines().find(|l| l.starts_with("pre-commit:")).unwrap();
    assert!(line.contains("not executable"), "{o}");
    std::fs::set_permissions(
        dir.join("pre-commit"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    assert_eq!(doctor(&r).0, 0);

    let ours = std::fs::read_to_string(dir.join("pre-push")).unwrap();
    write_exec(
        &dir.join("pre-push"),
        ours.replace('\n', "\r\n").as_bytes(),
        0o755,
    );
    let (c, o) = doctor(&r);
    assert_eq!(c, 1, "{o}");
    let line = o.lines().find(|l| l.starts_with("pre-push:")).unwrap();
    assert!(line.contains("CRLF"), "{o}");

    write_exec(&dir.join("commit-msg"), b"echo no shebang\n", 0o755);
    let (c, o) = doctor(&r);
    assert_eq!(c, 1, "{o}");
    let line = o.lines().find(|l| l.starts_with("commit-msg:")).unwrap();
    assert!(line.contains("no #! line"), "{o}");

    write_exec(
        &dir.join("commit-msg"),
        b"\xEF\xBB\xBF#!/bin/sh\nexit 0\n",
        0o755,
    );
    let (_, o) = doctor(&r);
    let line = o.lines().find(|l| l.starts_with("commit-msg:")).unwrap();
    assert!(line.contains("BOM"), "{o}");
}

// ---------------------------------------------------------------------------
// `specmoor hook pre-push` fed directly
// ---------------------------------------------------------------------------

fn pre_push(r: &Repo, input: &[u8]) -> Output {
    run_stdin(
        r.specmoor_cmd_in(r.path())
            .args(["hook", "pre-push", "origin", "/nowhere/origin.git"]),
        input,
    )
}

#[test]
fn pre_push_input_is_parsed_strictly() {
    let r = repo();
    let head = r.rev("HEAD");
    let good = format!("refs/heads/main {head} refs/heads/main {head}\n");

    let out = pre_push(&r, b"");
    assert_code(&out, 0);
    let out = pre_push(&r, good.as_bytes());
    assert_code(&out, 0);

    let long = format!(
        "refs/heads/{} {head} refs/heads/main {head}\n",
        "x".repeat(70_000)
    );
    for bad in [
        format!("refs/heads/main {head} refs/heads/main\n"),
        format!(
            "refs/heads/main {} refs/heads/main {head}\n",
            "g".repeat(40)
        ),
        format!("refs/heads/main {head} refs/heads/main {head}\r\n"),
        format!("refs/heads/main {head}\0 refs/heads/main {head}\n"),
        format!(
            "refs/heads/main {head} refs/heads/main {}\n",
            "0".repeat(64)
        ),
        long,
    ] {
        let input = format!("{good}{bad}");
        let out = pre_push(&r, input.as_bytes());
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains("line 2"),
            "{:?}: {}",
            &bad[..bad.len().min(80)],
            both(&out)
        );
    }

    // a deletion is not checked, whatever the object format
    let out = pre_push(
        &r,
        format!("(delete) {ZERO} refs/heads/gone {head}\n").as_bytes(),
    );
    assert_code(&out, 0);
    let out = pre_push(
        &r,
        format!(
            "(delete) {} refs/heads/gone {}\n",
            "0".repeat(64),
            "a".repeat(64)
        )
        .as_bytes(),
    );
    assert_code(&out, 0);
}

#[test]
fn pre_push_checks_each_line_and_reports_on_stderr() {
    let r = repo();
    let base = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    let drift = r.commit("drift");
    touch(&r, LOGIN, 2);
    edit_spec(&r, 2);
    let clean = r.commit("clean");

    let line =
        |local: &str, remote: &str| format!("refs/heads/main {local} refs/heads/main {remote}\n");
    let out = pre_push(&r, line(&drift, &base).as_bytes());
    assert_code(&out, 1);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
    assert_eq!(stdout(&out), "", "findings go to stderr");

    let out = pre_push(&r, line(&clean, &drift).as_bytes());
    assert_code(&out, 0);

    let two = format!("{}{}", line(&clean, &drift), line(&drift, &base));
    let out = pre_push(&r, two.as_bytes());
    assert_code(&out, 1);

    // new branch without a remote or a configured base: exit 2 with a hint
    let out = pre_push(&r, line(&drift, ZERO).as_bytes());
    assert_code(&out, 2);
    assert!(stderr(&out).contains("base"), "{}", both(&out));

    // a tag that is not vX.Y.Z is skipped with a note
    let out = pre_push(
        &r,
        format!("refs/tags/v1 {drift} refs/tags/v1 {ZERO}\n").as_bytes(),
    );
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("not a version tag, not checked"),
        "{}",
        both(&out)
    );
}

// ---------------------------------------------------------------------------
// More of the contract: SM010 itself, scissors, hook managers, odd layouts
// ---------------------------------------------------------------------------

#[test]
fn sm010_cannot_be_waived_and_a_scissors_cut_ends_the_message() {
    let r = repo();
    touch(&r, LOGIN, 1);
    r.stage();
    let msg = r.sibling("msg");
    let hook = |text: &str| {
        std::fs::write(&msg, text).unwrap();
        r.specmoor(&["hook", "commit-msg", msg.to_str().unwrap()])
    };

    let out = hook("subject\n\nSpecmoor-Waive: SM001 why not\n");
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("waived by commit message: why not"),
        "{}",
        both(&out)
    );

    let out = hook("subject\n\nSpecmoor-Waive: SM001 why not\nSpecmoor-Waive: SM010 no\n");
    assert_code(&out, 1);
    assert!(stderr(&out).contains("SM010"), "{}", both(&out));
    let out = hook("subject\n\nSpecmoor-Waive: SM001 ok\nSpecmoor-Waive: waiver no\n");
    assert_code(&out, 1);

    // `git commit -v` appends the diff below a scissors line; nothing there counts
    let out = hook(
        "subject\n\n# ------------------------ >8 ------------------------\n# Do not modify or remove the line above.\ndiff --git a/x b/x\nSpecmoor-Waive: SM001 from the diff\n",
    );
    assert_code(&out, 1);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
}

#[test]
fn pre_push_without_stdin_takes_the_range_from_the_pre_commit_framework() {
    let r = repo();
    let base = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    let drift = r.commit("drift");
    let out = run_stdin(
        r.specmoor_cmd_in(r.path())
            .args(["hook", "pre-push", "origin", "url"])
            .env("PRE_COMMIT_FROM_REF", &base)
            .env("PRE_COMMIT_TO_REF", &drift),
        b"",
    );
    assert_code(&out, 1);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
}

#[test]
fn pre_push_line_that_is_not_utf8_is_refused() {
    let r = repo();
    let head = r.rev("HEAD");
    let mut input = format!("refs/heads/main {head} refs/heads/main {head}\n").into_bytes();
    input.extend_from_slice(b"refs/heads/\xff ");
    input.extend_from_slice(format!("{head} refs/heads/main {head}\n").as_bytes());
    let out = pre_push(&r, &input);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("line 2"), "{}", both(&out));
}

#[test]
fn doctor_flags_a_backup_that_is_not_executable() {
    let r = repo();
    let dir = hooks_dir(&r);
    write_exec(&dir.join("pre-commit"), b"#!/bin/sh\nexit 0\n", 0o755);
    install(&r, &[]);
    assert_eq!(doctor(&r).0, 0);
    std::fs::set_permissions(
        dir.join("pre-commit.specmoor-backup"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let (c, o) = doctor(&r);
    assert_eq!(c, 1, "{o}");
    let line = o.lines().find(|l| l.starts_with("pre-commit:")).unwrap();
    assert!(line.contains("not executable"), "{o}");
}

#[test]
fn a_symlinked_foreign_hook_is_kept_as_a_symlink_and_still_runs() {
    let r = repo();
    let marker = r.sibling("ran");
    write_exec(
        &r.path().join("scripts/pre-commit"),
        format!("#!/bin/sh\necho ran >> '{}'\n", marker.display()).as_bytes(),
        0o755,
    );
    let dir = hooks_dir(&r);
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink("../../scripts/pre-commit", dir.join("pre-commit")).unwrap();
    install(&r, &[]);
    let backup = dir.join("pre-commit.specmoor-backup");
    assert!(
        std::fs::symlink_metadata(&backup)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the backup is the symlink itself"
    );
    touch(&r, LOGIN, 1);
    edit_spec(&r, 1);
    assert_ok(&r.git_output(&["commit", "-a", "-m", "clean"]));
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), "ran\n");

    assert_code(&r.specmoor(&["uninstall"]), 0);
    let hook = dir.join("pre-commit");
    assert!(std::fs::symlink_metadata(&hook)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_link(&hook).unwrap(),
        Path::new("../../scripts/pre-commit")
    );
    assert!(!backup.exists());
}

#[test]
fn install_creates_a_missing_hooks_dir_and_works_from_a_subdirectory() {
    let r = repo();
    std::fs::remove_dir_all(hooks_dir(&r)).unwrap();
    let sub = r.path().join("src/auth");
    let out = r.specmoor_in(&sub, &["install"]);
    assert_code(&out, 0);
    for name in HOOKS {
        assert!(hooks_dir(&r).join(name).is_file(), "{name}");
    }
    let before = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    assert_refused(&r.git_output(&["commit", "-a", "-m", "code only"]));
    assert_eq!(r.rev("HEAD"), before);
}

#[test]
fn absolute_core_hooks_path_outside_the_repository() {
    let r = repo();
    let shared = r.sibling("shared hooks");
    r.git(&["config", "core.hooksPath", shared.to_str().unwrap()]);
    let out = r.specmoor(&["install"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains(shared.to_str().unwrap()),
        "{}",
        both(&out)
    );
    assert!(!shared.exists());
    install(&r, &["--force", "--hook", "pre-commit"]);
    assert_eq!(
        snapshot(&shared).into_keys().collect::<Vec<_>>(),
        ["pre-commit"]
    );
    let before = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    assert_refused(&r.git_output(&["commit", "-a", "-m", "code only"]));
    assert_eq!(r.rev("HEAD"), before);
    assert_code(&r.specmoor(&["uninstall"]), 0);
    assert!(snapshot(&shared).is_empty());
}

// ---------------------------------------------------------------------------
// Bugs found (ignored until fixed)
// ---------------------------------------------------------------------------

#[test]
fn worktree_hooks_directory_is_shown_normalised() {
    let r = repo();
    let wt = r.sibling("wt");
    r.git(&["worktree", "add", "-q", "-b", "wt", wt.to_str().unwrap()]);
    let git_says = r.git_in(
        &wt,
        &["rev-parse", "--path-format=absolute", "--git-path", "hooks"],
    );
    assert_eq!(git_says.trim(), hooks_dir(&r).to_str().unwrap());
    let out = r.specmoor_in(&wt, &["install"]);
    assert_code(&out, 0);
    assert!(!stdout(&out).contains(".."), "{}", both(&out));
    let out = r.specmoor_in(&wt, &["doctor"]);
    assert!(
        stdout(&out).contains(&format!("hooks directory: {}\n", git_says.trim())),
        "{}",
        both(&out)
    );
}

#[test]
fn pre_commit_does_not_defer_to_a_commit_msg_hook_git_will_skip() {
    let r = repo();
    install(&r, &[]);
    std::fs::set_permissions(
        hooks_dir(&r).join("commit-msg"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let before = r.rev("HEAD");
    touch(&r, LOGIN, 1);
    let out = r.git_output(&["commit", "-a", "-m", "code only"]);
    assert_refused(&out);
    assert_eq!(r.rev("HEAD"), before, "drift committed unchecked");
}

#[test]
fn merging_a_branch_whose_drift_was_waived_in_its_commit_is_allowed() {
    let r = repo();
    install(&r, &[]);
    r.git(&["checkout", "-q", "-b", "feature"]);
    touch(&r, LOGIN, 1);
    assert_ok(&r.git_output(&[
        "commit",
        "-a",
        "-m",
        "cosmetic",
        "-m",
        "Specmoor-Waive: SM001 comment only",
    ]));
    r.git(&["checkout", "-q", "main"]);
    r.write("README", "readme\n");
    r.git(&["add", "README"]);
    assert_ok(&r.git_output(&["commit", "-m", "readme"]));
    let out = r.git_output(&["merge", "--no-ff", "-m", "merge feature", "feature"]);
    assert_ok(&out);
    assert_eq!(r.rev("HEAD^2"), r.rev("feature"));
}
