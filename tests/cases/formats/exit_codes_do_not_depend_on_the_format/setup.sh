base_repo
change src/auth/login.rs 1
commit login
git checkout -q -b clean HEAD~1
write README.md 'x
'
commit docs
