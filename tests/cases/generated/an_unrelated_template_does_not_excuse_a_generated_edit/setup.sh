init
cfg "$GEN_CFG"
api_spec | write specs/api.md
write gen/client.rs 'fn client() {}
'
write templates/client.tmpl 'fn {{name}}() {}
'
write templates/server.tmpl 'fn {{name}}() {}
'
commit initial
write templates/server.tmpl 'pub fn {{name}}() {}
'
write gen/client.rs 'pub fn client() {}
'
stage
