#!/bin/sh
# The Action's release install against a fake release served over HTTP on loopback:
# a tarball laid out as the release workflow (dist) lays it out, the release's
# sha256.sum, action/record-release.sh recording it into a copy of the action, then
# action/install-release.sh installing it. A matching checksum installs and the
# installed binary runs; a tampered asset exits 2 before anything is unpacked or put
# on PATH; a version already recorded and a missing release are refused.
# With SPECMOOR_INSTALLER (dist's specmoor-installer.sh), that installer is run against
# the same fake release too. Run by .ci/run; SPECMOOR is the binary to package
# (default target/debug/specmoor).
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SPECMOOR:-$here/target/debug/specmoor}
[ -x "$bin" ] || { echo "no specmoor binary at $bin (cargo build first)" >&2; exit 2; }
case "$(uname -m)" in
  x86_64) target=x86_64-unknown-linux-musl ;;
  aarch64 | arm64) target=aarch64-unknown-linux-musl ;;
  *) echo "fake-release: no Linux release target for $(uname -m)" >&2; exit 2 ;;
esac
[ "$(uname -s)" = Linux ] || { echo "fake-release: Linux only" >&2; exit 2; }
fail() { echo "FAIL: $1" >&2; [ ! -f "$work/log" ] || cat "$work/log" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/specmoor-fake-release.XXXXXX")
server=
cleanup() { [ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# the release, as dist publishes it: specmoor-<target>.tar.gz holding
# specmoor-<target>/specmoor, and sha256.sum with `<sha256> *<asset>` lines
version=9.9.9
rel="$work/www/v$version"
mkdir -p "$rel" "$work/pkg/specmoor-$target"
cp "$bin" "$work/pkg/specmoor-$target/specmoor"
tar -czf "$rel/specmoor-$target.tar.gz" -C "$work/pkg" "specmoor-$target"
(cd "$rel" && sha256sum "specmoor-$target.tar.gz" | sed 's/  / */' > sha256.sum)
good_sha=$(cut -d' ' -f1 "$rel/sha256.sum")

# a static file server on loopback, on a free port, that stops by itself
python3 - "$work/www" "$work/port" <<'PY' &
import functools, http.server, sys, threading
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
handler = functools.partial(Quiet, directory=sys.argv[1])
httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(httpd.server_address[1]))
import os; os.rename(sys.argv[2] + ".tmp", sys.argv[2])
threading.Timer(300, httpd.shutdown).start()
httpd.serve_forever()
PY
server=$!
i=0
while [ ! -s "$work/port" ]; do
  i=$((i + 1)); [ "$i" -lt 100 ] || fail "the fake release server did not start"
  sleep 0.1
done
export SPECMOOR_RELEASE_URL="http://127.0.0.1:$(cat "$work/port")"

# a copy of the action at version 9.9.9, with no checksums recorded yet
act="$work/action-path"
mkdir -p "$act/action"
printf '[package]\nname = "specmoor"\nversion = "%s"\n' "$version" > "$act/Cargo.toml"
cp "$here/action/install-release.sh" "$here/action/record-release.sh" "$here/action/checksums.txt" "$act/action/"

install() { # VERSION → exit code; outputs in $work/out, $work/path
  rm -rf "$work/runner" "$work/out" "$work/path"; mkdir -p "$work/runner"
  set +e
  env ACTION_PATH="$act" VERSION="$1" RUNNER_TEMP="$work/runner" GITHUB_PATH="$work/path" \
    GITHUB_OUTPUT="$work/out" bash "$act/action/install-release.sh" >"$work/log" 2>&1
  rc=$?
  set -e
  return 0
}

# before recording: the action's own version falls back to the source build
install ""
[ "$rc" = 0 ] && grep -q '^installed=false$' "$work/out" || fail "unrecorded version: want the source-build fallback"

# record the release: one line, keyed by version and asset
bash "$act/action/record-release.sh" "$version" >"$work/log" 2>&1 || fail "record-release refused a good release"
grep -qx "$good_sha  v$version/specmoor-$target.tar.gz" "$act/action/checksums.txt" \
  || fail "checksums.txt lacks the recorded line: $(cat "$act/action/checksums.txt")"
if bash "$act/action/record-release.sh" "$version" >"$work/log" 2>&1; then fail "recorded v$version twice"; fi
grep -q "already recorded" "$work/log" || fail "no 'already recorded' message"
if bash "$act/action/record-release.sh" 9.9.8 >"$work/log" 2>&1; then fail "recorded a release that does not exist"; fi
grep -q "could not download" "$work/log" || fail "no 'could not download' for a missing release"

# a matching checksum installs (the action's own version, and asked for by tag name)
for asked in "" "v$version"; do
  install "$asked"
  [ "$rc" = 0 ] || fail "install of a recorded release exited $rc"
  grep -q '^installed=true$' "$work/out" || fail "no installed=true"
  dir=$(cat "$work/path")
  [ "$dir" = "$work/runner/specmoor-$version/specmoor-$target" ] || fail "put $dir on PATH"
  "$dir/specmoor" --version >"$work/log" 2>&1 || fail "the installed specmoor does not run"
done

# dist's shell installer (SPECMOOR_INSTALLER, from `dist build --artifacts=global`),
# pointed at the fake release: it picks the static Linux archive, unpacks it and
# installs the binary into $CARGO_HOME/bin
if [ -n "${SPECMOOR_INSTALLER:-}" ]; then
  mkdir -p "$work/home"
  env HOME="$work/home" CARGO_HOME="$work/home/cargo" SPECMOOR_NO_MODIFY_PATH=1 \
    SPECMOOR_DOWNLOAD_URL="$SPECMOOR_RELEASE_URL/v$version" sh "$SPECMOOR_INSTALLER" >"$work/log" 2>&1 \
    || fail "dist's shell installer failed against the fake release"
  "$work/home/cargo/bin/specmoor" --version >"$work/log" 2>&1 || fail "the installer's specmoor does not run"
  echo "fake release: dist's shell installer installed and ran specmoor-$target.tar.gz"
fi

# a tampered asset: exit 2 before unpacking, nothing on PATH
mkdir -p "$work/evil/specmoor-$target"
printf '#!/bin/sh\ntouch "%s/ran"\n' "$work" > "$work/evil/specmoor-$target/specmoor"
chmod +x "$work/evil/specmoor-$target/specmoor"
tar -czf "$rel/specmoor-$target.tar.gz" -C "$work/evil" "specmoor-$target"
install ""
[ "$rc" = 2 ] || fail "a tampered asset exited $rc, not 2"
grep -q "checksum mismatch" "$work/log" || fail "no 'checksum mismatch' message"
[ ! -e "$work/path" ] || fail "a tampered asset was put on PATH"
[ ! -e "$work/runner/specmoor-$version/specmoor-$target" ] || fail "a tampered asset was unpacked"
[ ! -e "$work/runner/specmoor-$version/specmoor-$target.tar.gz" ] || fail "the tampered download was kept"
[ ! -e "$work/ran" ] || fail "the tampered binary ran"
if bash "$act/action/record-release.sh" 9.9.9 >/dev/null 2>&1; then fail "re-recorded"; fi

# a Windows runner (Git Bash: uname says MINGW64_NT-…): dist's zip, specmoor.exe at
# its top level, recorded and installed like the tarball (uname faked on PATH; the
# "exe" is this platform's binary, which is all the script runs)
mkdir -p "$work/winpkg" "$work/shim"
wtarget=x86_64-pc-windows-msvc
cp "$bin" "$work/winpkg/specmoor.exe"
python3 - "$rel/specmoor-$wtarget.zip" "$work/winpkg/specmoor.exe" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[2], "specmoor.exe")
PY
printf '#!/bin/sh
case "$1" in -s) echo MINGW64_NT-10.0-20348 ;; -m) echo x86_64 ;; *) exec /usr/bin/uname "$@" ;; esac
' > "$work/shim/uname"
chmod +x "$work/shim/uname"
wversion=9.9.6
mkdir -p "$work/www/v$wversion"
mv "$rel/specmoor-$wtarget.zip" "$work/www/v$wversion/"
(cd "$work/www/v$wversion" && sha256sum "specmoor-$wtarget.zip" | sed 's/  / */' > sha256.sum)
bash "$act/action/record-release.sh" "$wversion" >"$work/log" 2>&1 || fail "record-release refused a Windows zip"
grep -q " v$wversion/specmoor-$wtarget.zip\$" "$act/action/checksums.txt" || fail "the zip was not recorded"
PATH="$work/shim:$PATH" install "$wversion"
[ "$rc" = 0 ] || fail "install on a Windows runner exited $rc"
dir=$(cat "$work/path")
[ "$dir" = "$work/runner/specmoor-$wversion/specmoor-$wtarget" ] || fail "put $dir on PATH (Windows)"
"$dir/specmoor.exe" --version >"$work/log" 2>&1 || fail "the installed specmoor.exe does not run"
echo "fake release: a Windows runner installs specmoor-$wtarget.zip"

# a version that is not recorded, asked for: exit 2 without downloading
install 9.9.7
[ "$rc" = 2 ] && grep -q "not published" "$work/log" || fail "an unrecorded version asked for: want exit 2"
echo "fake release: ok (recorded, installed and ran on a match; refused a tampered asset before unpacking)"
