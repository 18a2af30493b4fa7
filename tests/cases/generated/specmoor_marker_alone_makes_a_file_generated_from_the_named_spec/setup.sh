# no config `generated`, no ownership: the marker names the spec
init
cfg
api_spec | write specs/api.md
write gen/client.rs "// specmoor:generated-from specs/api.md sha256=$ZEROS
fn client() {}
"
commit initial
append gen/client.rs 'fn hand_edit() {}
'
stage
