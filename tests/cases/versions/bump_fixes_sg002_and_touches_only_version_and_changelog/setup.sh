seed_spec | repo_with specs/payments.md
edit specs/payments.md 'Charge the card once.' 'Charge the card once, idempotently.'
