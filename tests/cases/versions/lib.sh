# Helpers for the versions suite: SM002 version-bump, SM003 changelog, SM008
# spec-version and `specmoor bump` (sourced after tests/cases/lib.sh).
# `bump` runs as `SOURCE_DATE_EPOCH=1795219200 specmoor bump ...` (2026-11-21), so
# that entries carry a known date.

# Only the version rules and drift on; findings of other rules would blur the point.
CONFIG='rules:
  SM004: off
  SM005: off
  SM006: off
  SM009: off
  SM010: off
  SM011: off
'

# The seed style: `**Version:** 1.0` under the title, a numbered Revision History table.
seed_spec() {
  cat <<'SPEC'
# Payments Spec

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
SPEC
}

# A front matter version with a front matter changelog.
front_matter_spec() {
  cat <<'SPEC'
---
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
SPEC
}

# repo_with PATH: a repository whose first commit holds .specmoor.yml (CONFIG) and
# PATH with the spec read from stdin.
repo_with() {
  init
  printf '%s' "$CONFIG" >.specmoor.yml
  write "$1"
  commit initial
}

# discard: drop every change to the work tree and the index.
discard() { git reset -q --hard && git clean -q -fd; }
