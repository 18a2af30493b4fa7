auth_repo
write specs/ghost.md <<'SPEC'
---
owns:
  - "src/ghost/**"
---
# Ghost
SPEC
stage
