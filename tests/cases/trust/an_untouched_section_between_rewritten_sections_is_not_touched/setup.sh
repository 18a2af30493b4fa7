# redteam 03: FR-0 and FR-2 (20,000 lines each) rewritten, FR-1 between them untouched,
# the code FR-1 owns changed. The diff used to run out of a 2 s deadline on this and
# degrade to one replace that marked FR-1 as touched: the drift passed.
init
config 'drift: {granularity: section}'
gen() {
  {
    printf -- '---\nversion: 1.0.0\nowns:\n  FR-1: ["src/login.rs"]\n---\n# Spec\n\n## FR-0: Bulk A\n'
    seq 0 19999 | awk -v t="$1" '{print t " line " $1 " of section zero"}'
    printf '\n## FR-1: Login\nUsers log in with a password.\n\n## FR-2: Bulk B\n'
    seq 0 19999 | awk -v t="$1" '{print t " line " $1 " of section two"}'
  } >specs/s.md
}
mkdir -p specs src
gen old
write src/login.rs 'fn login() {}
'
commit base
gen new
write src/login.rs 'fn login() { evil() }
'
stage
