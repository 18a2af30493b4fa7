# versioning.applies_to: versioned — OpenSpec capabilities and spec-kit features carry no
# version by design; the version rules judge only the specs that do.
init
printf 'versioning: { applies_to: versioned }\n%s' "$CONFIG" >.specmoor.yml
front_matter_spec | write specs/billing.md
write specs/plain.md '# Plain

## FR-1: Thing
Text.
'
commit initial
