base_repo
table 1.5.0 'Logout is sign-out' | auth_md 1.5.0 'a password' | write specs/auth.md
edit specs/auth.md '## FR-2: Logout
Users log out.' '## FR-2: Sign out
Users sign out.'
stage
