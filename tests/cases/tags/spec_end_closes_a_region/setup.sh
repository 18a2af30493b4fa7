tags_repo
write src/util.rs "// @spec FR-1
fn hash() {}
// @spec end

fn helper() {}
"
commit util
