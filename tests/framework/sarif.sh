#!/bin/sh
# Validates specmoor's SARIF against the official SARIF 2.1.0 JSON schema, taken from
# a registry package (npm @microsoft/sarif-multitool-linux ships sarif-2.1.0.json),
# with check-jsonschema from PyPI. Covers a clean report (results: []), findings of
# several rules, a waived finding (suppressions) and hostile file names.
# Run by .ci/run. Needs: npm, check-jsonschema (pip), and SPECMOOR (the binary).
set -eu
SPECMOOR=${SPECMOOR:-specmoor}
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/specmoor-sarif.XXXXXX")
trap 'rm -rf "$work"' EXIT

schema=${SARIF_SCHEMA:-}
if [ -z "$schema" ]; then
  (cd "$work" && npm pack --silent @microsoft/sarif-multitool-linux@5.7.0 >/dev/null)
  tar -xzf "$work"/microsoft-sarif-multitool-linux-*.tgz -C "$work" package/sarif-2.1.0.json
  schema="$work/package/sarif-2.1.0.json"
fi
command -v check-jsonschema >/dev/null || { echo "check-jsonschema is not installed (pip install check-jsonschema)" >&2; exit 2; }

unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
       GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
cd "$work"
git -c init.defaultBranch=main init -q repo
cd repo
mkdir -p specs src gen
cat > specs/auth.md <<'SPEC'
---
version: 1.0.0
owns:
  "*": ["src/**", "gen/**", "src/gone/**"]
  FR-1: ["src/login.rs"]
---
# Auth

## FR-1: Login
Users log in.
SPEC
echo 'fn login() {}' > src/login.rs
echo '// @generated' > gen/client.rs
printf 'rules:\n  unowned: warn\n' > .specmoor.yml
git add -A && git commit -qm init
base=$(git rev-parse HEAD)

"$SPECMOOR" check --base "$base" --head HEAD --format sarif > "$work/clean.sarif"

echo 'fn changed() {}' >> src/login.rs
echo '// hand edit' >> gen/client.rs
echo x > 'src/a b#c%.rs'
echo y > 'src/::error::x,y.rs'
echo z > 'unowned é.txt'
git add -A && git commit -qm "drift" -m "Specmoor-Waive: SM007 unowned file is fine"
sed 's/Users log in./Users log in again./' specs/auth.md > s.tmp && mv s.tmp specs/auth.md
git add -A && git commit -qm "spec without bump"
set +e
"$SPECMOOR" check --base "$base" --head HEAD --format json --sarif-file "$work/findings.sarif" > "$work/report.json"
code=$?
set -e
[ "$code" = 1 ] || { echo "expected exit 1, got $code" >&2; cat "$work/report.json" >&2; exit 1; }

for f in clean findings; do
  check-jsonschema --schemafile "$schema" "$work/$f.sarif"
done
grep -q '"results": \[\]' "$work/clean.sarif" || { echo "clean SARIF must have results: []" >&2; exit 1; }
grep -q '"suppressions"' "$work/findings.sarif" || { echo "the waived finding must be a suppression" >&2; exit 1; }
echo "sarif: ok (validated against the official SARIF 2.1.0 schema)"
