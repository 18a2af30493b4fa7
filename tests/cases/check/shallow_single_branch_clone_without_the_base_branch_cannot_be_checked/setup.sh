diverged_origin
git clone -q --depth 1 --branch feature "file://$ROOT/repo" "$ROOT/clone"
