seed_spec | repo_with specs/payments.md
git mv specs/payments.md specs/billing.md
