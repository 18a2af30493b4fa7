# the version lives in the file name; the changelog table has a row per version
repo_with specs/SPEC-v1.2.0.md <<'SPEC'
# Payments

## FR-1: Charge
Charge the card once.

## Changelog

| Version | Date | Changes |
|---|---|---|
| 1.1.0 | 2026-01-01 | First |
| 1.2.0 | 2026-02-01 | Refunds |
SPEC
