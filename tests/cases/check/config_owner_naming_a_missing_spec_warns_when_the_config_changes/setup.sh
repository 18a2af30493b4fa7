auth_repo
config <<'YAML'
owners:
  - spec: specs/nope.md
    paths: ["src/main.rs"]
YAML
stage
