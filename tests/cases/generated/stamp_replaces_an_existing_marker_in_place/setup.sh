init
cfg "$GEN_CFG"
api_spec | write specs/api.md
write gen/client.rs "// header kept
// specmoor:generated-from specs/api.md sha256=$ZEROS
fn a() {}
"
commit initial
