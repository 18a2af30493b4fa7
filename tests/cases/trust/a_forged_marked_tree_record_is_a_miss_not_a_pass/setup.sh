# The marked-trees records (specs/generated.md GF-4) say, for a tree, which files
# under it carry a specmoor marker: SM005 looks for stale generated files among them
# alone. A record forged to say "none" must not verify: it is a miss, the tree is
# walked again, the stale file shows.
init
write .specmoor.yml $'rules:\n  SM002: off\n  SM003: off\n  SM011: off\n'
write specs/api.md '---
version: 1.0.0
owns: ["gen/**"]
---
# API

## FR-1: Server
The server listens on port 8080.

## FR-2: Client
The client retries three times.
'
write gen/client.rs 'fn client() {}
'
write gen/other.rs 'fn other() {}
'
commit initial
specmoor stamp gen/client.rs --spec specs/api.md#FR-2 >/dev/null
commit 'stamp FR-2'
edit specs/api.md 'three times' 'five times'
commit 'the client section changes, gen/client.rs is not regenerated'

# forge.sh: every record of the marked-trees file says its tree holds no marked file
# (each value's length set to 0; the MACs left as they were)
cat >"$ROOT/forge.sh" <<'FORGE'
set -eu
f=$(echo "$ROOT"/home/.cache/specmoor/marked-trees-*.bin)
magic=$(head -n 1 "$f")
[ "$magic" = specmoor-tags-v1 ] || { echo "forge.sh: unknown file $magic" >&2; exit 1; }
n=$(od -An -tu4 -j 17 -N 4 "$f" | tr -d ' ')
for i in $(seq 0 $(( n - 1 ))); do
  printf '\0\0\0\0' | dd of="$f" bs=1 seek=$(( 21 + i * 73 + 53 )) conv=notrunc 2>/dev/null
done
echo "$n records now claim an empty tree"
FORGE
