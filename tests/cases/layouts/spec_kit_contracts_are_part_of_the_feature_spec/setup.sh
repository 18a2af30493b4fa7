init
write .specify/memory/constitution.md '# Constitution
'
sk_auth_spec | write specs/001-user-auth/spec.md
write specs/001-user-auth/contracts/openapi.yaml 'openapi: 3.0.0
paths: {}
'
write src/user_auth/mod.rs 'pub fn login() {}
'
commit "spec-kit project with contracts"
