auth_repo
# a folder 200,000 levels deep, owned with `folder/**`: matched by comparing bytes
# (its glob once made globset build an automaton for minutes, and a recursive
# folder walk overflowed the stack)
deep=$(printf 'd/%.0s' $(seq 200000))
printf -- '---\nversion: 1.0.0\nowns:\n  "*": ["%s**"]\n---\n# Deep\n' "$deep" | write specs/deep.md
stage
