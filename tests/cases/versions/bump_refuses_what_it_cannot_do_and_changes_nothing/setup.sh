repo_with specs/plain.md <<'SPEC'
# Plain

No version here.
SPEC
