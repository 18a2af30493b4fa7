tags_repo
write src/session.rs "// @spec FR-2
fn end_session() {}
"
stage
