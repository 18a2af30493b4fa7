//! A check reads only the specs it needs (PRODUCT.md P-9): the specs its changes
//! touch, the specs the config names, the specs whose globs can match a changed
//! path, and the specs its generated files name. It must answer exactly as if it
//! had read every spec — on a first run (the spec index is built), on a second run
//! (the index is used), and with the cache turned off.
//!
//! The scenarios are case folders in tests/cases/scope/; here are what does not fit a
//! transcript: damaged cache files, byte by byte.

mod common;
use common::*;

use serde_json::Value;

const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn spec(title: &str, owns: &str) -> String {
    format!(
        "---\nversion: 1.0.0\nowns: {owns}\n---\n# {title}\n\n## FR-1: One\nText one.\n\n## FR-2: Two\nText two.\n"
    )
}

/// `check ARGS --format json` three ways; all must agree. Returns the first.
fn check_three_ways(r: &Repo, args: &[&str]) -> Json {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let first = r.json(&all);
    assert_ne!(first.code, 101, "crash: {}", first.stderr);
    let second = r.json(&all);
    let mut cmd = r.specmoor_cmd_in(r.path());
    all.extend(["--format", "json"]);
    cmd.args(&all).env("SPECMOOR_NO_CACHE", "1");
    let uncached = Json::from_output(cmd.output().expect("spawn specmoor"));
    assert_eq!(first.code, second.code, "{:#}\n{:#}", first.v, second.v);
    assert_eq!(
        first.v, second.v,
        "the second run (spec index used) differs"
    );
    assert_eq!(first.code, uncached.code);
    assert_eq!(first.v, uncached.v, "the run without the cache differs");
    first
}

fn codes(j: &Json) -> Vec<(String, String, String)> {
    let mut v: Vec<(String, String, String)> = j
        .findings()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("code"), s("path"), s("spec"))
        })
        .collect();
    v.sort();
    v
}

/// Six specs: two own folders, one owns `*.sql` at any depth, one is named only by
/// the config, one owns nothing, one is named only by a generated file's marker.
fn repo() -> Repo {
    let r = Repo::new();
    r.write(
        ".specmoor.yml",
        "owners:\n  - spec: specs/ops.md\n    paths: [\"ops/**\"]\nrules:\n  SM002: off\n  SM003: off\n  SM008: off\n  SM005: warn\n",
    )
    .write("specs/auth.md", &spec("Auth", "[\"src/auth/**\"]"))
    .write("specs/billing.md", &spec("Billing", "[\"src/billing/**\", \"!src/billing/vendor/**\"]"))
    .write("specs/sql.md", &spec("SQL", "[\"*.sql\"]"))
    .write("specs/ops.md", &spec("Ops", "[]"))
    .write("specs/notes.md", &spec("Notes", "[]"))
    .write("specs/gen.md", &spec("Gen", "[\"proto/**\"]"))
    .write("src/auth/login.rs", "fn login() {}\n")
    .write("src/billing/pay.rs", "fn pay() {}\n")
    .write("src/billing/vendor/lib.rs", "fn lib() {}\n")
    .write("db/schema.sql", "create table t (x int);\n")
    .write("ops/deploy.sh", "echo deploy\n")
    .write("proto/api.proto", "syntax = \"proto3\";\n")
    .write(
        "out/client.rs",
        &format!("// specmoor:generated-from specs/gen.md sha256={ZEROS}\nfn client() {{}}\n"),
    );
    r.commit("initial");
    r
}

/// Stage an edit of auth's code and check it three ways.
fn login_changed(r: &Repo) -> Json {
    r.write("src/auth/login.rs", "fn login2() {}\n");
    r.stage();
    check_three_ways(r, &[])
}

#[test]
fn a_corrupt_spec_index_is_ignored_and_rebuilt() {
    let r = repo();
    let want = login_changed(&r);
    let dir = r.home().join(".cache/specmoor");
    let index: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("specs-index-")
        })
        .collect();
    assert_eq!(index.len(), 1, "{index:?}");
    let good = std::fs::read(&index[0]).unwrap();
    let damaged: Vec<Vec<u8>> = vec![
        Vec::new(),
        good[..good.len() / 2].to_vec(),
        good.iter().map(|b| b ^ 0x5a).collect(),
        {
            // a valid header claiming more records than the file holds
            let mut v = good.clone();
            let at = b"specmoor-spec-index-v3\n".len();
            v[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
            v
        },
        {
            // the document area scrambled, the table intact
            let mut v = good.clone();
            let n = v.len();
            for b in &mut v[n - n / 3..] {
                *b = 0xff;
            }
            v
        },
    ];
    for bytes in damaged {
        std::fs::write(&index[0], &bytes).unwrap();
        let j = r.json(&["check"]);
        assert_eq!(j.code, want.code, "{}", j.stderr);
        assert_eq!(j.v, want.v);
    }
}

