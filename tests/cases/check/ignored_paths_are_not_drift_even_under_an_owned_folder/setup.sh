config 'ignore: ["src/auth/generated/**"]'
auth_repo
write src/auth/generated/schema.rs '// generated
'
stage
