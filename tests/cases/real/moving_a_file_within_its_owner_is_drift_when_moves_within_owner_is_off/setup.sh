config 'drift: { moves_within_owner: false }'
auth_repo
mkdir -p src/auth/session
git mv src/auth/logout.rs src/auth/session/logout.rs
