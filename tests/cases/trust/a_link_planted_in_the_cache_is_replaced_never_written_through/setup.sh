# Redteam 07 (issue #17.5): links planted in the cache directory, at the names of its
# files and at the temporary names an earlier build used (`.specs-index.<pid>.tmp`,
# for the next process ids), must never be written through: the victim file keeps
# its bytes, the cache files become regular files of their own.
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
echo "precious victim data" >"$ROOT/victim.txt"
d=$ROOT/home/.cache/specmoor
mkdir -p "$d"
chmod 700 "$d"
v=$(specmoor --version | cut -d' ' -f2)
for name in key "specs-index-$v.bin" "no-marker-v2-$v.bin"; do
  ln -s "$ROOT/victim.txt" "$d/$name"
done
cat >"$ROOT/plant.sh" <<'PLANT'
# links at the temporary names the next few hundred processes would have used
p=$(cat /proc/sys/kernel/ns_last_pid 2>/dev/null || echo 1000)
for ((i = p; i < p + 300; i++)); do
  ln -s "$ROOT/victim.txt" "$ROOT/home/.cache/specmoor/.specs-index.$i.tmp"
done
PLANT
cat >"$ROOT/kinds.sh" <<'KINDS'
for f in "$ROOT"/home/.cache/specmoor/*; do
  if [ -L "$f" ]; then k=link; elif [ -f "$f" ]; then k=file; else k=other; fi
  n=${f##*/}
  echo "$k ${n/-$(specmoor --version | cut -d' ' -f2).bin/-<version>.bin}"
done
d=$ROOT/home/.cache/specmoor
echo "$(find "$d" -name '.*.tmp' -type l | wc -l | tr -d ' ') planted links left as they were, $(find "$d" -name '.*.tmp' ! -type l | wc -l | tr -d ' ') temporary files"
KINDS
