init
write specs/003-search/spec.md <<'MD'
# Search

Find things.
MD
write pkg/search/index.go 'package search
'
commit initial
