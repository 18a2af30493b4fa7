config $'rules:\n  unowned: error'
auth_repo
# what coding agents, documentation and licences add to a repository
write .claude/agents/reviewer.md 'You review code.
'
write .cursor/rules/style.mdc 'Use tabs.
'
write .agents/prompts/plan.txt 'Plan first.
'
write AGENTS.md '# Agents
'
write README.md '# Project
'
write packages/web/README.md '# Web
'
write docs/guide.txt 'How to use it.
'
write assets/logo.png 'PNG'
write LICENSE 'MIT
'
write src/new.rs 'fn new() {}
'
stage
