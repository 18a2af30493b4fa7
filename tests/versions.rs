//! Spec versions and changelogs on real repositories: SM002 version-bump, SM003
//! changelog, SM008 spec-version, and `specmoor bump` round trips.

mod common;
use common::*;

/// Only the version rules and drift on; findings of other rules would blur the point.
const CONFIG: &str =
    "rules:\n  SM004: off\n  SM005: off\n  SM006: off\n  SM009: off\n  SM010: off\n  SM011: off\n";

/// The seed style: `**Version:** 1.0` under the title, a numbered Revision History table.
const SEED: &str = "# Payments Spec

**Version:** 1.0
**Status:** Approved

## FR-1: Charge
Charge the card once.

## FR-3: Refund
Refunds within 30 days.

## 9. Revision History

| Version | Date | Changes |
|---|---|---|
| 1.0 | 2026-01-01 | First version |
";

fn repo_with(path: &str, spec: &str) -> Repo {
    let r = Repo::new();
    r.write(".specmoor.yml", CONFIG).write(path, spec);
    r.commit("initial");
    r
}

fn edit(r: &Repo, path: &str, from: &str, to: &str) {
    let text = r.read(path);
    assert!(text.contains(from), "{path} does not contain {from:?}");
    r.write(path, &text.replacen(from, to, 1));
}

fn bump(r: &Repo, args: &[&str]) -> std::process::Output {
    let mut cmd = r.specmoor_cmd_in(r.path());
    // 2026-11-21T00:00:00Z, so entries carry a known date
    cmd.env("SOURCE_DATE_EPOCH", "1795219200");
    cmd.arg("bump").args(args).output().expect("spawn")
}

fn only(j: &Json, code: &str) -> serde_json::Value {
    let f: Vec<_> = j.findings().iter().filter(|f| f["code"] == code).collect();
    assert_eq!(f.len(), 1, "want one {code}: {:#}", j.v);
    f[0].clone()
}

// --- SM002 version-bump ---------------------------------------------------

#[test]
fn seed_spec_content_change_without_bump_is_sg002_naming_sections_and_next_versions() {
    let r = repo_with("specs/payments.md", SEED);
    edit(
        &r,
        "specs/payments.md",
        "Charge the card once.",
        "Charge the card once, idempotently.",
    );
    edit(
        &r,
        "specs/payments.md",
        "Refunds within 30 days.",
        "Refunds within 60 days.",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    let f = only(&j, "SM002");
    assert_eq!(f["spec"], "specs/payments.md");
    assert_eq!(f["line"], 3, "the line where the version was read");
    let m = f["message"].as_str().unwrap();
    assert!(m.contains("sections FR-1, FR-3"), "{m}");
    assert!(m.contains("stayed 1.0.0"), "{m}");
    assert!(
        m.contains("bump to 1.1.0 for a change, 2.0.0 if it breaks"),
        "{m}"
    );
    assert!(m.contains("changelog entry"), "{m}");
}

#[test]
fn bump_fixes_sg002_and_touches_only_version_and_changelog() {
    let r = repo_with("specs/payments.md", SEED);
    edit(
        &r,
        "specs/payments.md",
        "Charge the card once.",
        "Charge the card once, idempotently.",
    );
    let before = r.read("specs/payments.md");
    let out = bump(
        &r,
        &["specs/payments.md", "minor", "-m", "Idempotent charges"],
    );
    assert_code(&out, 0);
    assert!(stdout(&out).contains("1.0.0 -> 1.1.0"), "{}", stdout(&out));
    let after = r.read("specs/payments.md");
    let expected = before
        .replace("**Version:** 1.0", "**Version:** 1.1")
        .replace(
            "| 1.0 | 2026-01-01 | First version |\n",
            "| 1.0 | 2026-01-01 | First version |\n| 1.1 | 2026-11-21 | Idempotent charges |\n",
        );
    assert_eq!(after, expected);
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

#[test]
fn whitespace_line_ending_and_changelog_only_changes_need_no_bump() {
    let r = repo_with("specs/payments.md", SEED);
    let crlf = r.read("specs/payments.md").replace('\n', "  \r\n");
    r.write("specs/payments.md", &crlf);
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);

    let r = repo_with("specs/payments.md", SEED);
    edit(
        &r,
        "specs/payments.md",
        "| 1.0 | 2026-01-01 | First version |",
        "| 1.0 | 2026-01-01 | First version (typo fixed) |",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "changelog edits are not content: {:#}", j.v);
}

#[test]
fn range_check_reports_sg002_too() {
    let r = repo_with("specs/payments.md", SEED);
    let base = r.rev("HEAD");
    edit(
        &r,
        "specs/payments.md",
        "Refunds within 30 days.",
        "Refunds within 14 days.",
    );
    r.commit("shorter refunds");
    let j = r.json(&["check", "--base", &base]);
    assert_eq!(j.code, 1);
    assert_eq!(only(&j, "SM002")["path"], "specs/payments.md");
}

#[test]
fn renamed_spec_keeps_its_version_history() {
    let r = repo_with("specs/payments.md", SEED);
    r.git(&["mv", "specs/payments.md", "specs/billing.md"]);
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "a pure rename changes nothing: {:#}", j.v);

    edit(
        &r,
        "specs/billing.md",
        "Refunds within 30 days.",
        "Refunds within 7 days.",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1);
    let f = only(&j, "SM002");
    assert_eq!(f["spec"], "specs/billing.md");
    assert!(f["message"].as_str().unwrap().contains("stayed 1.0.0"));
    // and no SM008/SM003 as if it were a new spec
    assert_eq!(j.findings().len(), 1, "{:#}", j.v);
}

