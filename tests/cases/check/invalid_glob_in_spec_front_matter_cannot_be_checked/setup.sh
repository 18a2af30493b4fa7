auth_repo
write specs/b.md <<'SPEC'
---
version: 1.0.0
owns: ["src/[abc"]
---
# B
SPEC
stage
