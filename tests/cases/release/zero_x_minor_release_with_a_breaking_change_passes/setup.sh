init
write .specmoor.yml "$RELEASE_CONFIG"
{ table_head; echo '| 0.3.1 | 2026-01-01 | First |'; } | auth_md 0.3.1 'a password' | write specs/auth.md
commit initial
# a lightweight tag without the `v`
git tag 0.3.1
passkeys
bump specs/auth.md minor -m 'passwords are gone' --breaking >/dev/null
commit Passkeys
