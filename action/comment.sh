#!/usr/bin/env bash
# Posts specmoor's report as ONE pull-request comment, or updates the one an earlier
# run posted (found by the hidden marker its body starts with, among comments by bots:
# the workflow token comments as github-actions[bot]), as reviewdog and oasdiff do.
# A clean run with no earlier comment posts nothing. Never fails the job: a token
# without `pull-requests: write` (a pull request from a fork) or a missing `gh` is a
# warning, and the check step's verdict stands.
# Needs (through env: only): GH_TOKEN, REPOSITORY (owner/name), PR_NUMBER, BODY (the
# file comment-body.sh wrote), ERRORS, WARNINGS; `gh` and `jq` on PATH.
set -euo pipefail
MARKER='<!-- specmoor:report -->'
warn() { echo "::warning title=specmoor comment::$1"; exit 0; }

[[ "${PR_NUMBER:-}" =~ ^[0-9]+$ ]] || warn "no pull request number in the event: no comment"
[[ "${REPOSITORY:-}" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || warn "GITHUB_REPOSITORY is not owner/name: no comment"
[ -r "${BODY:-}" ] || warn "no report to comment with"
head -n 1 "$BODY" | grep -qxF "$MARKER" || warn "the comment body does not start with the marker"
command -v gh >/dev/null || warn "gh (the GitHub CLI) is not installed on this runner: no comment"

api="repos/$REPOSITORY/issues"
# the oldest comment by a bot whose body starts with the marker
existing=$(gh api --paginate "$api/$PR_NUMBER/comments?per_page=100" \
  --jq '.[] | select(.user.type == "Bot") | select(.body | startswith("<!-- specmoor:report -->")) | .id' \
  2>"${RUNNER_TEMP:-/tmp}/specmoor-gh.err" | awk 'NR == 1') \
  || warn "cannot list the comments of pull request #$PR_NUMBER: $(head -c 300 "${RUNNER_TEMP:-/tmp}/specmoor-gh.err" | tr '\r\n' '  ')"

if [ -z "$existing" ] && [ "${ERRORS:-0}" = 0 ] && [ "${WARNINGS:-0}" = 0 ]; then
  echo "specmoor: no findings and no earlier comment: nothing to post"
  exit 0
fi
payload=$(jq -n --rawfile body "$BODY" '{body: $body}')
if [[ "$existing" =~ ^[0-9]+$ ]]; then
  printf '%s' "$payload" | gh api --method PATCH "$api/comments/$existing" --input - >/dev/null \
    || warn "cannot update comment $existing (does the token have pull-requests: write?)"
  echo "specmoor: updated the report comment on pull request #$PR_NUMBER"
else
  printf '%s' "$payload" | gh api --method POST "$api/$PR_NUMBER/comments" --input - >/dev/null \
    || warn "cannot comment on pull request #$PR_NUMBER (does the token have pull-requests: write? a pull request from a fork gets a read-only token)"
  echo "specmoor: commented the report on pull request #$PR_NUMBER"
fi
