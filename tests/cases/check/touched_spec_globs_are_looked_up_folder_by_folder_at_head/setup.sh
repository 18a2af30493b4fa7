init
config ""
write specs/a.md <<'SPEC'
---
owns:
  - "src/a/b/**"
---
# A
SPEC
write src/a/b/c/deep/z.rs 'fn z() {}
'
write src/a/b/e/notes.md 'notes
'
write src/a/file.rs 'fn f() {}
'
commit initial
# the spec is touched: every one of its globs must match a file at head. Each
# glob's folder is found from its parent's tree: deep folders, siblings sharing a
# parent, a folder that is gone, one whose parent is a file, one that is a file
write specs/a.md <<'SPEC'
---
owns:
  - "src/a/b/**"
  - "src/a/b/c/**"
  - "src/a/b/c/deep/z.rs"
  - "src/a/b/gone/**"
  - "src/a/b/e/*.rs"
  - "src/a/file.rs/**"
  - "src/a/file.rs/x.rs"
  - "lib/x/y/**"
  - "src/a/file.rs"
---
# A

Changed.
SPEC
stage
