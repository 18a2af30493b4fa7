auth_repo
# not staged
touch_code src/auth/login.rs
