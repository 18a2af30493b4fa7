# Fixtures of the layouts suite (sourced after tests/cases/lib.sh).

# append PATH LINE: append LINE and a newline to PATH.
append() { printf '%s\n' "$2" >>"$1"; }

# commit_config: what the README says after `specmoor init`.
commit_config() {
  git add .specmoor.yml
  git commit -q --no-verify -m "specmoor config"
}

sk_auth_spec() {
  cat <<'EOF'
# Feature Specification: User Auth

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
EOF
}

# spec_kit_repo: a spec-kit project (two feature folders, one versioned), one commit.
spec_kit_repo() {
  init
  write .specify/memory/constitution.md <<'EOF'
# Project Constitution

**Version**: 1.0.0 | **Ratified**: 2024-01-01

## Principles

Test first.
EOF
  write .specify/templates/spec-template.md <<'EOF'
# Feature Specification: [FEATURE NAME]
EOF
  sk_auth_spec | write specs/001-user-auth/spec.md
  write specs/001-user-auth/plan.md <<'EOF'
# Implementation Plan: User Auth

bcrypt, sessions in Redis.
EOF
  write specs/001-user-auth/tasks.md <<'EOF'
# Tasks: User Auth

- [ ] T001 Login form
- [ ] T002 Session store
EOF
  write specs/002-billing/spec.md <<'EOF'
# Feature Specification: Billing

**Feature Branch**: `002-billing`

## Requirements

- **FR-001**: Customers MUST be invoiced monthly.
EOF
  write src/user_auth/mod.rs 'pub fn login() {}
'
  write src/user_auth/session.rs 'pub fn session() {}
'
  write src/billing/mod.rs 'pub fn invoice() {}
'
  write src/misc/mod.rs 'pub fn misc() {}
'
  commit "spec-kit project"
}

# openspec_repo: an OpenSpec project with one capability and one change proposal.
openspec_repo() {
  init
  write openspec/project.md <<'EOF'
# Project Context

TypeScript, Node 20.
EOF
  write openspec/specs/payments/spec.md <<'EOF'
# Payments Specification

## Purpose
Take card payments.

## Requirements

### Requirement: Charge once
The system SHALL charge a card exactly once per order.

#### Scenario: Valid card
- **WHEN** the card is valid
- **THEN** it is charged once
EOF
  write openspec/changes/add-x/proposal.md <<'EOF'
## Why
Refunds.

## What Changes
- Add refunds
EOF
  write openspec/changes/add-x/tasks.md <<'EOF'
## 1. Implementation
- [ ] 1.1 Refund endpoint
EOF
  write lib/payments.ts 'export function charge() {}
'
  write lib/util.ts 'export const id = (x: unknown) => x;
'
  commit "OpenSpec project"
}

# kiro_repo: a Kiro project with one spec folder and steering.
kiro_repo() {
  init
  write .kiro/specs/checkout/requirements.md <<'EOF'
# Requirements Document

## Introduction

Checkout.

### Requirement 1

**User Story:** As a shopper, I want to pay, so that I get my goods.

#### Acceptance Criteria

1. WHEN the cart is valid THEN the system SHALL take payment
EOF
  write .kiro/specs/checkout/design.md <<'EOF'
# Design Document

## Overview

One page.
EOF
  write .kiro/specs/checkout/tasks.md <<'EOF'
# Implementation Plan

- [ ] 1. Checkout page
EOF
  write .kiro/steering/x.md <<'EOF'
# Product

A shop.
EOF
  write app/checkout/page.tsx 'export default function Page() { return null; }
'
  write app/layout.tsx 'export default function Layout() { return null; }
'
  commit "Kiro project"
}

# snapshot_repo: an owned file, a stale generated one, an unowned one, an ignored
# one, a dangling glob and an unversioned spec.
snapshot_repo() {
  init
  write .specmoor.yml <<'EOF'
specs: ["specs/**/*.md"]
ignore: ["/vendor/"]
owners:
  - spec: specs/notes.md
    paths: ["src/notes/**"]
EOF
  write specs/api.md <<'EOF'
---
version: 1.0.0
owns: ["src/api/**"]
---
# API

## FR-1: List
GET /items.

## Changelog

- 1.0.0: First version
EOF
  write specs/notes.md <<'EOF'
# Notes

Nothing versioned here.
EOF
  write src/api/list.rs 'pub fn list() {}
'
  write src/api/types.rs <<'EOF'
// specmoor:generated-from specs/api.md sha256=0000000000000000000000000000000000000000000000000000000000000000
pub struct Item;
EOF
  write src/main.rs 'fn main() {}
'
  write vendor/lib.js 'module.exports = {};
'
  printf 'all:\n\tcargo build\n' | write Makefile
  commit "snapshot fixture"
}

# pending_repo [RULE]: the SM009 fixture, RULE (an indented line) under `rules:` before
# the version rules turned off. `## FR-2: Second` is line 11 of specs/pending.md.
pending_repo() {
  init
  {
    echo "rules:"
    if [ -n "${1:-}" ]; then printf '%s\n' "$1"; fi
    printf '  version-bump: off\n  changelog: off\n  spec-version: off\n'
  } | write .specmoor.yml
  write specs/pending.md <<'EOF'
---
owns:
  FR-1: ["src/a.rs"]
  FR-2: ["src/b.rs"]
---
# Pending

## FR-1: First
Do one thing.

## FR-2: Second
Do another thing.
EOF
  write src/a.rs 'fn a() {}
'
  write src/b.rs 'fn b() {}
'
  commit "pending fixture"
}

# kiro_spec_json [UPDATED_AT]: write Kiro's tool state for the checkout feature.
kiro_spec_json() {
  write .kiro/specs/checkout/spec.json <<EOF2
{
  "feature_name": "checkout",
  "created_at": "2026-11-01T09:00:00Z",
  "updated_at": "${1:-2026-11-01T09:00:00Z}",
  "language": "en",
  "phase": "tasks-generated",
  "approvals": {
    "requirements": { "generated": true, "approved": true },
    "design": { "generated": true, "approved": true },
    "tasks": { "generated": true, "approved": false }
  },
  "ready_for_implementation": false
}
EOF2
}

# kiro_reviewed_repo: kiro_repo with spec.json, then the config `init` writes with its
# proposed ownership taken as reviewed (drift an error), committed.
kiro_reviewed_repo() {
  kiro_repo
  kiro_spec_json
  commit "Kiro state"
  "$SPECMOOR" init >/dev/null
  sed -i '/drift: warn/d' .specmoor.yml
  commit_config
}
