# redteam 15e: a committed .specmoor.yml -> .env, a file an earlier CI step writes;
# its first line went to the log in the parse error
auth_repo
rm .specmoor.yml
ln -s .env .specmoor.yml
commit "config as a link"
write .env 'DEPLOY_TOKEN=s3cr3t-value
'
