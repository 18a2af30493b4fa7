auth_repo
touch_code src/auth/login.rs
stage
mkdir -p "$ROOT/outside"
