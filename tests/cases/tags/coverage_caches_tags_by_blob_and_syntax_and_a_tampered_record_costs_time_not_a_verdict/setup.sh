init
config ""
write specs/auth.md '---
version: 1.0.0
owns: ["src/**"]
---
# Auth

## FR-1: Login
Users log in.

## FR-2: Logout
Users log out.
'
write src/login.rs '// @spec FR-1
fn login() {}
'
write src/logout.rs '// Implements FR-2
fn logout() {}
'
write src/main.rs 'fn main() {}
'
commit initial
