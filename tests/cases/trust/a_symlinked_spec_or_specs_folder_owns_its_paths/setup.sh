# redteam 14: a spec that is a link (specs/auth.md -> ../docs/auth.md), or a specs
# folder that is one (specs -> docs/specs), was read as the link text: it owned
# nothing and changes to its code passed (rc 0). Links are followed inside the tree,
# at the revision checked, from git objects.
auth_repo
mkdir docs
git mv specs/auth.md docs/auth.md
ln -s ../docs/auth.md specs/auth.md
commit "spec via a link"
edit src/auth/login.rs 'login()' 'login() { evil() }'
stage
