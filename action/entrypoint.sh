#!/usr/bin/env bash
# specmoor GitHub Action logic. Runs outside GitHub too, given GITHUB_EVENT_NAME,
# GITHUB_EVENT_PATH, GITHUB_WORKSPACE, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY (tests do).
#
# Resolves base and head from the event, fetches what a shallow checkout lacks (or
# exits 2 naming fetch-depth: 0) and the blobs a partial clone lacks, runs `specmoor check --format github`, and writes
# the outputs errors, warnings and report. Never a silent pass, never HEAD^.
#
# Inputs arrive as environment variables (never interpolated into this script):
#   INPUT_BASE INPUT_HEAD INPUT_CONFIG INPUT_FORMAT INPUT_SARIF_FILE INPUT_WAIVE_LABEL
#   INPUT_COMMENT (true: on a pull request, also write the comment body, output comment-body)
# and SPECMOOR (the binary; default: specmoor on PATH), SPECMOOR_FETCH_REMOTE (origin).
set -euo pipefail

flat() { printf '%s' "$1" | tr '\r\n' '  '; }  # a value must never start a new line

# The step's outputs: errors warnings report exit-code (empty: not known).
outputs() {
  [ -n "${GITHUB_OUTPUT:-}" ] || return 0
  {
    echo "errors=$1"
    echo "warnings=$2"
    echo "report=$3"
    echo "exit-code=$4"
  } >> "$GITHUB_OUTPUT"
}

die() { # exit code, message; the outputs say no check was made (no counts)
  local msg
  msg=$(flat "$2")
  echo "::error title=specmoor::$(printf '%s' "$msg" | sed 's/%/%25/g')" >&2
  echo "specmoor: could not check: $msg" >&2
  outputs "" "" "" "$1"
  exit "$1"
}

notice() { # message
  echo "::notice title=specmoor::$(flat "$1" | sed 's/%/%25/g')"
}

# A tag name that is a release version: vX.Y.Z, X.Y.Z, with an optional
# pre-release or build suffix (as `specmoor release` reads versions).
version_tag() {
  printf '%s' "$1" | LC_ALL=C grep -qE '^[vV]?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$'
}

