# redteam 01, variant: the owners entry is removed in the change that edits its code
init
mkdir -p specs lib
printf -- '---\nversion: 1.0.0\n---\n# Auth\n' > specs/auth.md
echo a > lib/a.rs
printf 'owners:\n  - spec: specs/auth.md\n    paths: ["lib/**"]\n' > .specmoor.yml
commit base
echo evil > lib/a.rs
printf 'owners: []\n' > .specmoor.yml
commit "code + drop owners entry"
