# Helpers for the audit suite: `specmoor audit` replays a small history (sourced
# after tests/cases/lib.sh).

# A config with drift (SM001), the version bump (SM002), generated edits (SM004) and
# unowned code (SM007, a warning) on; the other rules off.
AUDIT_CFG='specs: ["specs/*.md"]
generated:
  - paths: ["gen/**"]
    spec: specs/api.md
rules:
  SM003: off
  SM005: off
  SM006: off
  SM007: warn
  SM008: off
  SM009: off
  SM010: off
  SM011: off
'

# tick: the next commit is one minute later than the last (history in time order,
# so `--last` lists it as git log does).
T=${T:-0}
tick() {
  T=$((T + 1))
  export GIT_AUTHOR_DATE="$((1704067200 + T * 60)) +0000"
  export GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"
}

# at_commit MSG: tick, then commit everything.
at_commit() { tick && commit "$1"; }

# api_spec: the spec the generated client comes from.
api_spec() {
  cat <<'SPEC'
---
version: 1.0.0
---
# API

## FR-1: Client
The client retries three times.
SPEC
}

# audit_history: a root commit, then one commit per kind of finding (newest last):
# drift, a spec and its code together, a spec edit without a version bump, a hand
# edit of a generated file, a waived refactor, an unowned script.
audit_history() {
  init
  write .specmoor.yml "$AUDIT_CFG"
  auth_spec | write specs/auth.md
  api_spec | write specs/api.md
  write src/auth/login.rs 'fn login() {}
'
  write src/auth/logout.rs 'fn logout() {}
'
  write gen/client.rs 'fn client() {}
'
  at_commit "initial"
  write src/auth/login.rs 'fn login() { remember(); }
'
  at_commit "login: remember me"
  edit specs/auth.md 'Sessions persist for a week.' 'Sessions persist for two weeks.'
  "$SPECMOOR" bump specs/auth.md minor -m "FR-1.1: two weeks" >/dev/null
  write src/auth/login.rs 'fn login() { remember(14); }
'
  at_commit "login: two weeks, with its spec"
  edit specs/auth.md 'Users log out.' 'Users log out from every device.'
  at_commit "auth spec: log out everywhere"
  write gen/client.rs 'fn client() { retry(3); }
'
  at_commit "client: retry by hand"
  write src/auth/logout.rs 'fn logout() { end(); }
'
  at_commit "logout: extract end()

Specmoor-Waive: SM001 pure refactor, no behaviour change"
  write tools/release.sh 'echo release
'
  at_commit "tools: release script"
}

# untimed CMD...: run CMD with its timings masked (they differ between runs): the
# human `time per commit` line and the JSON `*_ms` values. Keeps CMD's exit status.
untimed() {
  local rc=0
  "$@" >"$ROOT/untimed.out" || rc=$?
  sed -E -e 's/^(time per commit:).*/\1 [masked]/' \
    -e 's/"(median|p95|total)_ms": [0-9.]+/"\1_ms": 0/' "$ROOT/untimed.out"
  return $rc
}
