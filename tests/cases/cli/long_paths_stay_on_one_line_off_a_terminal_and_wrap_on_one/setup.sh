init
config ""
write specs/reports.md '---
version: 1.0.0
owns:
  "*": ["services/reporting/quarterly/**"]
---
# Reports
'
write services/reporting/quarterly/generators/international_subsidiaries/consolidated_balance_sheet_with_currency_translation.rs 'fn f() {}
'
commit initial
write services/reporting/quarterly/generators/international_subsidiaries/consolidated_balance_sheet_with_currency_translation.rs 'fn f() { g(); }
'
stage
