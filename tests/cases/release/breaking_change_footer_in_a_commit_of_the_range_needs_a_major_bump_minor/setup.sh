tagged_repo
plain_bump minor $'Passkeys for login\n\nPasswords are not accepted any more.\n\nBREAKING CHANGE: passwords are gone\nRefs: #12\n'
