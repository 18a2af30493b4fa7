# no version line anywhere: the newest changelog row is the version
repo_with specs/logs.md <<'SPEC'
# Logs

## FR-1: Keep
Keep logs for a year.

## Revision History

| Version | Date | Changes |
|---|---|---|
| 0.1 | 2026-01-01 | First |
| 0.2 | 2026-02-01 | Retention |
SPEC
