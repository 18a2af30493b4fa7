init
cfg "$GEN_CFG"
api_spec '["gen/**"]' | write specs/api.md
write gen/client.rs 'fn client() {}
'
commit initial
git mv gen/client.rs gen/client_v2.rs
