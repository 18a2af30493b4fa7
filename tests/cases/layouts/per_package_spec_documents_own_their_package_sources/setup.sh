init
write packages/ledger/docs/LEDGER-SPEC.md '# Ledger spec

Entries balance.
'
write packages/ledger/src/entry.ts 'export {};
'
write packages/ledger/src/balance.ts 'export {};
'
write packages/ledger/package.json '{}
'
write packages/geo/docs/SPEC.md '# Geo

Distances in metres.
'
write packages/geo/docs/PROJECTION-SPEC.md '# Projections

Web Mercator only.
'
write packages/geo/src/distance.ts 'export {};
'
write packages/geo/src/projection/mercator.ts 'export {};
'
write services/mailer/specs/delivery.md '# Delivery

Retry three times.
'
write services/mailer/main.go 'package main
'
write tools/templates/docs/EXAMPLE-SPEC.md '# Not a spec: a template
'
write README.md '# Monorepo
'
commit "monorepo with specs next to their packages"
