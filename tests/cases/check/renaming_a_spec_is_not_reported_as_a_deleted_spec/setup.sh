auth_repo
git mv specs/auth.md specs/login.md
