tagged_repo
plain_bump minor $'Passkeys for login\n\nBREAKING-CHANGE: passwords are gone\n'
