repo_with specs/auth.md <<'SPEC'
# Auth

**Version:** 1.0.0

## FR-1: Login
Users log in.

## FR-3: Logout
Users log out.

## Changelog

- 1.0.0 (2026-01-01): First
SPEC
