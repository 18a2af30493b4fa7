#!/bin/sh
# The Python wheel, as a user without Rust gets it: installs the specmoor wheel found
# in WHEELS (built by `maturin build --release`, see .ci/run) into a fresh virtual
# environment, checks the binary is the one of this checkout's version, runs the
# demo (a real repository, three verdicts) with it, then runs the `specmoor`
# pre-commit hook (language: python) with the real framework from this checkout's
# HEAD, pip resolving the wheel from WHEELS only, with a `cargo` on PATH that fails:
# the hook must refuse a code-only commit and accept one with its spec, never
# compiling. Needs `pre-commit` on PATH and network access to PyPI for setuptools (the
# root pyproject.toml's build backend).
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
WHEELS=${WHEELS:?set WHEELS to the folder holding the specmoor wheel}
WHEELS=$(cd "$WHEELS" && pwd)
command -v pre-commit >/dev/null || { echo "pre-commit is not installed (pip install pre-commit)" >&2; exit 2; }
version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$here/Cargo.toml" | head -n 1)
ls "$WHEELS"/specmoor-"$version"-*.whl >/dev/null 2>&1 \
  || { echo "no specmoor-$version wheel in $WHEELS" >&2; exit 2; }
fail() { echo "FAIL: $1" >&2; [ ! -f "$work/out" ] || cat "$work/out" >&2; exit 1; }

unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
       GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
work=$(mktemp -d "${TMPDIR:-/tmp}/specmoor-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 1. a fresh virtual environment, the wheel only (no index): the binary lands in bin/
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index \
  --find-links "$WHEELS" "specmoor==$version" >"$work/out" 2>&1 || fail "pip could not install the wheel"
sm="$work/venv/bin/specmoor"
[ -x "$sm" ] || fail "the wheel put no specmoor in the venv's bin/"
head -c 4 "$sm" | od -An -c | grep -q 'E   L   F' || fail "venv bin/specmoor is not the native binary"
"$sm" --version >"$work/out" 2>&1 || fail "specmoor --version failed"
grep -q "$version" "$work/out" || fail "specmoor --version does not say $version"

# 2. a real repository: the demo's three verdicts with the wheel's binary
SPECMOOR="$sm" "$here/examples/demo.sh" >"$work/out" 2>&1 || fail "the demo failed with the wheel's binary"

# 3. the pre-commit framework, default hook id, from this checkout's HEAD
rev=$(git -C "$here" rev-parse HEAD)
git -C "$here" show "$rev:pyproject.toml" | grep -q "\"specmoor==$version\"" \
  || fail "the committed pyproject.toml does not pin specmoor==$version (Cargo.toml's version)"
mkdir -p "$work/bin" "$work/find-links"
printf '#!/bin/sh\ntouch "%s/cargo-ran"\nexit 1\n' "$work" > "$work/bin/cargo"
chmod +x "$work/bin/cargo"
cp "$WHEELS"/specmoor-"$version"-*.whl "$work/find-links/"
# the root pyproject.toml's build backend, for pip's isolated build without an index
python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary :all: \
  -d "$work/find-links" "setuptools>=61" >"$work/out" 2>&1 || fail "could not download setuptools"
export PRE_COMMIT_HOME="$work/cache" PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/find-links"
export PATH="$work/bin:$PATH"
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
      - id: specmoor
CFG
git add -A
git commit -qm init
pre-commit install >/dev/null
pre-commit install-hooks >"$work/out" 2>&1 || fail "pre-commit could not install the hook environment"

echo 'fn login2() {}' >> src/login.rs
git add -A
if git commit -qm "code only" >"$work/out" 2>&1; then fail "the code-only commit went through"; fi
grep -q "SM001" "$work/out" || fail "no SM001 in the hook output"
[ "$(git rev-list --count HEAD)" = 1 ] || fail "something was committed"

sed 's/Users log in./Users log in twice./; s/^version: 1.0.0/version: 1.1.0/' specs/auth.md > s.tmp && mv s.tmp specs/auth.md
printf '| 1.1.0 | 2026-02-01 | Second login |\n' >> specs/auth.md
git add -A
git commit -qm "code and spec" >"$work/out" 2>&1 || fail "the commit with its spec was refused"
[ ! -e "$work/cargo-ran" ] || fail "the python hook ran cargo"
ls "$PRE_COMMIT_HOME"/repo*/rustenv-* >/dev/null 2>&1 && fail "pre-commit made a Rust environment"
echo "wheel: ok (specmoor $version from the wheel in a fresh venv ran the demo; the python pre-commit hook refused a code-only commit and accepted code with its spec, no cargo)"
