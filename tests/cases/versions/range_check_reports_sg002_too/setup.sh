seed_spec | repo_with specs/payments.md
edit specs/payments.md 'Refunds within 30 days.' 'Refunds within 14 days.'
commit 'shorter refunds'
