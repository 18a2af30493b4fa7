base_repo
table 1.5.0 'breaking: lowercase, not a marker' | auth_md 1.5.0 'a passkey' | write specs/auth.md
stage
