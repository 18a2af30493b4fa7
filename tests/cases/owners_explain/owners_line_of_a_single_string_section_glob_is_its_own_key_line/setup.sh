init
write specs/auth.md <<'SPEC'
---
owns:
  FR-1.1: src/remember.rs
  FR-1: src/login.rs
---
# Auth

## FR-1: Login

### FR-1.1: Remember
SPEC
commit initial
