config $'owners:\n  - spec: specs/auth.md\n    paths: ["docs/auth/**"]\nrules:\n  unowned: error'
write docs/auth/flow.md '# Login flow
'
auth_repo
write docs/auth/flow.md '# Login flow, changed without the spec
'
stage
