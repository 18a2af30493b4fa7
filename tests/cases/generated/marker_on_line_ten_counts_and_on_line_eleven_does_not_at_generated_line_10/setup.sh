# line 10: generated
init
cfg
api_spec '["gen/**"]' | write specs/api.md
with_marker_on_line 10 '// @generated' | write gen/client.rs
commit initial
append gen/client.rs 'fn hand() {}
'
stage
