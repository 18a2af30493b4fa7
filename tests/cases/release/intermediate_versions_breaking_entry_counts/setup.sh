# a range 1.4.0 -> 1.4.1 (BREAKING) -> 1.5.0: the intermediate entry's marker counts
init
write .specmoor.yml "$EXTERNAL_CONFIG"
bare_auth 1.4.0 'a password' | write specs/auth.md
keep_a_changelog </dev/null | write CHANGELOG.md
commit initial
git tag v1.4.0
bare_auth 1.5.0 'a passkey' | write specs/auth.md
keep_a_changelog <<'LOG' | write CHANGELOG.md
## [1.5.0] - 2026-11-21

- Passkeys

## [1.4.1] - 2026-06-01

- BREAKING: sessions reset

LOG
commit "two releases' worth"
