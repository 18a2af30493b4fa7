# 50,000 requirement sections, every 10th owning a file; the pull request rewrites
# the 45,000 others and every owned file: touched sections were found with a scan of
# all sections per changed line, and each of the 5,000 findings' snippets (the owned
# sections are untouched) read the whole spec: minutes, then, and now seconds in a
# debug build)
init
config 'drift: {granularity: section}'
spec() {
  awk -v v="$1" -v body="$2" 'BEGIN {
    print "---"; print "version: " v; print "owns:"
    for (i = 0; i < 50000; i += 10) printf "  FR-%d: [\"src/f%d.rs\"]\n", i, i
    print "---"
    for (i = 0; i < 50000; i++) printf "\n# FR-%d: Requirement %d\n%s %d\n", i, i, (i % 10 ? body : "Body"), i
  }'
}
spec 1.0.0 "Body" | write specs/many.md
mkdir -p src && for i in $(seq 0 10 49999); do echo "fn f$i() {}" >src/f$i.rs; done
commit initial
spec 1.0.0 "Body rewritten" | write specs/many.md
for i in $(seq 0 10 49999); do echo "fn f$i() { 1 }" >src/f$i.rs; done
stage
