init
config 'drift: {granularity: section}'
write specs/sessions.md <<'SPEC'
---
owns:
  login: ["src/a.rs"]
  session-storage: ["src/b.rs"]
  FR-7: ["src/c.rs"]
---
# Sessions

## Login flow {#login}
Password first.

```sh
# not a heading
run-login
```

## Session Storage
Cookies.

## FR-7: Expiry
A week.
SPEC
write src/a.rs 'a
'
write src/b.rs 'b
'
write src/c.rs 'c
'
commit initial
touch_code src/a.rs
touch_code src/b.rs
touch_code src/c.rs
# an edit below the fenced `# not a heading` line is still in section `login`
edit specs/sessions.md 'run-login' 'run-login --fast'
stage
