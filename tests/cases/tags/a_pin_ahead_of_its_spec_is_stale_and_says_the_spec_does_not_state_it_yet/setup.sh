tags_repo
edit src/auth.rs "// @spec FR-1" "// @spec FR-1@2"
commit "a tag pinning a major the spec has not reached"
edit src/auth.rs "check_password();" "check_password(true);"
edit specs/auth.md "with a password." "with a password or a passkey."
stage
