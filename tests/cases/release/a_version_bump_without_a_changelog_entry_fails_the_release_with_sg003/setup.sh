tagged_repo
table | auth_md 1.5.0 'a passkey' | write specs/auth.md
commit 'Passkeys, forgot the entry'
