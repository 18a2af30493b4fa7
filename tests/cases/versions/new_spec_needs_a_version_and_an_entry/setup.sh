seed_spec | repo_with specs/payments.md
write specs/new.md '# New

## FR-1: Thing
Text.
'
stage
