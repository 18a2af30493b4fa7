config <<'YAML'
owners:
  - spec: specs/auth.md#FR-2
    paths: ["src/auth/logout.rs"]
YAML
auth_repo
