init
formats_config | write .specmoor.yml
write 'specs/<b>x</b>_[s](http).md' '---
version: 1.0.0
owns: ["src/**"]
---
# T

## FR-1: A
Text.
'
write src/ok.rs 'fn ok() {}
'
commit initial
for n in 'src/<img src=x onerror=alert(1)>.rs' 'src/[click](javascript&colon;alert(1)).rs' \
  'src/`code` *bold* _em_ @team #1 a:b |c|.rs' 'src/$(touch pwned).rs'; do
  write "$n" 'fn h() {}
'
done
commit hostile
