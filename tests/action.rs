//! The GitHub Action's logic, `action/entrypoint.sh`, run outside GitHub: an
//! "origin" repository with real branches, a bare mirror of it as the remote, and
//! shallow workspaces cloned from it the way actions/checkout does, driven by
//! real-shaped event payloads.

mod common;
use common::*;

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

const CONFIG: &str = "rules:\n  SM002: off\n  SM003: off\n  SM008: off\n";
const LOGIN: &str = "src/auth/login.rs";
const ZERO: &str = "0000000000000000000000000000000000000000";
const LABEL: &str = "specmoor:waive";

fn entrypoint() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("action/entrypoint.sh")
}

/// The origin repository, its bare mirror (the remote), and the commits of note.
///
/// ```text
/// main:     c0 (v0.1.0) - c1 (v1.0.0) - c2 - c3 - c4            (c4 edits README line 1)
/// drift:                                 c3 - login.rs - notes - notes   (tip: v1.1.0)
/// clean:                                 c3 - login.rs + spec - notes
/// docs:                                  c3 - docs/guide.md
/// conflict:                              c3 - README line 1 + login.rs (conflicts with c4)
/// refs/pull/1/merge = main + drift, refs/pull/2/merge = main + clean (--no-ff)
/// ```
struct Fx {
    origin: Repo,
    bare: PathBuf,
    c: Vec<String>,
    main: String,
    drift: String,
    clean: String,
    docs: String,
    conflict: String,
    merge_drift: String,
    merge_clean: String,
    /// A real commit the remote never had (a force-pushed-away tip).
    gone: String,
}

fn fixture() -> Fx {
    fixture_with(&[])
}

/// The fixture, with extra branches: `(name, files)` committed on top of c3.
fn fixture_with(extra: &[(&str, &[(&str, &str)])]) -> Fx {
    let o = Repo::new();
    o.write(".specmoor.yml", CONFIG)
        .write("ci/lenient.yml", &format!("{CONFIG}  drift: warn\n"))
        .write("specs/auth.md", AUTH_SPEC)
        .write(LOGIN, "fn login() {}\n")
        .write("src/auth/logout.rs", "fn logout() {}\n")
        .write("README.md", "line one\nline two\n");
    let mut c = vec![o.commit("c0")];
    o.git(&["tag", "-a", "-m", "first", "v0.1.0"]);
    for i in 1..=3 {
        o.write("notes/main.txt", &format!("{i}\n"));
        c.push(o.commit(&format!("c{i}")));
        if i == 1 {
            o.git(&["tag", "-a", "-m", "release 1.0.0", "v1.0.0"]);
        }
    }
    let branch = |name: &str, files: &[(&str, &str)], msg: &str| -> String {
        o.git(&["checkout", "-q", "-B", name, &c[3]]);
        for (p, t) in files {
            o.write(p, t);
        }
        o.commit(msg)
    };
    branch("drift", &[(LOGIN, "fn login() { /* v2 */ }\n")], "login v2");
    o.write("notes/drift.txt", "1\n");
    o.commit("drift notes 1");
    o.write("notes/drift.txt", "2\n");
    let drift = o.commit("drift notes 2");
    o.git(&["tag", "-a", "-m", "release 1.1.0", "v1.1.0"]);

    branch(
        "clean",
        &[
            (LOGIN, "fn login() { /* passkey */ }\n"),
            (
                "specs/auth.md",
                &AUTH_SPEC.replace("with a password", "with a passkey"),
            ),
        ],
        "login with passkey, spec too",
    );
    o.write("notes/clean.txt", "1\n");
    let clean = o.commit("clean notes");
    let docs = branch("docs", &[("docs/guide.md", "# Guide\n")], "guide");
    let conflict = branch(
        "conflict",
        &[
            ("README.md", "line ONE from the branch\nline two\n"),
            (LOGIN, "fn login() { /* conflict */ }\n"),
        ],
        "conflicting change",
    );
    for (name, files) in extra {
        branch(name, files, &format!("branch {name}"));
    }
    o.git(&["checkout", "-q", "main"]);
    o.write("README.md", "line 1 from main\nline two\n");
    let main = o.commit("c4");

    let merge = |branch: &str, pr: u32| -> String {
        o.git(&["checkout", "-q", "--detach", "main"]);
        o.git(&["merge", "-q", "--no-ff", "--no-edit", branch]);
        let sha = o.rev("HEAD");
        o.git(&["update-ref", &format!("refs/pull/{pr}/merge"), &sha]);
        o.git(&["update-ref", &format!("refs/pull/{pr}/head"), branch]);
        sha
    };
    let merge_drift = merge("drift", 1);
    let merge_clean = merge("clean", 2);
    o.git(&["checkout", "-q", "main"]);
    let gone = o
        .git(&[
            "commit-tree",
            "-p",
            &main,
            "-m",
            "gone",
            &format!("{main}^{{tree}}"),
        ])
        .trim()
        .to_string();

    // through file://, so only reachable objects travel (a local clone would copy
    // the object store, `gone` included)
    let bare = o.sibling("remote.git");
    let url = format!("file://{}", o.path().display());
    o.git(&["clone", "-q", "--mirror", &url, bare.to_str().unwrap()]);
    o.git_in(&bare, &["cat-file", "-e", &format!("{drift}^{{commit}}")]);
    assert!(
        !o.git_in(&bare, &["cat-file", "--batch-check", "--batch-all-objects"])
            .contains(&gone),
        "the remote must not have {gone}"
    );
    Fx {
        origin: o,
        bare,
        c,
        main,
        drift,
        clean,
        docs,
        conflict,
        merge_drift,
        merge_clean,
        gone,
    }
}

static SEQ: AtomicUsize = AtomicUsize::new(0);

fn unique(fx: &Fx, what: &str) -> PathBuf {
    fx.origin
        .sibling(&format!("{what}-{}", SEQ.fetch_add(1, Ordering::Relaxed)))
}

impl Fx {
    fn url(&self) -> String {
        format!("file://{}", self.bare.display())
    }

    fn git_in(&self, dir: &Path, args: &[&str]) -> String {
        self.origin.git_in(dir, args)
    }

    /// `git clone ARGS file://<bare> <new dir>`, e.g. `--depth 1 -b drift`.
    fn clone(&self, args: &[&str]) -> PathBuf {
        let ws = unique(self, "ws");
        let mut all = vec!["clone", "-q"];
        all.extend(args);
        let url = self.url();
        all.push(&url);
        all.push(ws.to_str().unwrap());
        self.git_in(&self.origin.sibling(""), &all);
        ws
    }

    /// Like actions/checkout on a pull request: the test merge commit
    /// `refs/pull/N/merge`, fetched at `depth`, checked out detached.
    fn checkout_merge(&self, pr: u32, depth: u32) -> PathBuf {
        let ws = self.clone(&["--depth", "1"]);
        let d = format!("--depth={depth}");
        let spec = format!("+refs/pull/{pr}/merge:refs/remotes/pull/{pr}/merge");
        self.git_in(&ws, &["fetch", "-q", "--no-tags", &d, "origin", &spec]);
        self.git_in(
            &ws,
            &[
                "checkout",
                "-q",
                "--detach",
                &format!("refs/remotes/pull/{pr}/merge"),
            ],
        );
        ws
    }

