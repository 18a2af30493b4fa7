# a pure move (identical content) from one path of specs/auth.md to another
auth_repo
mkdir -p src/auth/session
git mv src/auth/logout.rs src/auth/session/logout.rs
