repo_with specs/pay.md <<'SPEC'
# Payments

## FR-1: Charge
Charge once.
SPEC
