init
write src/api/mod.rs 'pub fn api() {}
'
commit code
write specs/api.md '# API
'
