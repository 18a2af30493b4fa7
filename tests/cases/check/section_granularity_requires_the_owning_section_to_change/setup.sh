config <<'YAML'
drift:
  granularity: section
owners:
  - spec: specs/auth.md#FR-1.1
    paths: ["src/auth/remember.rs"]
YAML
write src/auth/remember.rs 'fn remember() {}
'
auth_repo
