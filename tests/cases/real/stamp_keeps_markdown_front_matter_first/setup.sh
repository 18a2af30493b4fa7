# An agent skill generated from a spec: SKILL.md opens with YAML front matter that
# its loader reads only when `---` is the first line.
init
write .specmoor.yml 'version: 1
specs: ["specs/**/*.md"]
generated:
  - paths: ["skills/**"]
    spec: specs/review.md
rules:
  SM002: off
  SM003: off
'
write specs/review.md '---
version: 1.0.0
---
# Review

## RV-1: Checklist
Every review reads the tests first.
'
write skills/review/SKILL.md '---
name: review
description: Reviews a change
allowed-tools: [Read, Grep]
---
# Review

Read the tests first.
'
write docs/unclosed.md '---
title: never closed
# Body
'
commit initial
