init
write specs/auth.md '---
version: 1.0.0
owns: ["src/auth/**", "docs/auth.md"]
---
# Auth
'
write src/auth/login.rs 'fn login() {}
'
write src/main.rs 'fn main() {}
'
write docs/auth.md '# Auth, for users
'
write docs/index.md '# Docs
'
write README.md '# Project
'
write LICENSE 'MIT
'
write .claude/commands/review.md 'Review this.
'
write .github/copilot-instructions.md 'Be brief.
'
write .cursor/rules/style.mdc 'Tabs.
'
write vendor/lib/x.c 'int x;
'
write .gitattributes 'vendor/** linguist-vendored
'
commit initial
