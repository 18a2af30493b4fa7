base_repo
git tag -a v1.4.0 -m "release 1.4.0"
git init -q --bare "$ROOT/origin.git"
git remote add origin "$ROOT/origin.git"
git push -q origin main
