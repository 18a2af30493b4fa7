tagged_repo
table 1.5.0 ' ' | auth_md 1.5.0 'a passkey' | write specs/auth.md
commit 'Passkeys, empty entry'
