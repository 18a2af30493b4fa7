tagged_repo
plain_bump minor 'BREAKING CHANGE: only in the subject'
