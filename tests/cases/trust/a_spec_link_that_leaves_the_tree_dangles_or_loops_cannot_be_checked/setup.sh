# A spec link that cannot be followed inside the tree would own nothing: exit 2,
# naming the link. Links that no spec glob can reach are left alone.
auth_repo
ln -s ../../outside.md specs/up.md
ln -s /etc/hostname specs/abs.md
ln -s missing.md specs/dangling.md
ln -s b.md specs/a.md
ln -s a.md specs/b.md
ln -s . specs/self
ln -s /nowhere src/not-a-spec
stage
