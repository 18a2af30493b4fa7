scope_repo
write specs/far.md <<'SPEC'
---
version: 1.0.0
owns: ["unclosed
---
# Broken
SPEC
commit "a spec far away"
write src/auth/login.rs 'fn login2() {}
'
stage
