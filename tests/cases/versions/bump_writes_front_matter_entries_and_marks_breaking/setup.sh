front_matter_spec | repo_with specs/billing.md
edit specs/billing.md 'Charge once.' 'Charge twice.'
