config $'rules:\n  unowned: error'
auth_repo
write .gitattributes 'third_party/** linguist-vendored
third_party/ours/** -linguist-vendored
manual/** linguist-documentation
'
write third_party/zlib/inflate.c 'int inflate(void);
'
write third_party/ours/patch.c 'int patch(void);
'
write manual/install.txt 'Install it.
'
write src/extra.rs 'fn extra() {}
'
stage
