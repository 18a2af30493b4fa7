init
write docs/specs/api.md <<'MD'
---
version: 1.0.0
owns: ["src/api/**"]
---
# API

## FR-1: List items
GET /items lists the items.

## Changelog

| Version | Date | Changes |
|---|---|---|
| 1.0.0 | 2024-01-01 | First version |
MD
write src/api/handler.rs 'pub fn list() {}
'
write src/main.rs 'fn main() {}
'
commit "plain project"
