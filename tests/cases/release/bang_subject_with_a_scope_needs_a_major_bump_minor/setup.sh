tagged_repo
plain_bump minor $'feat(auth)!: passkeys replace passwords\n\nDetails.\n'
