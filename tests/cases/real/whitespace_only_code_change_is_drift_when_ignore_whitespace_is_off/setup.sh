config 'drift: { ignore_whitespace: false }'
auth_repo
write src/auth/login.rs 'fn  login()  {}   
'
stage
