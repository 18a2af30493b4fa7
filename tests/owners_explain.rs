//! `specmoor owners` and `specmoor explain` end to end.

mod common;

use common::*;
use serde_json::{json, Value};

const CONFIG: &str = "owners:\n  - spec: specs/auth.md#FR-2\n    paths: [\"src/auth/logout.rs\"]\n";

fn owners_json(r: &Repo, dir: &std::path::Path, paths: &[&str]) -> Vec<Value> {
    let mut args = vec!["owners"];
    args.extend_from_slice(paths);
    let j = r.json_in(dir, &args);
    assert_eq!(j.code, 0, "{j:#?}");
    j.v.as_array().expect("an array").clone()
}

/// The owner entries of one path, as (spec, section, pattern, file, line).
fn owner_rows(p: &Value) -> Vec<Value> {
    let mut v: Vec<Value> = p["owners"]
        .as_array()
        .expect("owners array")
        .iter()
        .map(|o| json!([o["spec"], o["section"], o["pattern"], o["file"], o["line"]]))
        .collect();
    v.sort_by_key(|a| a.to_string());
    v
}

// ---------------------------------------------------------------------------
// owners
// ---------------------------------------------------------------------------

#[test]
fn owners_json_shows_each_owner_and_where_its_glob_was_written() {
    let r = auth_repo_with(&[(".specmoor.yml", CONFIG), ("Cargo.lock", "# lock\n")]);
    let got = owners_json(
        &r,
        r.path(),
        &[
            "src/auth/login.rs",
            "src/auth/logout.rs",
            "src/main.rs",
            "Cargo.lock",
            "specs/auth.md",
        ],
    );
    assert_eq!(got.len(), 5, "{got:#?}");
    let paths: Vec<&str> = got.iter().map(|p| p["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "src/auth/login.rs",
            "src/auth/logout.rs",
            "src/main.rs",
            "Cargo.lock",
            "specs/auth.md"
        ]
    );

    // owned by the whole spec and by section FR-1, both in the spec's front matter
    let login = &got[0];
    assert_eq!(login["spec"], Value::Null);
    assert_eq!(login["ignored"], Value::Null);
    assert_eq!(
        owner_rows(login),
        [
            json!([
                "specs/auth.md",
                "FR-1",
                "src/auth/login.rs",
                "specs/auth.md",
                5
            ]),
            json!(["specs/auth.md", null, "src/auth/**", "specs/auth.md", 4]),
        ]
    );

    // the config's owner entry points into .specmoor.yml
    assert_eq!(
        owner_rows(&got[1]),
        [
            json!([
                "specs/auth.md",
                "FR-2",
                "src/auth/logout.rs",
                ".specmoor.yml",
                3
            ]),
            json!(["specs/auth.md", null, "src/auth/**", "specs/auth.md", 4]),
        ]
    );

    // unowned
    let main = &got[2];
    assert_eq!(main["owners"], json!([]));
    assert_eq!(main["spec"], Value::Null);
    assert_eq!(main["ignored"], Value::Null);

    // ignored by a built-in default
    let lock = &got[3];
    assert_eq!(lock["ignored"]["pattern"], "*.lock");
    assert_eq!(lock["owners"], json!([]));

    // a spec document names its spec
    assert_eq!(got[4]["spec"], "specs/auth.md");
}

#[test]
fn owners_human_output_names_owner_and_rule_line() {
    let r = auth_repo_with(&[(".specmoor.yml", CONFIG)]);
    let out = r.specmoor(&["owners", "src/auth/login.rs", "src/main.rs"]);
    assert_code(&out, 0);
    let s = stdout(&out);
    assert!(s.contains("src/auth/login.rs"), "{s}");
    assert!(
        s.contains("specs/auth.md#FR-1") && s.contains("specs/auth.md:5"),
        "{s}"
    );
    assert!(s.contains("no owner"), "{s}");
}

