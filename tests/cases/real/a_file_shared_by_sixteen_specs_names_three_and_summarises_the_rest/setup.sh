# sixteen feature specs all name the shared error module
init
config ""
for i in $(seq -w 1 16); do
  write specs/feature-$i.md "---
version: 1.0.0
owns:
  \"*\": [\"src/shared/errors.rs\", \"src/feature_$i/**\"]
---
# Feature $i
"
done
write src/shared/errors.rs 'pub enum Error {}
'
commit initial
write src/shared/errors.rs 'pub enum Error { Timeout }
'
stage
