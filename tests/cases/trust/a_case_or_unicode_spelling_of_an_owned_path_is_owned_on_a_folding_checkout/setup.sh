# redteam 13: with core.ignorecase / core.precomposeunicode set, git treats
# src/auth/login.rs and src/Auth/login.rs (or an NFD and an NFC café) as one file;
# ownership compared bytes, so the other spelling was unowned and passed (rc 0).
config ""
init ci
cd ci
git config core.ignorecase true
cp ../.specmoor.yml .
printf -- '---\nversion: 1.0.0\nowns:\n  "*": ["src/Auth/**"]\n---\n# Auth\n' | write specs/auth.md
write src/Auth/login.rs 'ok
'
commit initial
git update-index --add --cacheinfo "100644,$(echo evil | git hash-object -w --stdin),src/auth/login.rs"
cd ..
init nf
cd nf
git config core.precomposeunicode true
cp ../.specmoor.yml .
nfc=$(printf 'src/caf\303\251')
printf -- '---\nversion: 1.0.0\nowns:\n  "*": ["%s/**"]\n---\n# Cafe\n' "$nfc" | write specs/cafe.md
write "$nfc/a.rs" 'ok
'
commit initial
git update-index --add --cacheinfo "100644,$(echo evil | git hash-object -w --stdin),$(printf 'src/cafe\314\201/a.rs')"
