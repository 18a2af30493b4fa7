base_repo
write README.md 'unowned
'
commit docs
