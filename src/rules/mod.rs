//! The rule registry (PRODUCT.md P-2) and the context rules run on. Rules are pure
//! functions from a [`Context`] to findings; one rule per file.

pub mod breaking_major;
pub mod changelog;
pub mod dangling_owner;
pub mod drift;
pub mod generated_edit;
pub mod generated_stale;
pub mod pending_implementation;
pub mod spec_version;
pub mod unowned;
pub mod version_bump;

use crate::config::Config;
use crate::glob::Lists;
use crate::model::FileChange;
use crate::report::Finding;
use crate::specset::{OwnerTarget, SpecSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Warn,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Warn => "warn",
            Severity::Error => "error",
        }
    }
}

/// A rule as the registry knows it.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub default: Severity,
    /// One line: when it fires.
    pub summary: &'static str,
    /// One paragraph for `specmoor explain`.
    pub explain: &'static str,
    /// Whether this version of specmoor enforces it.
    pub implemented: bool,
}

pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        code: "SM001",
        name: "drift",
        default: Severity::Error,
        summary: "a changed path is owned by a spec (or section) that the changeset does not change",
        explain: "Code and its spec must move together. Every changed path (both sides of a rename, deleted paths too) is matched against the ownership globs: `owns:` in a spec's front matter (a list for the whole spec, or a map from section ID to globs) and `owners:` in .specmoor.yml. If the owning spec did not change in the same changeset, the spec no longer describes the code: that is drift. With `drift.granularity: section`, a path owned by a section needs that very section changed; with `drift.require: all`, every owner must change, not just one. Whitespace-only and line-ending-only edits to a spec do not count as changing it. Fix: update the named spec (section) in the same commit or pull request, or waive with a `Specmoor-Waive: SM001 <reason>` trailer when the change truly needs no spec update (a pure refactor).",
        implemented: true,
    },
    RuleInfo {
        code: "SM002",
        name: "version-bump",
        default: Severity::Error,
        summary: "a spec's content changed and its version did not increase",
        explain: "A spec is a contract; when its content changes its version must increase (semver: patch for wording, minor for additions, major for breaking changes). Whitespace-only changes and changes confined to the version line and the changelog need no bump. Fix: run `specmoor bump SPEC minor -m \"what changed\"`.",
        implemented: true,
    },
    RuleInfo {
        code: "SM003",
        name: "changelog",
        default: Severity::Error,
        summary: "a spec's version changed and no changelog entry for the new version was added",
        explain: "Every new spec version needs a changelog entry that says what changed: a row, list item or sub-heading under the spec's Changelog / Revision History section, a front matter `changelog:` item, or an entry in the configured Keep a Changelog file. Fix: add the entry (or use `specmoor bump`, which writes both).",
        implemented: true,
    },
    RuleInfo {
        code: "SM004",
        name: "generated-edit",
        default: Severity::Error,
        summary: "a generated file changed and the spec it comes from did not",
        explain: "Generated files are outputs of a spec; a hand edit is lost at the next regeneration and the spec never learns about it. A file is generated when config `generated: [{paths, spec, inputs}]` says so, when its first 10 lines carry a `specmoor:generated-from SPEC[#SECTION] sha256=HEX` marker or a common one (`@generated`, Go's `// Code generated ... DO NOT EDIT.`, protobuf's `DO NOT EDIT!`), or when `.gitattributes` at the checked revision marks it `linguist-generated`. Its spec comes from the config entry, else the marker, else its owner; a generated file with no known spec is not checked. Modifying, deleting or renaming it needs its spec or one of the entry's `inputs` (templates, generator configs) changed in the same change. Generated files are judged by this rule instead of SM001. Fix: make the change in the spec (or generator), regenerate, and `specmoor stamp` the output.",
        implemented: true,
    },
    RuleInfo {
        code: "SM005",
        name: "generated-stale",
        default: Severity::Warn,
        summary: "a generated file's recorded sha256 no longer matches its spec (section)",
        explain: "A `specmoor:generated-from SPEC[#SECTION] sha256=HEX` marker (in any comment syntax, within the first 10 lines) records the fingerprint of the spec text the file was generated from. The fingerprint is the lowercase hex sha256 of that text normalised: CRLF to LF, trailing whitespace trimmed on every line, trailing blank lines dropped, a final LF added. Without a section the text is the whole spec file (BOM dropped); with one it runs from the section's heading line to its last line (subsections included). When the spec moves on and the file is not regenerated, the recorded fingerprint no longer matches. `check` looks at generated files the change touched and at marked files configured for, or owned by, a spec the change touched; `coverage` looks at all of them. Fix: rerun the generator, then `specmoor stamp FILE` to record the new fingerprint.",
        implemented: true,
    },
    RuleInfo {
        code: "SM006",
        name: "breaking-major",
        default: Severity::Error,
        summary: "a breaking marker is present and the spec's version is not a major bump (0.x: minor)",
        explain: "A breaking change (BREAKING in the new changelog entry, a `BREAKING CHANGE:` footer or `type!:` subject in a commit touching the spec, or a requirement ID that disappeared) needs a major version bump (a minor bump for 0.x). Fix: bump the major version, or remove the breaking marker if nothing breaks.",
        implemented: true,
    },
    RuleInfo {
        code: "SM007",
        name: "unowned",
        default: Severity::Off,
        summary: "a changed path is owned by no spec and is not ignored",
        explain: "Off by default. Turn it on (`rules: { unowned: warn }`) to find code that no spec describes. A changed path that matches no ownership glob, is not a spec and is not ignored (`ignore:` in .specmoor.yml; lock files and .github/** by default) is reported. Fix: add the path to a spec's `owns:` (or `owners:` in .specmoor.yml), or to `ignore:`.",
        implemented: true,
    },
    RuleInfo {
        code: "SM008",
        name: "spec-version",
        default: Severity::Error,
        summary: "a changed or added spec has no version, an unparsable one, or a lower one than at base",
        explain: "Every changed or added spec carries a semver version (front matter `version:`, a `**Version:**` line, or a trailing vX.Y.Z in the first heading) that never goes down. Fix: add or correct the version.",
        implemented: true,
    },
    RuleInfo {
        code: "SM009",
        name: "pending-implementation",
        default: Severity::Off,
        summary: "a spec section changed and none of the paths it owns changed",
        explain: "Off by default. A changed spec section whose owned code did not change is a requirement not implemented yet. Fix: implement it in the same change, or leave the rule off for spec-first workflows.",
        implemented: true,
    },
    RuleInfo {
        code: "SM010",
        name: "waiver",
        default: Severity::Error,
        summary: "a waiver has no reason or names an unknown rule",
        explain: "A `Specmoor-Waive: <code|name|*> <reason>` trailer waives findings, and the reason is the audit trail. A waiver with no reason, or naming a rule that does not exist, is itself an error. Fix: write the rule and a reason: `Specmoor-Waive: SM001 pure refactor, no behaviour change`.",
        implemented: true,
    },
    RuleInfo {
        code: "SM011",
        name: "dangling-owner",
        default: Severity::Warn,
        summary: "an ownership glob matches no file, or names a section that does not exist",
        explain: "Ownership that points at nothing protects nothing. `check` reports, for the specs and config entries the changeset touches: globs that match no file at the head revision (for example after code moved away), owners naming a spec or section that does not exist, and specs deleted while they still owned paths. `coverage` reports them repo-wide. Fix: update the glob or the section ID, or move the ownership to the spec that now describes that code.",
        implemented: true,
    },
];