// --- SM003 changelog ------------------------------------------------------

const FRONT_MATTER_STYLE: &str = "---
version: 1.1.0
changelog:
  - version: 1.1.0
    date: 2026-02-01
    changes:
      - Added refunds
    breakingChanges: none
  - version: 1.0.0
    date: 2026-01-01
    changes: First version
---
# Billing

## FR-1: Charge
Charge once.
";

#[test]
fn version_bump_without_entry_is_sg003_and_an_empty_entry_does_not_count() {
    let r = repo_with("specs/billing.md", FRONT_MATTER_STYLE);
    edit(
        &r,
        "specs/billing.md",
        "version: 1.1.0\nchangelog:",
        "version: 1.2.0\nchangelog:",
    );
    edit(
        &r,
        "specs/billing.md",
        "Charge once.",
        "Charge once per order.",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1);
    let f = only(&j, "SM003");
    assert_eq!(f["line"], 2);
    let m = f["message"].as_str().unwrap();
    assert!(
        m.contains("from 1.1.0 to 1.2.0") && m.contains("no entry for 1.2.0"),
        "{m}"
    );

    edit(
        &r,
        "specs/billing.md",
        "changelog:\n",
        "changelog:\n  - version: 1.2.0\n    date: 2026-03-01\n    changes: []\n",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1);
    let m = only(&j, "SM003")["message"].as_str().unwrap().to_string();
    assert!(m.contains("is empty"), "{m}");

    edit(
        &r,
        "specs/billing.md",
        "changes: []",
        "changes: [Per-order charges]",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
}

#[test]
fn keep_a_changelog_file_counts_when_configured() {
    let r = Repo::new();
    r.write(
        ".specmoor.yml",
        &format!("changelog: {{ file: CHANGELOG.md }}\n{CONFIG}"),
    )
    .write(
        "specs/api.md",
        "---\nversion: 1.0.0\n---\n# API\n\n## FR-1: List\nLists things.\n",
    )
    .write(
        "CHANGELOG.md",
        "# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-01-01\n- first\n",
    );
    r.commit("initial");
    edit(&r, "specs/api.md", "version: 1.0.0", "version: 1.1.0");
    edit(
        &r,
        "specs/api.md",
        "Lists things.",
        "Lists things, paginated.",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    only(&j, "SM003");

    edit(
        &r,
        "CHANGELOG.md",
        "## [Unreleased]\n",
        "## [Unreleased]\n\n## [1.1.0] - 2026-11-21\n### Added\n- pagination\n",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
}

// --- SM008 spec-version ---------------------------------------------------

#[test]
fn version_going_down_is_sg008_not_sg003() {
    let r = repo_with("specs/payments.md", SEED);
    edit(
        &r,
        "specs/payments.md",
        "**Version:** 1.0",
        "**Version:** 0.9",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1);
    let f = only(&j, "SM008");
    assert_eq!(f["line"], 3);
    assert!(f["message"]
        .as_str()
        .unwrap()
        .contains("went down from 1.0.0 to 0.9.0"));
    assert!(
        j.findings().iter().all(|f| f["code"] != "SM003"),
        "{:#}",
        j.v
    );
}

#[test]
fn new_spec_needs_a_version_and_an_entry() {
    let r = repo_with("specs/payments.md", SEED);
    r.write("specs/new.md", "# New\n\n## FR-1: Thing\nText.\n");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1);
    let m = only(&j, "SM008")["message"].as_str().unwrap().to_string();
    assert!(m.contains("is new and has no version"), "{m}");

    r.write(
        "specs/new.md",
        "---\nversion: 0.1.0\n---\n# New\n\n## FR-1: Thing\nText.\n",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1);
    let m = only(&j, "SM003")["message"].as_str().unwrap().to_string();
    assert!(m.contains("is new at 0.1.0"), "{m}");

    let out = bump(&r, &["specs/new.md", "patch", "-m", "First draft"]);
    assert_code(&out, 0);
    // bump went 0.1.0 -> 0.1.1 and wrote the entry; a new spec at 0.1.1 is fine
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
}

#[test]
fn unparsable_version_is_sg008() {
    let r = repo_with("specs/payments.md", SEED);
    edit(
        &r,
        "specs/payments.md",
        "**Version:** 1.0",
        "**Version:** one-point-oh",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1);
    let f = only(&j, "SM008");
    assert!(
        f["message"].as_str().unwrap().contains("cannot be read"),
        "{f:#}"
    );
}

// --- notations ------------------------------------------------------------

#[test]
fn every_version_notation_is_read_and_bumped_in_place() {
    let cases = [
        (
            "**Version**: 1.3.2 | **Ratified**: 2025-06-01",
            "**Version**: 1.4.0 | **Ratified**: 2025-06-01",
        ),
        ("Version: 2.0.0", "Version: 2.1.0"),
    ];
    for (line, bumped) in cases {
        let spec = format!("# Constitution\n\n{line}\n\n## Principles\nBe kind.\n\n## Changelog\n\n- 0.1.0: start\n");
        let r = repo_with("specs/c.md", &spec);
        edit(&r, "specs/c.md", "Be kind.", "Be kind and brief.");
        r.stage();
        assert_eq!(r.json(&["check"]).code, 1, "{line}");
        assert_code(&bump(&r, &["specs/c.md", "minor", "-m", "Brevity"]), 0);
        let text = r.read("specs/c.md");
        assert!(text.contains(bumped), "{text}");
        r.stage();
        let j = r.json(&["check"]);
        assert_eq!(j.code, 0, "{line}: {:#}", j.v);
    }

    // a trailing vX.Y.Z in the first heading, with sub-heading entries
    let spec = "# MEL Compiler SPEC v1.3.0\n\n## FR-1: Parse\nParse it.\n\n## Change Log\n\n### v1.3.0 - 2026-01-01\n\n- parser\n";
    let r = repo_with("specs/mel.md", spec);
    edit(&r, "specs/mel.md", "Parse it.", "Parse it fast.");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(only(&j, "SM002")["line"], 1);
    assert_code(
        &bump(&r, &["specs/mel.md", "patch", "-m", "Faster parsing"]),
        0,
    );
    let text = r.read("specs/mel.md");
    assert!(text.starts_with("# MEL Compiler SPEC v1.3.1\n"), "{text}");
    assert!(
        text.contains("### v1.3.1 - 2026-11-21\n\n- Faster parsing\n\n### v1.3.0"),
        "{text}"
    );
    r.stage();
    assert_eq!(r.json(&["check"]).code, 0);
}

#[test]
fn crlf_and_bom_specs_round_trip_through_bump() {
    let spec = format!("\u{feff}{}", SEED.replace('\n', "\r\n"));
    let r = repo_with("specs/payments.md", &spec);
    let text = r
        .read("specs/payments.md")
        .replace("Charge the card once.", "Charge once.");
    r.write("specs/payments.md", &text);
    r.stage();
    assert_eq!(only(&r.json(&["check"]), "SM002")["line"], 3);
    assert_code(
        &bump(&r, &["specs/payments.md", "minor", "-m", "Shorter"]),
        0,
    );
    let bytes = std::fs::read(r.path().join("specs/payments.md")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM kept");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "CRLF kept everywhere: {text:?}"
    );
    assert!(
        text.contains("| 1.1 | 2026-11-21 | Shorter |\r\n"),
        "{text:?}"
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
}

#[test]
fn bump_writes_front_matter_entries_and_marks_breaking() {
    let r = repo_with("specs/billing.md", FRONT_MATTER_STYLE);
    edit(&r, "specs/billing.md", "Charge once.", "Charge twice.");
    assert_code(
        &bump(
            &r,
            &[
                "specs/billing.md",
                "major",
                "-m",
                "Double charging",
                "--breaking",
            ],
        ),
        0,
    );
    let text = r.read("specs/billing.md");
    assert!(
        text.contains("changelog:\n  - version: 2.0.0\n    date: 2026-11-21\n    changes:\n      - \"Double charging\"\n    breakingChanges:\n      - \"Double charging\"\n  - version: 1.1.0"),
        "{text}"
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
}

#[test]
fn bump_refuses_what_it_cannot_do_and_changes_nothing() {
    let r = repo_with("specs/plain.md", "# Plain\n\nNo version here.\n");
    let out = bump(&r, &["specs/plain.md", "minor", "-m", "x"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("no version to bump"),
        "{}",
        stderr(&out)
    );
    assert_eq!(r.read("specs/plain.md"), "# Plain\n\nNo version here.\n");

    r.write_bytes("specs/latin1.md", b"---\nversion: 1.0.0\n---\n# Caf\xe9\n");
    let out = bump(&r, &["specs/latin1.md", "minor", "-m", "x"]);
    assert_code(&out, 2);
    assert_eq!(
        std::fs::read(r.path().join("specs/latin1.md")).unwrap(),
        b"---\nversion: 1.0.0\n---\n# Caf\xe9\n"
    );

    let out = bump(&r, &["specs/missing.md", "minor", "-m", "x"]);
    assert_code(&out, 2);

    // versions that are not written literally on their line (a YAML escape, a quoted
    // value folded over lines) are refused, the file untouched (the property tests
    // found such values read with an empty span)
    for text in [
        "---\nversion: \"1\\u002e2.0\"\n---\n# Escaped\n",
        "---\nversion: \"1.2\n  .0\"\n---\n# Folded\n",
    ] {
        r.write("specs/odd.md", text);
        let out = bump(&r, &["specs/odd.md", "minor", "-m", "x"]);
        assert_code(&out, 2);
        assert_eq!(r.read("specs/odd.md"), text);
    }
}

// --- folder units ---------------------------------------------------------

#[test]
fn folder_unit_needs_a_bump_only_for_its_main_document_unless_configured() {
    let r = Repo::new();
    r.write(".specmoor.yml", &format!("unit: folder\n{CONFIG}"))
        .write(
            "specs/001-auth/spec.md",
            "---\nversion: 1.0.0\nowns: [src/auth/**]\n---\n# Auth\n\n## FR-1: Login\nLog in.\n",
        )
        .write("specs/001-auth/plan.md", "# Plan\n\nStep one.\n")
        .write("src/auth/login.rs", "fn login() {}\n");
    r.commit("initial");
    r.write("specs/001-auth/plan.md", "# Plan\n\nStep one, then two.\n");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "plan.md is not the main document: {:#}", j.v);

    r.write(
        ".specmoor.yml",
        &format!("unit: folder\nversioning: {{ scope: all }}\n{CONFIG}"),
    );
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    let f = only(&j, "SM002");
    assert_eq!(f["spec"], "specs/001-auth");
    assert_eq!(f["path"], "specs/001-auth/spec.md");

    // bump takes the folder and writes into its main document
    assert_code(
        &bump(&r, &["specs/001-auth", "minor", "-m", "Two-step plan"]),
        0,
    );
    assert!(r.read("specs/001-auth/spec.md").contains("version: 1.1.0"));
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
}
