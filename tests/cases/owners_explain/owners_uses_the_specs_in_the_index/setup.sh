auth_repo
write specs/core.md <<'SPEC'
---
owns: ["src/main.rs"]
---
# Core
SPEC
git add specs/core.md
# written but never staged: not part of the index
write specs/extra.md <<'SPEC'
---
owns: ["src/main.rs"]
---
# Extra
SPEC
