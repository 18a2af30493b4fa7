# Redteam 07 (issue #17.5): a FIFO at the name of a cache file made a check wait
# forever for a writer. Cache files are opened without blocking and read only if
# they are regular files: the check answers (drift: exit 1, not 124 from timeout),
# and the FIFOs are replaced by cache files.
# every rule on (the generated-file rules read markers), and over 512 changed blob ids (300 files, both sides):
# the marker-free ids' cache is read and written too
write .specmoor.yml ''
auth_repo
mkdir -p src/auth/many
for i in $(seq 1 300); do printf 'fn f%d() {}\n' "$i" >"src/auth/many/f$i.rs"; done
commit many
for i in $(seq 1 300); do printf 'fn g%d() {}\n' "$i" >"src/auth/many/f$i.rs"; done
edit src/auth/login.rs 'fn login() {}' 'fn login() { evil() }'
commit drift
d=$ROOT/home/.cache/specmoor
mkdir -p "$d"
chmod 700 "$d"
v=$(specmoor --version | cut -d' ' -f2)
for name in key "specs-index-$v.bin" "no-marker-v2-$v.bin"; do
  mkfifo "$d/$name"
done
cat >"$ROOT/kinds.sh" <<'KINDS'
for f in "$ROOT"/home/.cache/specmoor/*; do
  if [ -L "$f" ]; then k=link; elif [ -p "$f" ]; then k=fifo; elif [ -f "$f" ]; then k=file; else k=other; fi
  n=${f##*/}
  echo "$k ${n/-$(specmoor --version | cut -d' ' -f2).bin/-<version>.bin}"
done
KINDS
