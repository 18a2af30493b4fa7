auth_repo
git checkout -q --orphan unrelated
write other.txt 'x
'
commit "unrelated root"
git checkout -q -f main
