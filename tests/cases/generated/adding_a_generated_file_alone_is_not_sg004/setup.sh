init
cfg "$GEN_CFG"
api_spec | write specs/api.md
write gen/client.rs 'fn client() {}
'
commit initial
write gen/server.rs 'fn server() {}
'
stage
