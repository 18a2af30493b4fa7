init
config "drift: { granularity: section, require: all }"
tags_repo
write src/both.rs "// @spec FR-1
// @spec FR-2

fn login_and_out() {
    login();
}
"
commit both
edit src/both.rs "login();" "login(); logout();"
stage
