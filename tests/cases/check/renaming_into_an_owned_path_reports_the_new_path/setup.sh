auth_repo
git mv src/main.rs src/auth/main.rs
