init
write .specmoor.yml "$RELEASE_CONFIG"
fm_auth 1.4.0 'a password' </dev/null | write specs/auth.md
commit initial
