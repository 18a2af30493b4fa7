# Redteam 06 (issue #16.4): the spec index maps blob ids to parsed specs. A record
# re-keyed so that the owning spec's blob id points at another document (one that
# owns nothing) must not verify: it is a miss, the spec is parsed, the drift shows.

# a donor repository whose spec (same path) owns nothing, checked first: the spec
# index now holds its document
init ../donor
(cd ../donor && write specs/auth.md '---
version: 1.0.0
---
# Auth
' && commit donor && specmoor check --base HEAD --head HEAD >/dev/null)

# the auth spec owns src/auth/**; its code drifts
auth_repo
edit src/auth/login.rs 'fn login() {}' 'fn login() { evil() }'
commit drift

# forge.sh: give the victim's record (the auth spec's blob id) the donor's record,
# everything but the id (its offsets and checksums or MACs), in place.
cat >"$ROOT/forge.sh" <<FORGE
set -eu
victim=$(git rev-parse HEAD:specs/auth.md)
donor=$(git -C ../donor rev-parse HEAD:specs/auth.md)
FORGE
cat >>"$ROOT/forge.sh" <<'FORGE'
f=$(echo "$ROOT"/home/.cache/specmoor/specs-index-*.bin)
magic=$(head -n 1 "$f")
[ "$magic" = specmoor-spec-index-v3 ] || { echo "forge.sh: unknown index $magic" >&2; exit 1; }
at=$(( ${#magic} + 1 )); irec=$(( 33 + 20 + 2 * 16 ))
count=$(od -An -tu4 -j "$at" -N 4 "$f" | tr -d ' ')
key() { printf '14%s000000000000000000000000' "$1"; }
v= d=
for ((i = 0; i < count; i++)); do
  off=$(( at + 12 + i * irec ))
  k=$(od -An -tx1 -j "$off" -N 33 "$f" | tr -d ' \n')
  [ "$k" = "$(key "$victim")" ] && v=$off
  [ "$k" = "$(key "$donor")" ] && d=$off
done
[ -n "$v" ] && [ -n "$d" ] || { echo "forge.sh: records not found" >&2; exit 1; }
dd if="$f" bs=1 skip=$(( d + 33 )) count=$(( irec - 33 )) 2>/dev/null >"$ROOT/tail.bin"
dd if="$ROOT/tail.bin" of="$f" bs=1 seek=$(( v + 33 )) conv=notrunc 2>/dev/null
echo "the auth spec's record now carries the donor's document (of $count records)"
FORGE
