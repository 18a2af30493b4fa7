# redteam 12: one million changed paths took 1.4 GB and up to 25 s. A change with more
# changed paths than SPECMOOR_MAX_PATHS (default 100,000) is exit 2; here 1,001 staged
# paths against a limit of 1,000.
init
config ""
write specs/auth.md '---
version: 1.0.0
owns:
  "*": ["src/auth/**"]
---
# Auth
'
commit base
blob=$(echo x | git hash-object -w --stdin)
seq -f '%04g' 0 1000 | awk -v b="$blob" '{printf "100644 %s\tsrc/auth/f%s.rs\n", b, $1}' | git update-index --index-info
