scope_repo
# one change per kind of owner
write src/auth/login.rs 'fn login2() {}
'
write db/schema.sql 'create table t (y int);
'
write ops/deploy.sh 'echo deploy2
'
write src/billing/vendor/lib.rs 'fn lib2() {}
'
stage
