write Cargo.lock '# lock
'
write .github/workflows/ci.yml 'on: push
'
write docs/notes.txt 'notes
'
auth_repo
# change all
touch_code src/main.rs
write Cargo.lock '# lock v2
'
write .github/workflows/ci.yml 'on: pull_request
'
write docs/notes.txt 'more notes
'
write .gitignore 'target/
'
stage
