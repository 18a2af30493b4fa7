init
formats_config | write .specmoor.yml
auth_spec | write specs/auth.md
write src/auth/login.rs 'fn login() {}
'
commit initial
# SM011 (a warning) reports the config line naming a missing section of the spec;
# its path `.specmoor.yml` sorts before the drifting code path
{
  printf 'owners:\n  - spec: specs/auth.md#FR-9\n    paths: ["src/auth/nine/**"]\n'
  formats_config
} | write .specmoor.yml
change src/auth/login.rs 1
commit "owner of a missing section, and drift"
