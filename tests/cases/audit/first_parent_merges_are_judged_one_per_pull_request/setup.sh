init
write .specmoor.yml "$AUDIT_CFG"
auth_spec | write specs/auth.md
api_spec | write specs/api.md
write src/auth/login.rs 'fn login() {}
'
write src/auth/logout.rs 'fn logout() {}
'
at_commit initial
# pull request 1: code first, its spec in a later commit of the same branch
git checkout -q -b remember
write src/auth/login.rs 'fn login() { remember(); }
'
at_commit "login: remember me"
edit specs/auth.md 'Sessions persist for a week.' 'Sessions persist for two weeks.'
"$SPECMOOR" bump specs/auth.md minor -m "FR-1.1: two weeks" >/dev/null
at_commit "auth spec: two weeks"
git checkout -q main
tick
git merge -q --no-ff -m "Merge pull request #1 from remember" -m "Remember me for two weeks" remember
# pull request 2: code only
git checkout -q -b logout
write src/auth/logout.rs 'fn logout() { end(); }
'
at_commit "logout: end the session"
git checkout -q main
tick
git merge -q --no-ff -m "Merge pull request #2 from logout" -m "End the session on logout" logout
# a commit straight on main: not a pull request
write tools/release.sh 'echo release
'
at_commit "tools: release script"
# pull request 3: code only, waived in its commit
git checkout -q -b tidy
write src/auth/logout.rs 'fn logout() { end_session(); }
'
at_commit "logout: rename end

Specmoor-Waive: SM001 rename only"
git checkout -q main
tick
git merge -q --no-ff -m "Merge pull request #3 from tidy" tidy
