init
write .kiro/specs/kiro-hooks/requirements.md <<'MD'
# Requirements Document

## Introduction

The hook files are checked before release.

### Requirement 1

1. WHEN a hook file is malformed THEN the validator SHALL fail
MD
write .kiro/specs/order-sync/requirements.md <<'MD'
# Requirements Document

### Requirement 1

1. WHEN an order changes THEN the system SHALL sync it within a minute
MD
write .kiro/specs/order-sync/design.md <<'MD'
# Design Document

## Architecture

The queue consumer lives in `services/sync/consumer.py`; retries reuse
[the backoff helper](services/sync/backoff.py).
MD
write .kiro/specs/order-sync/tasks.md <<'MD'
# Implementation Plan

- [ ] 1. Consume order events (P)
  - _Boundary: OrderMapper, RetryPolicy_
  - _Requirements: 1_
- [ ] 2. Expose sync status
MD
write .kiro/steering/product.md '# Product
'
write scripts/validate-kiro-hooks.mjs 'export {};
'
write scripts/release.mjs 'export {};
'
write services/sync/consumer.py 'pass
'
write services/sync/backoff.py 'pass
'
write services/sync/order_mapper.py 'pass
'
write services/sync/retry_policy.py 'pass
'
write services/sync/tests/test_consumer.py 'pass
'
write services/web/app.py 'pass
'
commit "Kiro project whose designs and tasks name their code"
