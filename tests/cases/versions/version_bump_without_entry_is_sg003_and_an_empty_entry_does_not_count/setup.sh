front_matter_spec | repo_with specs/billing.md
edit specs/billing.md 'version: 1.1.0
changelog:' 'version: 1.2.0
changelog:'
edit specs/billing.md 'Charge once.' 'Charge once per order.'
stage
