auth_repo
touch_code src/auth/logout.rs
touch_code src/auth/login.rs
# unowned, SM007 is off by default
touch_code src/main.rs
stage
