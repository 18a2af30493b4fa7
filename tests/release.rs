//! The release gate end to end (specs/release.md RL-1..RL-4, specs/rules.md RU-11):
//! breaking markers in every form, SM006 breaking-major in `check`, `specmoor release`
//! verdicts and notes, and the pre-push hook on pushed version tags.

mod common;
use common::*;
use serde_json::Value;
use std::process::Output;

/// Every rule at its default: SM002, SM003, SM006 and SM008 are on. The specs here
/// own nothing, so drift (SM001) never fires and only the version rules speak.
const CONFIG: &str = "# release gate tests: default rules\nversion: 1\n";
/// The same with an external Keep a Changelog file.
const CONFIG_EXTERNAL: &str = "version: 1\nchangelog:\n  file: CHANGELOG.md\n";

const AUTH: &str = "specs/auth.md";
const PASSWORD: &str = "a password";
const PASSKEY: &str = "a passkey";
const TABLE_HEAD: &str = "| Version | Date | Changes |\n|---|---|---|\n";
/// 2026-11-21T00:00:00Z: `specmoor bump` dates its entries with it.
const EPOCH: &str = "1795219200";

/// The auth spec: front matter version (line 2), FR-1 and FR-2, and a changelog
/// section holding `log`. With a table changelog whose first row is 1.4.0, a second
/// row is line 17.
fn auth(version: &str, login: &str, log: &str) -> String {
    auth_with(version, login, true, log)
}

fn auth_with(version: &str, login: &str, logout: bool, log: &str) -> String {
    let logout = if logout {
        "## FR-2: Logout\nUsers log out.\n"
    } else {
        "## Notes\nSessions end on their own.\n"
    };
    format!(
        "---\nversion: {version}\n---\n# Auth\n\n## FR-1: Login\nUsers log in with {login}.\n\n{logout}\n## Changelog\n\n{log}"
    )
}

/// A table changelog: the 1.4.0 row and then `rows`.
fn table(rows: &[(&str, &str)]) -> String {
    let mut t = format!("{TABLE_HEAD}| 1.4.0 | 2026-01-01 | First version |\n");
    for (v, text) in rows {
        t.push_str(&format!("| {v} | 2026-11-21 | {text} |\n"));
    }
    t
}

/// The auth spec at 1.4.0 with a one-row table changelog.
fn auth_base() -> String {
    auth("1.4.0", PASSWORD, &table(&[]))
}

/// A repository with `config` and `files`, committed as `initial`.
fn repo_with(config: &str, files: &[(&str, &str)]) -> Repo {
    let r = Repo::new();
    r.write(".specmoor.yml", config);
    for (p, c) in files {
        r.write(p, c);
    }
    r.commit("initial");
    r
}

/// [`repo_with`] the base auth spec, tagged `v1.4.0` (annotated).
fn tagged_auth_repo() -> Repo {
    let r = repo_with(CONFIG, &[(AUTH, &auth_base())]);
    r.git(&["tag", "-a", "v1.4.0", "-m", "release 1.4.0"]);
    r
}

/// Run specmoor with the fixed date.
fn sg(r: &Repo, args: &[&str]) -> Output {
    r.specmoor_cmd_in(r.path())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(args)
        .output()
        .expect("spawn specmoor")
}

fn bump(r: &Repo, args: &[&str]) {
    let mut all = vec!["bump"];
    all.extend_from_slice(args);
    assert_code(&sg(r, &all), 0);
}

/// Change FR-1 of the auth spec (content that needs a bump).
fn passkeys(r: &Repo) {
    let text = r.read(AUTH);
    assert!(text.contains(PASSWORD), "{text}");
    r.write(AUTH, &text.replacen(PASSWORD, PASSKEY, 1));
}

fn staged(r: &Repo) -> Json {
    r.stage();
    r.json(&["check"])
}

fn range(r: &Repo, base: &str) -> Json {
    r.json(&["check", "--base", base, "--head", "HEAD"])
}

fn sm006(j: &Json) -> Vec<Value> {
    j.findings()
        .iter()
        .filter(|f| f["code"] == "SM006")
        .cloned()
        .collect()
}

fn release(r: &Repo, args: &[&str]) -> Json {
    let mut all = vec!["release"];
    all.extend_from_slice(args);
    r.json(&all)
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v:#}"))
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect()
}

/// `new` is the version the spec went to from `base`: when it is not a major bump,
/// the check fails with exactly one SM006 error at the version line naming `marker`
/// (its text) found at `place`, and the required `want`; when it is a major bump the
/// check is clean.
#[track_caller]
fn expect_marker(j: &Json, major: bool, marker: &str, place: &str, want: &str) {
    if major {
        assert_eq!(j.code, 0, "a major bump with a marker passes: {:#}", j.v);
        assert!(j.findings().is_empty(), "{:#}", j.v);
        return;
    }
    assert_eq!(j.code, 1, "{:#}", j.v);
    assert_eq!(
        j.codes(),
        [("SM006".to_string(), AUTH.to_string())],
        "{:#}",
        j.v
    );
    let f = &j.findings()[0];
    assert_eq!(f["severity"], "error");
    assert_eq!(f["spec"], AUTH);
    assert_eq!(f["line"], 2, "the version line");
    let m = f["message"].as_str().unwrap();
    assert!(m.contains(marker), "marker {marker:?} not in {m}");
    assert!(m.contains(place), "place {place:?} not in {m}");
    assert!(m.contains(&format!("not to {want}")), "{m}");
}

// ---------------------------------------------------------------------------
// Markers in the changelog entry (staged checks)
// ---------------------------------------------------------------------------

#[test]
fn table_cell_starting_with_breaking_needs_a_major_bump() {
    for (new, major) in [("1.5.0", false), ("2.0.0", true)] {
        let r = repo_with(CONFIG, &[(AUTH, &auth_base())]);
        let text = "BREAKING — passwords are gone";
        r.write(AUTH, &auth(new, PASSKEY, &table(&[(new, text)])));
        let j = staged(&r);
        let place = format!("specs/auth.md:17 (changelog entry {new})");
        expect_marker(&j, major, text, &place, "2.0.0");
    }
}

