init
cfg "$GEN_CFG"
api_spec | write specs/api.md
write gen/data.json '{"a": 1}
'
write lib/free.rs 'fn free() {}
'
commit initial
printf '\177ELF\0\0\001\002fn a() {}\n\0' | write gen/blob.rs
commit binary
