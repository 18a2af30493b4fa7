init
cfg "$GEN_CFG"
api_spec | write specs/api.md
write gen/client.rs 'fn client() {}
'
write specs/other.md '---
version: 1.0.0
---
# Other

Text.
'
commit initial
write gen/client.rs 'fn client() { /* hand edit */ }
'
edit specs/other.md 'Text.' 'Other text.'
stage
