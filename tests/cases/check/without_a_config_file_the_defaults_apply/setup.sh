auth_repo
git rm -q .specmoor.yml
commit "no config"
touch_code src/auth/login.rs
# ignored by default
write Cargo.lock '# lock
'
# unowned, SM007 is off by default
touch_code src/main.rs
stage
