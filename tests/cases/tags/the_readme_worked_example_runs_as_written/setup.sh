# README "Tags in code: owning a function": the files and commands as printed there
init
write .specmoor.yml 'drift: { granularity: section }
'
tags_spec | write specs/auth.md
tags_code | write src/auth.rs
commit initial
edit src/auth.rs "check_password();" "check_password();
    audit_login();"
git add src/auth.rs
