init
cfg
api_spec '["gen/**"]' | write specs/api.md
write specs/other.md '---
version: 1.0.0
owns: ["gen/**"]
---
# Other

Text.
'
write gen/client.rs 'fn client() {}
'
commit initial
