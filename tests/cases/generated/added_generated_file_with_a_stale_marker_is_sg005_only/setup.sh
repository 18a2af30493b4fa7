init
cfg
api_spec | write specs/api.md
commit initial
write lib/new.rs "// specmoor:generated-from specs/api.md sha256=$ZEROS
fn new() {}
"
stage
