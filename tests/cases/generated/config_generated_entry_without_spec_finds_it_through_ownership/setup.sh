init
cfg 'generated:
  - paths: ["gen/**"]
'
api_spec '["gen/**"]' | write specs/api.md
write gen/client.rs 'fn client() {}
'
commit initial
write gen/client.rs 'fn client() { /* hand edit */ }
'
stage
