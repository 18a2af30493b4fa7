#!/bin/sh
# A two-minute tour: builds a throwaway repository with one spec and some code, then
# shows specmoor stopping a code change that leaves its spec behind, then a spec edit
# without a version bump, and passing once `specmoor bump` has written the new version
# and changelog entry. Uses `specmoor` from PATH (or $SPECMOOR).
set -eu
SPECMOOR=${SPECMOOR:-specmoor}
command -v "$SPECMOOR" >/dev/null 2>&1 || { echo "demo: $SPECMOOR not found; run: cargo install --locked --path ." >&2; exit 2; }

# a clean git environment, whatever called us
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=demo GIT_AUTHOR_EMAIL=demo@example.com \
       GIT_COMMITTER_NAME=demo GIT_COMMITTER_EMAIL=demo@example.com
dir=$(mktemp -d "${TMPDIR:-/tmp}/specmoor-demo.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cd "$dir"
git -c init.defaultBranch=main init -q .
mkdir -p specs src/auth
cat > specs/auth.md <<'SPEC'
---
version: 1.0.0
owns:
  "*": ["src/auth/**"]
  FR-1: ["src/auth/login.rs"]
---
# Authentication

## FR-1: Login
Users log in with a password.

## FR-2: Logout
Users log out from any page.
SPEC
echo 'pub fn login() {}' > src/auth/login.rs
echo 'pub fn logout() {}' > src/auth/logout.rs
git add -A && git commit -qm "auth: first version"

echo "== 1. a code change without its spec (expect exit 1)"
echo 'pub fn login_with_passkey() {}' >> src/auth/login.rs
git add -A
set +e; "$SPECMOOR" check; code=$?; set -e
echo "exit code: $code"
[ "$code" -eq 1 ] || { echo "demo: expected exit 1" >&2; exit 1; }

echo
echo "== 2. the spec section updated, but not its version (expect exit 1: SM002)"
sed 's/Users log in with a password./Users log in with a password or a passkey./' specs/auth.md > specs/auth.md.new
mv specs/auth.md.new specs/auth.md
git add -A
set +e; "$SPECMOOR" check; code=$?; set -e
echo "exit code: $code"
[ "$code" -eq 1 ] || { echo "demo: expected exit 1" >&2; exit 1; }

echo
echo "== 3. specmoor bump writes the new version and the changelog entry (expect exit 0)"
"$SPECMOOR" bump specs/auth.md minor -m "Passkey login (FR-1)"
git add -A
"$SPECMOOR" check
git commit -qm "auth: passkeys"

echo
echo "== 4. the same gate on a commit range, as CI runs it"
"$SPECMOOR" check --base HEAD~1 --head HEAD --format json

echo
echo "== 5. who owns what"
"$SPECMOOR" owners src/auth/login.rs src/auth/logout.rs
echo "demo: ok"
