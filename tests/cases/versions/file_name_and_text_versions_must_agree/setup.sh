repo_with specs/readme.md <<'SPEC'
# Specs
SPEC
# new specs with a version in their file names: the text says more (ledger), the text
# says less (billing), the text agrees (notes), the name alone says it (api); a bare
# two-part name (oauth-2.0) never contradicts the text
write specs/ledger-SPEC-2.0.0v.md '# Ledger

**Version:** 2.1.0

## FR-1: Post
Post once.

## Changelog

- 2.1.0 (2026-01-01): Posting
'
write specs/billing-1.3.0.md '---
version: 1.2.0
---
# Billing

## FR-1: List
List items.

## Changelog

- 1.2.0 (2026-01-01): Listing
'
write specs/api-1.3.md '# API

## FR-1: Get
Get items.

## Changelog

- 1.3 (2026-01-01): Getting
'
write specs/oauth-2.0.md '---
version: 1.1.0
---
# OAuth 2.0 profile

## FR-1: Tokens
Short-lived tokens.

## Changelog

- 1.1.0 (2026-01-01): Tokens
'
write specs/notes_v1.0.md '# Notes

**Version:** 1.0.0

## FR-1: Keep
Keep notes.

## Changelog

- 1.0.0 (2026-01-01): Notes
'
stage
