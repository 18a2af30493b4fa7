init
write .specmoor.yml 'unit: folder
rules:
  SM004: off
  SM005: off
  SM009: off
  SM010: off
'
write specs/001-login/spec.md '---
version: 1.0.0
owns: ["src/login/**"]
---
# Login

## FR-1: Password
Users log in with a password.

## FR-2: Lockout
Five failures lock the account.

## Changelog

| Version | Date | Changes |
|---|---|---|
| 1.0.0 | 2026-11-01 | First version |
'
write specs/001-login/plan.md '# Plan

bcrypt.
'
write specs/001-login/tasks.md '# Tasks

- [ ] T001 Form
'
write src/login/form.rs 'fn form() {}
'
commit initial