# Untrusted text (release notes) printed to the workflow log: workflow commands are
# off while it is printed, under a token nobody could have written into the text.
print_inert() { # file
  local token
  token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  [ ${#token} -eq 32 ] || die 2 "could not read a random token from /dev/urandom"
  echo "::stop-commands::$token"
  cat "$1"
  [ -z "$(tail -c 1 "$1")" ] || echo
  echo "::$token::"
}

# A revision from an input or the event must be a revision: no option-like or
# control characters (they could become git options or forged workflow commands).
valid_rev() {
  case "$1" in
    ""|-*|*"
"*|*"$(printf '\r')"*) return 1 ;;
  esac
  printf '%s' "$1" | LC_ALL=C grep -qE '^[A-Za-z0-9._/@{}~^+-]+$'
}

tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
report="$tmp/specmoor-report.json"
rm -f "$report"  # never report an earlier run's counts, whatever ends this one

specmoor=${SPECMOOR:-specmoor}
command -v "$specmoor" >/dev/null 2>&1 || die 2 "specmoor is not installed (looked for '$specmoor')"
command -v jq >/dev/null 2>&1 || die 2 "jq is required to read the event payload"
command -v git >/dev/null 2>&1 || die 2 "git is required"

event=${GITHUB_EVENT_NAME:-}
payload=${GITHUB_EVENT_PATH:-}
workspace=${GITHUB_WORKSPACE:-$PWD}
remote=${SPECMOOR_FETCH_REMOTE:-origin}
zero40=0000000000000000000000000000000000000000
zero64=0000000000000000000000000000000000000000000000000000000000000000
[ -n "$event" ] || die 2 "GITHUB_EVENT_NAME is not set"
[ -n "$payload" ] && [ -r "$payload" ] || die 2 "GITHUB_EVENT_PATH does not name a readable event payload"
cd "$workspace" || die 2 "cannot enter GITHUB_WORKSPACE ($workspace)"

# Containers often check out as another user: git refuses such a repository.
if ! git_out=$(git rev-parse --git-dir 2>&1); then
  case "$git_out" in
    *"dubious ownership"*)
      die 2 "git refuses the repository at $workspace (dubious ownership); add: git config --global --add safe.directory \"$workspace\"" ;;
  esac
  die 2 "$workspace is not a git repository; run actions/checkout first"
fi

field() { jq -r "$1 // empty" "$payload"; }
is_zero() { [ -z "$1" ] || [ "$1" = "$zero40" ] || [ "$1" = "$zero64" ]; }
have() { git cat-file -e "$1^{commit}" 2>/dev/null; }
# Parents as recorded in the commit object (a shallow clone hides them from rev-parse).
raw_parents() { git cat-file commit "$1" 2>/dev/null | sed -n '/^$/q; s/^parent //p'; }
shallow() { [ "$(git rev-parse --is-shallow-repository)" = true ]; }

fetch_commit() { # fetch one commit by id if it is missing
  valid_rev "$1" || die 2 "not a revision: base and head must be letters, digits and ._/@{}~^+- (not starting with -)"
  have "$1" && return 0
  echo "specmoor: fetching $1 from $remote"
  git fetch --no-tags --quiet --end-of-options "$remote" "$1" >/dev/null 2>&1 || true
  have "$1"
}

# Deepen a shallow clone until specmoor's own shallow guard is satisfied: it knows
# when a merge base is missing or may be wrong (git merge-base alone does not).
deepen_for() { # base head
  local i out
  out=$(mktemp)
  for i in 1 2 3 4 5 6; do
    shallow || { rm -f "$out"; return 0; }
    if have "$1" && have "$2"; then
      set +e
      # only a probe for history: the config input is read later, at the merge base
      "$specmoor" check --base "$1" --head "$2" --format json >/dev/null 2>"$out"
      local c=$?
      set -e
      if [ "$c" -ne 2 ] || ! grep -q "shallow" "$out"; then rm -f "$out"; return 0; fi
    fi
    if [ "$i" -lt 6 ]; then
      echo "specmoor: shallow checkout: deepening by $((50 * i * i)) commits"
      git fetch --no-tags --quiet --deepen="$((50 * i * i))" "$remote" >/dev/null 2>&1 || break
    else
      echo "specmoor: shallow checkout: fetching the full history"
      git fetch --no-tags --quiet --unshallow "$remote" >/dev/null 2>&1 || break
    fi
  done
  rm -f "$out"
  shallow && die 2 "the checkout is shallow and the history between $1 and $2 could not be fetched; set fetch-depth: 0 on actions/checkout"
  return 0
}

# A partial clone (actions/checkout with `filter: blob:none`) has every commit and
# tree but only the blobs it checked out; gix never fetches lazily, so specmoor lists
# the blobs the check needs (`--list-objects`) and they are fetched by id, one request
# a round: what the check reads next depends on what it read (the config, then the
# specs, then the code it compares), so it lists again until nothing is missing. A
# blob that still cannot be had is left to the check, which exits 2 naming it.
partial_remote() { # prints the promisor remote, or fails: not a partial clone
  local r
  r=$(git config --get extensions.partialClone 2>/dev/null || true)
  if [ -z "$r" ] && [ "$(git config --get "remote.$remote.promisor" 2>/dev/null || true)" = true ]; then
    r=$remote
  fi
  [ -n "$r" ] && printf '%s' "$r"
}

fetch_blobs() { # the specmoor command line whose blobs to fetch
  local promisor i ids prev=""
  promisor=$(partial_remote) || return 0
  for i in 1 2 3 4 5 6 7 8; do
    ids=$("$specmoor" "$@" --list-objects 2>/dev/null) || return 0 # the run says why
    [ -n "$ids" ] || return 0
    [ "$ids" != "$prev" ] || return 0 # not delivered: the run exits 2 naming a blob
    echo "specmoor: partial clone: fetching $(printf '%s\n' "$ids" | wc -l | tr -d ' ') blobs from $promisor"
    printf '%s\n' "$ids" | git -c fetch.negotiationAlgorithm=noop fetch --quiet --no-tags \
      --no-write-fetch-head --recurse-submodules=no --stdin "$promisor" >/dev/null 2>&1 || return 0
    prev=$ids
  done
}

default_branch_tip() { # prints a revision for the default branch
  local b
  b=$(field '.repository.default_branch')
  valid_rev "$b" || return 1
  if ! git rev-parse --verify --quiet "refs/remotes/$remote/$b^{commit}" >/dev/null; then
    git fetch --no-tags --quiet "$remote" "+refs/heads/$b:refs/remotes/$remote/$b" >/dev/null 2>&1 || return 1
  fi
  echo "refs/remotes/$remote/$b"
}

base=${INPUT_BASE:-}
head=${INPUT_HEAD:-}
for v in "$base" "$head"; do
  [ -z "$v" ] || valid_rev "$v" || die 2 "the base and head inputs must be revisions (letters, digits and ._/@{}~^+-, not starting with -)"
done
release_version=
waived_by=
label_waiver=no

case "$event" in
  pull_request|pull_request_target)
    pr_base=$(field '.pull_request.base.sha')
    pr_head=$(field '.pull_request.head.sha')
    [ -n "$pr_base" ] && [ -n "$pr_head" ] || die 2 "the pull_request payload has no base/head sha"
    if [ -z "$base" ] || [ -z "$head" ]; then
      # actions/checkout checks out the test merge commit: judge what will land,
      # the merge against its first parent. Without it (conflicts), the PR head
      # from its merge base with the base branch. Each of base/head not given as
      # an input comes from the event.
      current=$(git rev-parse HEAD 2>/dev/null || true)
      parents=$(raw_parents HEAD | tr '\n' ' ')
      first=${parents%% *}
      rest=${parents#* }; second=${rest%% *}
      if [ -n "$current" ] && [ -n "$second" ] && [ "$second" = "$pr_head" ]; then
        [ -n "$base" ] || base=$first
        [ -n "$head" ] || head=$current
      else
        [ -n "$base" ] || base=$pr_base
        [ -n "$head" ] || head=$pr_head
      fi
    fi
    label=${INPUT_WAIVE_LABEL-specmoor:waive}
    if [ -n "$label" ] && jq -e --arg l "$label" '[.pull_request.labels[]?.name] | index($l) != null' "$payload" >/dev/null; then
      label_waiver=yes
      if [ "$(field '.action')" = labeled ] && [ "$(field '.label.name')" = "$label" ]; then
        waived_by="@$(field '.sender.login')"
      else
        waived_by="see the pull request timeline"
      fi
    fi
    ;;
  push)
    ref=$(field '.ref')
    before=$(field '.before'); after=$(field '.after')
    [ -n "$after" ] || die 2 "the push payload has no 'after' sha"
    if [ -z "$head" ]; then head=$after; fi
    if [ -z "$base" ]; then
      case "$ref" in
        refs/tags/*)
          tag=${ref#refs/tags/}
          if ! version_tag "$tag"; then
            # as the pre-push hook does: only version tags are releases; the commits
            # were checked when they were pushed to a branch
            notice "tag $tag is not a version tag (vX.Y.Z): no release gate, nothing checked"
            outputs "" "" "" 0
            exit 0
          fi
          valid_rev "$tag" || die 2 "the pushed tag name is not a plain revision"
          fetch_commit "$after" || die 2 "cannot fetch the tagged commit $after"
          shallow && git fetch --no-tags --quiet --unshallow "$remote" >/dev/null 2>&1 || true
          git fetch --quiet --tags "$remote" >/dev/null 2>&1 || true
          # the previous release: the highest version tag among the commit's strict
          # ancestors (as the pre-push hook does), so a version going backwards is caught
          base=$(git tag -l 'v[0-9]*.[0-9]*.[0-9]*' --merged "$after" --no-contains "$after" | sort -V | tail -n 1)
          if [ -n "$base" ]; then
            echo "specmoor: tag $tag: release gate from $base"
            release_version=$tag
          else
            die 2 "tag $tag: no earlier version tag to compare with; pass the 'base' input"
          fi
          ;;
        *)
          if is_zero "$before"; then
            # a new branch: from where it left the default branch
            tip=$(default_branch_tip) || die 2 "a new branch, and the default branch cannot be fetched to find where it starts; pass the 'base' input or set fetch-depth: 0"
            fetch_commit "$after" || die 2 "cannot fetch $after"
            deepen_for "$tip" "$after"
            base=$(git merge-base "$tip" "$after") || die 2 "the new branch shares no history with the default branch; pass the 'base' input"
          elif ! fetch_commit "$before"; then
            if [ "$(field '.forced')" = true ]; then
              die 2 "force push: the previous tip $before is no longer reachable; pass the 'base' input (for example the default branch) to check this push"
            fi
            die 2 "the previous tip $before cannot be fetched; set fetch-depth: 0 on actions/checkout"
          else
            base=$before
          fi
          ;;
      esac
    fi
    ;;
  merge_group)
    [ -n "$base" ] || base=$(field '.merge_group.base_sha')
    [ -n "$head" ] || head=$(field '.merge_group.head_sha')
    [ -n "$base" ] && [ -n "$head" ] || die 2 "the merge_group payload has no base_sha/head_sha"
    ;;
  *)
    [ -n "$base" ] || die 2 "event '$event' has no pull request or push range; pass the 'base' input (and optionally 'head')"
    [ -n "$head" ] || head=$(git rev-parse HEAD)
    ;;
esac

for c in "$base" "$head"; do
  valid_rev "$c" || die 2 "base and head must be revisions (letters, digits and ._/@{}~^+-, not starting with -)"
done
for c in "$base" "$head"; do
  fetch_commit "$c" || die 2 "commit $c is not in this clone and cannot be fetched; set fetch-depth: 0 on actions/checkout"
done
deepen_for "$base" "$head"

# The config input names a file of the repository. The workspace is the change
# being judged, so the file is read as it is at the merge base (as specmoor reads
# .specmoor.yml without the input): a pull request cannot relax its own gate.
config_args=()
if [ -n "${INPUT_CONFIG:-}" ]; then
  case "$INPUT_CONFIG" in
    -*|/*|*"
"*|*"$(printf '\r')"*)
      die 2 "the config input must be a path relative to the repository root (got '$INPUT_CONFIG')" ;;
  esac
  mb=$(git merge-base "$base" "$head" 2>/dev/null) \
    || die 2 "$base and $head have no merge base to read the config input from; set fetch-depth: 0 on actions/checkout"
  entry=$(git ls-tree "$mb" -- "$INPUT_CONFIG" 2>/dev/null || true)
  case "$entry" in
    "100644 blob "*|"100755 blob "*) ;;
    *) die 2 "the config input '$INPUT_CONFIG' is not a file at the merge base $mb of $base and $head; the config a change is judged by must be committed on the base branch first (a pull request cannot bring or edit its own)" ;;
  esac
  config="$tmp/specmoor-config.yml"
  rm -f "$config"
  git show "$mb:$INPUT_CONFIG" > "$config" \
    || die 2 "cannot read the config input '$INPUT_CONFIG' at the merge base $mb"
  config_args=(--config "$config")
fi

judge=(check --base "$base" --head "$head" "${config_args[@]}")
if [ "$label_waiver" = yes ]; then
  judge+=(--waive-label "$label")
  [ -n "$waived_by" ] && judge+=(--waived-by "$waived_by")
fi
args=("${judge[@]}" --format "${INPUT_FORMAT:-github}" --json-file "$report")
[ -n "${INPUT_SARIF_FILE:-}" ] && args+=(--sarif-file "$INPUT_SARIF_FILE")
comment_body="$tmp/specmoor-comment.md"
rm -f "$comment_body"

set +e
if [ -n "$release_version" ]; then
  # a version tag: the release gate, with its notes in the step summary
  # (the notes escape what they quote from the repository, and are printed to the
  # log with workflow commands stopped)
  notes="$tmp/specmoor-release-notes.md"
  rargs=(release --from "$base" --to "$head" --version "$release_version" "${config_args[@]}")
  fetch_blobs "${rargs[@]}"
  [ -z "${INPUT_SARIF_FILE:-}" ] || fetch_blobs check --base "$base" --head "$head" "${config_args[@]}"
  "$specmoor" "${rargs[@]}" --format json > "$report"
  code=$?
  "$specmoor" "${rargs[@]}" --format markdown > "$notes" 2>/dev/null
  print_inert "$notes"
  [ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "$notes" >> "$GITHUB_STEP_SUMMARY"
  if [ -n "${INPUT_SARIF_FILE:-}" ]; then
    # the same range's findings, for a workflow that uploads SARIF on every event
    "$specmoor" check --base "$base" --head "$head" --format json --sarif-file "$INPUT_SARIF_FILE" \
      "${config_args[@]}" >/dev/null 2>&1
  fi
  if [ "$code" -eq 1 ]; then
    # one annotation per failure, its line breaks escaped as workflow commands want
    jq -r '.failures[] | gsub("%"; "%25") | gsub("\r"; "%0D") | gsub("\n"; "%0A")' "$report" \
      | while IFS= read -r f; do
          echo "::error title=specmoor release::$f"
        done
  fi
  errors=$(jq -r '.failures | length' "$report" 2>/dev/null || echo "")
  warnings=0
else
  fetch_blobs check --base "$base" --head "$head" "${config_args[@]}"
  echo "specmoor: checking $base..$head ($event)"
  "$specmoor" "${args[@]}"
  code=$?
  # the pull-request comment (opt-in): the same check as Markdown, behind the marker
  if [ "${INPUT_COMMENT:-false}" = true ] && [ "$code" -le 1 ]; then
    case "$event" in
      pull_request|pull_request_target)
        if "$specmoor" "${judge[@]}" --format markdown > "$tmp/specmoor-report.md" 2>/dev/null \
             || [ $? -eq 1 ]; then
          "$(dirname "$0")/comment-body.sh" "$tmp/specmoor-report.md" > "$comment_body"
          [ -z "${GITHUB_OUTPUT:-}" ] || echo "comment-body=$comment_body" >> "$GITHUB_OUTPUT"
        fi
        ;;
    esac
  fi
fi
set -e

if [ -z "$release_version" ]; then
  if [ -r "$report" ]; then
    errors=$(jq -r '.summary.errors' "$report")
    warnings=$(jq -r '.summary.warnings' "$report")
  else
    errors=; warnings=
  fi
fi
outputs "$errors" "$warnings" "$report" "$code"
exit "$code"
