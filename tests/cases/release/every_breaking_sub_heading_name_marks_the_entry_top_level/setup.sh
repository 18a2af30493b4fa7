# a changelog at the top level: entries `## X.Y.Z`, the sub-heading `###`
init
write .specmoor.yml "$RELEASE_CONFIG"
write specs/auth.md <<'SPEC'
---
version: 1.4.0
---
# Auth

## FR-1: Login
Users log in with a password.

# Changelog

## 1.4.0 - 2026-01-01

- First version
SPEC
commit initial
write specs/auth.md <<'SPEC'
---
version: 1.5.0
---
# Auth

## FR-1: Login
Users log in with a passkey.

# Changelog

## 1.5.0 - 2026-11-21

### BREAKING CHANGES

- passwords are gone

## 1.4.0 - 2026-01-01

- First version
SPEC
stage
