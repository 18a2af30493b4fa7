tagged_repo
plain_bump major $'Passkeys for login\n\nBREAKING-CHANGE: passwords are gone\n'
