#!/usr/bin/env bash
# Build specmoor from the action's own source (the fallback to the released binary:
# see action.yml). Nothing in the workspace — the change being judged — may choose
# what runs here: cargo runs in the action's directory (so no rust-toolchain.toml or
# .cargo/config.toml of the workspace applies), with RUSTUP_TOOLCHAIN set to the
# toolchain pinned below, CARGO_HOME and RUSTUP_HOME outside the workspace, and no
# compiler wrapper taken from the environment.
# Needs ACTION_PATH (this repository), ROOT (the install root), HOME;
# GITHUB_WORKSPACE (the checkout) when run on GitHub.
set -euo pipefail
die() { echo "::error title=specmoor::$1" >&2; echo "specmoor: cannot build: $1" >&2; exit 2; }

# The toolchain the action's source is built with (Cargo.lock is tested with it).
TOOLCHAIN=1.95.0

[ -n "${ACTION_PATH:-}" ] && [ -f "$ACTION_PATH/Cargo.toml" ] || die "ACTION_PATH does not name the action's source"
[ -n "${ROOT:-}" ] || die "ROOT (the install root) is not set"
[ -n "${HOME:-}" ] || die "HOME is not set"
action=$(cd "$ACTION_PATH" && pwd -P)
workspace=
if [ -n "${GITHUB_WORKSPACE:-}" ] && [ -d "$GITHUB_WORKSPACE" ]; then
  workspace=$(cd "$GITHUB_WORKSPACE" && pwd -P)
fi

# true when $1 is the workspace or inside it (and the action is not: `uses: ./`
# builds the checkout itself, which is then the action's own source)
in_workspace() {
  [ -n "$workspace" ] || return 1
  case "$action/" in "$workspace"/*) return 1 ;; esac
  local p
  p=$(cd "$1" 2>/dev/null && pwd -P) || p=$1
  case "$p/" in "$workspace"/*) return 0 ;; esac
  return 1
}

cargo_home=${CARGO_HOME:-$HOME/.cargo}
if in_workspace "$cargo_home"; then
  echo "specmoor: CARGO_HOME ($cargo_home) is inside the workspace: using $HOME/.cargo"
  cargo_home=$HOME/.cargo
fi
rustup_home=${RUSTUP_HOME:-$HOME/.rustup}
if in_workspace "$rustup_home"; then
  echo "specmoor: RUSTUP_HOME ($rustup_home) is inside the workspace: using $HOME/.rustup"
  rustup_home=$HOME/.rustup
fi
export CARGO_HOME=$cargo_home RUSTUP_HOME=$rustup_home

cargo=$CARGO_HOME/bin/cargo
[ -x "$cargo" ] || cargo=$(command -v cargo || true)
[ -n "$cargo" ] || die "cargo is not installed (install rustup, or use a released version)"
in_workspace "$(dirname "$cargo")" && die "the cargo on PATH ($cargo) is inside the workspace; refusing to run it"
rustup=$(dirname "$cargo")/rustup
[ -x "$rustup" ] || rustup=$(command -v rustup || true)

# nothing from the environment decides which compiler runs
unset RUSTC RUSTC_WRAPPER RUSTC_WORKSPACE_WRAPPER RUSTDOC \
  CARGO_BUILD_RUSTC CARGO_BUILD_RUSTC_WRAPPER CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER CARGO_TARGET_DIR
export RUSTUP_TOOLCHAIN=$TOOLCHAIN

cd "$action"
if [ -n "$rustup" ] && ! "$rustup" run "$TOOLCHAIN" rustc --version >/dev/null 2>&1; then
  "$rustup" toolchain install "$TOOLCHAIN" --profile minimal >/dev/null \
    || die "rustup cannot install the pinned toolchain $TOOLCHAIN"
fi
echo "specmoor: building from the action's source with Rust $TOOLCHAIN"
"$cargo" install --locked --quiet --path "$action" --root "$ROOT" \
  || die "cargo install failed in $action"
[ -x "$ROOT/bin/specmoor" ] || die "the build left no $ROOT/bin/specmoor"