/// A rule by code (`SM001`, any case) or name (`drift`).
pub fn info(code_or_name: &str) -> Option<&'static RuleInfo> {
    let k = code_or_name.trim();
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(k) || r.name.eq_ignore_ascii_case(k))
}

/// Everything a rule may look at. Built once by the engine; rules never do I/O.
pub struct Context<'a> {
    pub config: &'a Config,
    pub changes: &'a [FileChange],
    pub specs: &'a SpecSet,
    pub owners: &'a Lists<OwnerTarget>,
    pub ignore: &'a Lists<()>,
    /// Of the globs SM011 looks at ([`dangling_owner::wanted`] in `check`, all in
    /// `coverage`), those that match no file at the head side (sorted; `None` when
    /// SM011 is off).
    pub unmatched: Option<&'a [(usize, usize)]>,
    /// Whether the config file itself is part of the changeset.
    pub config_changed: bool,
    /// Entries of the external changelog file (`changelog.file`) at head, if configured.
    pub external_changelog: Option<&'a [crate::spec::changelog::Entry]>,
    /// Generated files of the changeset, and unchanged ones a changed spec may have
    /// left stale.
    pub generated: &'a [crate::generated::GenFile],
    /// Breaking markers in commit messages of the range (and the message being
    /// written), with the paths each commit changed (`None`: the whole changeset).
    pub commit_markers: &'a [CommitMarkers],
}

