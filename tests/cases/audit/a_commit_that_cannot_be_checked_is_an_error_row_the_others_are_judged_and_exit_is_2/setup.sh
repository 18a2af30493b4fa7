audit_history
# the src/auth tree of `logout: extract end()` (HEAD~1; HEAD shares it) goes missing
tree=$(git rev-parse HEAD~1:src/auth)
rm -f ".git/objects/${tree:0:2}/${tree:2}"
