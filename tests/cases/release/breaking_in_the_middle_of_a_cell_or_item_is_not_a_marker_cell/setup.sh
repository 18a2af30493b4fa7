base_repo
table 1.5.0 'Passkeys; nothing BREAKING, no Breaking: changes' | auth_md 1.5.0 'a passkey' | write specs/auth.md
stage
