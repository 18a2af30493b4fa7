init
config ""
write specs/pay.md <<'SPEC'
---
owns:
  - "src/pay/**"
  - "src/pay/old.rs"
  - "src/legacy/**"
---
# Pay
SPEC
write src/pay/a.rs 'fn a() {}
'
write src/pay/old.rs 'fn old() {}
'
commit initial
mkdir -p src/other
git mv src/pay/old.rs src/other/old.rs
