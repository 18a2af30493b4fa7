# git sets GIT_DIR (and GIT_INDEX_FILE) for hooks of a linked worktree
auth_repo
install_hook
git worktree add -q -b wt "$ROOT/wt"
