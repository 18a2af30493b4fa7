# Fixtures of the release suite (sourced after tests/cases/lib.sh). The specs here
# own nothing, so drift (SM001) never fires and only the version rules speak.

# Every rule at its default: SM002, SM003, SM006 and SM008 are on.
RELEASE_CONFIG='# release gate tests: default rules
version: 1
'
# The same with an external Keep a Changelog file.
EXTERNAL_CONFIG='version: 1
changelog:
  file: CHANGELOG.md
'

# bump ARGS: `specmoor bump` dated 2026-11-21 (SOURCE_DATE_EPOCH 1795219200).
bump() { SOURCE_DATE_EPOCH=1795219200 specmoor bump "$@"; }

# auth_md VERSION LOGIN [notes]: the auth spec (version on line 2, FR-1, FR-2 or with
# `notes` a Notes section instead, then `## Changelog`) whose changelog is read from
# stdin. With a table changelog whose first row is 1.4.0, a second row is line 17.
auth_md() {
  local log logout
  log=$(cat; printf x)
  log=${log%x}
  logout='## FR-2: Logout
Users log out.
'
  if [ "${3:-}" = notes ]; then
    logout='## Notes
Sessions end on their own.
'
  fi
  printf -- '---\nversion: %s\n---\n# Auth\n\n## FR-1: Login\nUsers log in with %s.\n\n%s\n## Changelog\n\n%s' \
    "$1" "$2" "$logout" "$log"
}

# table_head: the header of a table changelog.
table_head() { printf '| Version | Date | Changes |\n|---|---|---|\n'; }

# table [VERSION TEXT]...: a table changelog, its 1.4.0 row and then a row dated
# 2026-11-21 for every VERSION TEXT pair.
table() {
  table_head
  printf '| 1.4.0 | 2026-01-01 | First version |\n'
  while [ $# -ge 2 ]; do
    printf '| %s | 2026-11-21 | %s |\n' "$1" "$2"
    shift 2
  done
}

# auth_base: the auth spec at 1.4.0 with a one-row table changelog.
auth_base() { table | auth_md 1.4.0 'a password'; }

# bare_auth VERSION LOGIN: the auth spec without a changelog of its own.
bare_auth() {
  printf -- '---\nversion: %s\n---\n# Auth\n\n## FR-1: Login\nUsers log in with %s.\n\n## FR-2: Logout\nUsers log out.\n' "$1" "$2"
}

# keep_a_changelog: a CHANGELOG.md with Unreleased, then the entries read from
# stdin, then the 1.4.0 entry.
keep_a_changelog() {
  local new
  new=$(cat; printf x)
  new=${new%x}
  printf '# Changelog\n\n## [Unreleased]\n\n%s## [1.4.0] - 2026-01-01\n\n### Added\n\n- First version\n' "$new"
}

# fm_auth VERSION LOGIN: the auth spec with its changelog in front matter; the new
# item (see fm_item) is read from stdin and goes before the 1.4.0 one.
fm_auth() {
  local item
  item=$(cat; printf x)
  item=${item%x}
  printf -- '---\nversion: %s\nchangelog:\n%s  - version: 1.4.0\n    date: 2026-01-01\n    changes:\n      - First version\n    breakingChanges: none\n---\n# Auth\n\n## FR-1: Login\nUsers log in with %s.\n\n## FR-2: Logout\nUsers log out.\n' \
    "$1" "$item" "$2"
}

# fm_item VERSION [NONE]: a front matter changelog item `Passkeys` whose
# breakingChanges is the list `passwords are gone`, or NONE as written.
fm_item() {
  if [ $# -ge 2 ]; then
    printf '  - version: %s\n    date: 2026-11-21\n    changes:\n      - Passkeys\n    breakingChanges: %s\n' "$1" "$2"
  else
    printf '  - version: %s\n    date: 2026-11-21\n    changes:\n      - Passkeys\n    breakingChanges:\n      - passwords are gone\n' "$1"
  fi
}

# passkeys: change FR-1 of the auth spec (content that needs a bump).
passkeys() { edit specs/auth.md 'a password' 'a passkey'; }

# base_repo [CONFIG]: .specmoor.yml (RELEASE_CONFIG by default) and auth_base,
# committed as `initial`.
base_repo() {
  init
  write .specmoor.yml "${1:-$RELEASE_CONFIG}"
  auth_base | write specs/auth.md
  commit initial
}

# tagged_repo: base_repo tagged v1.4.0 (annotated).
tagged_repo() {
  base_repo
  git tag -a v1.4.0 -m "release 1.4.0"
}

# plain_bump LEVEL MESSAGE: passkeys, a `Passkeys` bump at LEVEL (no marker), and
# a commit with MESSAGE.
plain_bump() {
  passkeys
  bump specs/auth.md "$1" -m Passkeys >/dev/null
  commit "$2"
}

# breaking_major_repo: v1.4.0, then the auth spec goes to 2.0.0 with a breaking
# entry, committed as `Passkeys` (the spec itself is fine: SM006 is satisfied).
breaking_major_repo() {
  tagged_repo
  passkeys
  bump specs/auth.md major -m "passwords are gone" --breaking >/dev/null
  commit Passkeys
}

# notes_repo: v1.4.0 (lightweight); then auth gets two non-breaking entries (1.4.1,
# 1.5.0) in two commits, payments (alphabetically later) a breaking 2.0.0, and
# specs/zz-untouched.md is left alone.
notes_repo() {
  init
  write .specmoor.yml "$RELEASE_CONFIG"
  auth_base | write specs/auth.md
  write specs/payments.md <<'EOF'
---
version: 1.0.0
---
# Payments

## PAY-1: Charge
Charge once.

## Changelog

| Version | Date | Changes |
|---|---|---|
| 1.0.0 | 2025-01-01 | Card payments |
EOF
  write specs/zz-untouched.md <<'EOF'
---
version: 3.0.0
---
# Untouched

Text.

## Changelog

| Version | Date | Changes |
|---|---|---|
| 3.0.0 | 2025-01-01 | Old entry |
EOF
  commit initial
  git tag v1.4.0
  passkeys
  bump specs/auth.md patch -m "Passkeys may be used" >/dev/null
  commit "auth 1.4.1"
  edit specs/auth.md "Users log out." "Users log out anywhere."
  bump specs/auth.md minor -m "Logout everywhere" >/dev/null
  commit "auth 1.5.0"
  edit specs/payments.md "Charge once." "Charge at most once."
  bump specs/payments.md major -m "charges are idempotent" --breaking >/dev/null
  commit "payments 2.0.0"
}
