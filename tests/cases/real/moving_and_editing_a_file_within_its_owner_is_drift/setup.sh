# not a pure move: the content changed too
auth_repo
mkdir -p src/auth/session
git mv src/auth/logout.rs src/auth/session/logout.rs
write src/auth/session/logout.rs 'fn logout() { forget(); }
'
stage
