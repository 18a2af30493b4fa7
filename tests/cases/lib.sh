# Helpers for case setup scripts (sourced by tests/cases.rs before setup.sh).
# The work tree is the current directory; $ROOT is the case's temporary root
# ($ROOT/home is HOME), $CASES this folder, $SPECMOOR the binary under test.

# `git init` on main.
init() { git init -q "$@"; }

# write PATH [CONTENT]: write CONTENT (or stdin) to PATH, creating folders.
write() {
  mkdir -p "$(dirname "$1")"
  if [ $# -ge 2 ]; then printf '%s' "$2" >"$1"; else cat >"$1"; fi
}

# The rules a suite does not exercise; `config` turns them off so that drift,
# unowned and dangling-owner are checked alone (as tests/common's `quiet`).
OTHER_RULES="SM002 SM003 SM004 SM005 SM006 SM008 SM009 SM010"

# config [YAML]: write .specmoor.yml from YAML (or stdin) with OTHER_RULES off,
# appended at the end so that line numbers stay as written. A `rules:` key must
# be the last key, in block form.
config() {
  local yaml
  if [ $# -ge 1 ]; then yaml=$1; else yaml=$(cat); fi
  {
    if [ -n "$yaml" ]; then printf '%s\n' "$yaml"; fi
    if ! printf '%s\n' "$yaml" | grep -q '^rules:'; then echo "rules:"; fi
    for c in $OTHER_RULES; do echo "  $c: off"; done
  } >.specmoor.yml
}

# commit MSG: stage everything and commit (hooks skipped); prints nothing.
commit() { git add -A && git commit -q --allow-empty --no-verify -m "$1"; }

# stage: git add -A
stage() { git add -A; }

# The auth spec used throughout (lines: 7 `# Auth`, 9 `## FR-1: Login`,
# 12 `### FR-1.1: Remember me`, 15 `## FR-2: Logout`).
auth_spec() {
  cat <<'SPEC'
---
version: 1.0.0
owns:
  "*": ["src/auth/**"]
  FR-1: ["src/auth/login.rs"]
---
# Auth

## FR-1: Login
Users log in with a password.

### FR-1.1: Remember me
Sessions persist for a week.

## FR-2: Logout
Users log out.
SPEC
}

# auth_repo: one commit with the auth spec, the code it owns, an unowned file and a
# quiet config. Write extra files (or call `config`) before it to add them to the
# first commit; a .specmoor.yml already present is kept.
auth_repo() {
  [ -d .git ] || init
  [ -f .specmoor.yml ] || config ""
  auth_spec | write specs/auth.md
  write src/auth/login.rs 'fn login() {}
'
  write src/auth/logout.rs 'fn logout() {}
'
  write src/main.rs 'fn main() {}
'
  commit initial
}

# edit FILE FROM TO: replace the first FROM in FILE by TO (FROM must be present).
edit() {
  local text
  text=$(cat "$1"; printf x)
  text=${text%x}
  case "$text" in *"$2"*) ;; *) echo "edit: $1 does not contain $2" >&2; return 1 ;; esac
  printf '%s' "${text/"$2"/"$3"}" >"$1"
}

# commit_config [YAML]: `config`, then commit .specmoor.yml alone (other staged
# changes stay staged). A change is judged by the config in force before it, so a
# config a case wants applied is committed first.
commit_config() {
  config "$@"
  git add .specmoor.yml && git commit -q --no-verify -m config -- .specmoor.yml
}

# commit_file PATH...: commit these paths alone.
commit_file() { git add -- "$@" && git commit -q --no-verify -m "commit $*" -- "$@"; }

# Requirement tags in code (suite tags/): a spec with two requirements and no `owns`
# (lines: 6 `## FR-1: Login`, 9 `## FR-2: Logout`) and a file whose functions are
# tagged (line 1 `use std::io;` untagged, line 3 `// @spec FR-1` over login(), line 8
# `// @spec FR-2` over logout()).
tags_spec() {
  cat <<'SPEC'
---
version: 1.0.0
---
# Auth

## FR-1: Login
Users log in with a password.

## FR-2: Logout
Users log out.
SPEC
}

tags_code() {
  cat <<'CODE'
use std::io;

// @spec FR-1
fn login() {
    check_password();
}

// @spec FR-2
fn logout() {
    end_session();
}
CODE
}

# tags_repo: one commit with tags_spec, tags_code and a config judging drift by
# section (so a finding names the section). A .specmoor.yml already present is kept.
tags_repo() {
  [ -d .git ] || init
  [ -f .specmoor.yml ] || config 'drift: { granularity: section }'
  tags_spec | write specs/auth.md
  tags_code | write src/auth.rs
  commit initial
}