    fn pr_payload(&self, base: &str, head: &str) -> Value {
        json!({
            "action": "synchronize",
            "number": 1,
            "pull_request": {
                "number": 1,
                "title": "Change login",
                "body": "",
                "base": { "ref": "main", "sha": base },
                "head": { "ref": "drift", "sha": head },
                "labels": []
            },
            "repository": { "full_name": "acme/app", "default_branch": "main" },
            "sender": { "login": "bob" }
        })
    }

    fn push_payload(&self, git_ref: &str, before: &str, after: &str) -> Value {
        json!({
            "ref": git_ref,
            "before": before,
            "after": after,
            "created": before == ZERO,
            "deleted": false,
            "forced": false,
            "base_ref": null,
            "repository": { "full_name": "acme/app", "default_branch": "main" },
            "pusher": { "name": "bob" },
            "sender": { "login": "bob" }
        })
    }
}

/// One run of the entrypoint.
struct Run {
    out: Output,
    /// `GITHUB_OUTPUT` as key/value pairs.
    outputs: BTreeMap<String, String>,
    /// `GITHUB_STEP_SUMMARY` content ("" when not written).
    summary: String,
    /// Where the report was to go.
    report_path: PathBuf,
}

impl Run {
    fn code(&self) -> i32 {
        code(&self.out)
    }
    fn stdout(&self) -> String {
        stdout(&self.out)
    }
    fn stderr(&self) -> String {
        stderr(&self.out)
    }
    fn report(&self) -> Value {
        let text = std::fs::read_to_string(&self.report_path)
            .unwrap_or_else(|e| panic!("no report ({e})\n{}", self.both()));
        serde_json::from_str(&text).expect("report is JSON")
    }
    fn both(&self) -> String {
        format!(
            "exit {:?}\nstdout:\n{}\nstderr:\n{}",
            self.out.status,
            self.stdout(),
            self.stderr()
        )
    }
    #[track_caller]
    fn assert_code(&self, want: i32) {
        assert_eq!(self.code(), want, "{}", self.both());
    }
}

/// Run `bash action/entrypoint.sh` in `ws` for `event` with `payload`; `env` adds
/// inputs (`INPUT_*`) and other variables.
fn action(fx: &Fx, ws: &Path, event: &str, payload: &Value, env: &[(&str, &str)]) -> Run {
    let temp = unique(fx, "runner-temp");
    std::fs::create_dir_all(&temp).unwrap();
    action_in(fx, &temp, ws, event, payload, env)
}

/// [`action`] with a given `RUNNER_TEMP` (shared by the steps of one job).
fn action_in(
    fx: &Fx,
    temp: &Path,
    ws: &Path,
    event: &str,
    payload: &Value,
    env: &[(&str, &str)],
) -> Run {
    let event_path = unique(fx, "event");
    std::fs::write(&event_path, serde_json::to_vec_pretty(payload).unwrap()).unwrap();
    let output = unique(fx, "github-output");
    let summary = unique(fx, "step-summary");

    let mut cmd = Command::new("bash");
    scrub(&mut cmd, &fx.origin.home());
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        if ["GITHUB_", "INPUT_", "RUNNER_", "SPECMOOR"]
            .iter()
            .any(|p| k.starts_with(p))
        {
            cmd.env_remove(k);
        }
    }
    cmd.arg(entrypoint())
        .current_dir(ws)
        .env("GITHUB_EVENT_NAME", event)
        .env("GITHUB_EVENT_PATH", &event_path)
        .env("GITHUB_WORKSPACE", ws)
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("RUNNER_TEMP", temp)
        .env("SPECMOOR", specmoor_bin());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("spawn bash");
    let outputs = std::fs::read_to_string(&output)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Run {
        out,
        outputs,
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
        report_path: temp.join("specmoor-report.json"),
    }
}

/// The outputs of a completed check.
#[track_caller]
fn assert_outputs(run: &Run, errors: u32, warnings: u32, exit: i32) {
    let want: BTreeMap<String, String> = [
        ("errors", errors.to_string()),
        ("warnings", warnings.to_string()),
        ("report", run.report_path.display().to_string()),
        ("exit-code", exit.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(run.outputs, want, "{}", run.both());
}

/// The specmoor summary line is printed.
#[track_caller]
fn assert_summary_line(run: &Run) {
    assert!(
        run.stdout()
            .lines()
            .any(|l| l.starts_with("specmoor: ") && l.contains(" error") && l.contains(" warning")),
        "{}",
        run.both()
    );
}

/// `base`/`head` of the JSON report the action wrote.
fn range(run: &Run) -> (String, String) {
    let r = run.report();
    (
        r["base"].as_str().unwrap_or("").to_string(),
        r["head"].as_str().unwrap_or("").to_string(),
    )
}

fn finding_paths(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["code"].as_str().unwrap(),
                f["path"].as_str().unwrap_or("")
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------
// pull_request
// ---------------------------------------------------------------------------

#[test]
fn pr_test_merge_commit_is_judged_against_its_first_parent() {
    let fx = fixture();
    let ws = fx.checkout_merge(1, 2);
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &fx.pr_payload(&fx.main, &fx.drift),
        &[],
    );
    run.assert_code(1);
    assert_eq!(
        range(&run),
        (fx.main.clone(), fx.merge_drift.clone()),
        "HEAD^1..HEAD\n{}",
        run.both()
    );
    assert_eq!(finding_paths(&run.report()), [format!("SM001 {LOGIN}")]);
    assert_outputs(&run, 1, 0, 1);
    assert!(
        run.stdout()
            .lines()
            .any(|l| l.starts_with("::error file=src/auth/login.rs,")),
        "{}",
        run.both()
    );
    assert_summary_line(&run);
    assert!(
        run.summary.starts_with("## specmoor ❌ failed: 1 error"),
        "{}",
        run.summary
    );

    // the same for pull_request_target
    let run = action(
        &fx,
        &ws,
        "pull_request_target",
        &fx.pr_payload(&fx.main, &fx.drift),
        &[],
    );
    run.assert_code(1);
    assert_eq!(range(&run), (fx.main.clone(), fx.merge_drift.clone()));
}

#[test]
fn pr_test_merge_commit_in_a_depth_1_checkout_is_recognised() {
    let fx = fixture();
    let ws = fx.checkout_merge(1, 1);
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &fx.pr_payload(&fx.main, &fx.drift),
        &[],
    );
    run.assert_code(1);
    assert_eq!(
        range(&run),
        (fx.main.clone(), fx.merge_drift.clone()),
        "HEAD^1..HEAD\n{}",
        run.both()
    );
}

#[test]
fn a_merge_commit_of_another_head_is_not_taken_for_the_test_merge_commit() {
    // HEAD is a merge whose second parent is not pull_request.head.sha (the PR
    // moved on since): the PR's base and head SHAs decide
    let fx = fixture();
    let ws = fx.checkout_merge(1, 2);
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &fx.pr_payload(&fx.main, &fx.docs),
        &[],
    );
    run.assert_code(0);
    assert_eq!(range(&run), (fx.c[3].clone(), fx.docs.clone()));
}

