base_repo
change src/auth/login.rs 1
write 'src/auth/a b#c%.rs' 'fn odd() {}
'
write 'src/auth/é.rs' 'fn odd() {}
'
commit "code without spec"
