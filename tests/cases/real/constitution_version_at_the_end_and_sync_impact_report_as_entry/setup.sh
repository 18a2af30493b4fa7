init
write .specmoor.yml 'specs: [".specify/memory/*.md"]
'
write .specify/memory/constitution.md '<!--
Sync Impact Report
- Version change: 1.0.0 → 1.1.0
- Added principle: II. Tests first
-->
# Orchard Constitution

## Core Principles

### I. Library first
Every feature starts as a library.

### II. Tests first
Tests are written before code.

## Governance
Amendments need a Sync Impact Report.

**Version**: 1.1.0 | **Ratified**: 2026-01-05 | **Last Amended**: 2026-02-10
'
commit initial
# an amendment that leaves the version alone
edit .specify/memory/constitution.md 'Every feature starts as a library.' 'Every feature starts as a standalone library.'
stage
