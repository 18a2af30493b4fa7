base_repo
mkdir -p src/auth/many
for i in $(seq 0 5000); do
  printf -v name 'src/auth/many/f%04d.rs' "$i"
  printf 'fn x() {}\n' >"$name"
done
commit many
