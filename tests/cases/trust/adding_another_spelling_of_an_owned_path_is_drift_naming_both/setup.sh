# The checkout that checks (CI on Linux) does not fold case or normalisation, but a
# macOS or Windows checkout writes src/auth/login.rs over src/Auth/login.rs: a change
# that adds another spelling of an owned path needs that path's spec, and says so.
init
config ""
nfc=$(printf 'src/caf\303\251')
printf -- '---\nversion: 1.0.0\nowns:\n  "*": ["src/Auth/**", "%s/**"]\n---\n# Auth\n' "$nfc" | write specs/auth.md
write src/Auth/login.rs 'ok
'
write "$nfc/a.rs" 'ok
'
write src/main.rs 'fn main() {}
'
commit initial
write src/auth/login.rs 'evil
'
write src/AUTH/new.rs 'evil
'
write "$(printf 'src/cafe\314\201/a.rs')" 'evil
'
write src/Main.rs 'unowned, as src/main.rs is
'
stage
