init
cfg 'generated:
  - paths: ["gen/cfg.rs"]
    spec: specs/other.md
'
api_spec '["gen/**"]' | write specs/api.md
write specs/other.md '---
version: 1.0.0
---
# Other

Text.
'
write gen/owned.rs 'fn a() {}
'
write gen/cfg.rs 'fn b() {}
'
write gen/marked.rs "// specmoor:generated-from specs/other.md sha256=$ZEROS
fn c() {}
"
commit initial
