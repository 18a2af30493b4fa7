# identical content moved from specs/auth.md's folder into specs/billing.md's: both
# owners must describe it
write specs/billing.md '---
version: 1.0.0
owns:
  "*": ["src/billing/**"]
---
# Billing
'
write src/billing/invoice.rs 'fn invoice() {}
'
auth_repo
mkdir -p src/billing
git mv src/auth/logout.rs src/billing/logout.rs
