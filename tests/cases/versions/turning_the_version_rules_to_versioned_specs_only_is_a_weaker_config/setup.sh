init
printf '%s' "$CONFIG" >.specmoor.yml
front_matter_spec | write specs/billing.md
commit initial
