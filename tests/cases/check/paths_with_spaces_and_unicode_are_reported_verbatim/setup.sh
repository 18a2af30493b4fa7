auth_repo
write 'src/auth/mé file.rs' 'fn odd() {}
'
commit "odd file"
write 'src/auth/mé file.rs' 'fn odd() { /* changed */ }
'
stage
