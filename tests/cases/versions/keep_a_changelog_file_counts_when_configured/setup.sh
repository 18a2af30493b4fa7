init
printf 'changelog: { file: CHANGELOG.md }\n%s' "$CONFIG" >.specmoor.yml
write specs/api.md '---
version: 1.0.0
---
# API

## FR-1: List
Lists things.
'
write CHANGELOG.md '# Changelog

## [Unreleased]

## [1.0.0] - 2026-01-01
- first
'
commit initial
edit specs/api.md 'version: 1.0.0' 'version: 1.1.0'
edit specs/api.md 'Lists things.' 'Lists things, paginated.'
stage