#[test]
fn list_item_starting_with_breaking_colon_needs_a_major_bump() {
    for (level, major) in [("minor", false), ("major", true)] {
        let log = "- 1.4.0 (2026-01-01): First version\n";
        let r = repo_with(CONFIG, &[(AUTH, &auth("1.4.0", PASSWORD, log))]);
        passkeys(&r);
        bump(&r, &[AUTH, level, "-m", "Breaking: passwords are gone"]);
        let new = if major { "2.0.0" } else { "1.5.0" };
        let spec = r.read(AUTH);
        assert!(
            spec.contains(&format!(
                "- {new} (2026-11-21): Breaking: passwords are gone"
            )),
            "bump writes the list style:\n{spec}"
        );
        let j = staged(&r);
        expect_marker(
            &j,
            major,
            "Breaking: passwords are gone",
            &format!("(changelog entry {new})"),
            "2.0.0",
        );
    }
}

/// A spec whose changelog lives in front matter.
fn front_matter_spec(version: &str, login: &str, new_item: &str) -> String {
    format!(
        "---\nversion: {version}\nchangelog:\n{new_item}  - version: 1.4.0\n    date: 2026-01-01\n    changes:\n      - First version\n    breakingChanges: none\n---\n# Auth\n\n## FR-1: Login\nUsers log in with {login}.\n\n## FR-2: Logout\nUsers log out.\n"
    )
}

#[test]
fn front_matter_breaking_changes_need_a_major_bump() {
    for (new, major) in [("1.5.0", false), ("2.0.0", true)] {
        let r = repo_with(CONFIG, &[(AUTH, &front_matter_spec("1.4.0", PASSWORD, ""))]);
        let item = format!(
            "  - version: {new}\n    date: 2026-11-21\n    changes:\n      - Passkeys\n    breakingChanges:\n      - passwords are gone\n"
        );
        r.write(AUTH, &front_matter_spec(new, PASSKEY, &item));
        let j = staged(&r);
        expect_marker(
            &j,
            major,
            "breakingChanges: passwords are gone",
            &format!("(changelog entry {new})"),
            "2.0.0",
        );
    }
}

#[test]
fn front_matter_breaking_changes_none_is_no_marker() {
    let r = repo_with(CONFIG, &[(AUTH, &front_matter_spec("1.4.0", PASSWORD, ""))]);
    for none in ["none", "n/a", "\"-\"", "[]", "\"\""] {
        let item = format!(
            "  - version: 1.5.0\n    date: 2026-11-21\n    changes:\n      - Passkeys\n    breakingChanges: {none}\n"
        );
        r.write(AUTH, &front_matter_spec("1.5.0", PASSKEY, &item));
        let j = staged(&r);
        assert_eq!(j.code, 0, "breakingChanges: {none}: {:#}", j.v);
        assert!(
            j.findings().is_empty(),
            "breakingChanges: {none}: {:#}",
            j.v
        );
    }
}

#[test]
fn breaking_changes_sub_heading_inside_the_entry_needs_a_major_bump() {
    let base = "### 1.4.0 - 2026-01-01\n\n- First version\n";
    for (new, major) in [("1.5.0", false), ("2.0.0", true)] {
        let r = repo_with(CONFIG, &[(AUTH, &auth("1.4.0", PASSWORD, base))]);
        let log = format!(
            "### {new} - 2026-11-21\n\n#### BREAKING CHANGES\n\n- passwords are gone\n\n{base}"
        );
        r.write(AUTH, &auth(new, PASSKEY, &log));
        let j = staged(&r);
        expect_marker(
            &j,
            major,
            "#### BREAKING CHANGES",
            &format!("(changelog entry {new})"),
            "2.0.0",
        );
    }
}

#[test]
fn every_breaking_sub_heading_name_marks_the_entry() {
    let base = "### 1.4.0 - 2026-01-01\n\n- First version\n";
    for heading in [
        "#### Breaking",
        "#### Breaking changes",
        "#### BREAKING CHANGES",
    ] {
        let r = repo_with(CONFIG, &[(AUTH, &auth("1.4.0", PASSWORD, base))]);
        let log = format!("### 1.5.0 - 2026-11-21\n\n{heading}\n\n- passwords are gone\n\n{base}");
        r.write(AUTH, &auth("1.5.0", PASSKEY, &log));
        let j = staged(&r);
        expect_marker(&j, false, heading, "(changelog entry 1.5.0)", "2.0.0");
    }
    // a changelog at the top level: entries `## X.Y.Z`, the sub-heading `###`
    let doc = |version: &str, login: &str, log: &str| {
        format!("---\nversion: {version}\n---\n# Auth\n\n## FR-1: Login\nUsers log in with {login}.\n\n# Changelog\n\n{log}")
    };
    let base = "## 1.4.0 - 2026-01-01\n\n- First version\n";
    let r = repo_with(CONFIG, &[(AUTH, &doc("1.4.0", PASSWORD, base))]);
    let log =
        format!("## 1.5.0 - 2026-11-21\n\n### BREAKING CHANGES\n\n- passwords are gone\n\n{base}");
    r.write(AUTH, &doc("1.5.0", PASSKEY, &log));
    let j = staged(&r);
    expect_marker(
        &j,
        false,
        "### BREAKING CHANGES",
        "(changelog entry 1.5.0)",
        "2.0.0",
    );
}