/// The breaking markers of one commit message.
#[derive(Debug, Clone)]
pub struct CommitMarkers {
    pub paths: Option<Vec<gix::bstr::BString>>,
    pub markers: Vec<crate::breaking::Marker>,
}

impl Context<'_> {
    /// Changed paths that count as code: not specs, not ignored, and not generated
    /// from a known spec (SM004 governs those). Sorted, unique.
    pub fn code_paths(&self) -> Vec<&gix::bstr::BStr> {
        let generated: std::collections::BTreeSet<&[u8]> = self
            .generated
            .iter()
            .filter(|g| g.status.is_some() && g.spec.is_some())
            .flat_map(|g| g.paths.iter().map(|p| p.as_slice()))
            .collect();
        let mut v: Vec<&gix::bstr::BStr> = self
            .changes
            .iter()
            .flat_map(|c| c.paths())
            .filter(|p| !self.specs.is_spec_path(p) && !self.ignore.is_match(p))
            .filter(|p| !generated.contains(p.as_ref() as &[u8]))
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Specs the version rules judge: changed or added, not deleted or conflicted, with
/// their main document at head.
pub(crate) fn versioned_specs<'a>(
    ctx: &'a Context,
) -> impl Iterator<Item = (&'a crate::specset::SpecUnit, &'a crate::spec::SpecDoc)> {
    ctx.specs
        .units
        .values()
        .filter(|u| (u.touched || u.added) && !u.deleted && !u.conflicted)
        .filter_map(|u| u.main_doc().map(|d| (u, d)))
}

/// Run every enabled rule.
pub fn run(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let enabled = |code: &str| ctx.config.severity(code) != Severity::Off;
    if enabled("SM001") {
        let t = crate::timing::phase("rule SM001");
        out.extend(drift::check(ctx));
        t.done();
    }
    if enabled("SM002") {
        let t = crate::timing::phase("rule SM002");
        out.extend(version_bump::check(ctx));
        t.done();
    }
    if enabled("SM003") {
        let t = crate::timing::phase("rule SM003");
        out.extend(changelog::check(ctx));
        t.done();
    }
    if enabled("SM008") {
        let t = crate::timing::phase("rule SM008");
        out.extend(spec_version::check(ctx));
        t.done();
    }
    if enabled("SM004") {
        let t = crate::timing::phase("rule SM004");
        out.extend(generated_edit::check(ctx));
        t.done();
    }
    if enabled("SM005") {
        let t = crate::timing::phase("rule SM005");
        out.extend(generated_stale::check(ctx));
        t.done();
    }
    if enabled("SM006") {
        let t = crate::timing::phase("rule SM006");
        out.extend(breaking_major::check(ctx));
        t.done();
    }
    if enabled("SM007") {
        let t = crate::timing::phase("rule SM007");
        out.extend(unowned::check(ctx));
        t.done();
    }
    if enabled("SM009") {
        let t = crate::timing::phase("rule SM009");
        out.extend(pending_implementation::check(ctx));
        t.done();
    }
    if enabled("SM011") {
        let t = crate::timing::phase("rule SM011");
        out.extend(dangling_owner::check(ctx));
        t.done();
    }
    for f in &mut out {
        // a finding a rule marked milder than the rule's default stays milder
        let configured = ctx.config.severity(f.code);
        let default = info(f.code).map(|r| r.default).unwrap_or(Severity::Error);
        f.severity = if f.severity < default {
            f.severity.min(configured)
        } else {
            configured
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes: Vec<_> = RULES.iter().map(|r| r.code).collect();
        let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
        codes.sort();
        codes.dedup();
        names.sort();
        names.dedup();
        assert_eq!(codes.len(), RULES.len());
        assert_eq!(names.len(), RULES.len());
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.code, format!("SM{:03}", i + 1));
            assert!(!r.explain.is_empty());
        }
    }

    #[test]
    fn lookup_by_code_or_name() {
        assert_eq!(info("drift").unwrap().code, "SM001");
        assert_eq!(info("sm011").unwrap().name, "dangling-owner");
        assert!(info("nope").is_none());
    }
}
