# drift.require: all and section granularity: login.rs (owned by the spec and by its
# FR-1 section) changes whitespace only (not drift), main.rs is renamed (no owner:
# nothing), logout.rs is edited for real (drift). The engine finds the paths whose
# whitespace it reads without judging SM001 twice: the verdict is the same.
init
config 'drift: { require: all, granularity: section }'
auth_repo
write src/auth/login.rs 'fn login() {
    let user = load();
}
'
commit bodies
write src/auth/login.rs $'fn   login()  {   \n\n    let  user =\tload();\n}\n'
git mv src/main.rs src/start.rs
write src/auth/logout.rs 'fn logout() { end(); }
'
stage
