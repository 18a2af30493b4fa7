# Issue #16.8: the stale-marker scan (SM005, a warning) reads every unchanged file a
# touched spec owns, so one missing blob it does not need (a partial clone, damaged
# history) turned a check of a change that does not touch it into exit 2. Only a
# blob an error-level rule needs may stop the check; every message names the path
# and the revision.
init
write .specmoor.yml 'version: 1
rules:
  SM002: off
  SM003: off
  SM008: off
'
write strict.yml 'version: 1
rules:
  SM002: off
  SM003: off
  SM005: error
  SM008: off
'
write specs/api.md '---
version: 1.0.0
owns:
  "*": ["src/**"]
---
# API

## FR-1: List
The API lists items.
'
write src/api.rs 'fn list() {}
'
write src/old.rs 'fn old() { /* untouched since the first commit */ }
'
commit base
# feature: the spec and src/api.rs move together; src/old.rs stays as it was
git checkout -q -b feature
edit specs/api.md 'lists items.' 'lists items in pages.'
edit src/api.rs '{}' '{ page() }'
commit pages
# main moves src/old.rs on, so that a partial clone of main lacks its old blob
git checkout -q main
edit src/old.rs 'untouched' 'touched'
commit "old v2"
git config uploadpack.allowFilter true
git clone -q --filter=blob:none "file://$PWD" ../partial
# what a check of feature needs (its changed files at both ends); not src/old.rs
git -C ../partial cat-file -p origin/feature:specs/api.md >/dev/null
git -C ../partial cat-file -p origin/feature:src/api.rs >/dev/null
git checkout -q feature
