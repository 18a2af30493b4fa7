# default rules (SM002 on); the FR-1 paragraph is rewrapped and one word changes
write .specmoor.yml 'version: 1
'
auth_repo
edit specs/auth.md 'Users log in with a password.' 'Users log in
with a passkey.'
stage
