# entries as paragraphs opening with a bold version: `**v1.4.0** (date)` then its
# items, or the text on the same line
repo_with specs/ship.md <<'SPEC'
# Shipping

Version: 1.4.0

## FR-1: Ship
Ship daily.

## Revision History

**v1.4.0** (2026-01-02)

- Daily shipping
- Tracking numbers

**v1.3.0** (2025-12-01): weekly shipping
SPEC
