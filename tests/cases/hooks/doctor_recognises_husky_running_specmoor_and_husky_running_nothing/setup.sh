# husky v9's layout: core.hooksPath is .husky/_, where every hook sources `h`, which
# runs the user's script of the same name from .husky/ (when there is one).
auth_repo
write .husky/_/h '#!/usr/bin/env sh
n=$(basename "$0"); s=$(dirname "$(dirname "$0")")/$n
[ -f "$s" ] || exit 0
sh -e "$s" "$@"
'
for h in pre-commit pre-push commit-msg post-merge; do
  write .husky/_/$h '#!/usr/bin/env sh
. "$(dirname "$0")/h"'
  chmod +x .husky/_/$h
done
write .husky/pre-commit 'npm test
'
git config core.hooksPath .husky/_
# the README's recipe (examples/hook-managers/husky), copied in by the commands
write "$ROOT/recipe/commit-msg" 'specmoor hook commit-msg "$1"
'
write "$ROOT/recipe/pre-push" '# specmoor hook pre-push, in a comment, does not count
specmoor hook pre-push "$@"
'
