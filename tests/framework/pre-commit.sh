#!/bin/sh
# Verifies .pre-commit-hooks.yaml and the README's snippet with the real pre-commit
# framework (from PyPI) against this checkout: pre-commit builds specmoor (language:
# rust) from the committed HEAD. The config sets `default_install_hook_types` as the
# README says, so a PLAIN `pre-commit install` must write the commit-msg and pre-push
# hooks; then a code-only commit is refused (commit-msg), the same commit with a
# Specmoor-Waive line passes, a commit that updates the spec passes, and a push of a
# drifting commit made with --no-verify is refused (pre-push).
# With SPECMOOR (a specmoor binary; .ci/run passes its build), `specmoor doctor` must
# see both: the hooks missing after a plain install without default_install_hook_types,
# and the framework running specmoor with it.
# Run by .ci/run; needs `pre-commit` on PATH.
set -eu
SPECMOOR=${SPECMOOR:-}
here=$(cd "$(dirname "$0")/../.." && pwd)
rev=$(git -C "$here" rev-parse HEAD)
command -v pre-commit >/dev/null || { echo "pre-commit is not installed (pip install pre-commit)" >&2; exit 2; }

unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
       GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
work=$(mktemp -d "${TMPDIR:-/tmp}/specmoor-precommit.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$work/cache}"
fail() { cat "$work/out" 2>/dev/null || true; echo "FAIL: $*" >&2; exit 1; }
cd "$work"
git init -q --bare remote.git
git -c init.defaultBranch=main init -q repo
cd repo
git remote add origin "$work/remote.git"
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
# without default_install_hook_types, a plain `pre-commit install` writes only the
# pre-commit hook: specmoor's hooks never run, and doctor must say so
cat > .pre-commit-config.yaml <<CFG
repos:
  - repo: $here
    rev: $rev
    hooks:
      - id: specmoor-rust-commit-msg
      - id: specmoor-rust-pre-push
CFG
pre-commit install >"$work/out" 2>&1 || fail "pre-commit install"
[ ! -e .git/hooks/commit-msg ] || fail "expected the framework to write only pre-commit without default_install_hook_types"
if [ -n "$SPECMOOR" ]; then
  "$SPECMOOR" doctor >"$work/out" 2>&1 && fail "doctor found no problem with specmoor's hooks uninstalled"
  grep -qF "commit-msg: not installed; .pre-commit-config.yaml runs specmoor at commit-msg, but the pre-commit framework's commit-msg hook is not installed" "$work/out" \
    || fail "doctor does not say the commit-msg hook is missing"
fi
pre-commit uninstall >/dev/null
# the README's snippet (section "Hook managers")
cat > .pre-commit-config.yaml <<CFG
default_install_hook_types: [pre-commit, commit-msg, pre-push]
repos:
  - repo: $here
    rev: $rev
    hooks:
      - id: specmoor-rust-commit-msg
      - id: specmoor-rust-pre-push
CFG
git add -A
git commit -qm init
git push -q origin main
pre-commit install >"$work/out" 2>&1 || fail "pre-commit install"
for h in commit-msg pre-push; do
  grep -q "pre-commit.com" ".git/hooks/$h" 2>/dev/null || fail "a plain pre-commit install did not write .git/hooks/$h"
done
if [ -n "$SPECMOOR" ]; then
  "$SPECMOOR" doctor >"$work/out" 2>&1 || fail "doctor found a problem"
  grep -qF "specmoor runs at: pre-push (the pre-commit framework), commit-msg (the pre-commit framework)" "$work/out" \
    || fail "doctor does not say the framework runs specmoor"
fi

echo 'fn login2() {}' >> src/login.rs
git add -A
if git commit -qm "code only" >"$work/out" 2>&1; then
  fail "the code-only commit went through"
fi
grep -q "SM001" "$work/out" || fail "no SM001 in the hook output"
[ "$(git rev-list --count HEAD)" = 1 ] || fail "something was committed"

git commit -qm "code only" -m "Specmoor-Waive: SM001 a refactor, no behaviour change" >"$work/out" 2>&1 \
  || fail "the commit with a waiver in its message was refused (commit-msg did not see the message)"

sed 's/Users log in./Users log in twice./; s/^version: 1.0.0/version: 1.1.0/' specs/auth.md > s.tmp && mv s.tmp specs/auth.md
printf '| 1.1.0 | 2026-02-01 | Second login |\n' >> specs/auth.md
echo 'fn login3() {}' >> src/login.rs
git add -A
git commit -qm "code and spec" >"$work/out" 2>&1 || fail "the commit with its spec was refused"
git push -q origin main >"$work/out" 2>&1 || fail "the push of checked commits was refused"

echo 'fn login4() {}' >> src/login.rs
git add -A
git commit -q --no-verify -m "drift, hooks skipped"
if git push -q origin main >"$work/out" 2>&1; then
  fail "the push of a drifting commit went through"
fi
grep -q "SM001" "$work/out" || fail "no SM001 in the pre-push output"
echo "pre-commit framework: ok (a plain \`pre-commit install\` with the README's config gates commits and pushes)"