#[test]
fn pr_clean_merge_passes_with_outputs_and_summary() {
    let fx = fixture();
    let ws = fx.checkout_merge(2, 2);
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &fx.pr_payload(&fx.main, &fx.clean),
        &[],
    );
    run.assert_code(0);
    assert_eq!(range(&run), (fx.main.clone(), fx.merge_clean.clone()));
    assert_eq!(run.report()["findings"], json!([]));
    assert_outputs(&run, 0, 0, 0);
    assert_summary_line(&run);
    assert!(!run.stdout().contains("::error"), "{}", run.both());
    assert!(
        run.summary.starts_with("## specmoor ✅ passed"),
        "{}",
        run.summary
    );
}

#[test]
fn pr_without_merge_commit_checks_base_to_head_from_their_merge_base() {
    // a pull request with conflicts has no test merge commit: the workspace holds
    // the PR head, shallow; the base branch has moved on since the branch point
    let fx = fixture();
    let ws = fx.clone(&["--depth", "1", "-b", "conflict"]);
    assert_eq!(
        fx.git_in(&ws, &["rev-parse", "--is-shallow-repository"])
            .trim(),
        "true"
    );
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &fx.pr_payload(&fx.main, &fx.conflict),
        &[],
    );
    run.assert_code(1);
    assert_eq!(
        range(&run),
        (fx.c[3].clone(), fx.conflict.clone()),
        "merge-base(base.sha, head.sha)..head.sha\n{}",
        run.both()
    );
    assert_eq!(finding_paths(&run.report()), [format!("SM001 {LOGIN}")]);
    assert_outputs(&run, 1, 0, 1);
    assert!(run.summary.contains("❌ failed"), "{}", run.summary);
}

#[test]
fn shallow_workspace_is_deepened_and_gives_the_full_clone_result() {
    let fx = fixture();
    for (branch, tip, want) in [("drift", &fx.drift, 1), ("clean", &fx.clean, 0)] {
        let ws = fx.clone(&["--depth", "1", "-b", branch]);
        let run = action(&fx, &ws, "pull_request", &fx.pr_payload(&fx.main, tip), &[]);
        run.assert_code(want);
        // what a full clone says
        let full = fx
            .origin
            .json(&["check", "--base", &fx.main, "--head", tip]);
        assert_eq!(full.code, want);
        let report = run.report();
        assert_eq!(report["base"], full["base"], "{}", run.both());
        assert_eq!(report["base"], fx.c[3].as_str());
        assert_eq!(report["head"], full["head"]);
        assert_eq!(report["findings"], full["findings"]);
        assert_eq!(report["summary"], full["summary"]);
        assert_outputs(&run, want as u32, 0, want);
    }
}

#[test]
fn pr_touching_nothing_owned_still_reports() {
    let fx = fixture();
    let ws = fx.clone(&["--depth", "1", "-b", "docs"]);
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &fx.pr_payload(&fx.main, &fx.docs),
        &[],
    );
    run.assert_code(0);
    assert_eq!(range(&run), (fx.c[3].clone(), fx.docs.clone()));
    assert_outputs(&run, 0, 0, 0);
    assert_summary_line(&run);
    assert!(
        run.summary.starts_with("## specmoor ✅ passed"),
        "{}",
        run.summary
    );
}

#[test]
fn history_that_cannot_be_fetched_fails_naming_fetch_depth() {
    let fx = fixture();
    // both tips are here, the history between them is not, the remote is gone
    let ws = fx.clone(&["--depth", "1", "--no-single-branch"]);
    fx.git_in(
        &ws,
        &["cat-file", "-e", &format!("{}^{{commit}}", fx.drift)],
    );
    fx.git_in(&ws, &["cat-file", "-e", &format!("{}^{{commit}}", fx.main)]);
    let nowhere = fx.origin.sibling("no-such-remote.git");
    fx.git_in(
        &ws,
        &["remote", "set-url", "origin", nowhere.to_str().unwrap()],
    );
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &fx.pr_payload(&fx.main, &fx.drift),
        &[],
    );
    run.assert_code(2);
    assert!(run.stderr().contains("fetch-depth: 0"), "{}", run.both());
    assert!(
        run.stderr()
            .lines()
            .chain(run.stdout().lines())
            .any(|l| l.starts_with("::error ")),
        "{}",
        run.both()
    );
    assert!(!run.outputs.contains_key("errors") || run.outputs["errors"] != "0");

    // a commit of the range is missing and there is no remote at all
    let ws = fx.clone(&["--depth", "1", "-b", "drift"]);
    fx.git_in(&ws, &["remote", "remove", "origin"]);
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &fx.pr_payload(&fx.main, &fx.drift),
        &[],
    );
    run.assert_code(2);
    assert!(run.stderr().contains("fetch-depth: 0"), "{}", run.both());
}

#[test]
fn fetch_remote_can_be_named() {
    let fx = fixture();
    let ws = fx.clone(&["--depth", "1", "-b", "drift", "-o", "upstream"]);
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &fx.pr_payload(&fx.main, &fx.drift),
        &[("SPECMOOR_FETCH_REMOTE", "upstream")],
    );
    run.assert_code(1);
    assert_eq!(range(&run), (fx.c[3].clone(), fx.drift.clone()));
}

#[test]
fn config_and_sarif_inputs_are_used() {
    let fx = fixture();
    let ws = fx.clone(&["--depth", "1", "-b", "drift"]);
    let sarif = unique(&fx, "results.sarif");
    let sarif_s = sarif.to_str().unwrap();
    let payload = fx.pr_payload(&fx.main, &fx.drift);
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &payload,
        &[("INPUT_SARIF_FILE", sarif_s)],
    );
    run.assert_code(1);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        LOGIN
    );

    // a config that makes drift a warning
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &payload,
        &[("INPUT_CONFIG", "ci/lenient.yml")],
    );
    run.assert_code(0);
    assert_outputs(&run, 0, 1, 0);
    assert!(
        run.stdout()
            .lines()
            .any(|l| l.starts_with("::warning file=src/auth/login.rs,")),
        "{}",
        run.both()
    );
}

// ---------------------------------------------------------------------------
// Waiver label
// ---------------------------------------------------------------------------

fn labeled(fx: &Fx, labels: &[&str], action_name: &str, label: Option<&str>) -> Value {
    let mut p = fx.pr_payload(&fx.main, &fx.drift);
    p["action"] = json!(action_name);
    p["pull_request"]["labels"] = json!(labels
        .iter()
        .map(|l| json!({"id": 1, "name": l, "color": "ededed"}))
        .collect::<Vec<_>>());
    if let Some(l) = label {
        p["label"] = json!({"id": 1, "name": l});
    }
    p["sender"] = json!({"login": "alice"});
    p
}

