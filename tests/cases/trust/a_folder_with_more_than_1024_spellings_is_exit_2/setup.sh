# A folding checkout writes every case spelling of a folder into one: an added path
# whose folder has more than 1,024 existing spellings is not searched through all of
# them (exit 2, naming the path), never a pass.
init
config ""
printf -- '---\nversion: 1.0.0\nowns:\n  "*": ["abcdefghijk/**"]\n---\n# A\n' | write specs/a.md
commit initial
# 1,025 case spellings of one folder, each with a file (the 11 letters' masks 0..1024)
h=$(echo x | git hash-object -w --stdin)
word=abcdefghijk
for m in $(seq 0 1024); do
  name=
  for i in $(seq 0 10); do
    c=${word:$i:1}
    if (( (m >> i) & 1 )); then c=${c^^}; fi
    name=$name$c
  done
  printf '100644 blob %s\t%s/x.rs\n' "$h" "$name"
done | git update-index --index-info
git commit -q -m spellings
# (only the index holds the spellings: add the new file alone)
write ABCDEFGHIJk/new.rs 'new
'
git add ABCDEFGHIJk/new.rs
git commit -q -m added
