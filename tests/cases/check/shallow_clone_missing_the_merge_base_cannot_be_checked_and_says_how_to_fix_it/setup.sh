diverged_origin
git clone -q --depth 1 --no-single-branch "file://$ROOT/repo" "$ROOT/clone"
