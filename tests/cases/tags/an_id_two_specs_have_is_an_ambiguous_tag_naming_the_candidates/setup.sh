tags_repo
write specs/billing.md "---
version: 1.0.0
---
# Billing

## FR-1: Invoice
Invoices are monthly.
"
commit billing
write src/invoice.rs "// @spec FR-1
fn invoice() {}
"
stage
