//! Partial clones (`git clone --filter=blob:none`), for real: an upstream repository
//! served through `file://` with filters allowed, cloned without blobs, then
//! `check --list-objects` rounds fetched with `git fetch --stdin` until the check
//! needs nothing more, and the check run with the upstream gone (specs/changeset.md
//! CS-6b).

mod common;
use common::*;

use std::collections::BTreeSet;
use std::path::PathBuf;

const CONFIG: &str = "rules:\n  SM002: off\n  SM003: off\n  SM008: off\n";
const LOGIN: &str = "src/auth/login.rs";

/// Upstream: `main` (spec, owned code, config, unrelated files), `drift` (login.rs
/// changed alone) and `clean` (login.rs and the spec changed together), served to a
/// `--filter=blob:none --no-checkout` clone of it.
struct Fx {
    upstream: Repo,
    clone: PathBuf,
}

fn fixture() -> Fx {
    let o = Repo::new();
    o.write(".specmoor.yml", CONFIG)
        .write("specs/auth.md", AUTH_SPEC)
        .write(LOGIN, "fn login() {}\n")
        .write("src/auth/logout.rs", "fn logout() {}\n");
    for i in 0..20 {
        o.write(
            &format!("src/big/file{i}.rs"),
            &format!("// unrelated {i}\n"),
        );
    }
    o.commit("initial");
    o.git(&["checkout", "-q", "-b", "drift"]);
    o.write(LOGIN, "fn login() { /* v2 */ }\n");
    o.commit("login v2");
    o.git(&["checkout", "-q", "-b", "clean", "main"]);
    o.write(LOGIN, "fn login() { /* v2 */ }\n").write(
        "specs/auth.md",
        &AUTH_SPEC.replace("with a password", "with a password or a passkey"),
    );
    o.commit("login v2 with its spec");
    o.git(&["checkout", "-q", "main"]);
    o.git(&["config", "uploadpack.allowFilter", "true"]);
    o.git(&["config", "uploadpack.allowAnySHA1InWant", "true"]);
    let clone = o.sibling("partial");
    let url = format!("file://{}", o.path().display());
    o.git_in(
        &o.sibling(""),
        &[
            "clone",
            "-q",
            "--filter=blob:none",
            "--no-checkout",
            &url,
            clone.to_str().unwrap(),
        ],
    );
    let fx = Fx { upstream: o, clone };
    assert_eq!(fx.git(&["config", "remote.origin.promisor"]).trim(), "true");
    fx
}

impl Fx {
    fn git(&self, args: &[&str]) -> String {
        self.upstream.git_in(&self.clone, args)
    }

    fn specmoor(&self, args: &[&str]) -> std::process::Output {
        self.upstream.specmoor_in(&self.clone, args)
    }

    /// Whether the clone has the object, without letting git fetch it lazily.
    fn has(&self, id: &str) -> bool {
        let mut cmd = git_cmd(
            &self.clone,
            &self.upstream.home(),
            &["cat-file", "-e", &format!("{id}^{{blob}}")],
        );
        cmd.env("GIT_NO_LAZY_FETCH", "1");
        cmd.output().unwrap().status.success()
    }

    /// The blob of `path` at `rev` (read from the upstream, which has them all).
    fn blob(&self, rev: &str, path: &str) -> String {
        self.upstream.rev(&format!("{rev}:{path}"))
    }

    fn list(&self, range: &[&str]) -> Vec<String> {
        let mut args = vec!["check"];
        args.extend(range);
        args.push("--list-objects");
        let out = self.specmoor(&args);
        assert_code(&out, 0);
        stdout(&out).lines().map(str::to_string).collect()
    }

    /// `git fetch --stdin` of the ids, as the README's one-liner and the Action do.
    fn fetch(&self, ids: &[String]) -> std::process::Output {
        use std::io::Write;
        let mut cmd = git_cmd(
            &self.clone,
            &self.upstream.home(),
            &[
                "-c",
                "fetch.negotiationAlgorithm=noop",
                "fetch",
                "-q",
                "--no-tags",
                "--no-write-fetch-head",
                "--recurse-submodules=no",
                "--stdin",
                "origin",
            ],
        );
        cmd.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let mut input = child.stdin.take().unwrap();
        for id in ids {
            writeln!(input, "{id}").unwrap();
        }
        drop(input);
        child.wait_with_output().unwrap()
    }

    /// Rounds of list and fetch until nothing is listed; every id fetched, in order.
    fn fetch_all(&self, range: &[&str]) -> Vec<Vec<String>> {
        let mut rounds = Vec::new();
        for _ in 0..6 {
            let ids = self.list(range);
            if ids.is_empty() {
                return rounds;
            }
            for id in &ids {
                assert!(!self.has(id), "{id} is listed although the clone has it");
            }
            let out = self.fetch(&ids);
            assert!(out.status.success(), "fetch: {}", stderr(&out));
            for id in &ids {
                assert!(self.has(id), "{id} was listed and fetched, but is missing");
            }
            rounds.push(ids);
        }
        panic!("still listing blobs after 6 rounds: {rounds:?}");
    }

    /// Take the upstream away: nothing can be fetched any more.
    fn upstream_gone(&self) -> PathBuf {
        let gone = self.upstream.sibling("upstream-gone");
        std::fs::rename(self.upstream.path(), &gone).unwrap();
        gone
    }
}

