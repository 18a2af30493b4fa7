# README "Tags in code: owning a function", its coverage part: the example's files,
# then a requirement with no code yet and a tag naming a requirement that is not there
init
write .specmoor.yml 'drift: { granularity: section }
'
tags_spec | write specs/auth.md
tags_code | write src/auth.rs
printf '\n## FR-3: Lockout\nFive failed logins lock the account.\n' >>specs/auth.md
printf '\n// @spec FR-4\nfn unlock() {}\n' >>src/auth.rs
commit initial
