tags_repo
edit src/auth.rs "check_password();" "check_password();
    audit();"
stage
