scope_repo
write src/auth/login.rs 'fn login2() {}
'
stage
