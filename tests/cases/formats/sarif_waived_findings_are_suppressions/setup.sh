base_repo
change src/auth/login.rs 1
commit 'refactor login

Specmoor-Waive: SM001 pure refactor'