#[test]
fn a_damaged_spec_tree_record_is_ignored_and_rebuilt() {
    let r = repo();
    let want = login_changed(&r);
    let dir = r.home().join(".cache/specmoor");
    let trees: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("spec-trees-")
        })
        .collect();
    assert_eq!(trees.len(), 1, "{trees:?}");
    let good = std::fs::read(&trees[0]).unwrap();
    let magic = b"specmoor-spec-trees-v2\n".len();
    // the first record: locator (8), documents (4), generation (4), length (4), MAC (16)
    let rec = magic + 8;
    let table = rec + 36;
    assert!(good.len() > table, "{}", good.len());
    let with = |at: usize, bytes: &[u8]| {
        let mut v = good.clone();
        v[at..at + bytes.len()].copy_from_slice(bytes);
        v
    };
    let damaged: Vec<Vec<u8>> = vec![
        Vec::new(),
        good[..good.len() - 1].to_vec(),
        good.iter().map(|b| b ^ 0x5a).collect(),
        // more records than the file holds
        with(magic + 4, &u32::MAX.to_le_bytes()),
        // a table longer than the file
        with(rec + 16, &u32::MAX.to_le_bytes()),
        // another document count
        with(rec + 8, &1u32.to_le_bytes()),
        // the MAC, and the table, changed
        with(rec + 20, &[0u8; 16]),
        with(table, &[0x7f]),
        {
            let mut v = good.clone();
            let n = v.len();
            v[n - 1] ^= 1;
            v
        },
    ];
    for bytes in damaged {
        std::fs::write(&trees[0], &bytes).unwrap();
        let j = r.json(&["check"]);
        assert_eq!(j.code, want.code, "{}", j.stderr);
        assert_eq!(j.v, want.v);
    }
}

#[test]
fn a_damaged_marker_cache_is_ignored() {
    // enough changed files (over 512) that the marker-free cache is used
    let r = repo();
    for i in 0..600 {
        r.write(
            &format!("src/auth/many/f{i:03}.rs"),
            &format!("fn f{i}() {{}}\n"),
        );
    }
    r.write(
        "src/auth/gen/api.rs",
        "// @generated by protoc\nfn api() {}\n",
    );
    r.commit("many files");
    for i in 0..600 {
        r.write(
            &format!("src/auth/many/f{i:03}.rs"),
            &format!("fn g{i}() {{}}\n"),
        );
    }
    r.write(
        "src/auth/gen/api.rs",
        "// @generated by protoc\nfn api2() {}\n",
    );
    r.stage();
    let run = || {
        let mut cmd = r.specmoor_cmd_in(r.path());
        cmd.args(["check", "--format", "json"]);
        let mut j = Json::from_output(cmd.output().expect("spawn specmoor"));
        let mut v = codes(&j);
        v.dedup_by(|a, b| a.0 == b.0);
        j.v = Value::Null;
        (j.code, v)
    };
    let want = run();
    assert!(
        want.1
            .iter()
            .any(|c| c.0 == "SM004" && c.1 == "src/auth/gen/api.rs"),
        "{want:?}"
    );
    let dir = r.home().join(".cache/specmoor");
    let file: std::path::PathBuf = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("no-marker-")
        })
        .expect("the marker-free cache was written");
    let good = std::fs::read(&file).unwrap();
    assert!(good.len() >= 33 * 600, "{}", good.len());
    for bytes in [
        Vec::new(),
        good[..good.len() - 7].to_vec(),
        good.iter().rev().copied().collect(),
        vec![0xff; good.len()],
    ] {
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(run(), want);
    }
}

/// A spec-tree record also keeps each glob's literal tail (`.rs` of `src/**/*.rs`):
/// a spec whose globs under a changed path's folders all end in something the path
/// does not is not read. The answer is the one reading every spec gives, cold, warm
/// (the record used) and without the cache; a glob without a tail (`src/lib/`), an
/// exact file and a glob at any depth still own what they match.
#[test]
fn a_glob_tail_skips_only_specs_that_cannot_own_the_path() {
    let r = Repo::new();
    r.write(
        ".specmoor.yml",
        "rules:\n  SM002: off\n  SM003: off\n  SM008: off\n",
    )
    .write("specs/rs.md", &spec("Rs", "[\"src/**/*.rs\"]"))
    .write("specs/go.md", &spec("Go", "[\"src/a/x.go\", \"**/*.py\"]"))
    .write("specs/lib.md", &spec("Lib", "[\"src/lib/\"]"))
    .write("specs/doc.md", &spec("Doc", "[\"src/**/*.md\"]"))
    .write("src/a/x.go", "package a\n")
    .write("src/a/y.go", "package a\n")
    .write("src/lib/y.rs", "fn y() {}\n")
    .write("src/b/z.rs", "fn z() {}\n")
    .write("tools/t.py", "t = 1\n");
    r.commit("initial");
    r.write("src/a/x.go", "package a // x\n")
        .write("src/a/y.go", "package a // y\n")
        .write("src/lib/y.rs", "fn y2() {}\n")
        .write("src/b/z.rs", "fn z2() {}\n")
        .write("tools/t.py", "t = 2\n");
    r.stage();
    let j = check_three_ways(&r, &[]);
    let drift: Vec<(String, String)> = codes(&j)
        .into_iter()
        .filter(|(c, _, _)| c == "SM001")
        .map(|(_, p, s)| (p, s))
        .collect();
    let want: Vec<(String, String)> = [
        ("src/a/x.go", "specs/go.md"),
        ("src/b/z.rs", "specs/rs.md"),
        ("src/lib/y.rs", "specs/lib.md"), // and rs.md (one finding names both)
        ("tools/t.py", "specs/go.md"),
    ]
    .iter()
    .map(|(p, s)| (p.to_string(), s.to_string()))
    .collect();
    assert_eq!(drift, want, "{:#}", j.v);
}
