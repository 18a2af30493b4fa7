init
printf 'unit: folder\n%s' "$CONFIG" >.specmoor.yml
write specs/001-auth/spec.md '---
version: 1.0.0
owns: [src/auth/**]
---
# Auth

## FR-1: Login
Log in.
'
write specs/001-auth/plan.md '# Plan

Step one.
'
write src/auth/login.rs 'fn login() {}
'
commit initial
write specs/001-auth/plan.md '# Plan

Step one, then two.
'
stage
