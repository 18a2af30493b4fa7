init
cfg "$GEN_CFG"
api_spec '["gen/**"]' | write specs/api.md
write gen/client.rs 'fn client() {}
'
write gen/keep.rs 'fn keep() {}
'
commit initial
git rm -q gen/client.rs
