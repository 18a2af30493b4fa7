init
config "rules:
  SM012: error"
tags_repo
