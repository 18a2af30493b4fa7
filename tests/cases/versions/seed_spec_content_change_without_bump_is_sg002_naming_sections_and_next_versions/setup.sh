seed_spec | repo_with specs/payments.md
edit specs/payments.md 'Charge the card once.' 'Charge the card once, idempotently.'
edit specs/payments.md 'Refunds within 30 days.' 'Refunds within 60 days.'
stage
