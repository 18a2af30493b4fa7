# redteam 15 b: .git/hooks is a symlink to a tracked folder
write tools/hooks/pre-commit '#!/bin/sh
echo team hook
'
chmod +x tools/hooks/pre-commit
auth_repo
rm -rf .git/hooks
ln -s ../tools/hooks .git/hooks
