init
cfg "$GEN_CFG"
api_spec '["gen/**"]' | write specs/api.md
write gen/client.rs 'fn client() {}
'
write templates/client.tmpl 'fn {{name}}() {}
'
commit initial
write gen/client.rs 'fn client() { /* hand edit */ }
'
stage
