auth_repo
touch_code src/auth/login.rs
edit specs/auth.md 'Users log out.' 'Users log out of every device.'
stage
