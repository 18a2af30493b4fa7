//! `specmoor check` end to end: real repositories built with the git CLI, the real
//! binary, assertions on exit codes and on the JSON report's fields.

mod common;

use common::*;
use serde_json::{json, Value};

const LOGIN: &str = "src/auth/login.rs";
const LOGOUT: &str = "src/auth/logout.rs";

/// Findings of one rule code.
fn of<'a>(j: &'a Json, code: &str) -> Vec<&'a Value> {
    j.findings().iter().filter(|f| f["code"] == code).collect()
}

fn touch_code(r: &Repo, path: &str) {
    r.write(
        path,
        &format!(
            "// changed\nfn {}() {{}}\n",
            path.replace(['/', '.', ' '], "_")
        ),
    );
}

fn reset(r: &Repo) {
    r.git(&["reset", "-q", "--hard"]);
    r.git(&["clean", "-q", "-fd"]);
}

fn last_line(s: &str) -> &str {
    s.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("")
}

// ---------------------------------------------------------------------------
// Drift (SM001) on staged changes
// ---------------------------------------------------------------------------

#[test]
fn staged_code_change_without_its_spec_fails_and_passes_once_the_spec_changes() {
    let r = auth_repo();
    let head = r.rev("HEAD");
    touch_code(&r, LOGIN);
    r.stage();

    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j["schema"], "specmoor.report/1");
    assert_eq!(j["base"], head.as_str());
    assert_eq!(j["head"], "INDEX");
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
    let f = &j.findings()[0];
    assert_eq!(f["rule"], "drift");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["spec"], "specs/auth.md");
    assert_eq!(f["section"], "FR-1");
    assert_eq!(f["line"], FR1_LINE, "line of `## FR-1: Login` in the spec");
    assert_eq!(f["waived"], Value::Null);
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains(LOGIN) && msg.contains("specs/auth.md"),
        "{msg}"
    );
    assert_eq!(
        j["summary"],
        json!({"errors": 1, "warnings": 0, "waived": 0})
    );

    // human output: a diagnostic naming the rule, then the summary line
    let out = r.specmoor(&["check"]);
    assert_code(&out, 1);
    let s = stdout(&out);
    assert!(s.contains("SM001") && s.contains(LOGIN), "{s}");
    assert!(last_line(&s).starts_with("specmoor:"), "{s}");
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));

    edit_spec(
        &r,
        "Users log in with a password.",
        "Users log in with a passkey.",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    assert!(j.findings().is_empty(), "{j:#?}");
    assert_eq!(
        j["summary"],
        json!({"errors": 0, "warnings": 0, "waived": 0})
    );
    let out = r.specmoor(&["check", "--staged"]);
    assert_code(&out, 0);
    assert!(
        last_line(&stdout(&out)).starts_with("specmoor:"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn without_a_config_file_the_defaults_apply() {
    let r = auth_repo();
    r.git(&["rm", "-q", ".specmoor.yml"]);
    r.commit("no config");
    touch_code(&r, LOGIN);
    r.write("Cargo.lock", "# lock\n"); // ignored by default
    touch_code(&r, "src/main.rs"); // unowned, SM007 is off by default
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    let d = of(&j, "SM001");
    assert_eq!(d.len(), 1, "{j:#?}");
    assert_eq!(d[0]["path"], LOGIN);
    assert_eq!(d[0]["spec"], "specs/auth.md");
    assert_eq!(d[0]["section"], "FR-1");
    assert!(of(&j, "SM007").is_empty(), "{j:#?}");
    assert!(
        j.findings().iter().all(|f| f["path"] != "Cargo.lock"),
        "{j:#?}"
    );
}

#[test]
fn only_the_index_is_checked_not_the_work_tree() {
    let r = auth_repo();
    touch_code(&r, LOGIN); // not staged
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    assert!(j.findings().is_empty());

    // staged code, spec edited in the work tree only: still drift
    r.git(&["add", LOGIN]);
    edit_spec(
        &r,
        "Users log in with a password.",
        "Users log in with a passkey.",
    );
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
}

#[test]
fn findings_are_sorted_by_path_and_whole_spec_owners_have_no_section() {
    let r = auth_repo();
    touch_code(&r, LOGOUT);
    touch_code(&r, LOGIN);
    touch_code(&r, "src/main.rs"); // unowned, SM007 is off by default
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(
        j.codes(),
        [
            ("SM001".to_string(), LOGIN.to_string()),
            ("SM001".to_string(), LOGOUT.to_string())
        ]
    );
    let logout = &j.findings()[1];
    assert_eq!(logout["spec"], "specs/auth.md");
    assert_eq!(logout["section"], Value::Null, "owned by the whole spec");
    assert!(logout["line"].as_u64().is_some_and(|l| l >= 1), "{logout}");
    assert_eq!(j["summary"]["errors"], 2);
}

#[test]
fn whitespace_or_line_ending_only_spec_edits_do_not_count() {
    let r = auth_repo();

    // CRLF line endings only
    touch_code(&r, LOGIN);
    r.write("specs/auth.md", &AUTH_SPEC.replace('\n', "\r\n"));
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(
        j.code, 1,
        "CRLF-only edit must not satisfy the owner: {j:#?}"
    );
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
    reset(&r);

    // trailing whitespace and trailing blank lines only
    touch_code(&r, LOGIN);
    let spaced: String = AUTH_SPEC.lines().map(|l| format!("{l} \t\n")).collect();
    r.write("specs/auth.md", &format!("{spaced}\n\n"));
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(
        j.code, 1,
        "whitespace-only edit must not satisfy the owner: {j:#?}"
    );
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
    reset(&r);

    // a real edit in CRLF still counts
    touch_code(&r, LOGIN);
    r.write(
        "specs/auth.md",
        &AUTH_SPEC
            .replace("a password", "a passkey")
            .replace('\n', "\r\n"),
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
}

// ---------------------------------------------------------------------------
// Granularity: section vs spec
// ---------------------------------------------------------------------------

#[test]
fn section_granularity_requires_the_owning_section_to_change() {
    let r = auth_repo_with(&[
        (
            ".specmoor.yml",
            "drift:\n  granularity: section\nowners:\n  - spec: specs/auth.md#FR-1.1\n    paths: [\"src/auth/remember.rs\"]\n",
        ),
        ("src/auth/remember.rs", "fn remember() {}\n"),
    ]);

    // only FR-2 edited
    touch_code(&r, LOGIN);
    edit_spec(&r, "Users log out.", "Users log out of every device.");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
    let f = &j.findings()[0];
    assert_eq!(f["section"], "FR-1");
    assert_eq!(f["spec"], "specs/auth.md");
    assert_eq!(f["line"], FR1_LINE);
    assert!(f["message"].as_str().unwrap().contains("FR-1"), "{f}");
    reset(&r);

    // front matter only (a version bump) touches no section
    touch_code(&r, LOGIN);
    edit_spec(&r, "version: 1.0.0", "version: 1.0.1");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j.findings()[0]["section"], "FR-1");
    reset(&r);

    // FR-1 itself edited
    touch_code(&r, LOGIN);
    edit_spec(
        &r,
        "Users log in with a password.",
        "Users log in with a passkey.",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    assert!(j.findings().is_empty());
    reset(&r);

    // the FR-1.1 subsection edited: touches its parent FR-1 too
    touch_code(&r, LOGIN);
    edit_spec(
        &r,
        "Sessions persist for a week.",
        "Sessions persist for a month.",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    reset(&r);

    // editing the parent FR-1 does not touch its subsection FR-1.1
    touch_code(&r, "src/auth/remember.rs");
    edit_spec(
        &r,
        "Users log in with a password.",
        "Users log in with a passkey.",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(
        j.codes(),
        [("SM001".to_string(), "src/auth/remember.rs".to_string())]
    );
    assert_eq!(j.findings()[0]["section"], "FR-1.1");
    assert_eq!(j.findings()[0]["line"], 12);
    reset(&r);

    // a path owned by the whole spec only is satisfied by any section
    touch_code(&r, LOGOUT);
    edit_spec(&r, "Users log out.", "Users log out of every device.");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
}

#[test]
fn spec_granularity_is_the_default_and_any_spec_edit_satisfies_section_owners() {
    let r = auth_repo();
    touch_code(&r, LOGIN);
    edit_spec(&r, "Users log out.", "Users log out of every device.");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    assert!(j.findings().is_empty());
}

#[test]
fn section_ids_come_from_explicit_ids_requirement_ids_and_slugs_and_fences_hold_no_headings() {
    let spec = "---
owns:
  login: [\"src/a.rs\"]
  session-storage: [\"src/b.rs\"]
  FR-7: [\"src/c.rs\"]
---
# Sessions

## Login flow {#login}
Password first.

```sh
# not a heading
run-login
```

## Session Storage
Cookies.

## FR-7: Expiry
A week.
";
    let r = Repo::new();
    r.config("drift: {granularity: section}\n")
        .write("specs/sessions.md", spec)
        .write("src/a.rs", "a\n")
        .write("src/b.rs", "b\n")
        .write("src/c.rs", "c\n");
    r.commit("initial");

    touch_code(&r, "src/a.rs");
    touch_code(&r, "src/b.rs");
    touch_code(&r, "src/c.rs");
    // an edit below the fenced `# not a heading` line is still in section `login`
    r.write(
        "specs/sessions.md",
        &spec.replace("run-login", "run-login --fast"),
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    let got: Vec<(String, Value, Value)> = j
        .findings()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["section"].clone(),
                f["line"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("src/b.rs".to_string(), json!("session-storage"), json!(17)),
            ("src/c.rs".to_string(), json!("FR-7"), json!(20)),
        ],
        "{j:#?}"
    );
}

// ---------------------------------------------------------------------------
// Several owners: config `owners:` plus front matter, require any/all
// ---------------------------------------------------------------------------

const API_OWNER: &str = "owners:\n  - spec: specs/api.md\n    paths: [\"src/auth/**\"]\n";

#[test]
fn require_any_is_satisfied_by_one_owner_and_require_all_needs_every_owner() {
    let r = auth_repo_with(&[
        (".specmoor.yml", API_OWNER),
        ("specs/api.md", "# API\n\nThe HTTP API.\n"),
    ]);
    let edit_api = |r: &Repo| {
        r.write("specs/api.md", "# API\n\nThe HTTP API, v2.\n");
    };

    // any: one of two owners changed
    touch_code(&r, LOGIN);
    edit_api(&r);
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    reset(&r);

    // any: no owner changed → one finding naming both owners
    touch_code(&r, LOGIN);
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
    let msg = j.findings()[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("specs/api.md") && msg.contains("specs/auth.md"),
        "{msg}"
    );
    reset(&r);

    // all (config read from the work tree, not staged)
    let all = format!("{API_OWNER}drift:\n  require: all\n");
    r.config(&all);
    touch_code(&r, LOGIN);
    edit_api(&r);
    r.git(&["add", "src", "specs"]);
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
    assert_eq!(j.findings()[0]["spec"], "specs/auth.md");

    // all: neither changed → one finding per unchanged owner
    r.git(&["checkout", "-q", "HEAD", "--", "specs/api.md"]);
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    // sorted by path, then code, then spec
    let specs: Vec<&str> = j
        .findings()
        .iter()
        .map(|f| f["spec"].as_str().unwrap())
        .collect();
    assert_eq!(specs, ["specs/api.md", "specs/auth.md"], "{j:#?}");
    assert!(j
        .findings()
        .iter()
        .all(|f| f["path"] == LOGIN && f["code"] == "SM001"));
    assert_eq!(j["summary"]["errors"], 2);

    // all: both changed
    edit_api(&r);
    edit_spec(
        &r,
        "Users log in with a password.",
        "Users log in with a passkey.",
    );
    r.git(&["add", "specs"]);
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
}

// ---------------------------------------------------------------------------
// Renames and deletions
// ---------------------------------------------------------------------------

#[test]
fn renaming_out_of_an_owned_path_reports_the_old_path() {
    let r = auth_repo();
    std::fs::create_dir_all(r.path().join("lib")).unwrap();
    r.git(&["mv", LOGOUT, "lib/logout.rs"]);
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(of(&j, "SM001").len(), 1, "{j:#?}");
    assert_eq!(of(&j, "SM001")[0]["path"], LOGOUT);
    assert_eq!(of(&j, "SM001")[0]["spec"], "specs/auth.md");

    // with the spec updated in the same change it passes
    edit_spec(&r, "Users log out.", "Users log out (see lib/logout.rs).");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
}

#[test]
fn renaming_into_an_owned_path_reports_the_new_path() {
    let r = auth_repo();
    r.git(&["mv", "src/main.rs", "src/auth/main.rs"]);
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(
        j.codes(),
        [("SM001".to_string(), "src/auth/main.rs".to_string())]
    );
}

#[test]
fn renaming_within_an_owned_folder_reports_both_paths() {
    let r = auth_repo();
    r.git(&["mv", LOGOUT, "src/auth/signout.rs"]);
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(
        of(&j, "SM001")
            .iter()
            .map(|f| f["path"].as_str().unwrap())
            .collect::<Vec<_>>(),
        [LOGOUT, "src/auth/signout.rs"],
        "{j:#?}"
    );
}

#[test]
fn deleting_an_owned_file_is_drift() {
    let r = auth_repo();
    r.git(&["rm", "-q", LOGOUT]);
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(of(&j, "SM001").len(), 1, "{j:#?}");
    assert_eq!(of(&j, "SM001")[0]["path"], LOGOUT);
    assert_eq!(of(&j, "SM001")[0]["severity"], "error");
}

// ---------------------------------------------------------------------------
// Repository states: unborn HEAD, detached HEAD, subdirectories, -C
// ---------------------------------------------------------------------------

#[test]
fn unborn_head_compares_the_index_with_the_empty_tree() {
    let r = Repo::new();
    r.config("");
    r.write("specs/auth.md", AUTH_SPEC);
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "spec alone: {j:#?}");
    assert_eq!(j["base"], Value::Null);
    assert_eq!(j["head"], "INDEX");

    r.write(LOGIN, "fn login() {}\n");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "code and its new spec together: {j:#?}");
    assert_eq!(j["base"], Value::Null);
    assert!(j.findings().is_empty(), "{j:#?}");

    let out = r.specmoor(&["check"]);
    assert_code(&out, 0);
    assert!(
        last_line(&stdout(&out)).starts_with("specmoor:"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn detached_head_is_checked_like_a_branch() {
    let r = auth_repo();
    r.git(&["checkout", "-q", "--detach"]);
    let head = r.rev("HEAD");
    touch_code(&r, LOGIN);
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j["base"], head.as_str());
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
}

#[test]
fn subdirectory_and_dash_c_give_the_same_report_with_repo_relative_paths() {
    // the config lives at the top: it must be found from a subdirectory too
    let r = auth_repo_with(&[(".specmoor.yml", "rules:\n  unowned: warn\n")]);
    touch_code(&r, LOGIN);
    touch_code(&r, "src/main.rs");
    r.stage();

    let top = r.json(&["check"]);
    assert_eq!(top.code, 1, "{top:#?}");
    assert_eq!(
        top.codes(),
        [
            ("SM001".to_string(), LOGIN.to_string()),
            ("SM007".to_string(), "src/main.rs".to_string())
        ]
    );

    let sub = r.json_in(&r.path().join("src/auth"), &["check"]);
    assert_eq!(sub.code, 1);
    assert_eq!(sub.v, top.v, "from a subdirectory");

    let outside = r.sibling("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let abs = r.path().to_str().unwrap();
    let c = r.json_in(&outside, &["-C", abs, "check"]);
    assert_eq!(c.code, 1, "{c:#?}");
    assert_eq!(c.v, top.v, "with -C <abs>");

    let rel = r.json_in(r.path().parent().unwrap(), &["-C", "repo", "check"]);
    assert_eq!(rel.v, top.v, "with -C <relative>");
}

// ---------------------------------------------------------------------------
// Ranges: --base/--head
// ---------------------------------------------------------------------------

#[test]
fn range_is_checked_from_the_merge_base() {
    let r = auth_repo();
    let c0 = r.rev("HEAD");
    r.git(&["checkout", "-q", "-b", "feature"]);
    touch_code(&r, LOGIN);
    let f1 = r.commit("code only");
    r.git(&["checkout", "-q", "main"]);
    // main moves on with a spec edit: it must not count for feature's range
    edit_spec(
        &r,
        "Users log in with a password.",
        "Users log in with a passkey.",
    );
    let m1 = r.commit("spec on main");

    let j = r.json(&["check", "--base", "main", "--head", "feature"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j["base"], c0.as_str(), "base is the merge base");
    assert_eq!(j["head"], f1.as_str());
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
    assert_eq!(j.findings()[0]["line"], FR1_LINE);

    // head defaults to HEAD
    r.git(&["checkout", "-q", "feature"]);
    let h = r.json(&["check", "--base", "main"]);
    assert_eq!(h.code, 1);
    assert_eq!(h.v, j.v);

    // an annotated tag as base is peeled to its commit
    r.git(&["tag", "-a", "v1", "-m", "release 1", &m1]);
    let t = r.json(&["check", "--base", "v1", "--head", "feature"]);
    assert_eq!(t.code, 1, "{t:#?}");
    assert_eq!(t["base"], c0.as_str());
    assert_eq!(t.v, j.v);

    // code and spec in separate commits of the range
    r.git(&["checkout", "-q", "-b", "feature2", "main"]);
    touch_code(&r, LOGIN);
    r.commit("code");
    edit_spec(&r, "a passkey", "a passkey or a password");
    let f2 = r.commit("spec");
    let k = r.json(&["check", "--base", "main", "--head", "feature2"]);
    assert_eq!(k.code, 0, "{k:#?}");
    assert_eq!(k["base"], m1.as_str());
    assert_eq!(k["head"], f2.as_str());
    assert!(k.findings().is_empty());
}

#[test]
fn range_with_unknown_revisions_or_unrelated_histories_cannot_be_checked() {
    let r = auth_repo();
    r.git(&["checkout", "-q", "--orphan", "unrelated"]);
    r.write("other.txt", "x\n");
    r.commit("unrelated root");
    r.git(&["checkout", "-q", "-f", "main"]);
    let out = r.specmoor(&["check", "--base", "main", "--head", "unrelated"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).starts_with("specmoor: could not check"),
        "{}",
        stderr(&out)
    );

    for args in [
        &["check", "--base", "nope"][..],
        &["check", "--base", "main", "--head", "nope"][..],
    ] {
        let out = r.specmoor(args);
        assert_code(&out, 2);
        let e = stderr(&out);
        assert!(e.starts_with("specmoor: could not check"), "{e}");
        assert!(e.contains("nope"), "{e}");
    }
}

// ---------------------------------------------------------------------------
// A real pre-commit hook (git sets GIT_INDEX_FILE for `commit -a` / `commit PATH`)
// ---------------------------------------------------------------------------

fn install_hook(r: &Repo) {
    use std::os::unix::fs::PermissionsExt;
    let hook = r.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(
        &hook,
        format!("#!/bin/sh\nexec \"{}\" check\n", specmoor_bin().display()),
    )
    .unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn pre_commit_hook_blocks_commit_all_with_code_only_and_allows_it_with_the_spec() {
    let r = auth_repo();
    install_hook(&r);
    let before = r.rev("HEAD");

    touch_code(&r, LOGIN); // modified, not staged: `commit -a` stages it in a temporary index
    let out = r.git_output(&["commit", "-a", "-m", "code only"]);
    assert!(
        !out.status.success(),
        "commit must be refused:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    let both = format!("{}{}", stdout(&out), stderr(&out));
    assert!(both.contains("SM001"), "{both}");
    assert_eq!(r.rev("HEAD"), before, "nothing committed");

    edit_spec(
        &r,
        "Users log in with a password.",
        "Users log in with a passkey.",
    );
    let out = r.git_output(&["commit", "-a", "-m", "code and spec"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_ne!(r.rev("HEAD"), before);
    let files = r.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert!(
        files.contains(LOGIN) && files.contains("specs/auth.md"),
        "{files}"
    );
}

#[test]
fn pre_commit_hook_checks_the_temporary_index_of_commit_with_paths() {
    let r = auth_repo();
    install_hook(&r);
    let before = r.rev("HEAD");

    // the spec is staged in the real index, but `git commit PATH` commits only PATH
    edit_spec(
        &r,
        "Users log in with a password.",
        "Users log in with a passkey.",
    );
    r.git(&["add", "specs/auth.md"]);
    touch_code(&r, LOGIN);
    let out = r.git_output(&["commit", "-m", "only the code", LOGIN]);
    assert!(
        !out.status.success(),
        "commit of the code alone must be refused:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(r.rev("HEAD"), before, "nothing committed");

    let out = r.git_output(&["commit", "-m", "code and spec", LOGIN, "specs/auth.md"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_ne!(r.rev("HEAD"), before);
}

#[test]
fn pre_commit_hook_allows_a_plain_commit_of_staged_code_and_spec() {
    let r = auth_repo();
    install_hook(&r);
    touch_code(&r, LOGOUT);
    r.stage();
    let out = r.git_output(&["commit", "-m", "code only"]);
    assert!(!out.status.success(), "{}{}", stdout(&out), stderr(&out));
    edit_spec(&r, "Users log out.", "Users log out everywhere.");
    r.stage();
    let out = r.git_output(&["commit", "-m", "code and spec"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn pre_commit_hook_works_in_a_linked_worktree() {
    // git sets GIT_DIR (and GIT_INDEX_FILE) for hooks of a linked worktree
    let r = auth_repo();
    install_hook(&r);
    let wt = r.sibling("wt");
    r.git(&["worktree", "add", "-q", "-b", "wt", wt.to_str().unwrap()]);
    let before = r.git_in(&wt, &["rev-parse", "HEAD"]);

    std::fs::write(wt.join(LOGIN), "fn login() { /* wt */ }\n").unwrap();
    let out = git_cmd(&wt, &r.home(), &["commit", "-a", "-m", "code only"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(r.git_in(&wt, &["rev-parse", "HEAD"]), before);

    let spec = std::fs::read_to_string(wt.join("specs/auth.md")).unwrap();
    std::fs::write(
        wt.join("specs/auth.md"),
        spec.replace("a password", "a passkey"),
    )
    .unwrap();
    let out = git_cmd(&wt, &r.home(), &["commit", "-a", "-m", "code and spec"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_ne!(r.git_in(&wt, &["rev-parse", "HEAD"]), before);
}

#[test]
fn git_dir_and_work_tree_from_the_environment_are_honoured() {
    let r = auth_repo();
    touch_code(&r, LOGIN);
    r.stage();
    let outside = r.sibling("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let out = r
        .specmoor_cmd_in(&outside)
        .env("GIT_DIR", r.path().join(".git"))
        .env("GIT_WORK_TREE", r.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let j = Json::from_output(out);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);

    // an explicit GIT_INDEX_FILE is the index that gets checked
    r.git(&["reset", "-q"]); // the real index is clean again
    let alt = r.sibling("alt-index");
    for args in [&["read-tree", "HEAD"][..], &["add", LOGIN][..]] {
        let mut cmd = git_cmd(r.path(), &r.home(), args);
        cmd.env("GIT_INDEX_FILE", &alt);
        run_ok(&mut cmd);
    }
    assert_eq!(r.json(&["check"]).code, 0, "the real index has no change");
    let out = r
        .specmoor_cmd_in(r.path())
        .env("GIT_INDEX_FILE", &alt)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let j = Json::from_output(out);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
}

// ---------------------------------------------------------------------------
// Shallow clones
// ---------------------------------------------------------------------------

/// An origin with `main` and `feature` diverging three commits back on each side.
fn diverged_origin() -> Repo {
    let o = auth_repo();
    o.git(&["checkout", "-q", "-b", "feature"]);
    for i in 0..3 {
        o.write(LOGIN, &format!("fn login() {{ /* feature {i} */ }}\n"));
        o.commit(&format!("feature {i}"));
    }
    o.git(&["checkout", "-q", "main"]);
    for i in 0..3 {
        o.write("src/main.rs", &format!("fn main() {{ /* main {i} */ }}\n"));
        o.commit(&format!("main {i}"));
    }
    o
}

fn clone(o: &Repo, name: &str, extra: &[&str]) -> std::path::PathBuf {
    let url = format!("file://{}", o.path().display());
    let dest = o.sibling(name);
    let mut args = vec!["clone", "-q"];
    args.extend_from_slice(extra);
    args.extend([url.as_str(), dest.to_str().unwrap()]);
    o.git_in(o.path().parent().unwrap(), &args);
    dest
}

#[test]
fn shallow_clone_missing_the_merge_base_cannot_be_checked_and_says_how_to_fix_it() {
    let o = diverged_origin();
    let c0 = o.rev("main~3");
    let cl = clone(&o, "clone", &["--depth", "1", "--no-single-branch"]);
    assert!(cl.join(".git/shallow").exists(), "the clone is shallow");

    let out = o.specmoor_in(
        &cl,
        &["check", "--base", "origin/main", "--head", "origin/feature"],
    );
    assert_code(&out, 2);
    let e = stderr(&out);
    assert!(e.starts_with("specmoor: could not check"), "{e}");
    assert!(e.contains("fetch-depth: 0"), "{e}");
    assert!(e.contains("git fetch --unshallow"), "{e}");
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));

    let out = o.specmoor_in(
        &cl,
        &[
            "check",
            "--base",
            "origin/main",
            "--head",
            "origin/feature",
            "--format",
            "json",
        ],
    );
    assert_code(&out, 2);

    // the base commit itself is not in the clone at all
    let out = o.specmoor_in(&cl, &["check", "--base", &c0, "--head", "origin/feature"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).starts_with("specmoor: could not check"),
        "{}",
        stderr(&out)
    );

    // following the advice makes the check possible
    o.git_in(&cl, &["fetch", "-q", "--unshallow"]);
    let j = Json::from_output(o.specmoor_in(
        &cl,
        &[
            "check",
            "--base",
            "origin/main",
            "--head",
            "origin/feature",
            "--format",
            "json",
        ],
    ));
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j["base"], c0.as_str());
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
}

#[test]
fn shallow_clone_that_contains_the_merge_base_is_checked_normally() {
    // main and feature fork from X3, one commit each; depth 2 keeps X3
    let o = auth_repo();
    for i in 1..=3 {
        o.write("README", &format!("{i}\n"));
        o.commit(&format!("X{i}"));
    }
    let fork = o.rev("HEAD");
    o.git(&["checkout", "-q", "-b", "feature"]);
    touch_code(&o, LOGIN);
    o.commit("F1");
    o.git(&["checkout", "-q", "main"]);
    touch_code(&o, "src/main.rs");
    o.commit("M1");

    let cl = clone(&o, "clone", &["--depth", "2", "--no-single-branch"]);
    assert!(cl.join(".git/shallow").exists(), "the clone is shallow");
    let j = Json::from_output(o.specmoor_in(
        &cl,
        &[
            "check",
            "--base",
            "origin/main",
            "--head",
            "origin/feature",
            "--format",
            "json",
        ],
    ));
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j["base"], fork.as_str());
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
}

#[test]
fn shallow_single_branch_clone_without_the_base_branch_cannot_be_checked() {
    let o = diverged_origin();
    let cl = clone(&o, "clone", &["--depth", "1", "--branch", "feature"]);
    let out = o.specmoor_in(&cl, &["check", "--base", "origin/main"]);
    assert_code(&out, 2);
    let e = stderr(&out);
    assert!(e.starts_with("specmoor: could not check"), "{e}");
    assert!(e.contains("origin/main"), "{e}");
}

// ---------------------------------------------------------------------------
// Configuration errors and other reasons a check cannot be made
// ---------------------------------------------------------------------------

/// Whether `text` holds `FILE:LINE:COL:` with this file and line.
fn has_location(text: &str, file: &str, line: usize) -> bool {
    let needle = format!("{file}:{line}:");
    text.match_indices(&needle).any(|(i, _)| {
        let rest = &text[i + needle.len()..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with(':')
    })
}

#[track_caller]
fn assert_config_error(r: &Repo, args: &[&str], wants: &[&str]) {
    let out = r.specmoor(args);
    assert_code(&out, 2);
    let e = stderr(&out);
    assert!(e.starts_with("specmoor: could not check"), "{e}");
    for w in wants {
        assert!(e.contains(w), "stderr lacks {w:?}:\n{e}");
    }
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
}

#[test]
fn invalid_config_is_reported_with_file_line_and_column() {
    let r = auth_repo();
    let cases: &[(&str, usize, &[&str])] = &[
        // unknown key, with a suggestion
        (
            "version: 1\nowenrs: []\n",
            2,
            &["owenrs", "did you mean `owners`"],
        ),
        // wrong type
        ("version: 1\nspecs: 5\n", 2, &["specs"]),
        // invalid glob
        ("ignore:\n  - \"ok/**\"\n  - \"[abc\"\n", 3, &["[abc"]),
        // unknown rule name
        (
            "rules:\n  drfit: off\n",
            2,
            &["drfit", "did you mean `drift`"],
        ),
        // unknown severity
        ("rules:\n  drift: loud\n", 2, &["loud"]),
        // unknown value
        ("drift:\n  granularity: sections\n", 2, &["sections"]),
    ];
    for (cfg, line, wants) in cases {
        r.write(".specmoor.yml", cfg);
        for format in ["human", "json"] {
            let out = r.specmoor(&["check", "--format", format]);
            assert_config_error(&r, &["check", "--format", format], wants);
            let e = stderr(&out);
            assert!(
                has_location(&e, ".specmoor.yml", *line),
                "{cfg:?} → want .specmoor.yml:{line}:COL:\n{e}"
            );
        }
    }
}

#[test]
fn config_can_be_given_with_dash_dash_config() {
    let r = auth_repo();
    touch_code(&r, LOGIN);
    r.stage();
    assert_code(&r.specmoor(&["check"]), 1);

    r.write("other.yml", &quiet("rules:\n  drift: warn\n"));
    let j = r.json(&["check", "--config", "other.yml"]);
    assert_eq!(j.code, 0, "drift is only a warning with other.yml: {j:#?}");
    assert_eq!(j.findings()[0]["severity"], "warn");
    assert_eq!(
        j["summary"],
        json!({"errors": 0, "warnings": 1, "waived": 0})
    );

    // relative to the directory specmoor starts in
    let j = r.json_in(
        &r.path().join("src"),
        &["check", "--config", "../other.yml"],
    );
    assert_eq!(j.code, 0, "{j:#?}");

    r.write("other.yml", "rules:\n  drift: off\n  bogus: warn\n");
    assert_config_error(&r, &["check", "--config", "other.yml"], &["bogus"]);
    assert!(has_location(
        &stderr(&r.specmoor(&["check", "--config", "other.yml"])),
        "other.yml",
        3
    ));

    assert_config_error(&r, &["check", "--config", "missing.yml"], &["missing.yml"]);
}

#[test]
fn outside_a_repository_cannot_be_checked() {
    let d = Repo::bare_dir("plain");
    let out = d.specmoor(&["check"]);
    assert_code(&out, 2);
    let e = stderr(&out);
    assert!(e.starts_with("specmoor: could not check"), "{e}");
    assert!(e.contains("not a git repository"), "{e}");

    let out = d.specmoor(&["check", "--format", "json"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("not a git repository"));
}

#[test]
fn malformed_spec_front_matter_cannot_be_checked_and_names_the_spec_line() {
    let r = auth_repo();
    r.write(
        "specs/bad.md",
        "---\nversion: 1.0.0\nowns: [\"src/x/**\"\n---\n# Bad\n",
    );
    r.stage();
    let out = r.specmoor(&["check"]);
    assert_code(&out, 2);
    let e = stderr(&out);
    assert!(e.starts_with("specmoor: could not check"), "{e}");
    assert!(
        e.contains("specs/bad.md:3:") || e.contains("specs/bad.md:4:"),
        "names the spec and the line of the bad YAML:\n{e}"
    );
}

#[test]
fn invalid_glob_in_spec_front_matter_cannot_be_checked() {
    let r = auth_repo();
    r.write(
        "specs/b.md",
        "---\nversion: 1.0.0\nowns: [\"src/[abc\"]\n---\n# B\n",
    );
    r.stage();
    let out = r.specmoor(&["check"]);
    assert_code(&out, 2);
    let e = stderr(&out);
    assert!(e.starts_with("specmoor: could not check"), "{e}");
    assert!(e.contains("specs/b.md:3") && e.contains("src/[abc"), "{e}");
}

#[test]
fn bad_arguments_exit_2() {
    let r = auth_repo();
    for args in [
        &["check", "--bogus"][..],
        &["check", "--head", "main"][..],
        &["check", "--staged", "--base", "main"][..],
        &["check", "--format", "xml"][..],
        &["-C", "no/such/dir", "check"][..],
        &[][..],
    ] {
        let out = r.specmoor(args);
        assert_code(&out, 2);
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
}

// ---------------------------------------------------------------------------
// Rule configuration, SM007 unowned, ignore
// ---------------------------------------------------------------------------

#[test]
fn unowned_paths_are_reported_when_enabled_and_ignored_paths_never_are() {
    let r = auth_repo_with(&[
        ("Cargo.lock", "# lock\n"),
        (".github/workflows/ci.yml", "on: push\n"),
        ("docs/notes.txt", "notes\n"),
    ]);
    let change_all = |r: &Repo| {
        touch_code(r, "src/main.rs");
        r.write("Cargo.lock", "# lock v2\n");
        r.write(".github/workflows/ci.yml", "on: pull_request\n");
        r.write("docs/notes.txt", "more notes\n");
        r.write(".gitignore", "target/\n");
        r.stage();
    };

    // off by default
    change_all(&r);
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    assert!(j.findings().is_empty(), "{j:#?}");

    r.config("ignore: [\"docs/\"]\nrules:\n  unowned: warn\n");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    assert_eq!(
        j.codes(),
        [("SM007".to_string(), "src/main.rs".to_string())],
        "{j:#?}"
    );
    let f = &j.findings()[0];
    assert_eq!(f["rule"], "unowned");
    assert_eq!(f["severity"], "warn");
    assert_eq!(f["spec"], Value::Null);
    assert_eq!(
        j["summary"],
        json!({"errors": 0, "warnings": 1, "waived": 0})
    );

    // by code, as an error
    r.config("ignore: [\"docs/\"]\nrules:\n  SM007: error\n");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(
        j.codes(),
        [("SM007".to_string(), "src/main.rs".to_string())],
        "{j:#?}"
    );
    assert_eq!(j.findings()[0]["severity"], "error");
    let out = r.specmoor(&["check"]);
    assert_code(&out, 1);
    let s = stdout(&out);
    assert!(s.contains("SM007") && s.contains("src/main.rs"), "{s}");
    assert!(!s.contains("Cargo.lock") && !s.contains("ci.yml"), "{s}");
}

#[test]
fn drift_severity_follows_the_rules_config_by_name_or_code() {
    let r = auth_repo();
    touch_code(&r, LOGIN);
    r.stage();
    r.config("rules:\n  drift: warn\n");
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
    assert_eq!(j.findings()[0]["severity"], "warn");

    r.config("rules:\n  SM001: off\n");
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    assert!(j.findings().is_empty(), "{j:#?}");
}

#[test]
fn ignored_paths_are_not_drift_even_under_an_owned_folder() {
    let r = auth_repo_with(&[(".specmoor.yml", "ignore: [\"src/auth/generated/**\"]\n")]);
    r.write("src/auth/generated/schema.rs", "// generated\n");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    assert!(j.findings().is_empty(), "{j:#?}");

    // not ignored: an added owned file is drift
    r.write("src/auth/token.rs", "fn token() {}\n");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(
        j.codes(),
        [("SM001".to_string(), "src/auth/token.rs".to_string())]
    );
}

#[test]
fn spec_globs_from_config_decide_what_is_a_spec() {
    let r = Repo::new();
    r.config("specs: [\"docs/**/*.md\"]\n")
        .write(
            "docs/design/auth.md",
            "---\nowns: [\"src/**\"]\n---\n# Auth\n\nText.\n",
        )
        .write("src/lib.rs", "fn f() {}\n");
    r.commit("initial");
    touch_code(&r, "src/lib.rs");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j.findings()[0]["spec"], "docs/design/auth.md");
    r.write(
        "docs/design/auth.md",
        "---\nowns: [\"src/**\"]\n---\n# Auth\n\nNew text.\n",
    );
    r.stage();
    assert_eq!(r.json(&["check"]).code, 0);
}

// ---------------------------------------------------------------------------
// SM011 dangling owners
// ---------------------------------------------------------------------------

#[test]
fn touched_spec_with_a_glob_matching_nothing_warns() {
    let r = auth_repo();
    r.write(
        "specs/ghost.md",
        "---\nowns:\n  - \"src/ghost/**\"\n---\n# Ghost\n",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "warnings do not fail: {j:#?}");
    let g = of(&j, "SM011");
    assert_eq!(g.len(), 1, "{j:#?}");
    assert_eq!(g[0]["rule"], "dangling-owner");
    assert_eq!(g[0]["severity"], "warn");
    assert_eq!(g[0]["spec"], "specs/ghost.md");
    assert_eq!(g[0]["line"], 3, "the line of the glob");
    assert!(
        g[0]["message"].as_str().unwrap().contains("src/ghost/**"),
        "{}",
        g[0]
    );
    assert_eq!(
        j["summary"],
        json!({"errors": 0, "warnings": 1, "waived": 0})
    );

    // with an error alongside, the exit code is 1
    touch_code(&r, LOGIN);
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(of(&j, "SM011").len(), 1);
    assert_eq!(of(&j, "SM001").len(), 1);
}

#[test]
fn moving_code_away_warns_only_about_the_globs_it_left_matching_nothing() {
    let r = Repo::new();
    r.config("");
    r.write(
        "specs/pay.md",
        "---\nowns:\n  - \"src/pay/**\"\n  - \"src/pay/old.rs\"\n  - \"src/legacy/**\"\n---\n# Pay\n",
    )
    .write("src/pay/a.rs", "fn a() {}\n")
    .write("src/pay/old.rs", "fn old() {}\n");
    r.commit("initial");
    std::fs::create_dir_all(r.path().join("src/other")).unwrap();
    r.git(&["mv", "src/pay/old.rs", "src/other/old.rs"]);
    let j = r.json(&["check"]);
    // `src/pay/**` still matches a.rs; `src/legacy/**` matched nothing before the
    // change either: only the glob the move emptied is this change's doing
    let g = of(&j, "SM011");
    assert_eq!(g.len(), 1, "{j:#?}");
    assert!(
        g[0]["message"]
            .as_str()
            .unwrap()
            .contains("`src/pay/old.rs`"),
        "{}",
        g[0]
    );
    assert_eq!(g[0]["line"], 4, "the line of the glob");
    // the same as a range, and `coverage` reports every glob that matches nothing
    let base = r.rev("HEAD");
    r.commit("move");
    let j = r.json(&["check", "--base", &base]);
    assert_eq!(of(&j, "SM011").len(), 1, "{j:#?}");
    let cov = r.json(&["coverage"]);
    let text = cov.v.to_string();
    assert!(
        text.contains("src/legacy/**") && text.contains("src/pay/old.rs"),
        "{text}"
    );
}

#[test]
fn touched_spec_owning_a_missing_section_warns() {
    let r = auth_repo();
    edit_spec(
        &r,
        "  FR-1: [\"src/auth/login.rs\"]",
        "  FR-9: [\"src/auth/login.rs\"]",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    let g = of(&j, "SM011");
    assert_eq!(g.len(), 1, "{j:#?}");
    assert_eq!(g[0]["section"], "FR-9");
    assert!(
        g[0]["message"].as_str().unwrap().contains("FR-9"),
        "{}",
        g[0]
    );
}

#[test]
fn deleting_a_spec_that_owned_paths_warns() {
    let r = auth_repo();
    r.git(&["rm", "-q", "specs/auth.md"]);
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    let g = of(&j, "SM011");
    assert_eq!(g.len(), 1, "{j:#?}");
    assert_eq!(g[0]["spec"], "specs/auth.md");
    assert!(
        g[0]["message"].as_str().unwrap().contains("src/auth/**"),
        "{}",
        g[0]
    );
    assert!(of(&j, "SM001").is_empty(), "{j:#?}");
}

#[test]
fn config_owner_naming_a_missing_spec_warns_when_the_config_changes() {
    let r = auth_repo();
    r.config("owners:\n  - spec: specs/nope.md\n    paths: [\"src/main.rs\"]\n");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    let g = of(&j, "SM011");
    assert_eq!(g.len(), 1, "{j:#?}");
    assert_eq!(g[0]["path"], ".specmoor.yml");
    // the owner entry spans lines 2 (`spec:`) and 3 (`paths:`)
    let line = g[0]["line"].as_u64().expect("a line");
    assert!((2..=3).contains(&line), "{}", g[0]);
    assert!(
        g[0]["message"].as_str().unwrap().contains("specs/nope.md"),
        "{}",
        g[0]
    );
}

// ---------------------------------------------------------------------------
// Folder units (spec-kit layout)
// ---------------------------------------------------------------------------

#[test]
fn folder_unit_counts_any_document_of_the_folder_as_the_spec() {
    let r = Repo::new();
    r.config("unit: folder\n")
        .write(
            "specs/001-auth/spec.md",
            "---\nowns: [\"src/auth/**\"]\n---\n# Auth\n\nUsers log in.\n",
        )
        .write("specs/001-auth/plan.md", "# Plan\n\nStep one.\n")
        .write(LOGIN, "fn login() {}\n");
    r.commit("initial");

    touch_code(&r, LOGIN);
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
    assert_eq!(j.findings()[0]["spec"], "specs/001-auth");

    r.write("specs/001-auth/plan.md", "# Plan\n\nStep one, then two.\n");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "editing plan.md touches the folder spec: {j:#?}");
    assert!(j.findings().is_empty());
}

// ---------------------------------------------------------------------------
// Spec renames
// ---------------------------------------------------------------------------

#[test]
fn renaming_a_spec_without_editing_it_does_not_satisfy_its_owners() {
    let r = auth_repo();
    r.git(&["mv", "specs/auth.md", "specs/login.md"]);
    touch_code(&r, LOGIN);
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(
        j.code, 1,
        "content unchanged, so the spec did not change: {j:#?}"
    );
    let d = of(&j, "SM001");
    assert_eq!(d.len(), 1, "{j:#?}");
    assert_eq!(d[0]["path"], LOGIN);
    assert_eq!(d[0]["spec"], "specs/login.md");
}

#[test]
fn renaming_a_spec_is_not_reported_as_a_deleted_spec() {
    let r = auth_repo();
    r.git(&["mv", "specs/auth.md", "specs/login.md"]);
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{j:#?}");
    // the renamed spec still owns src/auth/** at its new path
    assert!(of(&j, "SM011").is_empty(), "{j:#?}");
}

// ---------------------------------------------------------------------------
// Bare repositories (CI mirrors)
// ---------------------------------------------------------------------------

fn bare_with_feature() -> (Repo, std::path::PathBuf) {
    let r = auth_repo();
    r.git(&["checkout", "-q", "-b", "feature"]);
    touch_code(&r, LOGIN);
    r.commit("code only");
    r.git(&["checkout", "-q", "main"]);
    let bare = r.sibling("bare.git");
    r.git(&["clone", "-q", "--bare", ".", bare.to_str().unwrap()]);
    (r, bare)
}

#[test]
fn bare_repository_range_is_checked() {
    let (r, bare) = bare_with_feature();
    let j = Json::from_output(r.specmoor_in(
        &bare,
        &[
            "check", "--base", "main", "--head", "feature", "--format", "json",
        ],
    ));
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j.codes(), [("SM001".to_string(), LOGIN.to_string())]);
}

#[test]

fn bare_repository_staged_check_reports_no_phantom_deletions() {
    let (r, bare) = bare_with_feature();
    let out = r.specmoor_in(&bare, &["check", "--format", "json"]);
    // there is nothing staged in a repository without a work tree: either the
    // check cannot be made (exit 2, like `git diff --cached`), or it finds nothing
    if code(&out) != 2 {
        let j = Json::from_output(out);
        assert_eq!(j.code, 0, "{j:#?}");
        assert!(j.findings().is_empty(), "{j:#?}");
    }
}

// ---------------------------------------------------------------------------
// Odd paths and odd index states
// ---------------------------------------------------------------------------

#[test]
fn paths_with_spaces_and_unicode_are_reported_verbatim() {
    let r = auth_repo();
    let odd = "src/auth/mé file.rs";
    r.write(odd, "fn odd() {}\n");
    r.commit("odd file");
    r.write(odd, "fn odd() { /* changed */ }\n");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{j:#?}");
    assert_eq!(j.codes(), [("SM001".to_string(), odd.to_string())]);
    let out = r.specmoor(&["check"]);
    assert_code(&out, 1);
    assert!(stdout(&out).contains(odd), "{}", stdout(&out));
}

#[test]
fn conflicted_index_is_checked_without_crashing() {
    let r = auth_repo();
    r.git(&["checkout", "-q", "-b", "other"]);
    r.write(LOGIN, "fn login() { other() }\n");
    r.commit("other");
    r.git(&["checkout", "-q", "main"]);
    r.write(LOGIN, "fn login() { mine() }\n");
    r.commit("mine");
    let out = r.git_output(&["merge", "-q", "other"]);
    assert!(!out.status.success(), "the merge must conflict");
    assert!(r.path().join(".git/MERGE_HEAD").exists());

    let j = r.json(&["check"]);
    assert!(j.code == 0 || j.code == 1, "exit {}: {}", j.code, j.stderr);
    assert!(!j.stderr.contains("internal error"), "{}", j.stderr);
    // the conflicted owned path must not be silently skipped
    assert_eq!(
        j.codes(),
        [("SM001".to_string(), LOGIN.to_string())],
        "{j:#?}"
    );
    let out = r.specmoor(&["check"]);
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
}

// --- SHA-256 repositories (ROBUSTNESS B4) ----------------------------------

#[test]
fn sha256_repository_checks_staged_changes_and_ranges_alike() {
    let r = Repo::bare_dir("repo");
    r.git(&["init", "-q", "--object-format=sha256"]);
    r.config("")
        .write("specs/auth.md", AUTH_SPEC)
        .write("src/auth/login.rs", "fn login() {}\n");
    let base = r.commit("initial");
    assert_eq!(base.len(), 64, "a sha256 repository");
    r.write("src/auth/login.rs", "fn login() { /* changed */ }\n");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    assert_eq!(
        j.codes(),
        [("SM001".to_string(), "src/auth/login.rs".to_string())]
    );
    assert_eq!(j.v["base"], base.as_str());
    r.commit("code only");
    let j = r.json(&["check", "--base", &base]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    assert_eq!(j.v["head"].as_str().unwrap().len(), 64);
}

// --- the staged diff agrees with git (cache-tree skipping included) --------

/// Paths `git diff --cached --no-renames` reports, both sides.
fn git_staged_paths(r: &Repo) -> Vec<String> {
    let out = r.git(&[
        "-c",
        "core.quotePath=false",
        "diff",
        "--cached",
        "--no-renames",
        "--name-only",
    ]);
    let mut v: Vec<String> = out.lines().map(|l| l.to_string()).collect();
    v.sort();
    v
}

/// The paths findings name (sorted, once each): with SM007 as an error and no
/// specs, every changed path.
fn reported_paths(r: &Repo, args: &[&str]) -> Vec<String> {
    let j = r.json(args);
    let mut got: Vec<String> = j.codes().into_iter().map(|(_, p)| p).collect();
    got.sort();
    got.dedup();
    assert!(j.code != 2 && j.code != 101, "{:#}\n{}", j.v, j.stderr);
    got
}

/// Every kind of change in some folders of the nested test tree (others untouched):
/// a deep edit, a deletion, a rename, a folder become a file and a file a folder, a
/// new deep folder.
fn nested_changes(r: &Repo) {
    r.write("a/b/c/file0.txt", "changed\n");
    r.git(&["rm", "-q", "a/b/file1.txt"]);
    r.git(&["mv", "d/file0.txt", "d/renamed.txt"]);
    r.git(&["rm", "-q", "-r", "e"]);
    r.write("e", "a file where a folder was\n");
    r.git(&["rm", "-q", "top.txt"]);
    r.write("top.txt/inside.txt", "a folder where a file was\n");
    r.write("new/deep/x.txt", "new\n");
}

/// Paths `git diff --no-renames BASE HEAD` reports, both sides.
fn git_range_changes(r: &Repo, base: &str) -> Vec<String> {
    let out = r.git(&[
        "-c",
        "core.quotePath=false",
        "diff",
        "--no-renames",
        "--name-only",
        base,
        "HEAD",
    ]);
    let mut v: Vec<String> = out.lines().map(|l| l.to_string()).collect();
    v.sort();
    v
}

#[test]
fn range_diff_matches_git_across_nested_changes() {
    let r = Repo::new();
    r.write(
        ".specmoor.yml",
        "ignore: []\nrules:\n  SM007: error\n  SM011: off\n",
    );
    // folders at several depths, names that sort around `/` (`a-b`, `a.b`, `a0`)
    for d in [
        "a", "a/b", "a/b/c", "a-b", "a.b", "a0", "d", "e/f", "g", "h/i/j/k",
    ] {
        for n in 0..3 {
            r.write(&format!("{d}/file{n}.txt"), &format!("{d} {n}\n"));
        }
    }
    r.write("top.txt", "top\n")
        .write("a.txt", "a\n")
        .write("run.sh", "echo\n");
    std::os::unix::fs::symlink("top.txt", r.path().join("link")).unwrap();
    let base = r.commit("base");
    nested_changes(&r);
    r.write("a-b/file1.txt", "changed\n");
    r.git(&["rm", "-q", "-r", "h"]);
    r.git(&["update-index", "--chmod=+x", "run.sh"]);
    std::fs::remove_file(r.path().join("link")).unwrap();
    std::os::unix::fs::symlink("a.txt", r.path().join("link")).unwrap();
    r.commit("head");
    let want = git_range_changes(&r, &base);
    assert_eq!(
        reported_paths(&r, &["check", "--base", &base, "--head", "HEAD"]),
        want
    );
}

#[test]
fn staged_diff_matches_git_across_nested_changes() {
    let r = Repo::new();
    // no specs: with SM007 as an error every changed path is a finding
    r.write(
        ".specmoor.yml",
        "ignore: []\nrules:\n  SM007: error\n  SM011: off\n",
    );
    for d in ["a", "a/b", "a/b/c", "d", "e/f", "g"] {
        for n in 0..3 {
            r.write(&format!("{d}/file{n}.txt"), &format!("{d} {n}\n"));
        }
    }
    r.write("top.txt", "top\n");
    r.commit("base"); // writes a valid cache-tree
                      // every kind of change, in some folders; others stay untouched (skipped)
    nested_changes(&r);
    r.stage();
    let want = git_staged_paths(&r);
    assert_eq!(reported_paths(&r, &["check"]), want);
    // and once more after a commit with a partly invalid cache-tree
    r.commit("second");
    r.write("g/file2.txt", "g changed\n");
    r.write("a/new.txt", "a new\n");
    r.stage();
    let want = git_staged_paths(&r);
    assert_eq!(reported_paths(&r, &["check"]), want);
}
