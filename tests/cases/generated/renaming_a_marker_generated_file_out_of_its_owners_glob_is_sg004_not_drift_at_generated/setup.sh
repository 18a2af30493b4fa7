init
cfg
api_spec '["gen/**"]' | write specs/api.md
write .gitattributes ''
write gen/moved.rs '// @generated
fn moved() {}
'
write gen/keep.rs 'fn keep() {}
'
commit initial
mkdir -p src
git mv gen/moved.rs src/moved.rs
