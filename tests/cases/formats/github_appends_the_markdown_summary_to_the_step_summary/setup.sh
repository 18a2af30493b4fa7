base_repo
change src/auth/login.rs 1
commit login
printf '# Earlier step\n\nsomething it wrote\n' >"$ROOT/step-summary.md"
