# Redteam 16: removing one requirement from a spec is refused in a minor release, so
# deleting the whole spec (its requirement IDs with it) must be too. Renaming a spec
# (exactly, or with edits that git pairs by similarity) is no deletion; nor is
# deleting a spec that has no requirement IDs.
init
write .specmoor.yml 'version: 1
'
write specs/auth.md '---
version: 1.0.0
owns:
  "*": ["src/auth/**"]
---
# Auth

## FR-1: Login
Users log in.

## FR-2: Logout
Users log out.
'
write specs/glossary.md '---
version: 1.0.0
---
# Glossary

## Terms
A session is a login that lasts.
'
write src/auth/login.rs 'fn login() {}
'
commit base
git tag v1.0.0
