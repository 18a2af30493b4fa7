init
write .kiro/specs/billing/requirements.md <<'MD'
# Requirements Document

### Requirement 1

1. WHEN an invoice is issued THEN `src/billing/invoice.ts` SHALL number it
MD
write .kiro/specs/_archived/README.md '# Finished features, kept for reference
'
write .kiro/specs/_archived/old-export/requirements.md <<'MD'
# Requirements Document

1. WHEN a user exports THEN `src/export/csv.ts` SHALL write one row per invoice
MD
write .kiro/specs/_archived/old-export/tasks.md '- [x] 1. Write `src/export/csv.ts`
'
write src/billing/invoice.ts 'export const invoice = 1;
'
write src/export/csv.ts 'export const csv = 1;
'
commit "Kiro project with an archive of finished features"
