init
write specs/a.md <<'MD'
---
version: 1.0.0
---
# A

## FR-1: One
First.

## Changelog

- 1.0.0: First
MD
write specs/b.md <<'MD'
# B

**Version:** 2.0

## FR-1: One
First.
MD
commit "versioned specs"
