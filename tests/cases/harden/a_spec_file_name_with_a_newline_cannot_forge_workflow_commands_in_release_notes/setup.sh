# redteam 08: a spec file named with a line break that starts a workflow command;
# its release (1.0.0 -> 2.0.0 with a breaking entry) lists the name in the notes.
init
write .specmoor.yml 'rules: {SM002: error}
'
s=$'specs/evil\n::warning title=FORGED::written by a spec file name\n.md'
write "$s" '---
version: 1.0.0
---
# A

## FR-1: x
text

## Changelog

- 1.0.0: first
'
commit c0
git tag -a -m v1 v1.0.0
write "$s" '---
version: 2.0.0
---
# A

## FR-2: y
changed

## Changelog

- 2.0.0: BREAKING: removed FR-1
- 1.0.0: first
'
commit c1
git tag -a -m v1.1 v1.1.0
