# redteam 15 d: a directory where a hook goes
auth_repo
mkdir .git/hooks/pre-push
