//! Adoption on real repositories (specs/adoption.md AD-1, AD-2; specs/rules.md RU-12):
//! the README's "Getting started" walk-through for each layout — build a repository of
//! that layout, commit it, `specmoor init`, commit `.specmoor.yml`, `specmoor coverage`,
//! then `specmoor check` on a staged change — plus init's refusals, the version rules it
//! picks, the coverage report in every format, and SM009 pending-implementation.

mod common;
use common::*;
use serde_json::{json, Value};

const SCHEMA_LINE: &str = "# yaml-language-server: $schema=";

/// `specmoor init`, which must succeed; returns stdout.
fn init_ok(r: &Repo) -> String {
    let out = r.specmoor(&["init"]);
    assert_code(&out, 0);
    stdout(&out)
}

/// The written config, with its first-line and loadability checks: it carries the
/// schema line, and `specmoor check` accepts it on an empty staged change.
fn commit_config(r: &Repo) -> String {
    let cfg = r.read(".specmoor.yml");
    assert!(
        cfg.lines().next().unwrap_or("").starts_with(SCHEMA_LINE),
        "first line is not the schema line:\n{cfg}"
    );
    assert!(cfg.contains("schema/specmoor.schema.json"), "{cfg}");
    r.git(&["add", ".specmoor.yml"]);
    r.git(&["commit", "-q", "--no-verify", "-m", "specmoor config"]);
    // the config loads: nothing staged, nothing to say
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}\n{}", j.v, j.stderr);
    assert!(j.findings().is_empty(), "{:#}", j.v);
    cfg
}

/// Lines of `text` equal to `want` after trimming trailing blanks.
#[track_caller]
fn has_line(text: &str, want: &str) {
    assert!(
        text.lines().any(|l| l.trim_end() == want),
        "no line {want:?} in:\n{text}"
    );
}

#[track_caller]
fn lacks(text: &str, unwanted: &str) {
    assert!(!text.contains(unwanted), "{unwanted:?} found in:\n{text}");
}

/// Every next step of init's output.
#[track_caller]
fn next_steps(out: &str) {
    assert!(out.contains("next steps:"), "{out}");
    assert!(out.contains("specmoor coverage"), "{out}");
    assert!(out.contains("specmoor install"), "{out}");
    assert!(out.contains("GitHub Action"), "{out}");
    assert!(out.contains("git add .specmoor.yml"), "{out}");
}

/// Append a line to a tracked file.
fn append(r: &Repo, path: &str, line: &str) {
    let mut text = r.read(path);
    text.push_str(line);
    text.push('\n');
    r.write(path, &text);
}

/// Markdown source as it renders: backslash escapes of ASCII punctuation resolved.
fn md_text(md: &str) -> String {
    let mut out = String::new();
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&n) if c == '\\' && n.is_ascii_punctuation() => {
                out.push(n);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

fn with_code<'a>(j: &'a Json, code: &str) -> Vec<&'a Value> {
    j.findings().iter().filter(|f| f["code"] == code).collect()
}

#[track_caller]
fn one<'a>(j: &'a Json, code: &str) -> &'a Value {
    let f = with_code(j, code);
    assert_eq!(f.len(), 1, "want one {code}: {:#}", j.v);
    f[0]
}

#[track_caller]
fn totals(j: &Json, files: u64, code: u64, owned: u64, specs: u64, ignored: u64, pct: f64) {
    let t = &j["totals"];
    let got = (
        t["files"].as_u64(),
        t["code"].as_u64(),
        t["owned"].as_u64(),
        t["unowned"].as_u64(),
        t["specs"].as_u64(),
        t["ignored"].as_u64(),
        t["percent"].as_f64(),
    );
    let want = (
        Some(files),
        Some(code),
        Some(owned),
        Some(code - owned),
        Some(specs),
        Some(ignored),
        Some(pct),
    );
    assert_eq!(got, want, "totals: {:#}", j.v);
}

// --- spec-kit --------------------------------------------------------------------

const SK_AUTH_SPEC: &str = "# Feature Specification: User Auth

**Feature Branch**: `001-user-auth`
**Version:** 0.1
**Status**: Draft

## User Scenarios & Testing

A user signs in with email and password.

## Requirements

- **FR-001**: Users MUST log in with email and password.
- **FR-002**: Sessions MUST expire after a week.

## Changelog

| Version | Date | Changes |
|---|---|---|
| 0.1 | 2024-01-01 | First draft |
";

const SK_BILLING_SPEC: &str = "# Feature Specification: Billing

**Feature Branch**: `002-billing`

## Requirements

- **FR-001**: Customers MUST be invoiced monthly.
";

fn spec_kit_repo() -> Repo {
    let r = Repo::new();
    r.write(
        ".specify/memory/constitution.md",
        "# Project Constitution\n\n**Version**: 1.0.0 | **Ratified**: 2024-01-01\n\n## Principles\n\nTest first.\n",
    )
    .write(
        ".specify/templates/spec-template.md",
        "# Feature Specification: [FEATURE NAME]\n",
    )
    .write("specs/001-user-auth/spec.md", SK_AUTH_SPEC)
    .write(
        "specs/001-user-auth/plan.md",
        "# Implementation Plan: User Auth\n\nbcrypt, sessions in Redis.\n",
    )
    .write(
        "specs/001-user-auth/tasks.md",
        "# Tasks: User Auth\n\n- [ ] T001 Login form\n- [ ] T002 Session store\n",
    )
    .write("specs/002-billing/spec.md", SK_BILLING_SPEC)
    .write("src/user_auth/mod.rs", "pub fn login() {}\n")
    .write("src/user_auth/session.rs", "pub fn session() {}\n")
    .write("src/billing/mod.rs", "pub fn invoice() {}\n")
    .write("src/misc/mod.rs", "pub fn misc() {}\n");
    r.commit("spec-kit project");
    r
}

