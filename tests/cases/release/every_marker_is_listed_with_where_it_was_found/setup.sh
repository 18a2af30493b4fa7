tagged_repo
table 1.5.0 'BREAKING: passwords are gone' | auth_md 1.5.0 'a passkey' notes | write specs/auth.md
commit $'feat(auth)!: passkeys only\n\nBREAKING CHANGE: no logout either\n'
