auth_repo
write specs/bad.md <<'SPEC'
---
version: 1.0.0
owns: ["src/x/**"
---
# Bad
SPEC
stage
