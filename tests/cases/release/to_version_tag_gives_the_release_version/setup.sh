breaking_major_repo
git tag v2.0.0
git tag -a v1.5.0 -m wrong
