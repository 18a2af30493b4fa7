# An OpenSpec project: two capabilities, each owning its code, versioned; change
# proposals map to the capability they amend.
init
write openspec/specs/payments/spec.md <<'SPEC'
---
version: 1.0.0
owns:
  "*": ["lib/payments/**"]
---
# Payments Specification

## Requirements

### Requirement: Charge once
The system SHALL charge a card exactly once per order.

## Changelog

| Version | Date | Changes |
|---|---|---|
| 1.0.0 | 2026-11-01 | First version |
SPEC
write openspec/specs/search/spec.md <<'SPEC'
---
version: 1.0.0
owns:
  "*": ["lib/search/**"]
---
# Search Specification

## Requirements

### Requirement: Find orders
The system SHALL find orders by number.
SPEC
write lib/payments/charge.ts 'export function charge() {}
'
write lib/search/find.ts 'export function find() {}
'
cat >.specmoor.yml <<'YML'
version: 1
specs: ["openspec/specs/**/*.md"]
unit: folder
main: ["spec.md"]
ignore: ["/openspec/"]
proposals:
  - paths: ["openspec/changes/*/specs/{unit}/**"]
    amends: "openspec/specs/{unit}"
YML
commit "OpenSpec project"
