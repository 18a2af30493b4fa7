tagged_repo
write src/lib.rs 'pub fn helper() {}
'
commit $'feat(core)!: rename the helper\n\nBREAKING CHANGE: helper renamed\n'
plain_bump minor Passkeys
