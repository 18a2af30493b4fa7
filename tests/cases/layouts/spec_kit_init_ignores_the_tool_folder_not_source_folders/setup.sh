init
write .specify/memory/constitution.md '# Constitution
'
write specs/001-agent/spec.md '# Agent

Remembers things.
'
write agent/run.py 'def run(): pass
'
write memory/store.py 'def store(): pass
'
commit "spec-kit project with a memory package"
