base_repo
edit specs/auth.md 'Users log out.' 'Users log out now.'
commit $'feat(auth)!: old news\n\nBREAKING CHANGE: long ago\n'
git tag v1.4.0
plain_bump minor Passkeys
