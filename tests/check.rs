//! `specmoor check` end to end: what does not fit a transcript in tests/cases/check/
//! (the diff compared with git's own, computed at run time; a message whose line
//! wrapping depends on the length of the temporary path).

mod common;

use common::*;

// ---------------------------------------------------------------------------
// Reasons a check cannot be made
// ---------------------------------------------------------------------------

/// The message holds the absolute temporary path, so where its lines wrap depends on
/// the length of that path (on TMPDIR): not a transcript.
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

/// One spec owning every path, drift an error and moves judged like any change:
/// every changed path (both sides of a rename, deleted paths too) is an SM001 finding.
fn every_path_owned(r: &Repo) {
    r.write(
        ".specmoor.yml",
        "ignore: []\ndrift: {moves_within_owner: false}\nrules:\n  SM001: error\n  SM011: off\n",
    )
    .write("specs/all.md", "---\nowns: [\"**\"]\n---\n# All\n");
}

/// The paths findings name (sorted, once each): with `every_path_owned`, every
/// changed path.
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
    every_path_owned(&r);
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
    // one spec owns everything and does not change: every changed path is a finding
    every_path_owned(&r);
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
