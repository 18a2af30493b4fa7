auth_repo
write src/billing/pay.rs 'fn pay() {}
'
write specs/billing.md '---
version: 1.0.0
---
# Billing
'
commit billing
# one owners entry reused through an anchor and a merge key; drift built from a merged
# mapping whose `require` the entry overrides
write .specmoor.yml 'owners:
  - &shared
    spec: specs/auth.md
    paths: ["src/shared/**", "src/billing/**"]
  - <<: *shared
    spec: specs/billing.md
drift:
  <<: { granularity: section, require: any }
  require: all
rules:
  SM002: off
  SM003: off
  SM008: off
'
commit_file .specmoor.yml