#[test]
fn waive_label_set_now_waives_all_findings_and_names_who() {
    let fx = fixture();
    let ws = fx.clone(&["--depth", "1", "-b", "drift"]);
    let p = labeled(&fx, &["bug", LABEL], "labeled", Some(LABEL));
    let run = action(&fx, &ws, "pull_request", &p, &[]);
    run.assert_code(0);
    let report = run.report();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report:#}");
    assert_eq!(
        findings[0]["waived"],
        json!({
            "by": "label specmoor:waive (set by @alice)",
            "reason": "the pull request carries the `specmoor:waive` label"
        })
    );
    assert_eq!(
        report["summary"],
        json!({"errors": 0, "warnings": 0, "waived": 1})
    );
    assert_outputs(&run, 0, 0, 0);
    assert!(
        run.stdout()
            .lines()
            .any(|l| l.starts_with("::notice file=src/auth/login.rs,")),
        "{}",
        run.both()
    );
    assert!(!run.stdout().contains("::error"), "{}", run.both());

    // a later push to the labelled PR: still waived, but nobody named as setting it now
    let p = labeled(&fx, &[LABEL], "synchronize", None);
    let run = action(&fx, &ws, "pull_request", &p, &[]);
    run.assert_code(0);
    let by = run.report()["findings"][0]["waived"]["by"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(by.starts_with("label specmoor:waive"), "{by}");
    assert!(!by.contains("@alice"), "{by}");

    // another label being added does not name its sender as the waiver's
    let p = labeled(&fx, &[LABEL, "bug"], "labeled", Some("bug"));
    let run = action(&fx, &ws, "pull_request", &p, &[]);
    run.assert_code(0);
    let by = run.report()["findings"][0]["waived"]["by"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!by.contains("@alice"), "{by}");
}

#[test]
fn waive_label_input_empty_disables_and_custom_label_works() {
    let fx = fixture();
    let ws = fx.clone(&["--depth", "1", "-b", "drift"]);
    let p = labeled(&fx, &[LABEL], "labeled", Some(LABEL));
    let run = action(&fx, &ws, "pull_request", &p, &[("INPUT_WAIVE_LABEL", "")]);
    run.assert_code(1);
    assert_eq!(run.report()["findings"][0]["waived"], Value::Null);
    assert_outputs(&run, 1, 0, 1);

    // a custom label: the default one no longer waives, the custom one does
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &p,
        &[("INPUT_WAIVE_LABEL", "skip-spec")],
    );
    run.assert_code(1);
    let p = labeled(&fx, &["skip-spec"], "labeled", Some("skip-spec"));
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &p,
        &[("INPUT_WAIVE_LABEL", "skip-spec")],
    );
    run.assert_code(0);
    assert_eq!(
        run.report()["findings"][0]["waived"]["by"],
        "label skip-spec (set by @alice)"
    );

    // no labels at all
    let p = labeled(&fx, &[], "opened", None);
    let run = action(&fx, &ws, "pull_request", &p, &[]);
    run.assert_code(1);
}

// ---------------------------------------------------------------------------
// push, merge_group, tags, manual runs
// ---------------------------------------------------------------------------

#[test]
fn push_checks_before_to_after() {
    let fx = fixture();
    let ws = fx.clone(&["--depth", "1", "-b", "drift"]);
    let p = fx.push_payload("refs/heads/drift", &fx.c[3], &fx.drift);
    let run = action(&fx, &ws, "push", &p, &[]);
    run.assert_code(1);
    assert_eq!(range(&run), (fx.c[3].clone(), fx.drift.clone()));
    assert_outputs(&run, 1, 0, 1);

    // the last push only added notes: nothing owned changed, still a result
    let before = fx.origin.rev(&format!("{}~1", fx.drift));
    let p = fx.push_payload("refs/heads/drift", &before, &fx.drift);
    let run = action(&fx, &ws, "push", &p, &[]);
    run.assert_code(0);
    assert_eq!(range(&run), (before, fx.drift.clone()));
    assert_outputs(&run, 0, 0, 0);
    assert_summary_line(&run);
}

#[test]
fn push_of_a_new_branch_checks_from_the_default_branch() {
    let fx = fixture();
    // the workspace knows only the new branch
    let ws = fx.clone(&["--depth", "1", "-b", "drift"]);
    let p = fx.push_payload("refs/heads/drift", ZERO, &fx.drift);
    let run = action(&fx, &ws, "push", &p, &[]);
    run.assert_code(1);
    assert_eq!(
        range(&run),
        (fx.c[3].clone(), fx.drift.clone()),
        "from merge-base(origin/main, after)\n{}",
        run.both()
    );
    assert_outputs(&run, 1, 0, 1);

    let ws = fx.clone(&["--depth", "1", "-b", "docs"]);
    let p = fx.push_payload("refs/heads/docs", ZERO, &fx.docs);
    let run = action(&fx, &ws, "push", &p, &[]);
    run.assert_code(0);
    assert_eq!(range(&run), (fx.c[3].clone(), fx.docs.clone()));
}

#[test]
fn push_whose_before_is_gone_fails() {
    let fx = fixture();
    let ws = fx.clone(&["--depth", "1", "-b", "drift"]);
    let mut p = fx.push_payload("refs/heads/drift", &fx.gone, &fx.drift);
    p["forced"] = json!(true);
    let run = action(&fx, &ws, "push", &p, &[]);
    run.assert_code(2);
    assert!(
        run.stderr().to_lowercase().contains("force"),
        "mentions the force push\n{}",
        run.both()
    );
    assert!(
        run.stderr().lines().any(|l| l.starts_with("::error ")),
        "{}",
        run.both()
    );

    // not forced: still no silent pass
    p["forced"] = json!(false);
    let run = action(&fx, &ws, "push", &p, &[]);
    run.assert_code(2);
}

#[test]
fn merge_group_checks_base_sha_to_head_sha() {
    let fx = fixture();
    let ws = fx.checkout_merge(1, 1);
    let p = json!({
        "action": "checks_requested",
        "merge_group": {
            "head_sha": fx.merge_drift,
            "head_ref": format!("refs/heads/gh-readonly-queue/main/pr-1-{}", fx.main),
            "base_sha": fx.main,
            "base_ref": "refs/heads/main",
            "head_commit": { "id": fx.merge_drift, "message": "Merge pull request #1" }
        },
        "repository": { "full_name": "acme/app", "default_branch": "main" },
        "sender": { "login": "bob" }
    });
    let run = action(&fx, &ws, "merge_group", &p, &[]);
    run.assert_code(1);
    assert_eq!(range(&run), (fx.main.clone(), fx.merge_drift.clone()));
    assert_outputs(&run, 1, 0, 1);

    let ws = fx.checkout_merge(2, 1);
    let mut p = p;
    p["merge_group"]["head_sha"] = json!(fx.merge_clean);
    let run = action(&fx, &ws, "merge_group", &p, &[]);
    run.assert_code(0);
    assert_eq!(range(&run), (fx.main.clone(), fx.merge_clean.clone()));
}

