repo_with specs/readme.md <<'SPEC'
# Specs
SPEC
# a spec-kit feature title ends with the feature's release tag: not a version
write specs/export.md '# Feature Specification: Billing Export v0.4.2

## FR-1: Export
Export invoices as CSV.
'
# a plain title ending in vX.Y.Z is the spec's version
write specs/mel.md '# MEL Compiler SPEC v1.3.0

## FR-1: Parse
Parse it.

## Change Log

### v1.3.0 - 2026-01-01

- Parser
'
stage
