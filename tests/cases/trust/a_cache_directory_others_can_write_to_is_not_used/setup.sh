# Issue #16.4: a cache directory that others can write to (or that someone else
# owns) could be filled with records by them; it is not used: the check runs without
# the cache (same verdict), says so once, and writes nothing there.
auth_repo
edit src/auth/login.rs 'fn login() {}' 'fn login() { evil() }'
commit drift
mkdir -p "$ROOT/shared/cache"
chmod 777 "$ROOT/shared/cache"
