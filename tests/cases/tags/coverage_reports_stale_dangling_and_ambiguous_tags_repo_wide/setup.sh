# Two specs share FR-1; auth is at 2.0.0; tags in code pin, miss and collide. Tags in
# a spec, in Markdown (not code) and in an ignored folder are not read.
init
config "ignore: [\"vendor/**\"]"
write specs/auth.md '---
version: 2.0.0
owns: ["src/auth/**"]
---
# Auth

## FR-1: Login
Users log in.

## FR-2: Logout
Users log out. Example: `// @spec FR-404` in a spec is prose.
'
write specs/billing.md '---
version: 1.0.0
owns: ["src/billing/**"]
---
# Billing

## FR-1: Charge
Charge the card.
'
write src/auth/login.rs '// @spec specs/auth.md#FR-1@1.4
fn login() {}

// @spec FR-2@2
fn logout() {}
'
write src/auth/session.rs '// @spec FR-7
fn session() {}
'
write src/billing/charge.rs '// @spec FR-1
fn charge() {}
'
write docs/notes.md '<!-- @spec FR-405 -->
'
write vendor/lib.rs '// @spec FR-406
'
commit initial
