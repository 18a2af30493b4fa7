# redteam 10: the spec is a link into docs/ (committed as a link); before, bump
# replaced the link with a regular file (git: typechange) and left docs/ unbumped
auth_repo
mkdir docs
git mv specs/auth.md docs/auth.md
ln -s ../docs/auth.md specs/auth.md
# a second spec linked to a file outside the repository
auth_spec | write ../outside.md
ln -s ../../outside.md specs/outside.md
commit "spec moved to docs, linked from specs"
