# redteam 01: a change that weakens .specmoor.yml together with the code it lets through
init
mkdir -p specs src/auth
printf -- '---\nversion: 1.0.0\nowns:\n  "*": ["src/auth/**"]\n---\n# Auth\n\n## FR-1: Login\nUsers log in.\n' > specs/auth.md
echo 'fn login() {}' > src/auth/login.rs
commit base
echo 'fn login() { evil() }' > src/auth/login.rs
printf 'rules: {drift: off}\n' > .specmoor.yml
commit "code + weaken config"
