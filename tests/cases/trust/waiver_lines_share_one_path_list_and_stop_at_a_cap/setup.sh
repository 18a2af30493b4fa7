# redteam 11: every waiver line used to copy its commit's whole path list, so memory
# was waiver lines x paths (100,000 x 20,000 reached 24 GB). Here 3,000 lines x 10,000
# paths, which took 1.7 GB before, run under a 1 GB address-space limit.
init
# SM010 on (lib.sh's `config` turns it off)
write .specmoor.yml 'rules:
  SM002: off
  SM003: off
  SM008: off
'
write specs/auth.md '---
version: 1.0.0
owns:
  "*": ["src/auth/**"]
---
# Auth
'
commit base
blob=$(echo x | git hash-object -w --stdin)
seq -f '%05g' 0 9999 | awk -v b="$blob" '{printf "100644 %s\tsrc/auth/f%s.rs\n", b, $1}' | git update-index --index-info
{
  printf 'ten thousand files\n\n'
  seq 0 2999 | awk '{print "Specmoor-Waive: SM001 reason " $1}'
} >"$ROOT/msg"
git commit -q --no-verify -F "$ROOT/msg"
