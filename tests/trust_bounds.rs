//! Time and memory bounds under hostile input (issue #16.9) that a transcript cannot
//! show: how long a run takes and how much memory it may use. The verdicts themselves
//! are case folders under tests/cases/trust/.

mod common;
use common::*;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Run `specmoor ARGS` in the work tree through bash under an address-space cap
/// (KiB); returns the output and the wall time.
fn capped(r: &Repo, cap_kib: u64, args: &str) -> (std::process::Output, Duration) {
    let mut cmd = Command::new("bash");
    scrub(&mut cmd, &r.home());
    cmd.current_dir(r.path())
        .env("SPECMOOR_BIN", specmoor_bin())
        .arg("-c")
        .arg(format!(
            "ulimit -v {cap_kib}; exec \"$SPECMOOR_BIN\" {args}"
        ))
        .stdin(Stdio::null());
    let start = Instant::now();
    let out = cmd.output().expect("spawn bash");
    (out, start.elapsed())
}

/// Stage `n` new files under `src/auth/` (one blob, written straight into the index).
fn stage_many(r: &Repo, n: usize) {
    use std::io::Write;
    let mut hash = git_cmd(r.path(), &r.home(), &["hash-object", "-w", "--stdin"]);
    hash.stdin(Stdio::piped()).stdout(Stdio::piped());
    let mut child = hash.spawn().expect("spawn git");
    child.stdin.take().unwrap().write_all(b"x\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let blob = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let mut list = String::with_capacity(n * 70);
    for i in 0..n {
        list.push_str(&format!(
            "100644 {blob}\tsrc/auth/d{:03}/f{i:07}.rs\n",
            i % 1000
        ));
    }
    let mut ui = git_cmd(r.path(), &r.home(), &["update-index", "--index-info"]);
    ui.stdin(Stdio::piped());
    let mut child = ui.spawn().expect("spawn git");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(list.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
}

fn auth_only() -> Repo {
    let r = Repo::new();
    r.write(
        "specs/auth.md",
        "---\nversion: 1.0.0\nowns:\n  \"*\": [\"src/auth/**\"]\n---\n# Auth\n",
    );
    r.commit("base");
    r
}

/// redteam 12: one million staged paths took 1.4 GB and up to 25 s. Past the default
/// limit (100,000 changed paths) the check stops at once, in bounded memory, and says
/// how to raise the limit.
#[test]
fn a_staged_change_over_the_default_path_limit_stops_at_once_in_bounded_memory() {
    let r = auth_only();
    stage_many(&r, 100_001);
    let (out, took) = capped(&r, 1024 * 1024, "check --format json");
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(
        err.contains("the staged change has 100001 changed paths, over the limit of 100000"),
        "{err}"
    );
    assert!(err.contains("SPECMOOR_MAX_PATHS"), "{err}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

/// redteam 15 f: SM006 compared every changelog entry of a modified spec with every
/// entry at base (n²: 60,000 rows took 4 s in a release build, 48 s in a debug one).
/// It is a set lookup now: 40,000 rows are read in a few seconds even in a debug build.
#[test]
fn sm006_reads_a_long_changelog_in_linear_time() {
    let rows = 40_000;
    let r = Repo::new();
    let table = |n: usize, extra: &str| {
        let mut s = format!(
            "---\nversion: 1.0.{n}\n---\n# Log\n\n## Changelog\n\n| Version | Date | Changes |\n|---|---|---|\n{extra}"
        );
        for i in (1..=rows).rev() {
            s.push_str(&format!("| 1.0.{i} | 2026-01-01 | c |\n"));
        }
        s
    };
    r.write("specs/log.md", &table(rows, ""));
    r.commit("base");
    r.write(
        "specs/log.md",
        &table(
            rows + 1,
            &format!("| 1.0.{} | 2026-01-02 | new |\n", rows + 1),
        ),
    );
    r.stage();
    let start = Instant::now();
    let out = r.specmoor(&["check"]);
    let took = start.elapsed();
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(took < Duration::from_secs(12), "took {took:?}");
}