/// The release gate's JSON report (`specmoor.release/1`).
#[track_caller]
fn release_report(run: &Run) -> Value {
    let r = run.report();
    assert_eq!(r["schema"], "specmoor.release/1", "{r:#}\n{}", run.both());
    r
}

#[test]
fn tag_push_runs_the_release_gate_from_the_previous_version_tag() {
    let fx = fixture();
    // actions/checkout of a tag push: the tag, depth 1; `after` is the tag object
    let ws = fx.clone(&["--depth", "1", "-b", "v1.1.0"]);
    let tag_obj = fx.origin.rev("refs/tags/v1.1.0");
    assert_ne!(tag_obj, fx.drift, "an annotated tag");
    let p = fx.push_payload("refs/tags/v1.1.0", ZERO, &tag_obj);
    let run = action(&fx, &ws, "push", &p, &[]);
    run.assert_code(0);
    let r = release_report(&run);
    assert_eq!(r["from"], "v1.0.0", "{r:#}");
    assert_eq!(r["from_version"], "1.0.0");
    assert_eq!(r["version"], "1.1.0");
    assert_eq!(r["failures"], json!([]));
    assert!(run.stdout().contains("v1.0.0"), "{}", run.both());
    assert!(run.summary.starts_with("# v1.1.0"), "{}", run.summary);
    assert_outputs(&run, 0, 0, 0);

    // the first version tag has nothing before it
    let ws = fx.clone(&["--depth", "1", "-b", "v0.1.0"]);
    let tag_obj = fx.origin.rev("refs/tags/v0.1.0");
    let p = fx.push_payload("refs/tags/v0.1.0", ZERO, &tag_obj);
    let run = action(&fx, &ws, "push", &p, &[]);
    run.assert_code(2);
    assert!(run.stderr().contains("'base'"), "{}", run.both());
}

#[test]
fn tag_push_of_a_refused_release_fails_with_annotations() {
    // a lightweight tag on main's tip (after = the commit), and a release that is
    // not newer than the previous version tag
    let fx = fixture();
    let o = &fx.origin;
    o.git(&["tag", "v1.2.0", &fx.main]);
    o.git(&["tag", "v0.9.0", &fx.docs]);
    let url = format!("file://{}", o.path().display());
    o.git_in(
        &fx.bare,
        &[
            "fetch",
            "-q",
            &url,
            "refs/tags/v1.2.0:refs/tags/v1.2.0",
            "refs/tags/v0.9.0:refs/tags/v0.9.0",
        ],
    );

    let ws = fx.clone(&["--depth", "1", "-b", "v1.2.0"]);
    let p = fx.push_payload("refs/tags/v1.2.0", ZERO, &fx.main);
    let run = action(&fx, &ws, "push", &p, &[]);
    run.assert_code(0);
    let r = release_report(&run);
    // the previous release is the highest version tag among the commit's ancestors
    // (as in the pre-push hook): v1.0.0, not v1.1.0 on the drift branch
    assert_eq!(r["from"], "v1.0.0", "{r:#}");
    assert_eq!(r["to"], fx.main.as_str());

    let ws = fx.clone(&["--depth", "1", "-b", "v0.9.0"]);
    let p = fx.push_payload("refs/tags/v0.9.0", ZERO, &fx.docs);
    let run = action(&fx, &ws, "push", &p, &[]);
    run.assert_code(1);
    let r = release_report(&run);
    assert_eq!(r["from"], "v1.0.0", "{r:#}");
    let failures = r["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1, "{r:#}");
    assert!(
        run.stdout()
            .lines()
            .any(|l| l.starts_with("::error title=specmoor release::") && l.contains("0.9.0")),
        "{}",
        run.both()
    );
    assert_no_forged_commands(&run.stdout());
    assert_outputs(&run, 1, 0, 1);
}

#[test]
fn manual_and_scheduled_runs_need_a_base_input() {
    let fx = fixture();
    let ws = fx.clone(&["--depth", "1", "-b", "drift"]);
    let p = json!({
        "inputs": {},
        "ref": "refs/heads/drift",
        "repository": { "full_name": "acme/app", "default_branch": "main" },
        "sender": { "login": "bob" }
    });
    for event in ["workflow_dispatch", "schedule"] {
        let run = action(&fx, &ws, event, &p, &[]);
        run.assert_code(2);
        assert!(run.stderr().contains("'base'"), "{}", run.both());
        assert!(
            run.stderr().lines().any(|l| l.starts_with("::error ")),
            "{}",
            run.both()
        );
    }
    let run = action(
        &fx,
        &ws,
        "workflow_dispatch",
        &p,
        &[("INPUT_BASE", &fx.c[3])],
    );
    run.assert_code(1);
    assert_eq!(range(&run), (fx.c[3].clone(), fx.drift.clone()));
    assert_outputs(&run, 1, 0, 1);

    // base and head both given: head need not be checked out
    let run = action(
        &fx,
        &ws,
        "workflow_dispatch",
        &p,
        &[("INPUT_BASE", &fx.c[3]), ("INPUT_HEAD", &fx.docs)],
    );
    run.assert_code(0);
    assert_eq!(range(&run), (fx.c[3].clone(), fx.docs.clone()));
}

#[test]
fn pr_with_only_a_base_input_takes_head_from_the_event() {
    let fx = fixture();
    let ws = fx.clone(&["--depth", "1", "-b", "drift"]);
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &fx.pr_payload(&fx.main, &fx.drift),
        &[("INPUT_BASE", &fx.c[1])],
    );
    run.assert_code(1);
    assert_eq!(range(&run), (fx.c[1].clone(), fx.drift.clone()));
}

// ---------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------

/// Every `::` line is one of specmoor's annotations (kind, escaped properties,
/// a `specmoor` title): nothing forged from repository or event data. Text between
/// `::stop-commands::<token>` and `::<token>::` is not read by the runner.
#[track_caller]
fn assert_no_forged_commands(text: &str) {
    let mut stopped: Option<String> = None;
    for l in text.lines() {
        if let Some(t) = &stopped {
            if l == format!("::{t}::") {
                stopped = None;
            }
            continue;
        }
        if let Some(t) = l.strip_prefix("::stop-commands::") {
            assert!(t.len() >= 32, "a guessable token {l:?}\n{text}");
            stopped = Some(t.to_string());
            continue;
        }
        if !l.starts_with("::") {
            continue;
        }
        let rest = &l[2..];
        let (cmd, _) = rest
            .split_once("::")
            .unwrap_or_else(|| panic!("malformed {l:?}\n{text}"));
        let (kind, props) = cmd.split_once(' ').unwrap_or((cmd, ""));
        assert!(
            ["error", "warning", "notice"].contains(&kind),
            "forged {l:?}\n{text}"
        );
        let keys: Vec<&str> = props
            .split(',')
            .map(|p| p.split_once('=').map(|(k, _)| k).unwrap_or(p))
            .collect();
        assert!(
            keys.iter().all(|k| ["file", "line", "title"].contains(k)),
            "forged {l:?}\n{text}"
        );
        assert!(
            props.contains("title=specmoor"),
            "not a specmoor annotation: {l:?}\n{text}"
        );
    }
}

#[test]
fn hostile_branch_names_titles_labels_and_file_names_are_data() {
    let tmp = Repo::bare_dir("marker");
    let marker = |name: &str| tmp.path().join(name);
    let m = |name: &str| marker(name).display().to_string();
    let branch = format!("evil/$(touch${{IFS}}{})`id`", m("pwned-branch"));
    let files: Vec<(String, &str)> = vec![
        ("src/auth/$(touch pwned-file).rs".into(), "fn a() {}\n"),
        ("src/auth/`touch pwned-tick`.rs".into(), "fn b() {}\n"),
        ("src/auth/::error::forged.rs".into(), "fn c() {}\n"),
        ("src/auth/x\n::error::newline.rs".into(), "fn d() {}\n"),
        (LOGIN.into(), "fn login() { /* evil */ }\n"),
    ];
    let file_refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let fx = fixture_with(&[(branch.as_str(), &file_refs)]);
    let tip = fx.origin.rev(&format!("refs/heads/{branch}"));
    let ws = fx.clone(&["--depth", "1", "-b", &branch]);

    let mut p = fx.pr_payload(&fx.main, &tip);
    p["pull_request"]["title"] = json!(format!(
        "$(touch {}) `touch {}` ::error::forged title",
        m("pwned-title"),
        m("pwned-title2")
    ));
    p["pull_request"]["body"] = json!(format!(
        "::error file=x::forged\n$(touch {})",
        m("pwned-body")
    ));
    p["pull_request"]["head"]["ref"] = json!(branch);
    p["pull_request"]["head"]["label"] = json!(format!("evil:{branch}"));
    p["pull_request"]["labels"] = json!([{ "name": format!("$(touch {})", m("pwned-label")) }]);
    p["sender"] = json!({ "login": format!("$(touch {})", m("pwned-login")) });
    let run = action(&fx, &ws, "pull_request", &p, &[]);
    run.assert_code(1);
    assert_eq!(
        run.report()["findings"].as_array().unwrap().len(),
        files.len()
    );
    assert_no_forged_commands(&run.stdout());
    assert_no_forged_commands(&run.stderr());
    assert_outputs(&run, files.len() as u32, 0, 1);

    // the same branch pushed
    let p = fx.push_payload(&format!("refs/heads/{branch}"), &fx.c[3], &tip);
    let run = action(&fx, &ws, "push", &p, &[]);
    run.assert_code(1);
    assert_no_forged_commands(&run.stdout());

    // the hostile label as the waive label: still only a label name
    let mut p = fx.pr_payload(&fx.main, &tip);
    let label = format!("$(touch {})", m("pwned-waive"));
    p["action"] = json!("labeled");
    p["label"] = json!({ "name": label });
    p["pull_request"]["labels"] = json!([{ "name": label }]);
    p["sender"] = json!({ "login": format!("`touch {}`", m("pwned-sender")) });
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &p,
        &[("INPUT_WAIVE_LABEL", &label)],
    );
    run.assert_code(0);
    let by = run.report()["findings"][0]["waived"]["by"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(by.contains(&label), "{by}");
    assert_no_forged_commands(&run.stdout());

    let ran: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("pwned"))
        .collect();
    assert!(ran.is_empty(), "commands ran: {ran:?}");
    for name in ["pwned-file", "pwned-tick"] {
        assert!(!ws.join(name).exists(), "{name} was created");
        assert!(!fx.origin.sibling(name).exists(), "{name} was created");
    }
}

