auth_repo
write legacy/session.rs 'fn session() {}
'
write legacy/old.rs 'fn old() {}
'
write legacy/tmp.rs 'fn tmp() {}
'
commit "legacy code no spec owns"
commit_config 'rules:
  unowned: error
  drift: error'
git mv legacy/session.rs src/auth/session.rs
git rm -q legacy/old.rs
git mv legacy/tmp.rs scratch/tmp.rs 2>/dev/null || { mkdir -p scratch && git mv legacy/tmp.rs scratch/tmp.rs; }
printf '\n' >> specs/auth.md
edit specs/auth.md 'Users log out.' 'Users log out; sessions end.'
stage
