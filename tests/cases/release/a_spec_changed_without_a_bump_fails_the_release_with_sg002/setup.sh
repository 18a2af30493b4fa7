tagged_repo
passkeys
commit 'Passkeys, forgot the bump'
