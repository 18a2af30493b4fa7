base_repo
write README.md 'x
'
commit docs