#[test]
fn revisions_that_look_like_options_are_not_options() {
    let fx = fixture();
    let ws = fx.clone(&["--depth", "1", "-b", "drift"]);
    let tmp = Repo::bare_dir("marker");
    let pwned = tmp.path().join("pwned");
    let evil = format!("--upload-pack=touch {}; false", pwned.display());
    let p = json!({ "inputs": {}, "repository": { "default_branch": "main" } });
    let run = action(&fx, &ws, "workflow_dispatch", &p, &[("INPUT_BASE", &evil)]);
    run.assert_code(2);
    assert!(!pwned.exists(), "INPUT_BASE was executed\n{}", run.both());

    let pwned2 = tmp.path().join("pwned2");
    let evil2 = format!("--upload-pack=touch {}; false", pwned2.display());
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &fx.pr_payload(&evil2, &fx.drift),
        &[],
    );
    run.assert_code(2);
    assert!(
        !pwned2.exists(),
        "pull_request.base.sha was executed\n{}",
        run.both()
    );
}

#[test]
fn input_values_with_newlines_do_not_forge_commands() {
    let fx = fixture();
    let ws = fx.clone(&["--depth", "1", "-b", "drift"]);
    let p = json!({ "inputs": {}, "repository": { "default_branch": "main" } });
    for (base, head) in [
        (format!("{}\n::error file=src/x.rs::forged", fx.c[3]), None),
        (fx.c[3].clone(), Some("HEAD\n::warning::forged")),
    ] {
        let mut env = vec![("INPUT_BASE", base.as_str())];
        if let Some(h) = head {
            env.push(("INPUT_HEAD", h));
        }
        let run = action(&fx, &ws, "workflow_dispatch", &p, &env);
        run.assert_code(2);
        assert_no_forged_commands(&run.stdout());
        assert_no_forged_commands(&run.stderr());
    }
}

#[test]
fn a_failed_check_does_not_report_an_earlier_steps_counts() {
    let fx = fixture();
    let ws = fx.clone(&["--depth", "1", "-b", "docs"]);
    let temp = unique(&fx, "job-temp");
    std::fs::create_dir_all(&temp).unwrap();
    let p = fx.pr_payload(&fx.main, &fx.docs);
    let first = action_in(&fx, &temp, &ws, "pull_request", &p, &[]);
    first.assert_code(0);
    assert_outputs(&first, 0, 0, 0);
    let old = std::fs::read_to_string(&first.report_path).unwrap();

    // a second step of the same job whose check cannot be made
    let run = action_in(
        &fx,
        &temp,
        &ws,
        "pull_request",
        &p,
        &[("INPUT_CONFIG", "no/such/config.yml")],
    );
    run.assert_code(2);
    assert_eq!(run.outputs.get("exit-code").map(String::as_str), Some("2"));
    assert_ne!(
        run.outputs.get("errors").map(String::as_str),
        Some("0"),
        "a check that was not made claims zero errors\n{:?}",
        run.outputs
    );
    if let Ok(now) = std::fs::read_to_string(&run.report_path) {
        assert_ne!(
            now, old,
            "the report output names the earlier step's report"
        );
    }
}

// ---------------------------------------------------------------------------
// Hardening (#16, #17): the config a change is judged by, tags, release notes
// ---------------------------------------------------------------------------

