auth_repo
git rm -q src/auth/logout.rs