#[test]
fn owners_paths_are_relative_to_the_current_directory() {
    let r = auth_repo();
    let got = owners_json(&r, &r.path().join("src/auth"), &["login.rs", "../main.rs"]);
    assert_eq!(got[0]["path"], "src/auth/login.rs");
    assert_eq!(got[1]["path"], "src/main.rs");
    assert_eq!(got[0]["owners"].as_array().unwrap().len(), 2, "{got:#?}");
    assert_eq!(got[1]["owners"], json!([]));

    // with -C from outside, paths are relative to that directory
    let outside = r.sibling("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let dir = r.path().join("src");
    let j = r.json_in(
        &outside,
        &["-C", dir.to_str().unwrap(), "owners", "auth/login.rs"],
    );
    assert_eq!(j.code, 0, "{j:#?}");
    assert_eq!(j[0]["path"], "src/auth/login.rs");

    // a path outside the repository cannot be answered
    let out = r.specmoor(&["owners", "../elsewhere.rs"]);
    assert_code(&out, 2);
}

#[test]
fn owners_uses_the_specs_in_the_index() {
    let r = auth_repo();
    let core = "---\nowns: [\"src/main.rs\"]\n---\n# Core\n";
    r.write("specs/core.md", core);
    r.git(&["add", "specs/core.md"]);
    // written but never staged: not part of the index
    r.write(
        "specs/extra.md",
        "---\nowns: [\"src/main.rs\"]\n---\n# Extra\n",
    );

    let got = owners_json(&r, r.path(), &["src/main.rs"]);
    assert_eq!(
        owner_rows(&got[0]),
        [json!([
            "specs/core.md",
            null,
            "src/main.rs",
            "specs/core.md",
            2
        ])],
        "{got:#?}"
    );
}

#[test]
fn ownership_globs_follow_gitignore_semantics() {
    let r = Repo::new();
    r.write(
        "specs/globs.md",
        "---\nowns:\n  - \"src/*.rs\"\n  - \"lib/**\"\n  - \"!lib/gen/**\"\n  - \"/top.txt\"\n---\n# Globs\n",
    );
    r.commit("initial");
    let got = owners_json(
        &r,
        r.path(),
        &[
            "src/main.rs",
            "src/deep/x.rs",
            "lib/a/b.rs",
            "lib/gen/x.rs",
            "top.txt",
            "sub/top.txt",
        ],
    );
    let owned: Vec<(&str, bool)> = got
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap(),
                !p["owners"].as_array().unwrap().is_empty(),
            )
        })
        .collect();
    assert_eq!(
        owned,
        [
            ("src/main.rs", true),
            ("src/deep/x.rs", false), // `*` does not cross `/`
            ("lib/a/b.rs", true),     // `**` does
            ("lib/gen/x.rs", false),  // negated by the later `!lib/gen/**`
            ("top.txt", true),
            ("sub/top.txt", false), // a leading `/` anchors at the top
        ]
    );
}

#[test]
fn owners_outside_a_repository_exits_2() {
    let d = Repo::bare_dir("plain");
    let out = d.specmoor(&["owners", "x.rs"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("not a git repository"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------
// explain
// ---------------------------------------------------------------------------

fn run_explain(args: &[&str]) -> std::process::Output {
    // explain needs no repository: run it in an empty directory
    let d = Repo::bare_dir("plain");
    let mut all = vec!["explain"];
    all.extend_from_slice(args);
    d.specmoor(&all)
}

#[test]
fn explain_by_code_or_name_prints_the_rule() {
    let by_code = run_explain(&["SM001"]);
    assert_code(&by_code, 0);
    let s = stdout(&by_code);
    assert!(s.starts_with("SM001 drift"), "{s}");
    assert!(s.contains("error"), "states the default severity: {s}");
    assert!(s.len() > 200, "has an explanation: {s}");

    let by_name = run_explain(&["drift"]);
    assert_code(&by_name, 0);
    assert_eq!(stdout(&by_name), s, "name and code explain the same rule");

    let other = run_explain(&["SM011"]);
    assert_code(&other, 0);
    assert!(
        stdout(&other).starts_with("SM011 dangling-owner"),
        "{}",
        stdout(&other)
    );
}

#[test]
fn explain_unknown_rule_exits_2() {
    let out = run_explain(&["SM999"]);
    assert_code(&out, 2);
    let e = stderr(&out);
    assert!(e.contains("SM999"), "{e}");
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
}

#[test]
fn explain_without_argument_lists_all_eleven_rules() {
    let out = run_explain(&[]);
    assert_code(&out, 0);
    let s = stdout(&out);
    let codes: Vec<&str> = s
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let want: Vec<String> = (1..=11).map(|i| format!("SM{i:03}")).collect();
    assert_eq!(codes, want, "{s}");
    assert!(s.lines().next().unwrap().contains("drift"), "{s}");
}

#[test]

fn owners_line_of_a_single_string_section_glob_is_its_own_key_line() {
    let r = Repo::new();
    r.write(
        "specs/auth.md",
        "---\nowns:\n  FR-1.1: src/remember.rs\n  FR-1: src/login.rs\n---\n# Auth\n\n## FR-1: Login\n\n### FR-1.1: Remember\n",
    );
    r.commit("initial");
    let got = owners_json(&r, r.path(), &["src/login.rs", "src/remember.rs"]);
    assert_eq!(
        owner_rows(&got[0]),
        [json!([
            "specs/auth.md",
            "FR-1",
            "src/login.rs",
            "specs/auth.md",
            4
        ])],
        "{got:#?}"
    );
    assert_eq!(
        owner_rows(&got[1]),
        [json!([
            "specs/auth.md",
            "FR-1.1",
            "src/remember.rs",
            "specs/auth.md",
            3
        ])],
        "{got:#?}"
    );
}
