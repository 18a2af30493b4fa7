init --object-format=sha256
config ""
auth_spec | write specs/auth.md
write src/auth/login.rs 'fn login() {}
'
commit initial
