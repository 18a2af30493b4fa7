base_repo 'version: 1
rules:
  SM006: error
'
passkeys
bump specs/auth.md major -m Passkeys >/dev/null
stage
