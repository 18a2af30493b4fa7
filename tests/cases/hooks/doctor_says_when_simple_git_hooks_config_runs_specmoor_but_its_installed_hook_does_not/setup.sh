auth_repo
sgh_hook commit-msg 'npx commitlint --edit "$1"'
write "$ROOT/package.json" '{
  "name": "app",
  "simple-git-hooks": {
    "commit-msg": "specmoor hook commit-msg \"$1\"",
    "pre-push": "specmoor hook pre-push \"$1\" \"$2\""
  }
}
'
