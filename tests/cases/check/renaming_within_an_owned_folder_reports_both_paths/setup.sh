auth_repo
git mv src/auth/logout.rs src/auth/signout.rs
