init
formats_config '  SM007: warn' | write .specmoor.yml
for s in Alpha:alpha Zulu:zulu; do
  title=${s%%:*} name=${s##*:}
  printf -- '---\nversion: 1.0.0\nowns: ["src/%s/**"]\n---\n# %s\n\n## FR-1: Thing\nText.\n' "$name" "$title" | write "specs/$name.md"
done
write src/alpha/a.rs 'fn a() {}
'
write src/zulu/z.rs 'fn z() {}
'
commit initial
# a waived drift of alpha, in its own commit
change src/alpha/a.rs 1
commit 'alpha refactor

Specmoor-Waive: SM001 pure refactor'
# an error of zulu, and an unowned file (a warning of no spec)
change src/zulu/z.rs 1
write lib/free.rs 'fn free() {}
'
commit "zulu and free"
