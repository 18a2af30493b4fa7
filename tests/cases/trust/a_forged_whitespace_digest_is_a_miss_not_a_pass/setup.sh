# A check of many modified files decides which changes are whitespace-only from the
# whitespace digests cached with each blob's tags (specs/rules.md RU-2, specs/tags.md
# TG-9). 299 files gain trailing spaces (whitespace-only, not drift); one file's code
# really changes (drift). A cache whose every value is made the same digest would make
# all 300 changes look whitespace-only: its records must not verify, the blobs are
# read again, and the real change is still drift.
init
config ""
write specs/auth.md '---
version: 1.0.0
owns: ["src/**"]
---
# Auth
'
mkdir -p src
for i in $(seq 0 299); do
  printf 'fn f%s() {\n    let x = %s;\n}\n' "$i" "$i" >"src/f$i.rs"
done
commit initial
for i in $(seq 1 299); do
  printf 'fn f%s() {\n    let x = %s;   \n}\n\n' "$i" "$i" >"src/f$i.rs"
done
printf 'fn f0() {\n    let x = evil();\n}\n' >src/f0.rs
commit change
# forge.py: every value of the tag records (flag and digest, no tags) made the first
cat >"$ROOT/forge.py" <<'FORGE'
import glob, os, struct
f = glob.glob(os.path.join(os.environ["ROOT"], "home/.cache/specmoor/tags-*.bin"))[0]
b = bytearray(open(f, "rb").read())
magic = b"specmoor-tags-v1\n"
assert b.startswith(magic), "unknown file"
n = struct.unpack_from("<I", b, len(magic))[0]
values = len(magic) + 4 + n * 73
first = bytes(b[values:values + 33])
assert first[0] == 1 and (len(b) - values) == 33 * n, "unexpected values"
b[values:] = first * n
open(f, "wb").write(bytes(b))
print(f"forged {n} records")
FORGE
