tagged_repo
plain_bump major $'feat(auth)!: passkeys replace passwords\n\nDetails.\n'
