#!/usr/bin/env bash
# Install a released specmoor for the Action (its default): download the release
# asset for this runner, verify its sha256 against action/checksums.txt (committed in
# this repository) BEFORE unpacking or running anything, then put it on PATH.
# Needs ACTION_PATH (this repository); RUNNER_TEMP; GITHUB_PATH; GITHUB_OUTPUT.
# VERSION (X.Y.Z) asks for that release; empty means the action's own version (its
# Cargo.toml). Writes the output installed=true, or, when the action's own version
# has no asset for this runner listed in checksums.txt, installed=false with a
# notice, and the source build runs instead. A version asked for that is not listed,
# a failed download, a checksum mismatch or a bad archive fail the step (exit 2).
# Assets are the release workflow's (dist): specmoor-<target>.tar.gz holding
# specmoor-<target>/specmoor, and on Windows runners (Git Bash) specmoor-<target>.zip
# holding specmoor.exe; checksums.txt lists them as `<sha256>  vX.Y.Z/<asset>`
# (action/record-release.sh writes those lines from the release's sha256.sum).
# SPECMOOR_RELEASE_URL replaces the download base (tests serve a fake release); the
# checksum still comes from the committed checksums.txt.
set -euo pipefail
die() { echo "::error title=specmoor::$1" >&2; exit 2; }
installed() { [ -z "${GITHUB_OUTPUT:-}" ] || echo "installed=$1" >> "$GITHUB_OUTPUT"; }
fallback() { # the action's own version is not released for this runner: build it
  echo "::notice title=specmoor::$1; building specmoor from the action's source"
  installed false
  exit 0
}

asked=${VERSION:-}
if [ -n "$asked" ]; then
  version=${asked#v}
else
  version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$ACTION_PATH/Cargo.toml" | head -n 1)
  [ -n "$version" ] || die "cannot read the action's version from $ACTION_PATH/Cargo.toml"
fi
case "$version" in
  [0-9]*.[0-9]*.[0-9]*) ;;
  *) die "version '$version' is not X.Y.Z" ;;
esac
# Linux assets are static (musl), so any glibc or musl runner can run them
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) target=x86_64-unknown-linux-musl ;;
  Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
  Darwin/arm64) target=aarch64-apple-darwin ;;
  Darwin/x86_64) target=x86_64-apple-darwin ;;
  MINGW*/x86_64 | MSYS*/x86_64 | CYGWIN*/x86_64) target=x86_64-pc-windows-msvc ;;
  *)
    [ -n "$asked" ] || fallback "no released specmoor for $(uname -s)/$(uname -m)"
    die "no released specmoor for $(uname -s)/$(uname -m); set 'build-from-source: true'" ;;
esac
case "$target" in
  *-windows-*) asset="specmoor-$target.zip" exe=specmoor.exe ;;
  *) asset="specmoor-$target.tar.gz" exe=specmoor ;;
esac
key="v$version/$asset"
sums="$ACTION_PATH/action/checksums.txt"
expected=$(awk -v k="$key" '$2 == k { print $1; exit }' "$sums" 2>/dev/null || true)
if [ -z "$expected" ]; then
  [ -n "$asked" ] || fallback "no release asset $key is listed in action/checksums.txt for the action's version $version"
  die "no checksum for $key in action/checksums.txt: that version is not published for this action; leave 'version' empty or set 'build-from-source: true'"
fi
case "$expected" in
  *[!0-9a-f]* | "") die "action/checksums.txt has a malformed sha256 for $key" ;;
esac
[ "${#expected}" = 64 ] || die "action/checksums.txt has a malformed sha256 for $key"
dir="${RUNNER_TEMP:-/tmp}/specmoor-$version"
rm -rf "$dir"
mkdir -p "$dir"
base=${SPECMOOR_RELEASE_URL:-https://github.com/specmoor/specmoor/releases/download}
url="${base%/}/$key"
curl --fail --silent --show-error --location --retry 3 --output "$dir/$asset" "$url" \
  || { rm -f "$dir/$asset"; die "could not download $url"; }
if command -v sha256sum >/dev/null; then
  actual=$(sha256sum "$dir/$asset" | cut -d' ' -f1)
else # macOS runners have shasum
  actual=$(shasum -a 256 "$dir/$asset" | cut -d' ' -f1)
fi
[ "$actual" = "$expected" ] || { rm -f "$dir/$asset"; die "checksum mismatch for $asset: expected $expected, got $actual; refusing to run it"; }
bin="$dir/specmoor-$target"
case "$asset" in
  *.zip) # dist's zips hold the files at their top level
    command -v unzip >/dev/null || die "unzip is needed to unpack $asset"
    unzip -q "$dir/$asset" -d "$bin" || die "$asset is not a valid archive" ;;
  *) tar -xzf "$dir/$asset" -C "$dir" || die "$asset is not a valid archive" ;;
esac
[ -f "$bin/$exe" ] && [ -x "$bin/$exe" ] || die "$asset does not contain specmoor-$target/$exe"
echo "$bin" >> "$GITHUB_PATH"
installed true
