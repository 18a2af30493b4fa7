# Helpers of the check suite (sourced after tests/cases/lib.sh).

# touch_code PATH: rewrite PATH as "// changed\nfn <PATH with / . and space as _>() {}\n".
touch_code() {
  local name=${1//[\/. ]/_}
  write "$1" "// changed
fn $name() {}
"
}

# reset_tree: throw away every change (git reset --hard, git clean -fd).
reset_tree() { git reset -q --hard && git clean -q -fd; }

# quiet [YAML]: print YAML with OTHER_RULES turned off, as `config` writes it.
quiet() { (
  dir=$(mktemp -d) && cd "$dir" && config "$@" && cat .specmoor.yml && rm -rf "$dir"
); }

# install_hook: a pre-commit hook that runs `specmoor check`.
install_hook() {
  mkdir -p .git/hooks
  printf '#!/bin/sh\nexec "%s" check\n' "$SPECMOOR" >.git/hooks/pre-commit
  chmod 755 .git/hooks/pre-commit
}

# bare_with_feature: the auth repo, a `feature` branch changing login.rs alone, and
# a bare clone of it at $ROOT/bare.git.
bare_with_feature() {
  auth_repo
  git checkout -q -b feature
  touch_code src/auth/login.rs
  commit "code only"
  git checkout -q main
  git clone -q --bare . "$ROOT/bare.git"
}

# diverged_origin: the auth repo with `feature` (login.rs) and `main` (main.rs)
# three commits apart on each side.
diverged_origin() {
  auth_repo
  git checkout -q -b feature
  local i
  for i in 0 1 2; do
    write src/auth/login.rs "fn login() { /* feature $i */ }
"
    commit "feature $i"
  done
  git checkout -q main
  for i in 0 1 2; do
    write src/main.rs "fn main() { /* main $i */ }
"
    commit "main $i"
  done
}
