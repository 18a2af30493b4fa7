tags_repo
edit src/auth.rs "// @spec FR-2" "// @spec FR-9"
stage
