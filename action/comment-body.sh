#!/usr/bin/env bash
# The body of the Action's pull-request comment (the `comment` input): the hidden
# marker line the comment is found by on the next run, then specmoor's Markdown report
# (`specmoor check --format markdown`, which escapes everything it quotes from the
# repository). A report longer than a comment can hold (GitHub takes 65,536
# characters) is cut at a line boundary, with a closing line pointing at the step
# summary. Usage: comment-body.sh REPORT.md [LIMIT_BYTES] > BODY.md
set -euo pipefail
MARKER='<!-- specmoor:report -->'
report=${1:?usage: comment-body.sh REPORT.md [LIMIT_BYTES]}
limit=${2:-60000}
[ -r "$report" ] || { echo "comment-body.sh: cannot read $report" >&2; exit 2; }
printf '%s\n' "$MARKER"
# bytes, not characters (LC_ALL=C); whole lines only, so no character is cut
LC_ALL=C awk -v limit="$limit" -v marker="$MARKER" '
  { line = $0; gsub(marker, "", line) }   # the report never carries the marker itself
  used + length(line) + 1 > limit - 200 {
    print ""
    print "_The report is longer than a comment can hold: the job'"'"'s step summary and log have all of it._"
    exit
  }
  { print line; used += length(line) + 1 }
' "$report"
