# redteam 15a: under `ulimit -f` a write past the limit killed the process with
# SIGXFSZ (exit 153) and left a temporary .auth.md.*.tmp file in specs/
auth_repo
{ auth_spec; for i in $(seq 3000); do echo filler; done; } | write specs/auth.md
commit "a big spec"
edit src/auth/login.rs 'fn login() {}' 'fn login() { 1 }'
stage
