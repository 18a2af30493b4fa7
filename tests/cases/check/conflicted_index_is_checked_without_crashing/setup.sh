auth_repo
git checkout -q -b other
write src/auth/login.rs 'fn login() { other() }
'
commit other
git checkout -q main
write src/auth/login.rs 'fn login() { mine() }
'
commit mine
