init
write specs/globs.md <<'SPEC'
---
owns:
  - "src/*.rs"
  - "lib/**"
  - "!lib/gen/**"
  - "/top.txt"
---
# Globs
SPEC
commit initial
