init
cfg "$GEN_CFG"
api_spec '["gen/**"]' | write specs/api.md
write gen/client.rs 'fn client() {}
'
commit initial
write gen/client.rs 'fn client() { retry(5) }
'
edit specs/api.md 'three times' 'five times'
stage
