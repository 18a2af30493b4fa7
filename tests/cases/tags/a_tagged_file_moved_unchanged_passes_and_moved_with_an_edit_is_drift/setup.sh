tags_repo
mkdir -p src/login
git mv src/auth.rs src/login/auth.rs
