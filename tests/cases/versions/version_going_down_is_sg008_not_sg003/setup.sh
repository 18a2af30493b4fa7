seed_spec | repo_with specs/payments.md
edit specs/payments.md '**Version:** 1.0' '**Version:** 0.9'
stage
