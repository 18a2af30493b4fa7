init
write .specmoor.yml "$EXTERNAL_CONFIG"
bare_auth 1.4.0 'a password' | write specs/auth.md
keep_a_changelog </dev/null | write CHANGELOG.md
write specs/billing.md <<'MD'
---
version: 1.0.0
---
# Billing

> **Changelog:**
> - **1.0.0** (2026-01-01): first
MD
commit initial
git tag v1.4.0
bare_auth 2.0.0 'a passkey' | write specs/auth.md
printf '## [2.0.0] - 2026-11-21\n\n### Changed\n\n- BREAKING: passwords are gone\n\n' | keep_a_changelog | write CHANGELOG.md
write specs/billing.md <<'MD'
---
version: 1.1.0
---
# Billing

> **Changelog:**
> - **1.1.0** (2026-11-21): invoices in *EUR*
> - **1.0.0** (2026-01-01): first
MD
commit "passkeys; invoices in euros"
