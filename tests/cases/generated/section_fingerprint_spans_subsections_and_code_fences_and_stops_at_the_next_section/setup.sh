init
cfg
write specs/api.md '---
version: 1.0.0
owns: ["gen/**"]
---
# API

## FR-1: Server
The server listens on port 8080.

## FR-2: Client
The client retries three times.

```sh
# not a heading
## nor this
```

### FR-2.1: Backoff
Exponential.

## FR-3: Audit
Everything is logged.
'
write gen/client.rs 'fn client() {}
'
commit initial
specmoor stamp gen/client.rs --spec specs/api.md#FR-2 >/dev/null
commit stamp
