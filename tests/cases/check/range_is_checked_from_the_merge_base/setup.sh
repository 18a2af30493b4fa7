auth_repo
git checkout -q -b feature
touch_code src/auth/login.rs
commit "code only"
git checkout -q main
# main moves on with a spec edit: it must not count for feature's range
edit specs/auth.md 'Users log in with a password.' 'Users log in with a passkey.'
commit "spec on main"
