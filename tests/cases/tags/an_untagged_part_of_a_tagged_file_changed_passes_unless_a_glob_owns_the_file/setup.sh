tags_repo
edit src/auth.rs "use std::io;" "use std::fs;"
stage
