# the config lives at the top: it must be found from a subdirectory too
config <<'YAML'
rules:
  unowned: warn
YAML
auth_repo
touch_code src/auth/login.rs
touch_code src/main.rs
stage
mkdir -p "$ROOT/outside"
