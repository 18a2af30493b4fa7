# a spec with a breaking entry but only a minor bump, released as 2.0.0
base_repo
git tag v1.4.0
passkeys
bump specs/auth.md minor -m 'BREAKING: passwords are gone' >/dev/null
commit Passkeys
