# redteam 09: lines a user adds to installed hooks
auth_repo
specmoor install >/dev/null
printf '\n# local addition\n./scripts/lint-secrets.sh || exit 1\n' >>.git/hooks/pre-commit
printf '\n# local addition\n./scripts/check-msg.sh "$1" || exit 1\n' >>.git/hooks/commit-msg
