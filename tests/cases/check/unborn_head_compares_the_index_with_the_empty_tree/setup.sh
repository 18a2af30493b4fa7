init
config ""
auth_spec | write specs/auth.md
stage
