tagged_repo
plain_bump minor Passkeys
