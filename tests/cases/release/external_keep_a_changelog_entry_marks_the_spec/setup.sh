init
write .specmoor.yml "$EXTERNAL_CONFIG"
bare_auth 1.4.0 'a password' | write specs/auth.md
keep_a_changelog </dev/null | write CHANGELOG.md
commit initial
