auth_repo
edit specs/auth.md '  FR-1: ["src/auth/login.rs"]' '  FR-9: ["src/auth/login.rs"]'
stage
