#!/usr/bin/env bash
# Record a published release's asset checksums for the Action: run once the release
# workflow has published vX.Y.Z, then commit action/checksums.txt (README, "Cutting a
# release"). Usage: action/record-release.sh X.Y.Z
# Downloads the release's sha256.sum and every specmoor-<target>.tar.gz (and the
# Windows specmoor-<target>.zip) it lists,
# checks each download against it (and, with the GitHub CLI on PATH, its build
# provenance attestation), then appends `<sha256>  vX.Y.Z/<asset>` lines to
# action/checksums.txt. A version already recorded, a failed download or a mismatch
# changes nothing (exit 2). SPECMOOR_RELEASE_URL replaces the download base (tests).
set -euo pipefail
die() { echo "record-release: $1" >&2; exit 2; }
[ $# = 1 ] || die "usage: action/record-release.sh X.Y.Z"
version=${1#v}
case "$version" in
  [0-9]*.[0-9]*.[0-9]*) ;;
  *) die "version '$version' is not X.Y.Z" ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
sums="$here/checksums.txt"
if grep -qF " v$version/" "$sums"; then
  die "v$version is already recorded in action/checksums.txt"
fi
base=${SPECMOOR_RELEASE_URL:-https://github.com/specmoor/specmoor/releases/download}
base="${base%/}/v$version"
work=$(mktemp -d "${TMPDIR:-/tmp}/specmoor-record.XXXXXX")
trap 'rm -rf "$work"' EXIT
fetch() { curl --fail --silent --show-error --location --retry 3 --output "$work/$1" "$base/$1" \
  || die "could not download $base/$1"; }
hash() { if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }
fetch sha256.sum
lines=
while read -r sha name; do
  name=${name#\*}
  case "$name" in specmoor-*.tar.gz | specmoor-*-windows-*.zip) ;; *) continue ;; esac
  case "$sha" in *[!0-9a-f]* | "") die "sha256.sum has a malformed line for $name" ;; esac
  [ "${#sha}" = 64 ] || die "sha256.sum has a malformed line for $name"
  fetch "$name"
  [ "$(hash "$work/$name")" = "$sha" ] || die "$name does not match the release's sha256.sum"
  if [ -z "${SPECMOOR_RELEASE_URL:-}" ] && command -v gh >/dev/null; then
    gh attestation verify "$work/$name" --repo specmoor/specmoor >/dev/null \
      || die "$name has no valid build provenance attestation"
  fi
  lines="$lines$sha  v$version/$name
"
done < "$work/sha256.sum"
[ -n "$lines" ] || die "the v$version release lists no specmoor-<target>.tar.gz or .zip in sha256.sum"
printf '%s' "$lines" >> "$sums"
printf '%s' "$lines" | sed 's/^/recorded: /'
