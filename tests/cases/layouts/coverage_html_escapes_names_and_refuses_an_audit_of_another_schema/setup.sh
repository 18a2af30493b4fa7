init
write specs/auth.md '---
version: 1.0.0
owns: ["src/auth/**"]
---
# Auth
'
write src/auth/login.rs 'fn login() {}
'
write 'src/<b onmouseover="x">&/main.rs' 'fn main() {}
'
commit initial
write report.json '{"schema": "specmoor.report/1", "findings": []}'
write audit.json '{"schema": "specmoor.audit/1", "commits": [{"findings": [{"code": "SM001", "path": "src/auth/login.rs"}]}]}'
