# A pull request adds files 2,000 folders deep (git stores them; the tree depth limit
# is 2,048). Looking for `.gitattributes` above them once climbed from every folder to
# the root, comparing paths of up to 100 KB in a sorted set: 16 s for this (a release
# build), 44 s at 200 KB paths. Each folder is now added once. (Every rule on: the generated-file
# scan is what reads `.gitattributes`.)
init
write .specmoor.yml 'owners: []
'
auth_repo
blob=$(echo 'fn deep() {}' | git hash-object -w --stdin)
deep=$(printf 'a-folder-name-that-is-fifty-bytes-long-0123456789/%.0s' $(seq 2000))
for i in 1 2 3 4 5; do
  printf '100644 %s\t%sf%d.rs\n' "$blob" "$deep" "$i"
done | git update-index --index-info
git commit -q --no-verify -m 'deep files'
