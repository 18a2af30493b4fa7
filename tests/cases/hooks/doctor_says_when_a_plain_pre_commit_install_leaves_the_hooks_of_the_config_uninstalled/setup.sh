# The README's pre-commit framework config without default_install_hook_types: a plain
# `pre-commit install` writes only .git/hooks/pre-commit, and specmoor runs nowhere.
write .pre-commit-config.yaml 'repos:
  - repo: https://example.invalid/specmoor
    rev: v0.1.0
    hooks:
      - id: specmoor-commit-msg
      - id: specmoor-pre-push
  - repo: local
    hooks:
      - id: lint
        name: lint
        entry: ./lint.sh
        language: script
'
auth_repo
framework_hook pre-commit