#[test]
fn breaking_sub_heading_of_an_older_entry_is_not_a_marker_of_the_new_one() {
    let base = "### 1.4.0 - 2026-01-01\n\n#### Breaking\n\n- tokens expire\n";
    let r = repo_with(CONFIG, &[(AUTH, &auth("1.4.0", PASSWORD, base))]);
    let log = format!("### 1.5.0 - 2026-11-21\n\n- Passkeys\n\n{base}");
    r.write(AUTH, &auth("1.5.0", PASSKEY, &log));
    let j = staged(&r);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

/// A spec without its own changelog: its entries live in CHANGELOG.md.
fn bare_auth(version: &str, login: &str) -> String {
    format!(
        "---\nversion: {version}\n---\n# Auth\n\n## FR-1: Login\nUsers log in with {login}.\n\n## FR-2: Logout\nUsers log out.\n"
    )
}

const KEEP_BASE: &str = "## [1.4.0] - 2026-01-01\n\n### Added\n\n- First version\n";

fn keep_a_changelog(new_entry: &str) -> String {
    format!("# Changelog\n\n## [Unreleased]\n\n{new_entry}{KEEP_BASE}")
}

#[test]
fn external_keep_a_changelog_entry_marks_the_spec() {
    for (new, major) in [("1.5.0", false), ("2.0.0", true)] {
        let r = repo_with(
            CONFIG_EXTERNAL,
            &[
                (AUTH, &bare_auth("1.4.0", PASSWORD)),
                ("CHANGELOG.md", &keep_a_changelog("")),
            ],
        );
        r.write(AUTH, &bare_auth(new, PASSKEY));
        r.write(
            "CHANGELOG.md",
            &keep_a_changelog(&format!(
                "## [{new}] - 2026-11-21\n\n### Changed\n\n- BREAKING: passwords are gone\n\n"
            )),
        );
        let j = staged(&r);
        expect_marker(
            &j,
            major,
            "BREAKING: passwords are gone",
            "CHANGELOG.md:5",
            "2.0.0",
        );
    }
}

/// An entry outside the range (at or below the base version) is not this change's;
/// one between base and head is (see `intermediate_versions_breaking_entry_counts`).
#[test]
fn external_changelog_entry_of_another_version_does_not_mark_the_spec() {
    let r = repo_with(
        CONFIG_EXTERNAL,
        &[
            (AUTH, &bare_auth("1.4.0", PASSWORD)),
            ("CHANGELOG.md", &keep_a_changelog("")),
        ],
    );
    r.write(AUTH, &bare_auth("1.5.0", PASSKEY));
    r.write(
        "CHANGELOG.md",
        &keep_a_changelog(
            "## [1.5.0] - 2026-11-21\n\n- Passkeys\n\n## [1.3.9] - 2026-06-01\n\n- BREAKING: not ours\n\n",
        ),
    );
    let j = staged(&r);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(sm006(&j).is_empty(), "{:#}", j.v);
}

#[test]
fn breaking_in_the_middle_of_a_cell_or_item_is_not_a_marker() {
    // a table cell
    let r = repo_with(CONFIG, &[(AUTH, &auth_base())]);
    r.write(
        AUTH,
        &auth(
            "1.5.0",
            PASSKEY,
            &table(&[("1.5.0", "Passkeys; nothing BREAKING, no Breaking: changes")]),
        ),
    );
    let j = staged(&r);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);

    // a list item
    let log = "- 1.4.0 (2026-01-01): First version\n";
    let r = repo_with(CONFIG, &[(AUTH, &auth("1.4.0", PASSWORD, log))]);
    passkeys(&r);
    bump(
        &r,
        &[
            AUTH,
            "minor",
            "-m",
            "Passkeys, and this is not BREAKING anything",
        ],
    );
    let j = staged(&r);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

// ---------------------------------------------------------------------------
// Markers in commits and removed requirements
// ---------------------------------------------------------------------------

/// Change the auth spec with a plain (non-breaking) minor or major bump and commit
/// it with `message`; returns the commit.
fn commit_plain_bump(r: &Repo, level: &str, message: &str) -> String {
    passkeys(r);
    bump(r, &[AUTH, level, "-m", "Passkeys"]);
    r.commit(message)
}

#[track_caller]
fn commit_marker_case(message: &str, marker: &str, kind: &str) {
    for (level, major) in [("minor", false), ("major", true)] {
        let r = tagged_auth_repo();
        let sha = commit_plain_bump(&r, level, message);
        let j = range(&r, "v1.4.0");
        expect_marker(
            &j,
            major,
            marker,
            &format!("commit {} ({kind})", &sha[..12]),
            "2.0.0",
        );
        // the staged check of the same (already committed) change sees no commit
        assert_eq!(r.json(&["check"]).code, 0);
    }
}

#[test]
fn breaking_change_footer_in_a_commit_of_the_range_needs_a_major_bump() {
    commit_marker_case(
        "Passkeys for login\n\nPasswords are not accepted any more.\n\nBREAKING CHANGE: passwords are gone\nRefs: #12\n",
        "BREAKING CHANGE: passwords are gone",
        "footer",
    );
}

#[test]
fn breaking_dash_change_footer_needs_a_major_bump() {
    commit_marker_case(
        "Passkeys for login\n\nBREAKING-CHANGE: passwords are gone\n",
        "passwords are gone",
        "footer",
    );
}

#[test]
fn bang_subject_with_a_scope_needs_a_major_bump() {
    commit_marker_case(
        "feat(auth)!: passkeys replace passwords\n\nDetails.\n",
        "feat(auth)!: passkeys replace passwords",
        "subject",
    );
}

#[test]
fn bang_subject_without_a_scope_needs_a_major_bump() {
    commit_marker_case(
        "refactor!: passkeys only",
        "refactor!: passkeys only",
        "subject",
    );
}

#[test]
fn breaking_change_in_the_subject_line_is_not_a_footer() {
    let r = tagged_auth_repo();
    commit_plain_bump(&r, "minor", "BREAKING CHANGE: only in the subject");
    let j = range(&r, "v1.4.0");
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

#[test]
fn a_breaking_commit_that_did_not_touch_the_spec_does_not_mark_it() {
    let r = tagged_auth_repo();
    r.write("src/lib.rs", "pub fn helper() {}\n");
    r.commit("feat(core)!: rename the helper\n\nBREAKING CHANGE: helper renamed\n");
    commit_plain_bump(&r, "minor", "Passkeys");
    let j = range(&r, "v1.4.0");
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(sm006(&j).is_empty(), "{:#}", j.v);

    let j = release(&r, &["--from", "v1.4.0", "--version", "1.5.0"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert_eq!(j["breaking"], false, "{:#}", j.v);
    assert_eq!(
        j["specs"][0]["breaking"],
        serde_json::json!([]),
        "{:#}",
        j.v
    );
}

#[test]
fn removed_requirement_id_needs_a_major_bump() {
    for (new, major) in [("1.5.0", false), ("2.0.0", true)] {
        let r = repo_with(CONFIG, &[(AUTH, &auth_base())]);
        r.write(
            AUTH,
            &auth_with(
                new,
                PASSWORD,
                false,
                &table(&[(new, "Logout is automatic")]),
            ),
        );
        let j = staged(&r);
        expect_marker(&j, major, "requirement FR-2 was removed", AUTH, "2.0.0");
    }
}

#[test]
fn commit_msg_hook_counts_the_message_being_written() {
    let r = repo_with(CONFIG, &[(AUTH, &auth_base())]);
    assert_code(&r.specmoor(&["install"]), 0);
    passkeys(&r);
    bump(&r, &[AUTH, "minor", "-m", "Passkeys"]);
    r.stage();
    let out = r.git_output(&["commit", "-q", "-m", "feat(auth)!: passkeys only"]);
    assert!(!out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("SM006"), "{err}");
    assert!(err.contains("feat(auth)!: passkeys only"), "{err}");
    assert_eq!(r.git(&["log", "--format=%s"]).trim(), "initial");

    let out = r.git_output(&["commit", "-q", "-m", "feat(auth): passkeys"]);
    assert_code(&out, 0);
}

// ---------------------------------------------------------------------------
// The 0.x rule and the no-marker major bump
// ---------------------------------------------------------------------------

#[test]
fn zero_x_breaking_change_needs_a_minor_bump() {
    let base = auth(
        "0.3.1",
        PASSWORD,
        &format!("{TABLE_HEAD}| 0.3.1 | 2026-01-01 | First |\n"),
    );
    // 0.3.1 -> 0.3.2 with a marker: the required version is 0.4.0
    let r = repo_with(CONFIG, &[(AUTH, &base)]);
    passkeys(&r);
    bump(&r, &[AUTH, "patch", "-m", "BREAKING: passwords are gone"]);
    assert!(r.read(AUTH).contains("version: 0.3.2"));
    let j = staged(&r);
    assert_eq!(j.code, 1, "{:#}", j.v);
    let f = sm006(&j);
    assert_eq!(f.len(), 1, "{:#}", j.v);
    let m = f[0]["message"].as_str().unwrap();
    assert!(m.contains("not to 0.4.0"), "{m}");
    assert!(m.contains("BREAKING: passwords are gone"), "{m}");

    // 0.3.1 -> 0.4.0 is the major bump of 0.x
    let r = repo_with(CONFIG, &[(AUTH, &base)]);
    passkeys(&r);
    bump(&r, &[AUTH, "minor", "-m", "BREAKING: passwords are gone"]);
    assert!(r.read(AUTH).contains("version: 0.4.0"));
    let j = staged(&r);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

#[test]
fn major_bump_without_any_marker_is_a_warning() {
    let r = repo_with(CONFIG, &[(AUTH, &auth_base())]);
    passkeys(&r);
    bump(&r, &[AUTH, "major", "-m", "Passkeys"]);
    let j = staged(&r);
    assert_eq!(j.code, 0, "a warning alone passes: {:#}", j.v);
    let f = sm006(&j);
    assert_eq!(f.len(), 1, "{:#}", j.v);
    assert_eq!(f[0]["severity"], "warn");
    assert_eq!(f[0]["path"], AUTH);
    assert_eq!(f[0]["line"], 2);
    assert_eq!(j["summary"]["warnings"], 1, "{:#}", j.v);

    // `--breaking` writes the marker the warning asks for
    let r = repo_with(CONFIG, &[(AUTH, &auth_base())]);
    passkeys(&r);
    bump(
        &r,
        &[AUTH, "major", "-m", "passwords are gone", "--breaking"],
    );
    let j = staged(&r);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

// ---------------------------------------------------------------------------
// Squash merges
// ---------------------------------------------------------------------------

#[test]
fn squash_merge_keeps_the_marker_through_the_changelog_entry() {
    let r = tagged_auth_repo();
    r.git(&["checkout", "-q", "-b", "feature"]);
    passkeys(&r);
    r.commit("feat(auth)!: passkeys replace passwords");
    bump(&r, &[AUTH, "minor", "-m", "BREAKING: passwords are gone"]);
    r.commit("bump auth");
    r.write("src/login.rs", "fn login() {}\n");
    r.commit("fix: typo");
    r.git(&["checkout", "-q", "main"]);
    r.git(&["merge", "--squash", "-q", "feature"]);
    r.commit("Passkeys (#12)");
    assert_eq!(r.git(&["rev-list", "--count", "v1.4.0..HEAD"]).trim(), "1");

    let j = range(&r, "v1.4.0");
    assert_eq!(j.code, 1, "{:#}", j.v);
    let f = sm006(&j);
    assert_eq!(f.len(), 1, "{:#}", j.v);
    let m = f[0]["message"].as_str().unwrap();
    assert!(m.contains("BREAKING: passwords are gone"), "{m}");
    assert!(m.contains("(changelog entry 1.5.0)"), "{m}");
    assert!(
        !m.contains("feat(auth)!"),
        "the squashed commits are gone: {m}"
    );

    let j = release(&r, &["--from", "v1.4.0", "--version", "1.5.0"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    assert_eq!(j["breaking"], true);
    let markers = j["specs"][0]["breaking"].as_array().unwrap();
    assert_eq!(markers.len(), 1, "{:#}", j.v);
    assert_eq!(markers[0]["text"], "BREAKING: passwords are gone");
}

// ---------------------------------------------------------------------------
// specmoor release: verdicts
// ---------------------------------------------------------------------------

/// v1.4.0, then the auth spec goes to 2.0.0 with a breaking entry (the spec itself
/// is fine: SM006 is satisfied).
fn breaking_major_repo() -> Repo {
    let r = tagged_auth_repo();
    passkeys(&r);
    bump(
        &r,
        &[AUTH, "major", "-m", "passwords are gone", "--breaking"],
    );
    r.commit("Passkeys");
    r
}

#[test]
fn minor_release_with_a_breaking_change_is_refused_and_a_major_one_passes() {
    let r = breaking_major_repo();
    let j = release(&r, &["--from", "v1.4.0", "--version", "1.5.0"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    assert_eq!(j["from_version"], "1.4.0");
    assert_eq!(j["version"], "1.5.0");
    assert_eq!(j["breaking"], true);
    assert!(j["findings"].as_array().unwrap().is_empty(), "{:#}", j.v);
    let failures = strs(&j["failures"]);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(
        failures[0].contains("release 1.5.0 has breaking changes")
            && failures[0].contains("not a major release after 1.4.0")
            && failures[0].contains("make it 2.0.0"),
        "{failures:?}"
    );

    // human output: the verdict and the failure lines
    let out = r.specmoor(&["release", "--from", "v1.4.0", "--version", "1.5.0"]);
    assert_code(&out, 1);
    let text = stdout(&out);
    let refused = text
        .find("specmoor release: refused\n")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        text[refused..].contains("  × release 1.5.0 has breaking changes"),
        "{text}"
    );

    let j = release(&r, &["--from", "v1.4.0", "--version", "2.0.0"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert_eq!(j["failures"], serde_json::json!([]));
    let out = r.specmoor(&["release", "--from", "v1.4.0", "--version", "2.0.0"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("specmoor release: ok"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn to_version_tag_gives_the_release_version() {
    let r = breaking_major_repo();
    r.git(&["tag", "v2.0.0"]);
    r.git(&["tag", "-a", "v1.5.0", "-m", "wrong"]);
    let j = release(&r, &["--from", "v1.4.0", "--to", "v2.0.0"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert_eq!(j["to"], "v2.0.0");
    assert_eq!(j["version"], "2.0.0");
    assert_eq!(j["from_version"], "1.4.0");
    assert_eq!(j["notes"], serde_json::json!([]), "{:#}", j.v);

    let j = release(&r, &["--from", "v1.4.0", "--to", "v1.5.0"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    assert_eq!(j["version"], "1.5.0");
    assert!(
        strs(&j["failures"])[0].contains("make it 2.0.0"),
        "{:#}",
        j.v
    );

    // --version wins over the tag
    let j = release(
        &r,
        &["--from", "v1.4.0", "--to", "v1.5.0", "--version", "2.0.0"],
    );
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert_eq!(j["version"], "2.0.0");
}

#[test]
fn zero_x_minor_release_with_a_breaking_change_passes() {
    let base = auth(
        "0.3.1",
        PASSWORD,
        &format!("{TABLE_HEAD}| 0.3.1 | 2026-01-01 | First |\n"),
    );
    let r = repo_with(CONFIG, &[(AUTH, &base)]);
    // a lightweight tag without the `v`
    r.git(&["tag", "0.3.1"]);
    passkeys(&r);
    bump(
        &r,
        &[AUTH, "minor", "-m", "passwords are gone", "--breaking"],
    );
    r.commit("Passkeys");

    let j = release(&r, &["--from", "0.3.1", "--version", "0.4.0"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert_eq!(j["from_version"], "0.3.1");
    assert_eq!(j["breaking"], true);
    assert_eq!(j["specs"][0]["from"], "0.3.1");
    assert_eq!(j["specs"][0]["to"], "0.4.0");

    let j = release(&r, &["--from", "0.3.1", "--version", "0.3.2"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    let failures = strs(&j["failures"]);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].contains("make it 0.4.0"), "{failures:?}");
}

#[test]
fn release_version_not_newer_is_refused() {
    let r = tagged_auth_repo();
    commit_plain_bump(&r, "minor", "Passkeys");
    for v in ["1.4.0", "1.3.9"] {
        let j = release(&r, &["--from", "v1.4.0", "--version", v]);
        assert_eq!(j.code, 1, "--version {v}: {:#}", j.v);
        assert_eq!(j["breaking"], false);
        let failures = strs(&j["failures"]);
        assert!(
            failures
                .iter()
                .any(|f| f.contains(&format!("release {v} is not newer than 1.4.0"))),
            "{failures:?}"
        );
    }
    let j = release(&r, &["--from", "v1.4.0", "--version", "1.4.1"]);
    assert_eq!(j.code, 0, "a non-breaking patch release is fine: {:#}", j.v);
}

#[test]
fn a_spec_changed_without_a_bump_fails_the_release_with_sg002() {
    let r = tagged_auth_repo();
    passkeys(&r);
    r.commit("Passkeys, forgot the bump");
    let j = release(&r, &["--from", "v1.4.0", "--version", "1.5.0"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    let failures = strs(&j["failures"]);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].starts_with("SM002 "), "{failures:?}");
    let codes: Vec<&str> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["SM002"], "{:#}", j.v);
    assert_eq!(j["specs"][0]["from"], "1.4.0");
    assert_eq!(j["specs"][0]["to"], "1.4.0");
}

#[test]
fn a_version_bump_without_a_changelog_entry_fails_the_release_with_sg003() {
    let r = tagged_auth_repo();
    r.write(AUTH, &auth("1.5.0", PASSKEY, &table(&[])));
    r.commit("Passkeys, forgot the entry");
    let j = release(&r, &["--from", "v1.4.0", "--version", "1.5.0"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    let failures = strs(&j["failures"]);
    assert!(
        failures.iter().any(|f| f.starts_with("SM003 ")),
        "{failures:?}"
    );
}

#[test]
fn from_that_is_not_a_version_tag_gives_a_note_not_a_version_failure() {
    let r = breaking_major_repo();
    let base = r.rev("v1.4.0^{commit}");
    for from in [base.as_str(), "HEAD~1"] {
        let j = release(&r, &["--from", from, "--version", "1.5.0"]);
        assert_eq!(j.code, 0, "--from {from}: {:#}", j.v);
        assert_eq!(j["from_version"], Value::Null);
        assert_eq!(j["version"], "1.5.0");
        assert_eq!(j["breaking"], true);
        assert_eq!(j["failures"], serde_json::json!([]));
        let notes = strs(&j["notes"]);
        assert!(
            notes.iter().any(|n| n.contains("not a version tag")),
            "{notes:?}"
        );
    }
    // and in the human output
    let out = r.specmoor(&["release", "--from", "HEAD~1", "--version", "1.5.0"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("note: `HEAD~1` is not a version tag"),
        "{}",
        stdout(&out)
    );

    // no release version at all: a note too
    let j = release(&r, &["--from", "v1.4.0"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert_eq!(j["version"], Value::Null);
    assert!(!strs(&j["notes"]).is_empty(), "{:#}", j.v);
}

// ---------------------------------------------------------------------------
// specmoor release: notes and JSON
// ---------------------------------------------------------------------------

const PAYMENTS: &str = "specs/payments.md";

fn payments(version: &str, body: &str, log: &str) -> String {
    format!("---\nversion: {version}\n---\n# Payments\n\n## PAY-1: Charge\n{body}\n\n## Changelog\n\n{log}")
}

/// v1.4.0; then auth gets two non-breaking entries (1.4.1, 1.5.0) in two commits,
/// payments (alphabetically later) a breaking 2.0.0, and an unrelated spec is left
/// alone.
fn notes_repo() -> Repo {
    let pay_log = format!("{TABLE_HEAD}| 1.0.0 | 2025-01-01 | Card payments |\n");
    let r = repo_with(
        CONFIG,
        &[
            (AUTH, &auth_base()),
            (PAYMENTS, &payments("1.0.0", "Charge once.", &pay_log)),
            (
                "specs/zz-untouched.md",
                &format!("---\nversion: 3.0.0\n---\n# Untouched\n\nText.\n\n## Changelog\n\n{TABLE_HEAD}| 3.0.0 | 2025-01-01 | Old entry |\n"),
            ),
        ],
    );
    r.git(&["tag", "v1.4.0"]);
    passkeys(&r);
    bump(&r, &[AUTH, "patch", "-m", "Passkeys may be used"]);
    r.commit("auth 1.4.1");
    let text = r
        .read(AUTH)
        .replace("Users log out.", "Users log out anywhere.");
    r.write(AUTH, &text);
    bump(&r, &[AUTH, "minor", "-m", "Logout everywhere"]);
    r.commit("auth 1.5.0");
    let text = r
        .read(PAYMENTS)
        .replace("Charge once.", "Charge at most once.");
    r.write(PAYMENTS, &text);
    bump(
        &r,
        &[
            PAYMENTS,
            "major",
            "-m",
            "charges are idempotent",
            "--breaking",
        ],
    );
    r.commit("payments 2.0.0");
    r
}

#[test]
fn markdown_notes_list_breaking_changes_first_then_every_changed_spec() {
    let r = notes_repo();
    let out = r.specmoor(&[
        "release",
        "--from",
        "v1.4.0",
        "--version",
        "2.0.0",
        "--format",
        "markdown",
    ]);
    assert_code(&out, 0);
    assert_eq!(stderr(&out), "", "nothing on stderr when it passes");
    let md = stdout(&out);
    assert!(md.starts_with("# v2.0.0\n"), "{md}");
    assert!(!md.contains("specmoor release"), "notes only: {md}");

    let pos = |needle: &str| {
        md.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in\n{md}"))
    };
    let breaking = pos("## ⚠️ Breaking changes\n");
    let specs = pos("## Specs\n");
    assert!(breaking < specs, "{md}");
    let marker =
        pos("- **specs/payments.md**: BREAKING: charges are idempotent (specs/payments.md:");
    assert!(breaking < marker && marker < specs, "{md}");
    assert!(
        !md[breaking..specs].contains("specs/auth.md"),
        "auth has no breaking change: {md}"
    );

    // breaking specs first, then the others
    let pay = pos("### specs/payments.md (1.0.0 → 2.0.0)\n");
    let auth = pos("### specs/auth.md (1.4.0 → 1.5.0)\n");
    assert!(specs < pay && pay < auth, "{md}");
    let pay_section = &md[pay..auth];
    assert!(
        pay_section.contains("- **2.0.0** ")
            && pay_section.contains("BREAKING: charges are idempotent"),
        "{md}"
    );
    let auth_section = &md[auth..];
    let e141 = auth_section
        .lines()
        .find(|l| l.starts_with("- **1.4.1** "))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(e141.contains("Passkeys may be used"), "{e141}");
    let e150 = auth_section
        .lines()
        .find(|l| l.starts_with("- **1.5.0** "))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(e150.contains("Logout everywhere"), "{e150}");

    // entries that existed before the range, and untouched specs, are not notes
    for old in [
        "First version",
        "Card payments",
        "Old entry",
        "zz-untouched",
        "1.4.0**",
    ] {
        assert!(!md.contains(old), "{old:?} in\n{md}");
    }
}

#[test]
fn markdown_notes_go_to_stdout_and_failures_to_stderr() {
    let r = notes_repo();
    let out = r.specmoor(&[
        "release",
        "--from",
        "v1.4.0",
        "--version",
        "1.6.0",
        "--format",
        "markdown",
    ]);
    assert_code(&out, 1);
    let md = stdout(&out);
    assert!(md.starts_with("# v1.6.0\n"), "{md}");
    assert!(md.contains("## ⚠️ Breaking changes"), "{md}");
    assert!(!md.contains("refused") && !md.contains('×'), "{md}");
    let err = stderr(&out);
    assert!(err.contains("specmoor release: refused"), "{err}");
    assert!(
        err.contains("× release 1.6.0 has breaking changes"),
        "{err}"
    );
    assert!(err.contains("make it 2.0.0"), "{err}");
}

#[test]
fn json_report_has_the_release_schema() {
    let r = notes_repo();
    let j = release(&r, &["--from", "v1.4.0", "--version", "2.0.0"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    let keys: Vec<&str> =
        j.v.as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
    for k in [
        "schema",
        "from",
        "to",
        "from_version",
        "version",
        "breaking",
        "specs",
        "failures",
        "findings",
        "notes",
    ] {
        assert!(keys.contains(&k), "{k} missing: {keys:?}");
    }
    assert_eq!(j["schema"], "specmoor.release/1");
    assert_eq!(j["from"], "v1.4.0");
    assert_eq!(j["to"], "HEAD");
    assert_eq!(j["from_version"], "1.4.0");
    assert_eq!(j["version"], "2.0.0");
    assert_eq!(j["breaking"], true);
    assert_eq!(j["failures"], serde_json::json!([]));
    assert_eq!(j["findings"], serde_json::json!([]));

    let specs = j["specs"].as_array().unwrap();
    let names: Vec<&str> = specs.iter().map(|s| s["spec"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2, "only the changed specs: {names:?}");
    let spec = |name: &str| {
        specs
            .iter()
            .find(|s| s["spec"] == name)
            .unwrap_or_else(|| panic!("{name}: {names:?}"))
    };

    let a = spec(AUTH);
    assert_eq!(a["document"], AUTH);
    assert_eq!(a["from"], "1.4.0");
    assert_eq!(a["to"], "1.5.0");
    assert_eq!(a["added"], false);
    assert_eq!(a["deleted"], false);
    assert_eq!(a["breaking"], serde_json::json!([]));
    let mut versions: Vec<&str> = a["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["version"].as_str().unwrap())
        .collect();
    versions.sort();
    assert_eq!(versions, ["1.4.1", "1.5.0"], "{a:#}");
    for e in a["entries"].as_array().unwrap() {
        assert!(e["line"].as_u64().unwrap() > 0, "{e:#}");
        assert!(e["text"].is_string(), "{e:#}");
        let line = e["line"].as_u64().unwrap() as usize;
        let at = r.read(AUTH).lines().nth(line - 1).unwrap().to_string();
        assert!(
            at.contains(e["version"].as_str().unwrap()),
            "line {line} is {at:?}"
        );
    }

    let p = spec(PAYMENTS);
    assert_eq!(p["from"], "1.0.0");
    assert_eq!(p["to"], "2.0.0");
    let entries = p["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{p:#}");
    assert_eq!(entries[0]["version"], "2.0.0");
    assert!(entries[0]["text"]
        .as_str()
        .unwrap()
        .contains("BREAKING: charges are idempotent"));
    let markers = p["breaking"].as_array().unwrap();
    assert_eq!(markers.len(), 1, "{p:#}");
    assert_eq!(markers[0]["text"], "BREAKING: charges are idempotent");
    assert!(
        markers[0]["place"]
            .as_str()
            .unwrap()
            .starts_with("specs/payments.md:"),
        "{p:#}"
    );
}

// ---------------------------------------------------------------------------
// pre-push: pushed version tags run the gate
// ---------------------------------------------------------------------------

fn remote_tags(r: &Repo) -> String {
    r.git(&["ls-remote", "--tags", "origin"])
}

#[test]
fn pushed_version_tags_run_the_release_gate() {
    let r = repo_with(CONFIG, &[(AUTH, &auth_base())]);
    r.git(&["tag", "-a", "v1.4.0", "-m", "release 1.4.0"]);
    let origin = r.sibling("origin.git");
    r.git(&["init", "-q", "--bare", origin.to_str().unwrap()]);
    r.git(&["remote", "add", "origin", origin.to_str().unwrap()]);
    r.git(&["push", "-q", "origin", "main"]);
    assert_code(&r.specmoor(&["install"]), 0);

    // the first version tag has nothing to compare with
    let out = r.git_output(&["push", "origin", "v1.4.0"]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("the first version tag"),
        "{}",
        stderr(&out)
    );
    assert!(remote_tags(&r).contains("refs/tags/v1.4.0"));

    // a breaking change (the spec itself correctly at 2.0.0) pushed on main
    passkeys(&r);
    bump(
        &r,
        &[AUTH, "major", "-m", "passwords are gone", "--breaking"],
    );
    r.commit("Passkeys");
    assert_code(&r.git_output(&["push", "origin", "main"]), 0);

    // ... tagged as a minor release: refused, and the remote has no such tag
    r.git(&["tag", "-a", "v1.5.0", "-m", "release 1.5.0"]);
    let out = r.git_output(&["push", "origin", "v1.5.0"]);
    assert!(!out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("release gate v1.4.0 -> refs/tags/v1.5.0"),
        "{err}"
    );
    assert!(err.contains("specmoor release: refused"), "{err}");
    assert!(err.contains("make it 2.0.0"), "{err}");
    assert!(!remote_tags(&r).contains("v1.5.0"), "{}", remote_tags(&r));

    // tagged as the major release it is: pushed. (The refused tag is dropped first:
    // left in place it would be the "previous" version tag of v2.0.0.)
    r.git(&["tag", "-d", "v1.5.0"]);
    r.git(&["tag", "v2.0.0"]);
    let out = r.git_output(&["push", "origin", "v2.0.0"]);
    assert_code(&out, 0);
    let err = stderr(&out);
    assert!(
        err.contains("release gate v1.4.0 -> refs/tags/v2.0.0"),
        "{err}"
    );
    assert!(err.contains("specmoor release: ok"), "{err}");
    let tags = remote_tags(&r);
    assert!(tags.contains("refs/tags/v2.0.0"), "{tags}");
    assert!(!tags.contains("v1.5.0"), "{tags}");
}

// ---------------------------------------------------------------------------
// More edges of the contract
// ---------------------------------------------------------------------------

#[test]
fn breaking_changes_none_item_is_not_a_marker() {
    let base = "### 1.4.0 - 2026-01-01\n\n- First version\n";
    let r = repo_with(CONFIG, &[(AUTH, &auth("1.4.0", PASSWORD, base))]);
    let log = format!("### 1.5.0 - 2026-11-21\n\n- Passkeys\n- Breaking changes: none\n\n{base}");
    r.write(AUTH, &auth("1.5.0", PASSKEY, &log));
    let j = staged(&r);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

#[test]
fn markup_and_a_date_may_precede_the_marker() {
    for cell in [
        "**BREAKING**: passwords are gone",
        "**Breaking:** passwords are gone",
    ] {
        let r = repo_with(CONFIG, &[(AUTH, &auth_base())]);
        r.write(AUTH, &auth("1.5.0", PASSKEY, &table(&[("1.5.0", cell)])));
        let j = staged(&r);
        assert_eq!(j.code, 1, "{cell}: {:#}", j.v);
        assert_eq!(sm006(&j).len(), 1, "{cell}: {:#}", j.v);
    }
    let log = "- 1.4.0 (2026-01-01): First version\n";
    let r = repo_with(CONFIG, &[(AUTH, &auth("1.4.0", PASSWORD, log))]);
    r.write(
        AUTH,
        &auth(
            "1.5.0",
            PASSKEY,
            &format!("- 1.5.0 (2026-11-21): BREAKING: passwords are gone\n{log}"),
        ),
    );
    let j = staged(&r);
    assert_eq!(j.code, 1, "{:#}", j.v);
    assert_eq!(sm006(&j).len(), 1, "{:#}", j.v);
}

#[test]
fn lowercase_breaking_is_not_a_marker() {
    let r = repo_with(CONFIG, &[(AUTH, &auth_base())]);
    r.write(
        AUTH,
        &auth(
            "1.5.0",
            PASSKEY,
            &table(&[("1.5.0", "breaking: lowercase, not a marker")]),
        ),
    );
    let j = staged(&r);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

#[test]
fn every_marker_is_listed_with_where_it_was_found() {
    let r = tagged_auth_repo();
    r.write(
        AUTH,
        &auth_with(
            "1.5.0",
            PASSKEY,
            false,
            &table(&[("1.5.0", "BREAKING: passwords are gone")]),
        ),
    );
    let sha = r.commit("feat(auth)!: passkeys only\n\nBREAKING CHANGE: no logout either\n");
    let short = &sha[..12];
    let j = range(&r, "v1.4.0");
    assert_eq!(j.code, 1, "{:#}", j.v);
    let f = sm006(&j);
    assert_eq!(f.len(), 1, "one finding for the spec: {:#}", j.v);
    let m = f[0]["message"].as_str().unwrap();
    for want in [
        "BREAKING: passwords are gone (specs/auth.md:17 (changelog entry 1.5.0))".to_string(),
        format!("feat(auth)!: passkeys only (commit {short} (subject))"),
        format!("BREAKING CHANGE: no logout either (commit {short} (footer))"),
        "requirement FR-2 was removed (specs/auth.md)".to_string(),
        "not to 2.0.0".to_string(),
    ] {
        assert!(m.contains(&want), "{want:?} not in {m}");
    }

    let j = release(&r, &["--from", "v1.4.0", "--version", "2.0.0"]);
    let places: Vec<&str> = j["specs"][0]["breaking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["place"].as_str().unwrap())
        .collect();
    assert_eq!(places.len(), 4, "{:#}", j.v);
    // the spec's own SM006 still fails the release, even at 2.0.0
    assert_eq!(j.code, 1, "{:#}", j.v);
    assert!(
        strs(&j["failures"]).iter().any(|f| f.starts_with("SM006 ")),
        "{:#}",
        j.v
    );
}

#[test]
fn a_breaking_commit_before_the_range_does_not_count() {
    let r = repo_with(CONFIG, &[(AUTH, &auth_base())]);
    r.write(
        AUTH,
        &auth_base().replace("Users log out.", "Users log out now."),
    );
    r.commit("feat(auth)!: old news\n\nBREAKING CHANGE: long ago\n");
    r.git(&["tag", "v1.4.0"]);
    commit_plain_bump(&r, "minor", "Passkeys");
    let j = range(&r, "v1.4.0");
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

#[test]
fn a_renamed_requirement_is_not_a_removed_one() {
    let r = repo_with(CONFIG, &[(AUTH, &auth_base())]);
    let text = auth(
        "1.5.0",
        PASSWORD,
        &table(&[("1.5.0", "Logout is sign-out")]),
    )
    .replace(
        "## FR-2: Logout\nUsers log out.",
        "## FR-2: Sign out\nUsers sign out.",
    );
    r.write(AUTH, &text);
    let j = staged(&r);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

#[test]
fn major_bump_warning_keeps_its_severity_when_the_rule_is_error() {
    let r = repo_with(
        "version: 1\nrules:\n  SM006: error\n",
        &[(AUTH, &auth_base())],
    );
    passkeys(&r);
    bump(&r, &[AUTH, "major", "-m", "Passkeys"]);
    let j = staged(&r);
    assert_eq!(j.code, 0, "{:#}", j.v);
    let f = sm006(&j);
    assert_eq!(f.len(), 1, "{:#}", j.v);
    assert_eq!(f[0]["severity"], "warn");
}

#[test]
fn waived_or_milder_sg006_does_not_fail_a_major_release() {
    // a spec with a breaking entry but only a minor bump, released as 2.0.0
    let setup = |config: &str, message: &str| {
        let r = repo_with(config, &[(AUTH, &auth_base())]);
        r.git(&["tag", "v1.4.0"]);
        passkeys(&r);
        bump(&r, &[AUTH, "minor", "-m", "BREAKING: passwords are gone"]);
        r.commit(message);
        r
    };
    let r = setup(CONFIG, "Passkeys");
    let j = release(&r, &["--from", "v1.4.0", "--version", "2.0.0"]);
    assert_eq!(j.code, 1, "an unwaived SM006 error fails: {:#}", j.v);

    let r = setup(
        CONFIG,
        "Passkeys\n\nSpecmoor-Waive: SM006 the spec version is bumped with the product\n",
    );
    let j = release(&r, &["--from", "v1.4.0", "--version", "2.0.0"]);
    assert_eq!(j.code, 0, "a waived SM006 does not fail: {:#}", j.v);
    let findings = j["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{:#}", j.v);
    assert_eq!(findings[0]["code"], "SM006");
    assert!(!findings[0]["waived"].is_null(), "{:#}", j.v);
    // the release version is still held to the marker
    let j = release(&r, &["--from", "v1.4.0", "--version", "1.5.0"]);
    assert_eq!(j.code, 1, "{:#}", j.v);

    let r = setup("version: 1\nrules:\n  SM006: warn\n", "Passkeys");
    let j = release(&r, &["--from", "v1.4.0", "--version", "2.0.0"]);
    assert_eq!(j.code, 0, "an SM006 warning does not fail: {:#}", j.v);
}

#[test]
fn empty_entries_are_left_out_of_the_release() {
    let r = tagged_auth_repo();
    r.write(AUTH, &auth("1.5.0", PASSKEY, &table(&[("1.5.0", " ")])));
    r.commit("Passkeys, empty entry");
    let j = release(&r, &["--from", "v1.4.0", "--version", "1.5.0"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    assert_eq!(j["specs"][0]["entries"], serde_json::json!([]), "{:#}", j.v);
    assert!(
        strs(&j["failures"]).iter().any(|f| f.starts_with("SM003 ")),
        "{:#}",
        j.v
    );
}

#[test]
fn from_that_is_not_a_version_tag_is_noted_without_breaking_changes_too() {
    let r = tagged_auth_repo();
    commit_plain_bump(&r, "minor", "Passkeys");
    let j = release(&r, &["--from", "HEAD~1", "--version", "1.5.0"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert_eq!(j["from_version"], Value::Null);
    assert!(
        strs(&j["notes"])
            .iter()
            .any(|n| n.contains("not a version tag")),
        "RL-3: when versions cannot be compared it says so: {:#}",
        j.v
    );
}

#[test]
fn a_release_version_that_is_no_version_is_a_usage_error() {
    let r = breaking_major_repo();
    let out = r.specmoor(&["release", "--from", "v1.4.0", "--version", "2.0"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--version"), "{}", stderr(&out));
}

/// A range 1.4.0 → 1.4.1 (BREAKING) → 1.5.0: the intermediate entry's marker counts,
/// in `check` over the range and in `release`.
#[test]
fn intermediate_versions_breaking_entry_counts() {
    let r = repo_with(
        CONFIG_EXTERNAL,
        &[
            (AUTH, &bare_auth("1.4.0", PASSWORD)),
            ("CHANGELOG.md", &keep_a_changelog("")),
        ],
    );
    r.git(&["tag", "v1.4.0"]);
    r.write(AUTH, &bare_auth("1.5.0", PASSKEY));
    r.write(
        "CHANGELOG.md",
        &keep_a_changelog(
            "## [1.5.0] - 2026-11-21\n\n- Passkeys\n\n## [1.4.1] - 2026-06-01\n\n- BREAKING: sessions reset\n\n",
        ),
    );
    r.commit("two releases' worth");
    let j = r.json(&["check", "--base", "v1.4.0"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    assert_eq!(sm006(&j).len(), 1, "{:#}", j.v);
    let out = r.specmoor(&["release", "--from", "v1.4.0", "--version", "1.5.0"]);
    assert_code(&out, 1);
}
