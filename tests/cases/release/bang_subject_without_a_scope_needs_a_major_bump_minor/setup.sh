tagged_repo
plain_bump minor 'refactor!: passkeys only'
