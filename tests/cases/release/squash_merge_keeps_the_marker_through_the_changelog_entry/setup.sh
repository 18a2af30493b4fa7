tagged_repo
git checkout -q -b feature
passkeys
commit 'feat(auth)!: passkeys replace passwords'
bump specs/auth.md minor -m 'BREAKING: passwords are gone' >/dev/null
commit 'bump auth'
write src/login.rs 'fn login() {}
'
commit 'fix: typo'
git checkout -q main
git merge --squash -q feature
commit 'Passkeys (#12)'
