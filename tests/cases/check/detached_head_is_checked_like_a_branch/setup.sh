auth_repo
git checkout -q --detach
touch_code src/auth/login.rs
stage
