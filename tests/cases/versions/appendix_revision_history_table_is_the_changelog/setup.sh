# a lettered appendix holds the revision history table, with an author column
repo_with specs/sync.md <<'SPEC'
# Sync Service

**Version:** 2.1.0

## FR-1: Sync
Sync hourly.

## Appendix A: Glossary

Hourly: every sixty minutes.

## Appendix C: Revision History

| Version | Date | Author | Changes |
|---|---|---|---|
| 2.0.0 | 2026-01-01 | ana | First version |
| 2.1.0 | 2026-02-01 | bo | Hourly sync |
SPEC