#[test]
fn check_in_a_partial_clone_without_the_blobs_exits_2_naming_the_blob_and_list_objects() {
    let fx = fixture();
    let out = fx.specmoor(&["check", "--base", "origin/main", "--head", "origin/drift"]);
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("could not read .specmoor.yml at commit"),
        "names the path and revision:\n{err}"
    );
    assert!(
        err.contains(&fx.blob("main", ".specmoor.yml")),
        "names the blob:\n{err}"
    );
    assert!(err.contains("--list-objects"), "says how to list:\n{err}");
}

#[test]
fn listed_blobs_are_exactly_those_the_check_reads_and_once_fetched_it_runs_offline() {
    let fx = fixture();
    let drift = ["--base", "origin/main", "--head", "origin/drift"];
    let rounds = fx.fetch_all(&drift);
    // first the config in force (it says where the specs are and which rules run),
    // then the specs, then what the rules read of the code
    assert_eq!(
        rounds[0],
        vec![fx.blob("main", ".specmoor.yml")],
        "{rounds:?}"
    );
    assert!(
        rounds[1].contains(&fx.blob("drift", "specs/auth.md")),
        "{rounds:?}"
    );
    let fetched: BTreeSet<String> = rounds.concat().into_iter().collect();
    let may: BTreeSet<String> = [
        fx.blob("main", ".specmoor.yml"),
        fx.blob("drift", "specs/auth.md"),
        fx.blob("main", LOGIN),
        fx.blob("drift", LOGIN),
    ]
    .into_iter()
    .collect();
    assert!(
        fetched.is_subset(&may),
        "only what the check reads: {fetched:?}"
    );
    // nothing unrelated came along
    for i in 0..20 {
        assert!(!fx.has(&fx.blob("main", &format!("src/big/file{i}.rs"))));
    }
    assert!(!fx.has(&fx.blob("main", "src/auth/logout.rs")));

    // the clean branch needs the spec's new text too, and, as it touches the spec,
    // the other files the spec owns, read for generated-file markers (SM005)
    let clean = ["--base", "origin/main", "--head", "origin/clean"];
    let more: BTreeSet<String> = fx.fetch_all(&clean).concat().into_iter().collect();
    assert_eq!(
        more,
        [
            fx.blob("clean", "specs/auth.md"),
            fx.blob("clean", "src/auth/logout.rs")
        ]
        .into_iter()
        .collect(),
        "only what the first range did not need"
    );
    for i in 0..20 {
        assert!(!fx.has(&fx.blob("main", &format!("src/big/file{i}.rs"))));
    }

    // the upstream is gone: specmoor reads what it listed, and nothing else
    let _gone = fx.upstream_gone();
    let out = fx.specmoor(&[
        "check",
        "--format",
        "json",
        "--base",
        "origin/main",
        "--head",
        "origin/drift",
    ]);
    assert_code(&out, 1);
    let report = Json::from_output(out);
    assert_eq!(
        report.codes(),
        vec![("SM001".to_string(), LOGIN.to_string())]
    );
    let out = fx.specmoor(&["check", "--base", "origin/main", "--head", "origin/clean"]);
    assert_code(&out, 0);
    assert!(fx.list(&drift).is_empty() && fx.list(&clean).is_empty());
}

#[test]
fn a_blob_that_cannot_be_fetched_still_exits_2() {
    let fx = fixture();
    let drift = ["--base", "origin/main", "--head", "origin/drift"];
    let first = fx.list(&drift);
    assert_eq!(first, vec![fx.blob("main", ".specmoor.yml")]);
    let gone = fx.upstream_gone();
    let out = fx.fetch(&first);
    assert!(!out.status.success(), "no upstream, no fetch");
    // the same blobs are listed again, and the check cannot be made
    assert_eq!(fx.list(&drift), first);
    let mut args = vec!["check"];
    args.extend(drift);
    let out = fx.specmoor(&args);
    assert_code(&out, 2);
    assert!(stderr(&out).contains(&first[0]), "{}", stderr(&out));

    // the upstream is back for one round only: the specs are still missing
    std::fs::rename(&gone, fx.upstream.path()).unwrap();
    assert!(fx.fetch(&first).status.success());
    let second = fx.list(&drift);
    assert!(!second.is_empty());
    let _gone = fx.upstream_gone();
    let out = fx.specmoor(&args);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("could not read specs/auth.md"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn release_lists_the_blobs_its_gate_needs() {
    let fx = fixture();
    let range = [
        "release",
        "--from",
        "origin/main",
        "--to",
        "origin/clean",
        "--version",
        "1.0.1",
    ];
    let mut rounds = 0;
    loop {
        let mut args = range.to_vec();
        args.push("--list-objects");
        let out = fx.specmoor(&args);
        assert_code(&out, 0);
        let ids: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
        if ids.is_empty() {
            break;
        }
        assert!(fx.fetch(&ids).status.success());
        rounds += 1;
        assert!(rounds < 6, "still listing");
    }
    let _gone = fx.upstream_gone();
    let out = fx.specmoor(&range);
    assert!(code(&out) < 2, "the gate ran: {}", stderr(&out));
}
