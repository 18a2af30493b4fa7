# two specs without a version: one with front matter, one plain
init
printf '%s' "$CONFIG" >.specmoor.yml
write specs/auth.md '---
owns: ["src/auth/**"]
---
# Auth

## FR-1: Login
Users log in.
'
write specs/billing.md '# Billing
Invoices monthly.

## FR-1: Charge
Charge once.
'
write specs/notes.md '# Notes

No version here.
'
commit initial