#[test]
fn spec_kit_walk_through() {
    let r = spec_kit_repo();
    let out = init_ok(&r);
    has_line(
        &out,
        "wrote .specmoor.yml for a spec-kit layout: 2 specs found, 1 with a version",
    );
    assert!(out.contains("proposed ownership for 2 specs"), "{out}");
    next_steps(&out);

    let cfg = commit_config(&r);
    // contracts and checklists belong to the feature spec too
    has_line(
        &cfg,
        "specs: [\"specs/**/*.md\", \"specs/*/contracts/**\", \"specs/*/checklists/**\"]",
    );
    has_line(&cfg, "unit: folder");
    has_line(&cfg, "main: [\"spec.md\"]");
    has_line(&cfg, "  - \"/.specify/\"");
    has_line(&cfg, "  - spec: \"specs/001-user-auth\"   # proposed");
    has_line(&cfg, "    paths: [\"src/user_auth/**\"]");
    has_line(&cfg, "  - spec: \"specs/002-billing\"   # proposed");
    has_line(&cfg, "    paths: [\"src/billing/**\"]");
    lacks(&cfg, "src/misc");
    assert!(cfg.contains("\n  drift: warn"), "{cfg}");
    // one of the two specs carries a version: the version rules warn
    for rule in [
        "version-bump",
        "changelog",
        "spec-version",
        "breaking-major",
    ] {
        has_line(&cfg, &format!("  {rule}: warn"));
    }

    // coverage: src/misc is nobody's; .specify/ and the config are not code
    let j = r.json(&["coverage"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert_eq!(j["schema"], "specmoor.coverage/1");
    assert_eq!(j["head"], r.rev("HEAD"));
    // .specmoor.yml, 2 in .specify/, 4 spec documents, 4 code files
    totals(&j, 11, 4, 3, 4, 3, 75.0);
    assert_eq!(j["unowned"], json!(["src/misc/mod.rs"]));
    let folders: Vec<&str> = j["folders"]
        .as_array()
        .expect("folders")
        .iter()
        .map(|f| f["folder"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(folders, ["(top level)", ".specify/", "specs/", "src/"]);
    let src = &j["folders"][3];
    assert_eq!(
        (&src["files"], &src["code"], &src["owned"], &src["percent"]),
        (&json!(4), &json!(4), &json!(3), &json!(75.0))
    );
    // the billing spec has no version: SM008, a warning as configured
    let f = one(&j, "SM008");
    assert_eq!(f["severity"], "warn");
    assert_eq!(f["spec"], "specs/002-billing");
    assert_eq!(f["path"], "specs/002-billing/spec.md");
    assert_eq!(j.findings().len(), 1, "{:#}", j.v);
    assert_eq!(
        j["summary"],
        json!({"errors": 0, "warnings": 1, "waived": 0})
    );

    // a change to src/user_auth/ without its spec folder: drift, a warning for now
    append(&r, "src/user_auth/session.rs", "pub fn refresh() {}");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "drift is a warning until reviewed: {:#}", j.v);
    let f = one(&j, "SM001");
    assert_eq!(f["severity"], "warn");
    assert_eq!(f["path"], "src/user_auth/session.rs");
    assert_eq!(f["spec"], "specs/001-user-auth");
    assert_eq!(j.findings().len(), 1, "{:#}", j.v);

    // any document of the feature folder counts as changing the spec
    append(
        &r,
        "specs/001-user-auth/tasks.md",
        "- [x] T003 Refresh sessions",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(with_code(&j, "SM001").is_empty(), "{:#}", j.v);

    // .specify/ is not code: editing the constitution alone says nothing
    r.git(&["reset", "-q", "--hard"]);
    append(&r, ".specify/memory/constitution.md", "Ship small.");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

#[test]
fn spec_kit_is_detected_from_feature_folders_without_specify() {
    let r = Repo::new();
    r.write("specs/003-search/spec.md", "# Search\n\nFind things.\n")
        .write("pkg/search/index.go", "package search\n");
    r.commit("initial");
    let out = init_ok(&r);
    has_line(
        &out,
        "wrote .specmoor.yml for a spec-kit layout: 1 spec found, 0 with a version",
    );
    let cfg = commit_config(&r);
    has_line(&cfg, "unit: folder");
    has_line(&cfg, "  - spec: \"specs/003-search\"   # proposed");
    has_line(&cfg, "    paths: [\"pkg/search/**\"]");
}

#[test]
fn spec_kit_contracts_are_part_of_the_feature_spec() {
    let r = Repo::new();
    r.write(".specify/memory/constitution.md", "# Constitution\n")
        .write("specs/001-user-auth/spec.md", SK_AUTH_SPEC)
        .write(
            "specs/001-user-auth/contracts/openapi.yaml",
            "openapi: 3.0.0\npaths: {}\n",
        )
        .write("src/user_auth/mod.rs", "pub fn login() {}\n");
    r.commit("spec-kit project with contracts");
    init_ok(&r);
    let cfg = commit_config(&r);
    // what the written config promises
    assert!(
        cfg.contains("tasks.md or contracts/ counts as changing it"),
        "{cfg}"
    );
    // a contract is part of the spec, not code no spec owns
    let j = r.json(&["coverage"]);
    assert_eq!(j["unowned"], json!([]), "{:#}", j.v);
    // changing the contract with the code: the spec changed
    append(&r, "src/user_auth/mod.rs", "pub fn logout() {}");
    append(
        &r,
        "specs/001-user-auth/contracts/openapi.yaml",
        "components: {}",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert!(with_code(&j, "SM001").is_empty(), "{:#}", j.v);
}

#[test]
fn spec_kit_init_ignores_the_tool_folder_not_source_folders() {
    let r = Repo::new();
    r.write(".specify/memory/constitution.md", "# Constitution\n")
        .write("specs/001-agent/spec.md", "# Agent\n\nRemembers things.\n")
        .write("agent/run.py", "def run(): pass\n")
        .write("memory/store.py", "def store(): pass\n");
    r.commit("spec-kit project with a memory package");
    init_ok(&r);
    let cfg = commit_config(&r);
    has_line(&cfg, "  - \"/.specify/\"");
    let j = r.json(&["coverage"]);
    // the config and .specify/ are not code; agent/ and memory/ are
    totals(&j, 5, 2, 1, 1, 2, 50.0);
    assert_eq!(j["unowned"], json!(["memory/store.py"]), "{:#}", j.v);
}

#[test]
fn init_proposals_match_folders_named_with_glob_metacharacters() {
    let r = Repo::new();
    r.write(".kiro/specs/checkout/requirements.md", "# Requirements\n")
        .write(".kiro/specs/cart/requirements.md", "# Requirements\n")
        .write("app/[locale]/checkout/page.tsx", "export {};\n")
        .write("app/(shop)/cart/page.tsx", "export {};\n");
    r.commit("Next.js app router");
    init_ok(&r);
    let cfg = commit_config(&r);
    assert!(
        cfg.contains("  - spec: \".kiro/specs/checkout\"   # proposed"),
        "{cfg}"
    );
    let j = r.json(&["coverage"]);
    assert!(with_code(&j, "SM011").is_empty(), "{:#}", j.v);
    assert_eq!(j["unowned"], json!([]), "{:#}", j.v);
    // and the proposal is live for the folder it names
    append(&r, "app/[locale]/checkout/page.tsx", "export const x = 1;");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(one(&j, "SM001")["spec"], ".kiro/specs/checkout");
}

#[test]
fn init_from_a_subdirectory_writes_at_the_top_of_the_work_tree() {
    let r = kiro_repo();
    let out = r.specmoor_in(&r.path().join("app/checkout"), &["init"]);
    assert_code(&out, 0);
    assert!(!r.path().join("app/checkout/.specmoor.yml").exists());
    let cfg = commit_config(&r);
    has_line(&cfg, "  - spec: \".kiro/specs/checkout\"   # proposed");
}

// --- OpenSpec --------------------------------------------------------------------

const OPENSPEC_PAYMENTS: &str = "# Payments Specification

## Purpose
Take card payments.

## Requirements

### Requirement: Charge once
The system SHALL charge a card exactly once per order.

#### Scenario: Valid card
- **WHEN** the card is valid
- **THEN** it is charged once
";

fn openspec_repo() -> Repo {
    let r = Repo::new();
    r.write(
        "openspec/project.md",
        "# Project Context\n\nTypeScript, Node 20.\n",
    )
    .write("openspec/specs/payments/spec.md", OPENSPEC_PAYMENTS)
    .write(
        "openspec/changes/add-x/proposal.md",
        "## Why\nRefunds.\n\n## What Changes\n- Add refunds\n",
    )
    .write(
        "openspec/changes/add-x/tasks.md",
        "## 1. Implementation\n- [ ] 1.1 Refund endpoint\n",
    )
    .write("lib/payments.ts", "export function charge() {}\n")
    .write("lib/util.ts", "export const id = (x: unknown) => x;\n");
    r.commit("OpenSpec project");
    r
}

#[test]
fn openspec_walk_through() {
    let r = openspec_repo();
    let out = init_ok(&r);
    has_line(
        &out,
        "wrote .specmoor.yml for a OpenSpec layout: 1 spec found, 0 with a version",
    );
    assert!(out.contains("proposed ownership for 1 spec "), "{out}");
    next_steps(&out);

    let cfg = commit_config(&r);
    has_line(&cfg, "specs: [\"openspec/specs/**/*.md\"]");
    has_line(&cfg, "unit: folder");
    has_line(&cfg, "main: [\"spec.md\"]");
    has_line(&cfg, "  - \"/openspec/\"");
    has_line(&cfg, "  - spec: \"openspec/specs/payments\"   # proposed");
    has_line(&cfg, "    paths: [\"lib/payments.ts\"]");
    assert!(cfg.contains("\n  drift: warn"), "{cfg}");
    // no spec carries a version: the version rules start off
    for rule in [
        "version-bump",
        "changelog",
        "spec-version",
        "breaking-major",
    ] {
        has_line(&cfg, &format!("  {rule}: off"));
    }

    let j = r.json(&["coverage"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    // .specmoor.yml, project.md and the change proposal (two files) ignored; one spec; two code files
    totals(&j, 7, 2, 1, 1, 4, 50.0);
    assert_eq!(j["unowned"], json!(["lib/util.ts"]));
    assert!(j.findings().is_empty(), "SM008 is off: {:#}", j.v);

    // a code-only change to lib/payments.ts: drift (a warning)
    append(&r, "lib/payments.ts", "export function refund() {}");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    let f = one(&j, "SM001");
    assert_eq!(f["severity"], "warn");
    assert_eq!(f["spec"], "openspec/specs/payments");
    assert_eq!(f["path"], "lib/payments.ts");

    // a change proposal is not the spec: still drift
    append(&r, "openspec/changes/add-x/tasks.md", "- [x] 1.2 Refund UI");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(one(&j, "SM001")["path"], "lib/payments.ts");

    // the capability's spec changing with it: clean
    append(
        &r,
        "openspec/specs/payments/spec.md",
        "\n### Requirement: Refund\nThe system SHALL refund within 30 days.",
    );
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

// --- Kiro ------------------------------------------------------------------------

fn kiro_repo() -> Repo {
    let r = Repo::new();
    r.write(
        ".kiro/specs/checkout/requirements.md",
        "# Requirements Document\n\n## Introduction\n\nCheckout.\n\n### Requirement 1\n\n**User Story:** As a shopper, I want to pay, so that I get my goods.\n\n#### Acceptance Criteria\n\n1. WHEN the cart is valid THEN the system SHALL take payment\n",
    )
    .write(
        ".kiro/specs/checkout/design.md",
        "# Design Document\n\n## Overview\n\nOne page.\n",
    )
    .write(
        ".kiro/specs/checkout/tasks.md",
        "# Implementation Plan\n\n- [ ] 1. Checkout page\n",
    )
    .write(".kiro/steering/x.md", "# Product\n\nA shop.\n")
    .write(
        "app/checkout/page.tsx",
        "export default function Page() { return null; }\n",
    )
    .write(
        "app/layout.tsx",
        "export default function Layout() { return null; }\n",
    );
    r.commit("Kiro project");
    r
}

#[test]
fn kiro_walk_through() {
    let r = kiro_repo();
    let out = init_ok(&r);
    has_line(
        &out,
        "wrote .specmoor.yml for a Kiro layout: 1 spec found, 0 with a version",
    );
    next_steps(&out);

    let cfg = commit_config(&r);
    has_line(&cfg, "specs: [\".kiro/specs/**/*.md\"]");
    has_line(&cfg, "unit: folder");
    has_line(&cfg, "main: [\"requirements.md\"]");
    has_line(&cfg, "  - \"/.kiro/\"");
    has_line(&cfg, "  - spec: \".kiro/specs/checkout\"   # proposed");
    has_line(&cfg, "    paths: [\"app/checkout/**\"]");
    assert!(cfg.contains("\n  drift: warn"), "{cfg}");
    has_line(&cfg, "  version-bump: off");

    let j = r.json(&["coverage"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    // three spec documents, steering and the config ignored, two code files
    totals(&j, 7, 2, 1, 3, 2, 50.0);
    assert_eq!(j["unowned"], json!(["app/layout.tsx"]));
    assert!(j.findings().is_empty(), "{:#}", j.v);
    let kiro = j["folders"]
        .as_array()
        .expect("folders")
        .iter()
        .find(|f| f["folder"] == ".kiro/")
        .expect(".kiro/ row")
        .clone();
    assert_eq!((&kiro["specs"], &kiro["ignored"]), (&json!(3), &json!(1)));

    append(&r, "app/checkout/page.tsx", "export const total = 0;");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    let f = one(&j, "SM001");
    assert_eq!(f["severity"], "warn");
    assert_eq!(f["spec"], ".kiro/specs/checkout");
    assert_eq!(f["path"], "app/checkout/page.tsx");

    // steering is not the spec; the design document is part of it
    append(&r, ".kiro/steering/x.md", "Ship weekly.");
    r.stage();
    assert_eq!(with_code(&r.json(&["check"]), "SM001").len(), 1);
    append(&r, ".kiro/specs/checkout/design.md", "Shows the total.");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

// --- plain Markdown specs ----------------------------------------------------------

const API_SPEC: &str = "---
version: 1.0.0
owns: [\"src/api/**\"]
---
# API

## FR-1: List items
GET /items lists the items.

## Changelog

| Version | Date | Changes |
|---|---|---|
| 1.0.0 | 2024-01-01 | First version |
";

#[test]
fn plain_walk_through_with_declared_owners() {
    let r = Repo::new();
    r.write("docs/specs/api.md", API_SPEC)
        .write("src/api/handler.rs", "pub fn list() {}\n")
        .write("src/main.rs", "fn main() {}\n");
    r.commit("plain project");

    let out = init_ok(&r);
    has_line(
        &out,
        "wrote .specmoor.yml for a plain Markdown specs layout: 1 spec found, 1 with a version",
    );
    lacks(&out, "proposed ownership");
    next_steps(&out);

    let cfg = commit_config(&r);
    has_line(&cfg, "specs: [\"docs/specs/**/*.md\"]");
    has_line(&cfg, "ignore: []");
    has_line(&cfg, "owners: []");
    lacks(&cfg, "unit: folder");
    lacks(&cfg, "main:");
    lacks(&cfg, "# proposed");
    lacks(&cfg, "drift: warn");
    // every spec carries a version: the version rules are errors
    has_line(&cfg, "  version-bump: error");
    for rule in [
        "version-bump",
        "changelog",
        "spec-version",
        "breaking-major",
    ] {
        lacks(&cfg, &format!("{rule}: off"));
        lacks(&cfg, &format!("{rule}: warn"));
    }

    let j = r.json(&["coverage"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    totals(&j, 4, 2, 1, 1, 1, 50.0);
    assert_eq!(j["unowned"], json!(["src/main.rs"]));
    assert!(j.findings().is_empty(), "{:#}", j.v);

    // owners the spec declares itself: drift is an error
    append(&r, "src/api/handler.rs", "pub fn get() {}");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    let f = one(&j, "SM001");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["spec"], "docs/specs/api.md");
    assert_eq!(f["path"], "src/api/handler.rs");

    // the spec described too, versioned by `specmoor bump`: clean
    let text = r.read("docs/specs/api.md").replace(
        "GET /items lists the items.\n",
        "GET /items lists the items.\n\n## FR-2: Get an item\nGET /items/{id} returns one item.\n",
    );
    r.write("docs/specs/api.md", &text);
    let out = r.specmoor(&["bump", "docs/specs/api.md", "minor", "-m", "Get an item"]);
    assert_code(&out, 0);
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

#[test]
fn plain_specs_without_owners_get_proposals_from_files_and_folders() {
    let r = Repo::new();
    r.write("specs/Payments.md", "# Payments\n\nCharge once.\n")
        .write("specs/user-profile.md", "# User profile\n\nA name.\n")
        .write("specs/ledger.md", "# Ledger\n\nDouble entry.\n")
        .write("src/payment/charge.rs", "pub fn charge() {}\n")
        .write("src/payment.rs", "pub mod charge;\n")
        .write("web/User_Profile.tsx", "export {};\n")
        .write("tests/ledger.rs", "#[test] fn t() {}\n")
        .write("docs/ledger/intro.md", "# Intro\n");
    r.commit("plain project");
    let out = init_ok(&r);
    has_line(
        &out,
        "wrote .specmoor.yml for a plain Markdown specs layout: 3 specs found, 0 with a version",
    );
    assert!(out.contains("proposed ownership for 2 specs"), "{out}");
    let cfg = commit_config(&r);
    has_line(&cfg, "specs: [\"specs/**/*.md\"]");
    // case and plural `s` ignored; a file beside a folder of the same name is its own glob
    has_line(&cfg, "  - spec: \"specs/Payments.md\"   # proposed");
    has_line(&cfg, "    paths: [\"src/payment.rs\", \"src/payment/**\"]");
    // `_` and `-` the same
    has_line(&cfg, "  - spec: \"specs/user-profile.md\"   # proposed");
    has_line(&cfg, "    paths: [\"web/User_Profile.tsx\"]");
    // tests/ and docs/ are not source folders
    lacks(&cfg, "specs/ledger.md");
    assert!(cfg.contains("\n  drift: warn"), "{cfg}");
    has_line(&cfg, "  version-bump: off");

    // the proposal is live: a change to src/payment/ alone is (warned) drift
    append(&r, "src/payment/charge.rs", "pub fn refund() {}");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    let f = one(&j, "SM001");
    assert_eq!(
        (&f["spec"], &f["severity"]),
        (&json!("specs/Payments.md"), &json!("warn"))
    );
}

// --- init's refusals and the empty layout --------------------------------------

#[test]
fn init_never_overwrites_an_existing_config() {
    let r = spec_kit_repo();
    let mine = b"# mine\nspecs: [\"specs/**/*.md\"]\r\nrules: {drift: off}\n";
    r.write_bytes(".specmoor.yml", mine);
    let out = r.specmoor(&["init"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    let now = std::fs::read(r.path().join(".specmoor.yml")).expect("read");
    assert_eq!(now, mine.to_vec());

    // a second init after a successful one refuses as well
    let r = spec_kit_repo();
    init_ok(&r);
    let first = r.read(".specmoor.yml");
    assert_code(&r.specmoor(&["init"]), 2);
    assert_eq!(r.read(".specmoor.yml"), first);
}

#[test]
fn init_in_a_bare_repository_is_exit_2() {
    let r = Repo::bare_dir("bare.git");
    r.git(&["init", "-q", "--bare"]);
    let out = r.specmoor(&["init"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("bare"), "{}", stderr(&out));
    assert!(!r.path().join(".specmoor.yml").exists());
}

#[test]
fn init_without_specs_writes_a_starting_config() {
    let r = Repo::new();
    r.write("src/main.rs", "fn main() {}\n")
        .write("README.md", "# Tool\n");
    r.commit("no specs");
    let out = init_ok(&r);
    has_line(
        &out,
        "wrote .specmoor.yml for a no specs yet layout: 0 specs found, 0 with a version",
    );
    next_steps(&out);
    let cfg = commit_config(&r);
    assert!(cfg.contains("no specs yet"), "{cfg}");
    has_line(&cfg, "specs: [\"specs/**/*.md\"]");
    has_line(&cfg, "owners: []");
    lacks(&cfg, "unit: folder");
    lacks(&cfg, "drift: warn");

    // and the config holds up for a first spec
    r.write(
        "specs/tool.md",
        "---\nversion: 0.1.0\nowns: [\"src/**\"]\n---\n# Tool\n\n## Changelog\n\n- 0.1.0: First version\n",
    );
    append(&r, "src/main.rs", "fn helper() {}");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
    let j = r.json(&["coverage"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    // README.md, src/main.rs, unowned; the config ignored
    totals(&j, 3, 2, 0, 0, 1, 0.0);
}

#[test]
fn init_reads_tracked_files_only() {
    let r = Repo::new();
    r.write("src/api/mod.rs", "pub fn api() {}\n");
    r.commit("code");
    // untracked specs are not the repository's yet
    r.write("specs/api.md", "# API\n");
    let out = init_ok(&r);
    has_line(
        &out,
        "wrote .specmoor.yml for a no specs yet layout: 0 specs found, 0 with a version",
    );
    // staged ones are
    std::fs::remove_file(r.path().join(".specmoor.yml")).expect("rm");
    r.git(&["add", "specs/api.md"]);
    let out = init_ok(&r);
    has_line(
        &out,
        "wrote .specmoor.yml for a plain Markdown specs layout: 1 spec found, 0 with a version",
    );
    has_line(&r.read(".specmoor.yml"), "    paths: [\"src/api/**\"]");
}

// --- version rules by layout ---------------------------------------------------

#[test]
fn no_spec_versioned_turns_the_version_rules_off() {
    let r = Repo::new();
    r.write("specs/a.md", "# A\n\n## FR-1: One\nFirst.\n")
        .write("specs/b.md", "# B\n\n## FR-1: One\nFirst.\n");
    r.commit("unversioned specs");
    let out = init_ok(&r);
    assert!(out.contains(": 2 specs found, 0 with a version"), "{out}");
    let cfg = commit_config(&r);
    for rule in [
        "version-bump",
        "changelog",
        "spec-version",
        "breaking-major",
    ] {
        has_line(&cfg, &format!("  {rule}: off"));
    }
    // an edited spec and a new one, neither versioned: nothing to say
    append(&r, "specs/a.md", "\n## FR-2: Two\nSecond.");
    r.write("specs/c.md", "# C\n\nNew.\n");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
    // and coverage does not list unversioned specs
    let j = r.json(&["coverage"]);
    assert!(with_code(&j, "SM008").is_empty(), "{:#}", j.v);
}

#[test]
fn every_spec_versioned_makes_the_version_rules_errors() {
    let r = Repo::new();
    r.write(
        "specs/a.md",
        "---\nversion: 1.0.0\n---\n# A\n\n## FR-1: One\nFirst.\n\n## Changelog\n\n- 1.0.0: First\n",
    )
    .write(
        "specs/b.md",
        "# B\n\n**Version:** 2.0\n\n## FR-1: One\nFirst.\n",
    );
    r.commit("versioned specs");
    let out = init_ok(&r);
    assert!(out.contains(": 2 specs found, 2 with a version"), "{out}");
    let cfg = commit_config(&r);
    has_line(&cfg, "  version-bump: error");
    for rule in [
        "version-bump",
        "changelog",
        "spec-version",
        "breaking-major",
    ] {
        lacks(&cfg, &format!("{rule}: off"));
        lacks(&cfg, &format!("{rule}: warn"));
    }
    // a content change without a bump, and a new spec without a version: errors
    append(&r, "specs/a.md", "\n## FR-2: Two\nSecond.");
    r.write("specs/c.md", "# C\n\nNew.\n");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    let f = one(&j, "SM002");
    assert_eq!(
        (&f["severity"], &f["spec"]),
        (&json!("error"), &json!("specs/a.md"))
    );
    let f = one(&j, "SM008");
    assert_eq!(
        (&f["severity"], &f["spec"]),
        (&json!("error"), &json!("specs/c.md"))
    );
}

#[test]
fn some_specs_versioned_make_the_version_rules_warnings() {
    let r = spec_kit_repo();
    init_ok(&r);
    commit_config(&r);
    // the unversioned billing spec changes: SM008 as a warning
    append(
        &r,
        "specs/002-billing/spec.md",
        "- **FR-002**: Refunds within 30 days.",
    );
    // the versioned auth spec changes without a bump: SM002 as a warning
    let text = r
        .read("specs/001-user-auth/spec.md")
        .replace("expire after a week", "expire after a day");
    r.write("specs/001-user-auth/spec.md", &text);
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    let f = one(&j, "SM008");
    assert_eq!(
        (&f["severity"], &f["spec"]),
        (&json!("warn"), &json!("specs/002-billing"))
    );
    let f = one(&j, "SM002");
    assert_eq!(
        (&f["severity"], &f["spec"]),
        (&json!("warn"), &json!("specs/001-user-auth"))
    );
}

// --- coverage ------------------------------------------------------------------

const SNAP_CONFIG: &str = "specs: [\"specs/**/*.md\"]
ignore: [\"/vendor/\"]
owners:
  - spec: specs/notes.md
    paths: [\"src/notes/**\"]
";

const SNAP_API: &str = "---
version: 1.0.0
owns: [\"src/api/**\"]
---
# API

## FR-1: List
GET /items.

## Changelog

- 1.0.0: First version
";

const SNAP_NOTES: &str = "# Notes

Nothing versioned here.
";

const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The snapshot fixture: an owned file, a stale generated one, an unowned one, an
/// ignored one, a dangling glob and an unversioned spec.
fn snapshot_repo() -> Repo {
    let r = Repo::new();
    r.write(".specmoor.yml", SNAP_CONFIG)
        .write("specs/api.md", SNAP_API)
        .write("specs/notes.md", SNAP_NOTES)
        .write("src/api/list.rs", "pub fn list() {}\n")
        .write(
            "src/api/types.rs",
            &format!("// specmoor:generated-from specs/api.md sha256={ZEROS}\npub struct Item;\n"),
        )
        .write("src/main.rs", "fn main() {}\n")
        .write("vendor/lib.js", "module.exports = {};\n")
        .write("Makefile", "all:\n\tcargo build\n");
    r.commit("snapshot fixture");
    r
}

#[test]
fn coverage_json_snapshot() {
    let r = snapshot_repo();
    let mut j = r.json(&["coverage"]);
    assert_eq!(j.code, 1, "SM008 is an error by default: {:#}", j.v);
    assert_eq!(j.v["head"], r.rev("HEAD"));
    j.v["head"] = json!("<HEAD>");
    let want = json!({
        "schema": "specmoor.coverage/1",
        "head": "<HEAD>",
        "totals": {"files": 8, "code": 4, "owned": 2, "unowned": 2, "specs": 2, "ignored": 2, "percent": 50.0},
        "folders": [
            {"folder": "(top level)", "files": 2, "code": 1, "owned": 0, "unowned": 1, "specs": 0, "ignored": 1, "percent": 0.0},
            {"folder": "specs/", "files": 2, "code": 0, "owned": 0, "unowned": 0, "specs": 2, "ignored": 0, "percent": 100.0},
            {"folder": "src/", "files": 3, "code": 3, "owned": 2, "unowned": 1, "specs": 0, "ignored": 0, "percent": 66.7},
            {"folder": "vendor/", "files": 1, "code": 0, "owned": 0, "unowned": 0, "specs": 0, "ignored": 1, "percent": 100.0}
        ],
        "unowned": ["Makefile", "src/main.rs"],
        "findings": [
            {
                "code": "SM011",
                "rule": "dangling-owner",
                "severity": "warn",
                "message": "ownership glob `src/notes/**` of specs/notes.md (at .specmoor.yml:5) matches no file: update it to where the code lives now, or remove it",
                "path": ".specmoor.yml",
                "spec": "specs/notes.md",
                "section": null,
                "line": 5,
                "waived": null
            },
            {
                "code": "SM008",
                "rule": "spec-version",
                "severity": "error",
                "message": "specs/notes.md has no version yet: add `version: 0.1.0` to its front matter (or a `**Version:** 0.1.0` line), and a changelog entry",
                "path": "specs/notes.md",
                "spec": "specs/notes.md",
                "section": null,
                "line": 1,
                "waived": null
            },
            {
                "code": "SM005",
                "rule": "generated-stale",
                "severity": "warn",
                "message": "src/api/types.rs was generated from specs/api.md (sha256 000000000000…) but that text is now sha256 b7c956e0049f…: the spec moved on and the file was not regenerated. Rerun its generator, then `specmoor stamp src/api/types.rs`",
                "path": "src/api/types.rs",
                "spec": "specs/api.md",
                "section": null,
                "line": 1,
                "waived": null
            }
        ],
        "summary": {"errors": 1, "warnings": 2, "waived": 0}
    });
    assert_eq!(
        j.v,
        want,
        "got:\n{}",
        serde_json::to_string_pretty(&j.v).unwrap_or_default()
    );
}

#[test]
fn coverage_human_and_markdown_show_the_table_and_the_lists() {
    let r = snapshot_repo();
    let head = r.rev("HEAD");

    let out = r.specmoor(&["coverage"]);
    assert_code(&out, 1);
    let h = stdout(&out);
    assert!(
        h.starts_with(&format!(
            "specmoor coverage at {}: 8 files, 4 code, 2 owned by a spec (50.0%), 2 specs, 2 ignored\n",
            &head[..12]
        )),
        "{h}"
    );
    let row = |name: &str, files: u32, code: u32, owned: u32, pct: &str| {
        format!("  {name:<28} {files:>7} {code:>7} {owned:>7} {pct:>8}")
    };
    has_line(
        &h,
        &format!(
            "  {:<28} {:>7} {:>7} {:>7} {:>8}",
            "folder", "files", "code", "owned", "owned"
        ),
    );
    has_line(&h, &row("(top level)", 2, 1, 0, "0.0%"));
    has_line(&h, &row("specs/", 2, 0, 0, "100.0%"));
    has_line(&h, &row("src/", 3, 3, 2, "66.7%"));
    has_line(&h, &row("vendor/", 1, 0, 0, "100.0%"));
    has_line(&h, &row("total", 8, 4, 2, "50.0%"));
    assert!(
        h.contains("\nfiles no spec owns (2):\n  Makefile\n  src/main.rs\n"),
        "{h}"
    );
    assert!(h.contains("\nfindings (3):\n"), "{h}");
    for code in [
        "SM005 generated-stale [warn]",
        "SM008 spec-version [error]",
        "SM011 dangling-owner [warn]",
    ] {
        assert!(h.contains(&format!("  {code} ")), "{code} in {h}");
    }
    assert!(
        h.ends_with("specmoor coverage: 1 error, 2 warnings\n"),
        "{h}"
    );

    let out = r.specmoor(&["coverage", "--format", "markdown"]);
    assert_code(&out, 1);
    // what the Markdown renders to (backslash escapes of punctuation removed)
    let m = md_text(&stdout(&out));
    assert!(
        m.starts_with("## specmoor coverage: 50.0% of code owned by a spec\n"),
        "{m}"
    );
    assert!(
        m.contains(&format!(
            "8 files, 4 code, 2 owned, 2 specs, 2 ignored · HEAD `{}`",
            &head[..12]
        )),
        "{m}"
    );
    has_line(&m, "| folder | files | code | owned | owned % |");
    has_line(&m, "|---|---:|---:|---:|---:|");
    has_line(&m, "| (top level) | 2 | 1 | 0 | 0.0% |");
    has_line(&m, "| src/ | 3 | 3 | 2 | 66.7% |");
    has_line(&m, "| total | 8 | 4 | 2 | 50.0% |");
    assert!(
        m.contains("\n### Files no spec owns (2)\n\n- Makefile\n- src/main.rs\n"),
        "{m}"
    );
    assert!(m.contains("\n### Findings\n\n"), "{m}");
    assert!(m.contains("- **SM008 spec-version** (error): "), "{m}");
    assert!(m.contains("- **SM005 generated-stale** (warn): "), "{m}");
    assert!(
        m.contains("- **SM011 dangling-owner** (warn): ownership glob `src/notes/**` of specs/notes.md (at .specmoor.yml:5) matches no file"),
        "{m}"
    );
}

#[test]
fn coverage_lists_fifty_unowned_files_in_text_and_all_in_json() {
    let r = Repo::new();
    for i in 0..53 {
        r.write(&format!("src/f{i:02}.rs"), "fn f() {}\n");
    }
    r.commit("many files");
    let j = r.json(&["coverage"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert_eq!(j["unowned"].as_array().map(Vec::len), Some(53));
    assert_eq!(j["totals"]["percent"], json!(0.0));

    let h = stdout(&r.specmoor(&["coverage"]));
    assert!(h.contains("files no spec owns (53):\n"), "{h}");
    has_line(&h, "  src/f49.rs");
    lacks(&h, "src/f50.rs");
    has_line(&h, "  … and 3 more (--format json lists them all)");

    let m = md_text(&stdout(&r.specmoor(&["coverage", "--format", "markdown"])));
    assert!(m.contains("### Files no spec owns (53)"), "{m}");
    has_line(&m, "- src/f49.rs");
    lacks(&m, "src/f50.rs");
    has_line(&m, "- … and 3 more");
}

#[test]
fn coverage_on_an_unborn_head_is_exit_2() {
    let r = Repo::new();
    r.write("src/main.rs", "fn main() {}\n").stage();
    for format in ["human", "json", "markdown"] {
        let out = r.specmoor(&["coverage", "--format", format]);
        assert_code(&out, 2);
        assert!(stderr(&out).contains("no commits yet"), "{}", stderr(&out));
    }
}

// --- SM009 pending-implementation ---------------------------------------------------

const PENDING_SPEC: &str = "---
owns:
  FR-1: [\"src/a.rs\"]
  FR-2: [\"src/b.rs\"]
---
# Pending

## FR-1: First
Do one thing.

## FR-2: Second
Do another thing.
";

/// Line of `## FR-2: Second` in [`PENDING_SPEC`], front matter included.
const PENDING_FR2_LINE: u64 = 11;

const VERSION_RULES_OFF: &str = "  version-bump: off\n  changelog: off\n  spec-version: off\n";

fn pending_repo(rules: &str) -> Repo {
    let r = Repo::new();
    r.write(
        ".specmoor.yml",
        &format!("rules:\n{rules}{VERSION_RULES_OFF}"),
    )
    .write("specs/pending.md", PENDING_SPEC)
    .write("src/a.rs", "fn a() {}\n")
    .write("src/b.rs", "fn b() {}\n");
    r.commit("pending fixture");
    r
}

fn change_fr2(r: &Repo) {
    let text = r
        .read("specs/pending.md")
        .replace("Do another thing.", "Do another thing, twice.");
    r.write("specs/pending.md", &text);
}

#[test]
fn sm009_a_changed_section_whose_code_did_not_change() {
    let r = pending_repo("  pending-implementation: warn\n");
    assert_eq!(
        r.read("specs/pending.md")
            .lines()
            .nth(PENDING_FR2_LINE as usize - 1),
        Some("## FR-2: Second")
    );
    change_fr2(&r);
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "a warning: {:#}", j.v);
    let f = one(&j, "SM009");
    assert_eq!(f["rule"], "pending-implementation");
    assert_eq!(f["severity"], "warn");
    assert_eq!(f["path"], "specs/pending.md");
    assert_eq!(f["spec"], "specs/pending.md");
    assert_eq!(f["section"], "FR-2");
    assert_eq!(f["line"], PENDING_FR2_LINE);
    assert!(
        f["message"].as_str().unwrap_or("").contains("`src/b.rs`"),
        "{f:#}"
    );
    assert_eq!(j.findings().len(), 1, "FR-1 did not change: {:#}", j.v);

    // implementing it in the same change: nothing pending
    append(&r, "src/b.rs", "fn b2() {}");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);

    // code of another section does not implement FR-2
    r.git(&["checkout", "-q", "HEAD", "--", "src/b.rs"]);
    append(&r, "src/a.rs", "fn a2() {}");
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(one(&j, "SM009")["section"], "FR-2");
}

#[test]
fn sm009_as_an_error_fails_the_check() {
    let r = pending_repo("  SM009: error\n");
    change_fr2(&r);
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 1, "{:#}", j.v);
    assert_eq!(one(&j, "SM009")["severity"], "error");
}

#[test]
fn sm009_is_off_by_default() {
    let r = pending_repo("");
    change_fr2(&r);
    r.stage();
    let j = r.json(&["check"]);
    assert_eq!(j.code, 0, "{:#}", j.v);
    assert!(j.findings().is_empty(), "{:#}", j.v);
}

#[test]
fn sm009_for_a_whole_spec_owner_points_at_the_title() {
    let r = Repo::new();
    r.write(
        ".specmoor.yml",
        &format!("rules:\n  pending-implementation: warn\n{VERSION_RULES_OFF}"),
    )
    .write(
        "specs/whole.md",
        "---\nowns: [\"src/whole/**\"]\n---\n# Whole\n\n## FR-1: One\nOne.\n",
    )
    .write("src/whole/x.rs", "fn x() {}\n");
    r.commit("whole-spec owner");
    append(&r, "specs/whole.md", "\n## FR-2: Two\nTwo.");
    r.stage();
    let j = r.json(&["check"]);
    let f = one(&j, "SM009");
    assert_eq!(f["section"], Value::Null);
    assert_eq!(f["line"], 4, "the title `# Whole`: {f:#}");
    assert!(
        f["message"]
            .as_str()
            .unwrap_or("")
            .contains("`src/whole/**`"),
        "{f:#}"
    );

    append(&r, "src/whole/x.rs", "fn y() {}");
    r.stage();
    let j = r.json(&["check"]);
    assert!(with_code(&j, "SM009").is_empty(), "{:#}", j.v);
}
