auth_repo
mkdir -p lib
git mv src/auth/logout.rs lib/logout.rs
