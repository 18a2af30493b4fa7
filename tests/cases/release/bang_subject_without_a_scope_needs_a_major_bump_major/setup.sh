tagged_repo
plain_bump major 'refactor!: passkeys only'
