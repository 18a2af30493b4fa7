base_repo '  SM007: warn'
for i in $(seq 0 11); do write "$(printf 'src/auth/drift%02d.rs' "$i")" 'fn d() {}
'; done
for i in $(seq 0 10); do write "$(printf 'lib/free%02d.rs' "$i")" 'fn u() {}
'; done
commit many
