auth_repo
git mv specs/auth.md specs/login.md
touch_code src/auth/login.rs
stage
