//! `specmoor audit` judges every commit exactly as `check --config CONFIG --base C^
//! --head C` does (specs/adoption.md AD-5): for each commit of the audit's histories
//! (the suite's fixtures in tests/cases/audit/lib.sh, reused here), the findings and
//! the verdict are compared with a separate `check` run.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Build a history with the audit suite's shell helpers (`tests/cases/audit/lib.sh`).
fn history(script: &str) -> Repo {
    let r = Repo::bare_dir("repo");
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    std::fs::write(
        r.home().join(".gitconfig"),
        "[init]\n\tdefaultBranch = main\n[core]\n\tautocrlf = false\n",
    )
    .expect("gitconfig");
    let mut cmd = Command::new("bash");
    scrub(&mut cmd, &r.home());
    cmd.current_dir(r.path())
        .env("CASES", &cases)
        .env("ROOT", r.path().parent().expect("root"))
        .env("SPECMOOR", specmoor_bin())
        .env("XDG_CACHE_HOME", r.home().join(".cache"))
        .arg("-c")
        .arg(format!(
            "set -euo pipefail\n. \"$CASES/lib.sh\"\n. \"$CASES/audit/lib.sh\"\n{script}\n"
        ));
    run_ok(&mut cmd);
    r
}

/// Every judged commit of `audit ARGS --format json`: its findings and verdict are
/// the ones `check` gives for the same commit and config.
fn audit_agrees_with_check(r: &Repo, args: &[&str]) -> usize {
    let a = r.json(&[&["audit"], args].concat());
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a["schema"], "specmoor.audit/1");
    let mut compared = 0;
    for c in a["commits"].as_array().expect("commits") {
        let id = c["id"].as_str().expect("id");
        let Some(base) = c["base"].as_str() else {
            assert_eq!(c["verdict"], "skipped", "{c}");
            continue;
        };
        let check = r.json(&[
            "check",
            "--config",
            ".specmoor.yml",
            "--base",
            base,
            "--head",
            id,
        ]);
        assert_eq!(
            c["findings"], check["findings"],
            "commit {id} ({}): audit and check disagree",
            c["subject"]
        );
        let verdict = if check.code == 1 { "fail" } else { "pass" };
        assert_ne!(check.code, 2, "{}", check.stderr);
        assert_eq!(c["verdict"], verdict, "commit {id}");
        assert_eq!(c["summary"], check["summary"], "commit {id}");
        compared += 1;
    }
    compared
}

#[test]
fn every_commit_is_judged_as_check_judges_it() {
    let r = history("audit_history");
    // drift, a passing spec-and-code commit, a version bump missing, a generated
    // edit, a waived refactor, an unowned script
    assert_eq!(audit_agrees_with_check(&r, &[]), 6);
    assert_eq!(audit_agrees_with_check(&r, &["--last", "3"]), 3);
    let a = r.json(&["audit"]);
    let verdicts: Vec<&str> = a["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(
        verdicts,
        ["pass", "pass", "fail", "fail", "pass", "fail", "skipped"]
    );
}

#[test]
fn merges_are_judged_against_their_first_parent_as_check_judges_them() {
    let r = history(
        r#"audit_history
git checkout -q -b feature HEAD~2
write src/auth/login.rs 'fn login() { remember(7); }
'
at_commit "login: back to a week"
git checkout -q main
tick
git merge -q --no-ff -m "Merge feature" feature
write specs/api.md "$(api_spec)
More."
at_commit "api spec: more""#,
    );
    for args in [&[][..], &["--first-parent"], &["--merges"]] {
        assert!(audit_agrees_with_check(&r, args) > 0, "{args:?}");
    }
    let m = r.json(&["audit", "--merges"]);
    let commits = m["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 1);
    assert_eq!(commits[0]["merge"], Value::Bool(true));
}

#[test]
fn a_missing_parent_in_a_shallow_clone_cannot_be_audited() {
    let r = history("audit_history");
    let clone = r.sibling("shallow");
    let url = format!("file://{}", r.path().display());
    r.git(&["clone", "-q", "--depth", "2", &url, clone.to_str().unwrap()]);
    let out = r.specmoor_in(&clone, &["audit", "--last", "5"]);
    assert_code(&out, 2);
    let e = stderr(&out);
    assert!(e.contains("is not in this repository"), "{e}");
    assert!(e.contains("shallow clone"), "{e}");
    assert!(e.contains("--unshallow"), "{e}");
    // the commits whose parents are there are audited
    let out = r.specmoor_in(&clone, &["audit", "--last", "1"]);
    assert_code(&out, 0);
}
