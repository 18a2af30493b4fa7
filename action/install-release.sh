#!/usr/bin/env bash
# Install a released specmoor for the Action: download the release asset for this
# runner, verify its sha256 against action/checksums.txt (committed in this
# repository) BEFORE unpacking or running anything, then put it on PATH.
# Needs VERSION (X.Y.Z); ACTION_PATH (this repository); RUNNER_TEMP; GITHUB_PATH.
set -euo pipefail
die() { echo "::error title=specmoor::$1" >&2; exit 2; }

version=${VERSION#v}
case "$version" in
  [0-9]*.[0-9]*.[0-9]*) ;;
  *) die "version '$VERSION' is not X.Y.Z" ;;
esac
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) target=x86_64-unknown-linux-gnu ;;
  Linux/aarch64) target=aarch64-unknown-linux-gnu ;;
  Darwin/arm64) target=aarch64-apple-darwin ;;
  Darwin/x86_64) target=x86_64-apple-darwin ;;
  *) die "no released specmoor for $(uname -s)/$(uname -m); leave 'version' empty to build from source" ;;
esac
asset="specmoor-$version-$target.tar.gz"
sums="$ACTION_PATH/action/checksums.txt"
expected=$(awk -v a="$asset" '$2 == a { print $1 }' "$sums" 2>/dev/null || true)
[ -n "$expected" ] || die "no checksum for $asset in action/checksums.txt: that version is not published for this action; leave 'version' empty to build from source"
dir="${RUNNER_TEMP:-/tmp}/specmoor-$version"
mkdir -p "$dir"
url="https://github.com/specmoor/specmoor/releases/download/v$version/$asset"
curl --fail --silent --show-error --location --retry 3 --output "$dir/$asset" "$url" \
  || die "could not download $url"
actual=$(sha256sum "$dir/$asset" | cut -d' ' -f1)
[ "$actual" = "$expected" ] || { rm -f "$dir/$asset"; die "checksum mismatch for $asset: expected $expected, got $actual; refusing to run it"; }
tar -xzf "$dir/$asset" -C "$dir" || die "$asset is not a valid archive"
[ -x "$dir/specmoor" ] || die "$asset does not contain a specmoor binary"
echo "$dir" >> "$GITHUB_PATH"
