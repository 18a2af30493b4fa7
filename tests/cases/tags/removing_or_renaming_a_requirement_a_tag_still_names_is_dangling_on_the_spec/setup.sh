tags_repo
tags_spec | head -n 8 | write specs/auth.md
stage
