auth_repo
git rm -q specs/auth.md
