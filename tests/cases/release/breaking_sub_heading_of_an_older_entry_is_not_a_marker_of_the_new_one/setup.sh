init
write .specmoor.yml "$RELEASE_CONFIG"
auth_md 1.4.0 'a password' <<'LOG' | write specs/auth.md
### 1.4.0 - 2026-01-01

#### Breaking

- tokens expire
LOG
commit initial
auth_md 1.5.0 'a passkey' <<'LOG' | write specs/auth.md
### 1.5.0 - 2026-11-21

- Passkeys

### 1.4.0 - 2026-01-01

#### Breaking

- tokens expire
LOG
stage
