# redteam 15 c: a package manager's stable symlink to a versioned binary
mkdir -p "$ROOT/Cellar/specmoor/0.1.0/bin" "$ROOT/bin"
ln "$SPECMOOR" "$ROOT/Cellar/specmoor/0.1.0/bin/specmoor" 2>/dev/null || cp "$SPECMOOR" "$ROOT/Cellar/specmoor/0.1.0/bin/specmoor"
ln -s "$ROOT/Cellar/specmoor/0.1.0/bin/specmoor" "$ROOT/bin/specmoor"
auth_repo
