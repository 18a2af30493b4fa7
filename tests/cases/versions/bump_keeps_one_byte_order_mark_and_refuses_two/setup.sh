init
mkdir -p specs
printf '\xef\xbb\xbf---\nversion: 1.0.0\n---\n# One\n' > specs/one.md
printf '\xef\xbb\xbf\xef\xbb\xbf---\nversion: 1.0.0\n---\n# Two\n' > specs/two.md
commit initial
