init
cfg 'generated:
  - paths: ["gen/**"]
    inputs: ["templates/**"]
'
api_spec | write specs/api.md
write gen/client.rs 'fn client() {}
'
commit initial
write gen/client.rs 'fn client() { /* hand edit */ }
'
stage
