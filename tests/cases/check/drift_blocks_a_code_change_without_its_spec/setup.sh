auth_repo
write src/auth/login.rs 'fn login() { check() }
'
stage
