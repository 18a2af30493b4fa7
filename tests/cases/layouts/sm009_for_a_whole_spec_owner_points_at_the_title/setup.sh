init
write .specmoor.yml <<'YML'
rules:
  pending-implementation: warn
  version-bump: off
  changelog: off
  spec-version: off
YML
write specs/whole.md <<'MD'
---
owns: ["src/whole/**"]
---
# Whole

## FR-1: One
One.
MD
write src/whole/x.rs 'fn x() {}
'
commit "whole-spec owner"
