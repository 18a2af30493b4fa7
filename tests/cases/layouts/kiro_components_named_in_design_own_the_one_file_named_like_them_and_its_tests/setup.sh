init
write .kiro/specs/http-server/requirements.md <<'MD'
# Requirements Document

### Requirement 1

1. WHEN the app starts THEN the server SHALL listen on the configured port
MD
write .kiro/specs/http-server/design.md <<'MD'
# Design Document

## Components

**ServerLifecycle** starts and stops the listener; `RequestRouter.route()` picks a
handler. The `Config` type and the `Logger` are shared with everything else.

### UploadHandler

Streams request bodies to disk.

```swift
class ServerLifecycle {}   // a class in a code block names nothing by itself
```
MD
write Sources/Server/ServerLifecycle.swift 'final class ServerLifecycle {}
'
write Sources/Server/RequestRouter.swift 'struct RequestRouter {}
'
write Sources/Server/UploadHandler.swift 'struct UploadHandler {}
'
write Sources/Shared/Config.swift 'struct Config {}
'
write Sources/Shared/Logger.swift 'struct Logger {}
'
write Sources/Legacy/RequestRouter.swift 'struct OldRouter {}
'
write ServerTests/ServerLifecycleTests.swift 'final class ServerLifecycleTests {}
'
write ServerTests/UploadHandlerTests.swift 'final class UploadHandlerTests {}
'
commit "Kiro project whose design names its components"
