auth_repo
write src/auth/login.rs 'fn login() { remember(); }
'
stage
