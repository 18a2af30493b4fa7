//! The Action's pull-request comment scripts, run outside GitHub:
//! `action/comment-body.sh` (the marked, size-capped body) and `action/comment.sh`
//! (find the earlier comment by its marker and update it, else post one) against a
//! stand-in `gh` that answers from a file of comments and records every call.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MARKER: &str = "<!-- specmoor:report -->";

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("action")
        .join(name)
}

fn out_text(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn the_body_starts_with_the_marker_and_fits_a_comment() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.md");
    // a report quoting the marker (a file name can) must not carry a second one
    std::fs::write(
        &report,
        format!("## specmoor ❌ failed: 1 error\n\n- SM001 — src/{MARKER}.rs: drift\n"),
    )
    .unwrap();
    let o = Command::new("bash")
        .arg(script("comment-body.sh"))
        .arg(&report)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", out_text(&o));
    let body = String::from_utf8(o.stdout).unwrap();
    assert!(
        body.starts_with(&format!("{MARKER}\n## specmoor ❌ failed")),
        "{body}"
    );
    assert_eq!(body.matches(MARKER).count(), 1, "{body}");

    // a report larger than a comment: cut at a line, said so, under the cap
    let big: String = (0..20_000).map(|i| format!("- finding {i} é\n")).collect();
    std::fs::write(&report, big).unwrap();
    let o = Command::new("bash")
        .arg(script("comment-body.sh"))
        .arg(&report)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", out_text(&o));
    let body = String::from_utf8(o.stdout).expect("no character is cut");
    assert!(body.len() <= 60_000, "{}", body.len());
    assert!(body.starts_with(MARKER));
    assert!(
        body.trim_end().ends_with("have all of it._"),
        "{}",
        &body[body.len() - 200..]
    );
}

/// A stand-in `gh`: `gh api [--paginate] URL --jq FILTER` answers FILTER over the
/// comments in `$FAKE_COMMENTS` with the real jq; `gh api --method M URL --input -`
/// records M, URL and the payload in `$FAKE_LOG`, and fails when `$FAKE_FAIL` is set.
fn fake_gh(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let gh = bin.join("gh");
    std::fs::write(
        &gh,
        r#"#!/usr/bin/env bash
set -eu
method=GET url= filter=
shift # api
while [ $# -gt 0 ]; do
  case $1 in
    --method) method=$2; shift 2 ;;
    --jq) filter=$2; shift 2 ;;
    --input) shift 2 ;;
    --paginate) shift ;;
    *) url=$1; shift ;;
  esac
done
if [ "$method" = GET ]; then
  [ -z "${FAKE_FAIL:-}" ] || { echo "HTTP 403: Resource not accessible by integration" >&2; exit 1; }
  jq -r "$filter" "$FAKE_COMMENTS"
else
  { echo "$method $url"; cat; echo; } >> "$FAKE_LOG"
  [ -z "${FAKE_FAIL:-}" ] || { echo "HTTP 403" >&2; exit 1; }
  echo '{}'
fi
"#,
    )
    .unwrap();
    std::fs::set_permissions(&gh, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

struct Call {
    out: Output,
    log: String,
}

fn comment(dir: &Path, comments: &str, errors: &str, env: &[(&str, &str)]) -> Call {
    let bin = fake_gh(dir);
    let comments_file = dir.join("comments.json");
    std::fs::write(&comments_file, comments).unwrap();
    let body = dir.join("body.md");
    std::fs::write(&body, format!("{MARKER}\n## specmoor ❌ failed: 1 error\n")).unwrap();
    let log = dir.join("gh.log");
    let _ = std::fs::remove_file(&log);
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let mut cmd = Command::new("bash");
    cmd.arg(script("comment.sh"))
        .env("PATH", path)
        .env("GH_TOKEN", "t")
        .env("REPOSITORY", "acme/app")
        .env("PR_NUMBER", "7")
        .env("BODY", &body)
        .env("ERRORS", errors)
        .env("WARNINGS", "0")
        .env("RUNNER_TEMP", dir)
        .env("FAKE_COMMENTS", &comments_file)
        .env("FAKE_LOG", &log)
        .env_remove("FAKE_FAIL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Call {
        out,
        log: std::fs::read_to_string(&log).unwrap_or_default(),
    }
}

const OTHERS: &str = r#"[
  {"id": 11, "user": {"login": "bob", "type": "User"}, "body": "<!-- specmoor:report -->\nnot the bot's: a person quoting the marker"},
  {"id": 12, "user": {"login": "other[bot]", "type": "Bot"}, "body": "a bot that mentions <!-- specmoor:report --> later"}
]"#;

#[test]
fn a_new_report_is_posted_once_and_then_updated_in_place() {
    let dir = tempfile::tempdir().unwrap();
    // no earlier comment (a person's quote of the marker does not count): POST
    let c = comment(dir.path(), OTHERS, "1", &[]);
    assert!(c.out.status.success(), "{}", out_text(&c.out));
    assert!(
        c.log.starts_with("POST repos/acme/app/issues/7/comments\n"),
        "{}",
        c.log
    );
    let payload: serde_json::Value =
        serde_json::from_str(c.log.split_once('\n').unwrap().1).unwrap();
    assert!(
        payload["body"].as_str().unwrap().starts_with(MARKER),
        "{payload}"
    );

    // the bot's earlier comment: PATCH that one, post nothing new
    let with_ours = OTHERS.replace(
        "\n]",
        r#",
  {"id": 13, "user": {"login": "github-actions[bot]", "type": "Bot"}, "body": "<!-- specmoor:report -->\n## specmoor ✅ passed"},
  {"id": 14, "user": {"login": "github-actions[bot]", "type": "Bot"}, "body": "<!-- specmoor:report -->\nan older duplicate"}
]"#,
    );
    let c = comment(dir.path(), &with_ours, "0", &[]);
    assert!(c.out.status.success(), "{}", out_text(&c.out));
    assert!(
        c.log
            .starts_with("PATCH repos/acme/app/issues/comments/13\n"),
        "{}",
        c.log
    );
    assert_eq!(
        c.log.matches("PATCH").count() + c.log.matches("POST").count(),
        1
    );
}

#[test]
fn a_clean_run_posts_nothing_and_a_read_only_token_only_warns() {
    let dir = tempfile::tempdir().unwrap();
    let c = comment(dir.path(), "[]", "0", &[]);
    assert!(c.out.status.success(), "{}", out_text(&c.out));
    assert_eq!(c.log, "", "nothing posted");

    // a fork's read-only token: a warning, exit 0 (the check step gave the verdict)
    let c = comment(dir.path(), "[]", "1", &[("FAKE_FAIL", "1")]);
    assert!(c.out.status.success(), "{}", out_text(&c.out));
    let stdout = String::from_utf8_lossy(&c.out.stdout);
    assert!(
        stdout.contains("::warning title=specmoor comment::cannot list"),
        "{stdout}"
    );

    // values that are not what they claim are refused before any call
    let c = comment(dir.path(), "[]", "1", &[("PR_NUMBER", "7; rm -rf /")]);
    assert!(c.out.status.success(), "{}", out_text(&c.out));
    assert_eq!(c.log, "");
    assert!(String::from_utf8_lossy(&c.out.stdout).contains("::warning"));
}
