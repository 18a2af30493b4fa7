# a trailing vX.Y.Z in the first heading, with sub-heading entries
repo_with specs/mel.md <<'SPEC'
# MEL Compiler SPEC v1.3.0

## FR-1: Parse
Parse it.

## Change Log

### v1.3.0 - 2026-01-01

- parser
SPEC
edit specs/mel.md 'Parse it.' 'Parse it fast.'
stage
