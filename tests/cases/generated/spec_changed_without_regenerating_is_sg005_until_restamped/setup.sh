init
cfg
api_spec '["gen/**"]' | write specs/api.md
write gen/client.rs 'fn client() {}
'
commit initial
