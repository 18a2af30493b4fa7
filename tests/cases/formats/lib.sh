# Fixtures of the formats suite (sourced after tests/cases/lib.sh).

# The formats config: only the version rules are off; drift (SM001) and the
# waiver rule stay on.
formats_config() {
  printf 'rules:\n  SM002: off\n  SM003: off\n  SM008: off\n'
  if [ $# -ge 1 ]; then printf '%s\n' "$1"; fi
}

# base_repo [RULE]: the auth spec (owning src/auth/**, FR-1 owning login.rs), its
# code and an unowned file, committed once ("initial") with the formats config,
# RULE (an indented line such as `  SM007: warn`) added under its rules.
base_repo() {
  init
  formats_config "$@" | write .specmoor.yml
  auth_spec | write specs/auth.md
  write src/auth/login.rs 'fn login() {}
'
  write src/auth/logout.rs 'fn logout() {}
'
  write src/main.rs 'fn main() {}
'
  commit initial
}

# change PATH N: overwrite PATH with a numbered change.
change() { write "$1" "// change $2
fn f() {}
"; }
