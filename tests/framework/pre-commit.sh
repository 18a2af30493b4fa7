#!/bin/sh
# Verifies .pre-commit-hooks.yaml with the real pre-commit framework (from PyPI)
# against this checkout: pre-commit builds specmoor with cargo (language: rust) from
# the committed HEAD, installs the hooks, and a code-only commit must be refused while
# a commit that updates the spec passes. Run by .ci/run; needs `pre-commit` on PATH.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
rev=$(git -C "$here" rev-parse HEAD)
command -v pre-commit >/dev/null || { echo "pre-commit is not installed (pip install pre-commit)" >&2; exit 2; }

unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
       GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
work=$(mktemp -d "${TMPDIR:-/tmp}/specmoor-precommit.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$work/cache}"
cd "$work"
git -c init.defaultBranch=main init -q repo
cd repo
mkdir -p specs src
cat > specs/auth.md <<'SPEC'
---
version: 1.0.0
owns: ["src/**"]
---
# Auth

## FR-1: Login
Users log in.

## Changelog

| Version | Date | Changes |
|---|---|---|
| 1.0.0 | 2026-01-01 | First |
SPEC
echo 'fn login() {}' > src/login.rs
cat > .pre-commit-config.yaml <<CFG
repos:
  - repo: $here
    rev: $rev
    hooks:
      - id: specmoor-rust
CFG
git add -A
git commit -qm init
pre-commit install >/dev/null

echo 'fn login2() {}' >> src/login.rs
git add -A
if git commit -qm "code only" >"$work/out" 2>&1; then
  cat "$work/out"; echo "FAIL: the code-only commit went through" >&2; exit 1
fi
grep -q "SM001" "$work/out" || { cat "$work/out"; echo "FAIL: no SM001 in the hook output" >&2; exit 1; }
[ "$(git rev-list --count HEAD)" = 1 ] || { echo "FAIL: something was committed" >&2; exit 1; }

sed 's/Users log in./Users log in twice./; s/^version: 1.0.0/version: 1.1.0/' specs/auth.md > s.tmp && mv s.tmp specs/auth.md
printf '| 1.1.0 | 2026-02-01 | Second login |\n' >> specs/auth.md
git add -A
git commit -qm "code and spec" >"$work/out" 2>&1 || { cat "$work/out"; echo "FAIL: the commit with its spec was refused" >&2; exit 1; }
echo "pre-commit framework: ok (refused a code-only commit, accepted code with its spec)"
