init
config "tags:
  syntax: [implements, oft, versioned-id]
  patterns: ['\bSatisfies (?P<id>[A-Z]+-\d+)']
drift: { granularity: section }"
write specs/app.md "---
version: 1.0.0
---
# App

## FR-3: Export
Data exports.

## Login
\`dsn~login~1\`

Users log in.

## REQ-001: Audit
Actions are audited.

## SR-9: Rate limit
Requests are limited.
"
write src/app.rs "// Implements FR-3
fn export() {}

// [impl->dsn~login~1]
fn login() {}

// REQ-001-v1.1
fn audit() {}

// Satisfies SR-9
fn limit() {}

// @spec FR-3 is not read: the specmoor syntax is not listed
fn other() {}
"
commit initial
sed -i "s/() {}/() { todo!() }/" src/app.rs
stage
