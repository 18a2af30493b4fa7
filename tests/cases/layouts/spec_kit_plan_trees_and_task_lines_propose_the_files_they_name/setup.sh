init
write .specify/memory/constitution.md <<'MD'
# Team Constitution

**Version**: 2.1.0 | **Ratified**: 2025-03-01

## Rules

Every change is tested.
MD
write specs/001-invoice-export/spec.md <<'MD'
# Feature Specification: Invoice export

**Version:** 1.0.0

## Requirements

- **FR-001**: Accountants MUST export a month of invoices as CSV.

## Changelog

| Version | Date | Changes |
|---|---|---|
| 1.0.0 | 2025-04-01 | First |
MD
write specs/001-invoice-export/plan.md <<'MD'
# Implementation Plan: Invoice export

## Project Structure

### Source Code (repository root)

```text
internal/
├── billing/
│   ├── export.go        # the CSV writer
│   └── export_test.go
└── platform/            # shared helpers
cmd/
└── exporter/
```
MD
write specs/001-invoice-export/tasks.md <<'MD'
# Tasks: Invoice export

- [ ] T010 [P] Write the CSV header in internal/billing/export.go
- [ ] T012 [P] Cover empty months in internal/billing/export_test.go
- [ ] T013 Add the download link in `web/src/pages/invoices/Download.tsx`
- [ ] T014 Log the export in internal/platform/log.go
MD
write specs/002-audit-log/spec.md <<'MD'
# Feature Specification: Audit log

**Version:** 0.2.0

## Requirements

- **FR-001**: Every export MUST be logged.
MD
write specs/002-audit-log/tasks.md <<'MD'
# Tasks: Audit log

- [x] T001 Record who exported in internal/platform/log.go
MD
write internal/billing/export.go 'package billing
'
write internal/billing/export_test.go 'package billing
'
write internal/billing/invoice.go 'package billing
'
write internal/platform/log.go 'package platform
'
write internal/platform/clock.go 'package platform
'
write cmd/exporter/main.go 'package main
'
write web/src/pages/invoices/List.tsx 'export {};
'
write web/src/app.tsx 'export {};
'
commit "spec-kit project whose plans and tasks name their files"
