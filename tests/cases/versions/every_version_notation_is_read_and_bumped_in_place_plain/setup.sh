repo_with specs/c.md <<'SPEC'
# Constitution

Version: 2.0.0

## Principles
Be kind.

## Changelog

- 0.1.0: start
SPEC
edit specs/c.md 'Be kind.' 'Be kind and brief.'
stage
