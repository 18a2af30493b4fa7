config <<'YAML'
owners:
  - spec: specs/api.md
    paths: ["src/auth/**"]
YAML
write specs/api.md '# API

The HTTP API.
'
auth_repo
