# four paths of specs/auth.md and one of specs/billing.md change, no spec does:
# one snippet for auth (listing its paths), one for billing
write specs/billing.md '---
version: 1.0.0
owns:
  "*": ["src/billing/**"]
---
# Billing
'
write src/billing/invoice.rs 'fn invoice() {}
'
write src/auth/token.rs 'fn token() {}
'
auth_repo
write src/auth/logout.rs 'fn logout() { forget(); }
'
write src/auth/session.rs 'fn session() {}
'
write src/auth/token.rs 'fn token() { rotate(); }
'
rm src/auth/login.rs
write src/billing/invoice.rs 'fn invoice() { total(); }
'
stage
