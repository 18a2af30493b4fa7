# Other spellings (OW-5) are found once per folder of the added paths: every added
# path of a folder still gets its own, at every depth, whether the folder is spelt
# another way at its first component, a deeper one, or both, or is new.
init
config ""
printf -- '---\nversion: 1.0.0\nowns:\n  "*": ["src/Auth/**", "Docs/**"]\n---\n# Auth\n' | write specs/auth.md
write src/Auth/login.rs 'ok
'
write src/Auth/Deep/x.rs 'ok
'
write Docs/r.txt 'ok
'
write README 'ok
'
commit initial
for p in src/auth/login.rs src/auth/new.rs src/auth/deep/x.rs SRC/AUTH/DEEP/z.rs \
    SRC/Auth/Deep/x.rs src/Auth/LOGIN.RS docs/r.txt readme SRC/other.rs; do
  write "$p" 'evil
'
done
commit spellings
