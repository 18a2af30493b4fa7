#!/bin/sh
# Verifies the hook manager recipes of the README (examples/hook-managers/) with the
# real tools from npm, pinned: husky, lefthook and simple-git-hooks. For each, a fresh
# project `npm install`s the manager, takes the recipe, runs the manager's own install,
# and then real git commands must behave: a code-only commit is refused (commit-msg,
# SM001), the same commit with a Specmoor-Waive line passes, a commit that updates its
# spec passes, a push of a drifting commit made with --no-verify is refused (pre-push),
# and `specmoor doctor` says the manager runs specmoor. Before the recipe, doctor must
# say that no hook runs specmoor.
# Run by .ci/run. Needs npm and SPECMOOR (the binary). Without npm it skips with a
# message, unless CI is set (then it fails: CI must exercise every recipe).
set -eu
SPECMOOR=${SPECMOOR:-specmoor}
HUSKY=husky@9.1.7
LEFTHOOK=lefthook@2.2.2
SIMPLE_GIT_HOOKS=simple-git-hooks@2.14.0
here=$(cd "$(dirname "$0")/../.." && pwd)
recipes="$here/examples/hook-managers"

if ! command -v npm >/dev/null; then
  if [ -n "${CI:-}" ]; then
    echo "hook managers: npm is not installed, and CI must verify every recipe" >&2
    exit 2
  fi
  echo "hook managers: SKIPPED (npm is not installed; CI runs this)"
  exit 0
fi
bin=$(command -v "$SPECMOOR" || true)
[ -n "$bin" ] && [ -x "$bin" ] || { echo "SPECMOOR ($SPECMOOR) is not an executable" >&2; exit 2; }
case $bin in /*) ;; *) bin="$PWD/$bin" ;; esac

unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
       GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
work=$(mktemp -d "${TMPDIR:-/tmp}/specmoor-managers.XXXXXX")
trap 'rm -rf "$work"' EXIT
# the recipes call `specmoor` from PATH, as a user's would
mkdir "$work/bin"
ln -s "$bin" "$work/bin/specmoor"
PATH="$work/bin:$PATH"
export npm_config_cache="${npm_config_cache:-$work/npm-cache}" npm_config_audit=false \
       npm_config_fund=false npm_config_update_notifier=false
fail() { cat "$work/out" 2>/dev/null || true; echo "FAIL ($manager): $*" >&2; exit 1; }

# project NAME PACKAGE: a repository with a spec owning src/, pushed to a bare remote,
# with PACKAGE installed from npm (its install scripts not run: each manager installs
# its hooks by its own command below, as its README says).
project() {
  manager=$1
  cd "$work"
  git init -q --bare "$manager-remote.git"
  git -c init.defaultBranch=main init -q "$manager"
  cd "$manager"
  git remote add origin "$work/$manager-remote.git"
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
  printf 'node_modules/\n' > .gitignore
  printf '{\n  "name": "t-%s",\n  "version": "1.0.0",\n  "private": true\n}\n' "$manager" > package.json
  npm install --silent --ignore-scripts --save-dev --save-exact "$2" >"$work/out" 2>&1 || fail "npm install $2"
}

# doctor_says TEXT: `specmoor doctor` prints TEXT (exit status not asserted here).
doctor_says() {
  "$bin" doctor >"$work/out" 2>&1 || true
  if [ -n "${SHOW_DOCTOR:-}" ]; then echo "--- doctor ($manager)"; cat "$work/out"; fi
  grep -qF "$1" "$work/out" || fail "specmoor doctor does not say: $1"
}

# gated: the commits and pushes every recipe must gate.
gated() {
  git add -A
  git commit -q --no-verify -m init
  git push -q --no-verify origin main
  echo 'fn login2() {}' >> src/login.rs
  git add -A
  if git commit -qm "code only" >"$work/out" 2>&1; then fail "the code-only commit went through"; fi
  grep -q "SM001" "$work/out" || fail "no SM001 in the commit-msg output"
  [ "$(git rev-list --count HEAD)" = 1 ] || fail "something was committed"
  git commit -qm "code only" -m "Specmoor-Waive: SM001 a refactor, no behaviour change" >"$work/out" 2>&1 \
    || fail "the commit with a waiver in its message was refused"
  sed 's/Users log in./Users log in twice./; s/^version: 1.0.0/version: 1.1.0/' specs/auth.md > s.tmp && mv s.tmp specs/auth.md
  printf '| 1.1.0 | 2026-02-01 | Second login |\n' >> specs/auth.md
  echo 'fn login3() {}' >> src/login.rs
  git add -A
  git commit -qm "code and spec" >"$work/out" 2>&1 || fail "the commit with its spec was refused"
  git push -q origin main >"$work/out" 2>&1 || fail "the push of checked commits was refused"
  echo 'fn login4() {}' >> src/login.rs
  git add -A
  git commit -q --no-verify -m "drift, hooks skipped"
  if git push -q origin main >"$work/out" 2>&1; then fail "the push of a drifting commit went through"; fi
  grep -q "SM001" "$work/out" || fail "no SM001 in the pre-push output"
  echo "$manager: ok (commit refused, waiver and spec update accepted, drifting push refused)"
}

# husky v9: `husky init` writes .husky/pre-commit (`npm test`) and sets core.hooksPath
project husky "$HUSKY"
npx --no-install husky init >"$work/out" 2>&1 || fail "husky init"
[ "$(git config core.hooksPath)" = ".husky/_" ] || fail "husky did not set core.hooksPath"
rm .husky/pre-commit
doctor_says "no hook runs specmoor"
cp "$recipes/husky/.husky/commit-msg" "$recipes/husky/.husky/pre-push" .husky/
doctor_says "commit-msg: husky's (.husky/commit-msg runs specmoor), ok"
doctor_says "pre-push: husky's (.husky/pre-push runs specmoor), ok"
gated

# lefthook: `lefthook install` writes the hooks into .git/hooks
project lefthook "$LEFTHOOK"
cp "$recipes/lefthook/lefthook.yml" .
doctor_says "lefthook.yml runs specmoor at commit-msg, but lefthook's commit-msg hook is not installed"
npx --no-install lefthook install >"$work/out" 2>&1 || fail "lefthook install"
doctor_says "commit-msg: lefthook's (lefthook.yml runs specmoor), ok"
doctor_says "pre-push: lefthook's (lefthook.yml runs specmoor), ok"
gated

# simple-git-hooks: its command writes the hooks from package.json into .git/hooks
project simple-git-hooks "$SIMPLE_GIT_HOOKS"
node -e '
const fs = require("fs");
const pkg = JSON.parse(fs.readFileSync("package.json"));
pkg["simple-git-hooks"] = JSON.parse(fs.readFileSync(process.argv[1]))["simple-git-hooks"];
fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2) + "\n");
' "$recipes/simple-git-hooks/package.json"
doctor_says "package.json runs specmoor at commit-msg, but simple-git-hooks' commit-msg hook is not installed"
npx --no-install simple-git-hooks >"$work/out" 2>&1 || fail "simple-git-hooks"
doctor_says "commit-msg: simple-git-hooks' (runs specmoor), ok"
doctor_says "pre-push: simple-git-hooks' (runs specmoor), ok"
gated
echo "hook managers: ok (husky, lefthook, simple-git-hooks)"
