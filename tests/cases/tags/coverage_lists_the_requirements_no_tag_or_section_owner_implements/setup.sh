# auth: FR-1 tagged, FR-2 owned by section, FR-3 neither (the spec owns its code as a
# whole); a spec-kit feature: FR-001 (an item) tagged by address, FR-002 not; the
# overview has no requirement and is not listed.
init
config ""
write specs/auth.md '---
version: 1.0.0
owns:
  "*": ["src/auth/**"]
  FR-2: ["src/auth/logout.rs"]
---
# Auth

## FR-1: Login
Users log in.

## FR-2: Logout
Users log out.

## FR-3: Lockout
Five failures lock the account.
'
write specs/export.md '---
version: 1.0.0
owns: ["src/export/**"]
---
# Export

## Requirements

- **FR-001**: System MUST export reports as CSV.
- **FR-002**: System MUST export reports as PDF.
'
write specs/overview.md '---
version: 1.0.0
---
# Overview
'
write src/auth/login.rs '// @spec FR-1
fn login() {}
'
write src/auth/logout.rs 'fn logout() {}
'
write src/export/csv.rs '/* @spec specs/export.md#FR-001 */
fn csv() {}
'
commit initial
