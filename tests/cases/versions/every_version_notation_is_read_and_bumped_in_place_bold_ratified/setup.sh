repo_with specs/c.md <<'SPEC'
# Constitution

**Version**: 1.3.2 | **Ratified**: 2025-06-01

## Principles
Be kind.

## Changelog

- 0.1.0: start
SPEC
edit specs/c.md 'Be kind.' 'Be kind and brief.'
stage
