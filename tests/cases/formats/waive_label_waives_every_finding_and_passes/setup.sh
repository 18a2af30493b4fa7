base_repo '  SM007: warn'
change src/auth/login.rs 1
change src/auth/logout.rs 1
write lib/free.rs 'fn free() {}
'
commit "drift and unowned"
