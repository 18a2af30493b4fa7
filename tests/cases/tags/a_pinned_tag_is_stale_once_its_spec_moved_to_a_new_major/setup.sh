tags_repo
edit src/auth.rs "// @spec FR-1" "// @spec FR-1@1.0"
edit specs/auth.md "version: 1.0.0" "version: 2.0.0"
commit pinned
edit src/auth.rs "check_password();" "check_password(true);"
edit specs/auth.md "with a password." "with a password or a passkey."
stage