/// Like GitHub's test merge commit of pull request `pr`: `branch` merged into main
/// (--no-ff) as `refs/pull/<pr>/merge`, published to the remote.
fn publish_merge(fx: &Fx, branch: &str, pr: u32) -> String {
    let o = &fx.origin;
    o.git(&["checkout", "-q", "--detach", "main"]);
    o.git(&["merge", "-q", "--no-ff", "--no-edit", branch]);
    let sha = o.rev("HEAD");
    o.git(&["update-ref", &format!("refs/pull/{pr}/merge"), &sha]);
    o.git(&["checkout", "-q", "main"]);
    let url = format!("file://{}", o.path().display());
    o.git_in(&fx.bare, &["fetch", "-q", &url, "+refs/pull/*:refs/pull/*"]);
    sha
}

/// The PR's drift is found, as an error, despite its `drift: off` (an edit of
/// .specmoor.yml is also reported, as SM012).
#[track_caller]
fn assert_drift_error(run: &Run) {
    run.assert_code(1);
    let r = run.report();
    let drift: Vec<&Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "SM001")
        .collect();
    assert_eq!(drift.len(), 1, "{r:#}");
    assert_eq!(drift[0]["path"], LOGIN);
    assert_eq!(drift[0]["severity"], "error", "{r:#}");
    assert_eq!(run.outputs["errors"], "1", "{}", run.both());
    assert_eq!(run.outputs["exit-code"], "1");
}

#[test]
fn a_pull_request_cannot_relax_the_config_it_is_judged_by() {
    // redteam 18: the PR changes code a spec owns and, in the same change, turns
    // drift off in the config file (the default one, or the one the `config` input
    // names). The workspace is the test merge commit, depth 1.
    let relaxed = format!("{CONFIG}  drift: off\n");
    let fx = fixture_with(&[
        (
            "relax",
            &[
                (LOGIN, "fn login() { evil() }\n"),
                (".specmoor.yml", &relaxed),
            ],
        ),
        (
            "relax-input",
            &[
                (LOGIN, "fn login() { evil() }\n"),
                ("ci/lenient.yml", &relaxed),
            ],
        ),
    ]);
    let relax = fx.origin.rev("refs/heads/relax");
    let merge = publish_merge(&fx, "relax", 3);
    let ws = fx.checkout_merge(3, 1);
    let p = fx.pr_payload(&fx.main, &relax);

    // without the config input: .specmoor.yml at the merge base (specmoor's own)
    let run = action(&fx, &ws, "pull_request", &p, &[]);
    run.assert_code(1);
    assert_eq!(range(&run), (fx.main.clone(), merge.clone()));
    assert_drift_error(&run);

    // with the config input naming the file the PR edits
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &p,
        &[("INPUT_CONFIG", ".specmoor.yml")],
    );
    run.assert_code(1);
    assert_drift_error(&run);

    // the input's file as the PR edits it (drift: off) is not the one used: the base
    // branch's (drift: warn) is
    let relax_input = fx.origin.rev("refs/heads/relax-input");
    publish_merge(&fx, "relax-input", 4);
    let ws = fx.checkout_merge(4, 1);
    let p = fx.pr_payload(&fx.main, &relax_input);
    let run = action(
        &fx,
        &ws,
        "pull_request",
        &p,
        &[("INPUT_CONFIG", "ci/lenient.yml")],
    );
    run.assert_code(0);
    let r = run.report();
    assert_eq!(finding_paths(&r), [format!("SM001 {LOGIN}")], "{r:#}");
    assert_eq!(r["findings"][0]["severity"], "warn", "{r:#}");
    assert_eq!(run.outputs["errors"], "0");
}

#[test]
fn a_config_input_that_is_not_a_file_at_the_merge_base_fails() {
    // the PR adds the file the input names: it did not exist where the PR started
    let fx = fixture_with(&[(
        "new-config",
        &[
            (LOGIN, "fn login() { evil() }\n"),
            ("ci/new.yml", "rules:\n  drift: off\n"),
        ],
    )]);
    let tip = fx.origin.rev("refs/heads/new-config");
    let ws = fx.clone(&["--depth", "1", "-b", "new-config"]);
    let p = fx.pr_payload(&fx.main, &tip);
    for (input, says) in [
        ("ci/new.yml", "not a file at the merge base"),
        ("ci", "not a file at the merge base"),
        ("/etc/passwd", "relative to the repository root"),
        ("--output=x", "relative to the repository root"),
    ] {
        let run = action(&fx, &ws, "pull_request", &p, &[("INPUT_CONFIG", input)]);
        run.assert_code(2);
        assert!(run.stderr().contains(says), "{input}: {}", run.both());
        assert!(
            run.stderr()
                .lines()
                .any(|l| l.starts_with("::error title=specmoor::")),
            "{}",
            run.both()
        );
        assert_eq!(run.outputs.get("exit-code").map(String::as_str), Some("2"));
        assert_eq!(run.outputs.get("errors").map(String::as_str), Some(""));
    }
}

#[test]
fn a_non_version_tag_push_is_skipped_with_a_notice() {
    // redteam 08: `nightly` is no release; it used to fail the Action with exit 2
    let fx = fixture();
    let o = &fx.origin;
    o.git(&["tag", "nightly", &fx.main]);
    let url = format!("file://{}", o.path().display());
    o.git_in(
        &fx.bare,
        &["fetch", "-q", &url, "refs/tags/nightly:refs/tags/nightly"],
    );
    let ws = fx.clone(&["--depth", "1", "-b", "nightly"]);
    let p = fx.push_payload("refs/tags/nightly", ZERO, &fx.main);
    let run = action(&fx, &ws, "push", &p, &[]);
    run.assert_code(0);
    assert!(
        run.stdout()
            .lines()
            .any(|l| l.starts_with("::notice title=specmoor::tag nightly is not a version tag")),
        "{}",
        run.both()
    );
    assert_eq!(run.outputs.get("exit-code").map(String::as_str), Some("0"));
    assert_no_forged_commands(&run.stdout());
}

