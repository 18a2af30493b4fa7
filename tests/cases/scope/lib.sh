# Helpers of the scope suite (sourced after tests/cases/lib.sh).

# scope_spec TITLE OWNS: a spec with a version, `owns: OWNS` and sections FR-1, FR-2.
scope_spec() {
  printf -- '---\nversion: 1.0.0\nowns: %s\n---\n# %s\n\n## FR-1: One\nText one.\n\n## FR-2: Two\nText two.\n' "$2" "$1"
}

# A generated-from marker with a hash no spec has.
ZEROS=0000000000000000000000000000000000000000000000000000000000000000

# scope_repo: six specs (two own folders, one owns `*.sql` at any depth, one is
# named only by the config, one owns nothing, one is named only by a generated
# file's marker) and their code, in one commit.
scope_repo() {
  init
  write .specmoor.yml <<'YAML'
owners:
  - spec: specs/ops.md
    paths: ["ops/**"]
rules:
  SM002: off
  SM003: off
  SM008: off
  SM005: warn
YAML
  scope_spec Auth '["src/auth/**"]' | write specs/auth.md
  scope_spec Billing '["src/billing/**", "!src/billing/vendor/**"]' | write specs/billing.md
  scope_spec SQL '["*.sql"]' | write specs/sql.md
  scope_spec Ops '[]' | write specs/ops.md
  scope_spec Notes '[]' | write specs/notes.md
  scope_spec Gen '["proto/**"]' | write specs/gen.md
  write src/auth/login.rs 'fn login() {}
'
  write src/billing/pay.rs 'fn pay() {}
'
  write src/billing/vendor/lib.rs 'fn lib() {}
'
  write db/schema.sql 'create table t (x int);
'
  write ops/deploy.sh 'echo deploy
'
  write proto/api.proto 'syntax = "proto3";
'
  printf '// specmoor:generated-from specs/gen.md sha256=%s\nfn client() {}\n' "$ZEROS" | write out/client.rs
  commit initial
}

# check_three_ways [ARGS]: `specmoor check ARGS --format json` on a first run (the
# spec index is built), a second run (the index is used) and with SPECMOOR_NO_CACHE=1.
# Prints the first report, then how the other two compare with it; exits with the
# first run's code.
check_three_ways() {
  local first second uncached c1 run
  first=$(specmoor check "$@" --format json; echo "exit $?")
  second=$(specmoor check "$@" --format json; echo "exit $?")
  uncached=$(SPECMOOR_NO_CACHE=1 specmoor check "$@" --format json; echo "exit $?")
  printf '%s\n' "${first%$'\n'exit *}"
  c1=${first##*exit }
  for run in second uncached; do
    if [ "${!run}" = "$first" ]; then
      echo "$run run: the same report and exit code"
    else
      echo "$run run differs:"
      diff <(printf '%s\n' "$first") <(printf '%s\n' "${!run}")
    fi
  done
  return "$c1"
}

# commit_billing OWNS: commit the billing spec owning OWNS, alone (what is staged
# stays staged).
commit_billing() {
  scope_spec Billing "$1" | write specs/billing.md
  git add specs/billing.md
  git commit -q --no-verify -m billing -- specs/billing.md
}
