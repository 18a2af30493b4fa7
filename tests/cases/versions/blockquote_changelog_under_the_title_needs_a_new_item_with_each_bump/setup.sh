# a metadata blockquote under the title: the version line and a `**Changelog:**`
# with `**vX.Y.Z: …**` items, newest first
repo_with specs/ledger.md <<'SPEC'
# Ledger Spec

> **Version:** 1.4.0
> **Status:** Draft
> **Changelog:**
> - **v1.4.0: Added refunds**
> - **v1.3.0: Split fees**
>   and taxes

## FR-1: Post
Post each entry once.
SPEC
