# default rules (SM002 on); the FR-1 paragraph is rewrapped and re-spaced only
write .specmoor.yml 'version: 1
'
auth_repo
edit specs/auth.md 'Users log in with a password.' 'Users  log in
with a   password.'
edit specs/auth.md '## FR-2: Logout' '## FR-2:  Logout'
stage
