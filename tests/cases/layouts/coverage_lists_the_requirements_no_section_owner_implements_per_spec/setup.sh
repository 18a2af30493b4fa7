# auth owns src/auth/** as a whole and FR-1 by section; billing owns by section only,
# BL-2's glob matching no file; a config owner implements NT-1 (under its heading ID);
# the overview has no requirement and is not listed.
init
config <<'YAML'
owners:
  - spec: "specs/notes.md#NT-1"
    paths: ["src/notes.rs"]
YAML
auth_spec | write specs/auth.md
write specs/billing.md '---
version: 1.0.0
owns:
  BL-1: ["src/billing/charge.rs"]
  BL-2: ["src/billing/refund.rs"]
---
# Billing

## BL-1: Charge
Charge the card.

## BL-2: Refund
Refund the card.

## BL-3: Invoices
Send an invoice.
'
write specs/notes.md '---
version: 1.0.0
---
# Notes

## NT-1: Taking notes
Notes are kept.

## NT-2 Sharing
Notes are shared.

## Archive
Old notes.
'
write specs/overview.md '---
version: 1.0.0
---
# Overview

## Goals
None.
'
write src/auth/login.rs 'fn login() {}
'
write src/billing/charge.rs 'fn charge() {}
'
write src/notes.rs 'fn notes() {}
'
commit initial
