init
write .specmoor.yml "$RELEASE_CONFIG"
write specs/notes.md '# Notes

## FR-1: Release notes
Each release has notes.
'
commit initial
git tag v1.0.0
SOURCE_DATE_EPOCH=1795219200 specmoor bump --set 1.0.0 -m 'First version' specs/notes.md >/dev/null
commit 'Notes get a version'
