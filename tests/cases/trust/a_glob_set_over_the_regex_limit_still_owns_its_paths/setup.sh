# 10,000 globs under one literal prefix (src/auth) overflow globset's 10 MiB regex
# limit as one set; they used to be dropped silently and the code owned by none
# (redteam 02: rc 0 and "no owner" at 10,000 globs).
init
config ""
{
  printf -- '---\nversion: 1.0.0\nowns:\n  "*":\n    - "src/auth/*.{rs,ts}"\n'
  awk 'BEGIN { for (i = 0; i < 10000; i++) printf "    - \"src/auth/**/name%d.{rs,ts}\"\n", i }'
  printf -- '---\n# Auth\n'
} | write specs/auth.md
write src/auth/login.rs 'fn login() {}
'
commit "spec with 10,000 extra globs"
write src/auth/login.rs 'fn login() { evil() }
'
write src/auth/deep/name9999.ts 'evil'
stage
