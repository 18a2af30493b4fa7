base_repo
# 3000 drifting files with long names: the report alone would exceed 1 MiB
long=$(printf 'd%.0s' $(seq 180))
xs=$(printf 'x%.0s' $(seq 60))
mkdir -p "src/auth/$long"
for i in $(seq 0 2999); do
  printf -v name 'src/auth/%s/file_%04d_%s.rs' "$long" "$i" "$xs"
  printf 'fn x() {}\n' >"$name"
done
commit "many long names"
