# main and feature fork from X3, one commit each; depth 2 keeps X3
auth_repo
for i in 1 2 3; do
  write README "$i
"
  commit "X$i"
done
git checkout -q -b feature
touch_code src/auth/login.rs
commit F1
git checkout -q main
touch_code src/main.rs
commit M1
git clone -q --depth 2 --no-single-branch "file://$ROOT/repo" "$ROOT/clone"
