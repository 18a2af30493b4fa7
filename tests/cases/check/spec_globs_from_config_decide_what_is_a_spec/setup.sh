init
config 'specs: ["docs/**/*.md"]'
write docs/design/auth.md <<'SPEC'
---
owns: ["src/**"]
---
# Auth

Text.
SPEC
write src/lib.rs 'fn f() {}
'
commit initial
touch_code src/lib.rs
stage
