tags_repo
tags_code | head -n 6 | write src/auth.rs
stage
