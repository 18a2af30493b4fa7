base_repo
change src/auth/login.rs 1
commit 'login

Specmoor-Waive: SM001'
