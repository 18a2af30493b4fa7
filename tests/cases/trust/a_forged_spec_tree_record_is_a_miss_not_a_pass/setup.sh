# The spec-tree record (specs/cli.md CL-6) says, for every spec document of a tree,
# which folders its globs can own paths under: a check reads only the specs it names
# for the changed paths. A record whose table is another tree's (one where the spec
# owns nothing, so the drifting code's spec would not be read) must not verify: it
# is a miss, every spec is looked up again, the drift shows.

# a donor repository whose spec (same path) owns nothing, checked first: the cache
# now holds its spec tree's record
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

# forge.sh: the victim's record (written first in the file, the newest) keeps its
# locator and document count and takes the donor's generation, table length, MAC and
# table, in place of its own.
cat >"$ROOT/forge.sh" <<'FORGE'
set -eu
f=$(echo "$ROOT"/home/.cache/specmoor/spec-trees-*.bin)
magic=$(head -n 1 "$f")
[ "$magic" = specmoor-spec-trees-v2 ] || { echo "forge.sh: unknown file $magic" >&2; exit 1; }
at=$(( ${#magic} + 1 ))
n=$(od -An -tu4 -j $(( at + 4 )) -N 4 "$f" | tr -d ' ')
hl=36
# the spec-tree records, in file order (the same file keeps listings of spec
# folders, whose count is 4294967295: they are stepped over)
r=$(( at + 8 ))
trees=""
for _ in $(seq "$n"); do
  count=$(od -An -tu4 -j $(( r + 8 )) -N 4 "$f" | tr -d ' ')
  len=$(od -An -tu4 -j $(( r + 16 )) -N 4 "$f" | tr -d ' ')
  [ "$count" = 4294967295 ] || trees="$trees $r:$len"
  r=$(( r + hl + len ))
done
set -- $trees
[ $# = 2 ] || { echo "forge.sh: $# spec-tree records, not 2" >&2; exit 1; }
v=${1%:*}; vlen=${1#*:}; d=${2%:*}; dlen=${2#*:}
{
  head -c "$(( v + 12 ))" "$f"
  tail -c +"$(( d + 12 + 1 ))" "$f" | head -c "$(( hl - 12 + dlen ))"
  tail -c +"$(( v + hl + vlen + 1 ))" "$f"
} >"$ROOT/forged.bin"
cat "$ROOT/forged.bin" >"$f"
echo "the victim's spec-tree record now carries the donor's table (of 2 spec-tree records)"
FORGE
