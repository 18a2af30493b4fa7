{ printf '\357\273\277'; seed_spec | awk '{ printf "%s\r\n", $0 }'; } | repo_with specs/payments.md
edit specs/payments.md 'Charge the card once.' 'Charge once.'
stage
