//! The JSON Schema of `.specmoor.yml` is generated from the config types and locked
//! here: the committed `schema/specmoor.schema.json` must equal what the binary
//! prints. After an intended config change, regenerate it with
//! `SPECMOOR_UPDATE_SCHEMA=1 cargo test --test schema`.
//! Also: completions and the man page come from the clap definitions.

mod common;
use common::*;

fn run(args: &[&str]) -> String {
    let r = Repo::bare_dir("x");
    let out = r.specmoor(args);
    assert_code(&out, 0);
    stdout(&out)
}

#[test]
fn committed_schema_matches_the_config_types() {
    let generated = run(&["schema"]);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/specmoor.schema.json");
    if std::env::var_os("SPECMOOR_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schema/specmoor.schema.json is out of date; run `SPECMOOR_UPDATE_SCHEMA=1 cargo test --test schema` and commit it"
    );
    let v: serde_json::Value = serde_json::from_str(&generated).unwrap();
    assert_eq!(v["additionalProperties"], false, "unknown keys are errors");
    for key in [
        "version",
        "specs",
        "unit",
        "main",
        "base",
        "ignore",
        "owners",
        "generated",
        "drift",
        "changelog",
        "versioning",
        "rules",
        "waiver",
    ] {
        assert!(v["properties"].get(key).is_some(), "schema lacks {key}");
    }
    let rules = &v["properties"]["rules"]["properties"];
    assert!(rules.get("SM001").is_some() && rules.get("drift").is_some());
    assert_eq!(v["properties"]["rules"]["additionalProperties"], false);
}

#[test]
fn completions_and_man_page_come_from_the_cli() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let c = run(&["completions", shell]);
        for cmd in ["check", "install", "release", "coverage", "stamp", "bump"] {
            assert!(c.contains(cmd), "{shell} completions lack {cmd}");
        }
    }
    let man = run(&["man"]);
    assert!(man.contains(".TH specmoor"), "{man}");
    assert!(man.contains("check"));
    let r = Repo::bare_dir("x");
    assert_code(&r.specmoor(&["completions", "tcsh"]), 2);
}
