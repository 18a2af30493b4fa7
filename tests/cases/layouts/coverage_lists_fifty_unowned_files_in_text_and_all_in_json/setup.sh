init
for i in $(seq 0 52); do
  write "$(printf 'src/f%02d.rs' "$i")" 'fn f() {}
'
done
commit "many files"
