repo_with specs/readme.md <<'SPEC'
# Specs
SPEC
# three new specs with a version in their file names: the text says more, the text
# says less, the text agrees
write specs/ledger-SPEC-2.0.0v.md '# Ledger

**Version:** 2.1.0

## FR-1: Post
Post once.

## Changelog

- 2.1.0 (2026-01-01): Posting
'
write specs/api-1.3.md '---
version: 1.2.0
---
# API

## FR-1: List
List items.

## Changelog

- 1.2.0 (2026-01-01): Listing
'
write specs/notes_v1.0.md '# Notes

**Version:** 1.0.0

## FR-1: Keep
Keep notes.

## Changelog

- 1.0.0 (2026-01-01): Notes
'
stage
