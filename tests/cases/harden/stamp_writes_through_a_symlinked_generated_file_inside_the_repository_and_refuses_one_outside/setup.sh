# redteam 10, same writer: a generated file that is a link
auth_repo
write gen/real/client.rs 'fn client() {}
'
ln -s real/client.rs gen/client.rs
write ../outside.rs 'fn outside() {}
'
ln -s ../../outside.rs gen/outside.rs
commit "generated files behind links"
