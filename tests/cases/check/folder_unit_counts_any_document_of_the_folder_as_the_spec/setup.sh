init
config 'unit: folder'
write specs/001-auth/spec.md <<'SPEC'
---
owns: ["src/auth/**"]
---
# Auth

Users log in.
SPEC
write specs/001-auth/plan.md <<'SPEC'
# Plan

Step one.
SPEC
write src/auth/login.rs 'fn login() {}
'
commit initial
touch_code src/auth/login.rs
stage
