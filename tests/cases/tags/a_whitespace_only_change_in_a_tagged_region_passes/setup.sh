tags_repo
edit src/auth.rs "    check_password();" "    check_password();   "
edit src/auth.rs "fn logout() {" "fn logout()  {"
stage