#[test]
fn release_notes_in_the_log_cannot_forge_workflow_commands() {
    // redteam 08: a spec file named with line breaks around a workflow command; the
    // tag push prints the release notes (which list it) to the log
    let fx = fixture();
    let o = &fx.origin;
    let evil = "specs/evil\n::warning title=FORGED::written by a spec file name\n.md";
    let spec = |v: &str, req: &str, log: &str| {
        format!("---\nversion: {v}\n---\n# A\n\n## {req}\ntext\n\n## Changelog\n\n{log}")
    };
    o.git(&["checkout", "-q", "-B", "evil", &fx.c[1]]);
    o.write(evil, &spec("1.0.0", "FR-1: x", "- 1.0.0: first\n"));
    o.commit("evil spec");
    o.git(&["tag", "-a", "-m", "v1.2.0", "v1.2.0"]);
    o.write(
        evil,
        &spec(
            "2.0.0",
            "FR-2: y",
            "- 2.0.0: BREAKING: removed FR-1\n::error::from a changelog\n- 1.0.0: first\n",
        ),
    );
    o.commit("evil spec 2");
    o.git(&["tag", "-a", "-m", "v1.3.0", "v1.3.0"]);
    o.git(&["checkout", "-q", "main"]);
    let url = format!("file://{}", o.path().display());
    o.git_in(&fx.bare, &["fetch", "-q", &url, "+refs/tags/*:refs/tags/*"]);
    let ws = fx.clone(&["--depth", "1", "-b", "v1.3.0"]);
    let p = fx.push_payload("refs/tags/v1.3.0", ZERO, &o.rev("refs/tags/v1.3.0"));
    let run = action(&fx, &ws, "push", &p, &[]);
    // a breaking change in a minor release: refused
    run.assert_code(1);
    assert_eq!(release_report(&run)["from"], "v1.2.0");
    let out = run.stdout();
    assert!(
        !out.lines().any(|l| l.starts_with("::warning title=FORGED")),
        "{}",
        run.both()
    );
    // the notes are printed between ::stop-commands::<token> and ::<token>::
    let lines: Vec<&str> = out.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("::stop-commands::"))
        .unwrap_or_else(|| panic!("no stop-commands\n{}", run.both()));
    let token = lines[start].trim_start_matches("::stop-commands::");
    assert_eq!(token.len(), 32, "{token}");
    let end = lines
        .iter()
        .position(|l| *l == format!("::{token}::"))
        .unwrap_or_else(|| panic!("commands not resumed\n{}", run.both()));
    assert!(lines[start + 1].starts_with("# v1.3.0"), "{}", run.both());
    let rest: String = lines[..start]
        .iter()
        .chain(&lines[end + 1..])
        .map(|l| format!("{l}\n"))
        .collect();
    assert_no_forged_commands(&rest);
    assert!(
        lines[start + 1..end].iter().all(|l| !l.starts_with("::")),
        "{}",
        run.both()
    );
    assert!(
        !run.summary.lines().any(|l| l.starts_with("::")),
        "{}",
        run.summary
    );
    // a second run gets another token
    let again = action(&fx, &ws, "push", &p, &[]);
    assert!(!again.stdout().contains(&format!("::{token}::")));
}

// ---------------------------------------------------------------------------
// the pull-request comment (input `comment`)
// ---------------------------------------------------------------------------

const MARKER: &str = "<!-- specmoor:report -->";

#[test]
fn comment_input_writes_the_marked_markdown_report_on_pull_requests_only() {
    let fx = fixture();
    let ws = fx.checkout_merge(1, 2);
    let pr = fx.pr_payload(&fx.main, &fx.drift);
    // off by default: no body, the outputs as ever
    let run = action(&fx, &ws, "pull_request", &pr, &[]);
    assert_outputs(&run, 1, 0, 1);

    let run = action(&fx, &ws, "pull_request", &pr, &[("INPUT_COMMENT", "true")]);
    run.assert_code(1);
    let body_path = run
        .outputs
        .get("comment-body")
        .unwrap_or_else(|| panic!("no comment-body output\n{}", run.both()));
    let body = std::fs::read_to_string(body_path).unwrap();
    assert!(
        body.starts_with(&format!("{MARKER}\n## specmoor ❌ failed")),
        "{body}"
    );
    assert!(body.contains("SM001"), "{body}");
    assert_eq!(body.matches(MARKER).count(), 1, "{body}");
    // the verdict and its outputs are the check's
    assert_eq!(run.outputs.get("exit-code").map(String::as_str), Some("1"));

    // a push has no pull request to comment on
    let ws = fx.clone(&["--depth", "1", "-b", "drift"]);
    let p = fx.push_payload("refs/heads/drift", &fx.c[3], &fx.drift);
    let run = action(&fx, &ws, "push", &p, &[("INPUT_COMMENT", "true")]);
    run.assert_code(1);
    assert_outputs(&run, 1, 0, 1);
}

// ---------------------------------------------------------------------------
// partial clones (actions/checkout with `filter: blob:none`)
// ---------------------------------------------------------------------------

/// A `--filter=blob:none --no-checkout` clone of the remote on `branch`: every
/// commit and tree, no blob (as a sparse checkout of a monorepo leaves most).
fn partial_clone(fx: &Fx, branch: &str) -> PathBuf {
    fx.git_in(&fx.bare, &["config", "uploadpack.allowFilter", "true"]);
    let ws = fx.clone(&["--filter=blob:none", "--no-checkout", "-b", branch]);
    // git 2.47 marks the remote (`extensions.partialClone` is what older git set)
    assert_eq!(
        fx.git_in(&ws, &["config", "remote.origin.promisor"]).trim(),
        "true"
    );
    ws
}

/// Whether the clone has the object, without letting git fetch it lazily.
fn has_blob(fx: &Fx, ws: &Path, id: &str) -> bool {
    let mut cmd = git_cmd(ws, &fx.origin.home(), &["cat-file", "-e", id]);
    cmd.env("GIT_NO_LAZY_FETCH", "1");
    cmd.output().unwrap().status.success()
}

#[test]
fn partial_clone_gets_the_blobs_the_check_needs_and_no_others() {
    let fx = fixture();
    let ws = partial_clone(&fx, "drift");
    let login = fx.origin.rev(&format!("{}:{LOGIN}", fx.drift));
    assert!(!has_blob(&fx, &ws, &login));
    for path in ["README.md", "src/auth/logout.rs", "notes/drift.txt"] {
        let id = fx.origin.rev(&format!("{}:{path}", fx.drift));
        assert!(!has_blob(&fx, &ws, &id), "{path} came with the clone");
    }
    let p = fx.push_payload("refs/heads/drift", &fx.c[3], &fx.drift);
    let run = action(&fx, &ws, "push", &p, &[]);
    run.assert_code(1);
    assert_outputs(&run, 1, 0, 1);
    assert!(
        run.stdout()
            .contains("specmoor: partial clone: fetching 1 blobs from origin"),
        "{}",
        run.both()
    );
    assert!(has_blob(&fx, &ws, &login));
    // the changed files came (read for generated-file markers too); what no rule
    // reads stays on the remote
    let notes = fx.origin.rev(&format!("{}:notes/drift.txt", fx.drift));
    assert!(has_blob(&fx, &ws, &notes));
    for path in ["README.md", "src/auth/logout.rs", "notes/main.txt"] {
        let id = fx.origin.rev(&format!("{}:{path}", fx.drift));
        assert!(
            !has_blob(&fx, &ws, &id),
            "{path} was fetched\n{}",
            run.both()
        );
    }
}

#[test]
fn partial_clone_whose_remote_is_gone_cannot_be_checked() {
    let fx = fixture();
    let ws = partial_clone(&fx, "drift");
    std::fs::rename(&fx.bare, fx.origin.sibling("remote-gone.git")).unwrap();
    // the commits are all there: only the blobs are missing
    let p = fx.push_payload("refs/heads/drift", &fx.c[3], &fx.drift);
    let run = action(&fx, &ws, "push", &p, &[]);
    run.assert_code(2);
    assert!(
        run.stderr()
            .contains("could not read .specmoor.yml at commit"),
        "{}",
        run.both()
    );
    assert_eq!(run.outputs.get("exit-code").map(String::as_str), Some("2"));
}
