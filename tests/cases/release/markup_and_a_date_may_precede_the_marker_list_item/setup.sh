init
write .specmoor.yml "$RELEASE_CONFIG"
auth_md 1.4.0 'a password' <<'LOG' | write specs/auth.md
- 1.4.0 (2026-01-01): First version
LOG
commit initial
auth_md 1.5.0 'a passkey' <<'LOG' | write specs/auth.md
- 1.5.0 (2026-11-21): BREAKING: passwords are gone
- 1.4.0 (2026-01-01): First version
LOG
stage
