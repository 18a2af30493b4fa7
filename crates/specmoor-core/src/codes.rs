//! The vocabulary every layer shares: rule codes, severities and the rule table
//! (specs/rules.md RU-1). A leaf: it imports nothing of the crate.

use serde::Serialize;

/// A rule's code. Serialised (and displayed) as its `SMnnn` string; the only way to
/// name a rule in code, so a mistyped code does not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleCode {
    Drift,
    VersionBump,
    Changelog,
    GeneratedEdit,
    GeneratedStale,
    BreakingMajor,
    Unowned,
    SpecVersion,
    PendingImplementation,
    Waiver,
    DanglingOwner,
    ConfigChange,
    DuplicateRequirement,
    StaleTag,
    DanglingTag,
    AmbiguousTag,
}

impl RuleCode {
    /// Every rule, in code order.
    pub const ALL: [RuleCode; 16] = [
        RuleCode::Drift,
        RuleCode::VersionBump,
        RuleCode::Changelog,
        RuleCode::GeneratedEdit,
        RuleCode::GeneratedStale,
        RuleCode::BreakingMajor,
        RuleCode::Unowned,
        RuleCode::SpecVersion,
        RuleCode::PendingImplementation,
        RuleCode::Waiver,
        RuleCode::DanglingOwner,
        RuleCode::ConfigChange,
        RuleCode::DuplicateRequirement,
        RuleCode::StaleTag,
        RuleCode::DanglingTag,
        RuleCode::AmbiguousTag,
    ];

    /// `SM001` ... `SM0nn`.
    pub fn as_str(self) -> &'static str {
        const CODES: [&str; 16] = [
            "SM001", "SM002", "SM003", "SM004", "SM005", "SM006", "SM007", "SM008", "SM009",
            "SM010", "SM011", "SM012", "SM013", "SM014", "SM015", "SM016",
        ];
        CODES[self as usize]
    }

    /// The registry entry.
    pub fn info(self) -> &'static RuleInfo {
        &RULES[self as usize]
    }

    /// The rule's name (`drift`).
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The default severity.
    pub fn default_severity(self) -> Severity {
        self.info().default
    }

    /// A rule by code (`SM001`, any case) or name (`drift`).
    pub fn parse(code_or_name: &str) -> Option<RuleCode> {
        let k = code_or_name.trim();
        RULES
            .iter()
            .find(|r| r.code.as_str().eq_ignore_ascii_case(k) || r.name.eq_ignore_ascii_case(k))
            .map(|r| r.code)
    }

    /// [`RuleCode::parse`], or the nearest code or name when the key looks like a typo
    /// of one (`Err(Some(..))`).
    pub fn lookup(code_or_name: &str) -> Result<RuleCode, Option<&'static str>> {
        RuleCode::parse(code_or_name).ok_or_else(|| {
            let names: Vec<&'static str> = RULES
                .iter()
                .flat_map(|r| [r.code.as_str(), r.name])
                .collect();
            did_you_mean(code_or_name, &names)
        })
    }
}

impl std::fmt::Display for RuleCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The closest candidate, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()),
                *c,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
    pub code: RuleCode,
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
        code: RuleCode::Drift,
        name: "drift",
        default: Severity::Error,
        summary: "a changed path is owned by a spec (or section) that the changeset does not change",
        explain: "Code and its spec must move together. Every changed path (both sides of a rename, deleted paths too) is matched against the ownership globs: `owns:` in a spec's front matter (a list for the whole spec, or a map from section ID to globs) and `owners:` in .specmoor.yml. If the owning spec did not change in the same changeset, the spec no longer describes the code: that is drift. With `drift.granularity: section`, a path owned by a section needs that very section changed; with `drift.require: all`, every owner must change, not just one. Whitespace-only and line-ending-only edits to a spec do not count as changing it. Fix: update the named spec (section) in the same commit or pull request, or waive with a `Specmoor-Waive: SM001 <reason>` trailer when the change truly needs no spec update (a pure refactor).",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::VersionBump,
        name: "version-bump",
        default: Severity::Error,
        summary: "a spec's content changed and its version did not increase",
        explain: "A spec is a contract; when its content changes its version must increase (semver: patch for wording, minor for additions, major for breaking changes). Whitespace-only changes and changes confined to the version line and the changelog need no bump. Fix: run `specmoor bump SPEC minor -m \"what changed\"`.",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::Changelog,
        name: "changelog",
        default: Severity::Error,
        summary: "a spec's version changed and no changelog entry for the new version was added",
        explain: "Every new spec version needs a changelog entry that says what changed: a row, list item or sub-heading under the spec's Changelog / Revision History section, a front matter `changelog:` item, or an entry in the configured Keep a Changelog file. Fix: add the entry (or use `specmoor bump`, which writes both).",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::GeneratedEdit,
        name: "generated-edit",
        default: Severity::Error,
        summary: "a generated file changed and the spec it comes from did not",
        explain: "Generated files are outputs of a spec; a hand edit is lost at the next regeneration and the spec never learns about it. A file is generated when config `generated: [{paths, spec, inputs}]` says so, when its first 10 lines carry a `specmoor:generated-from SPEC[#SECTION] sha256=HEX` marker or a common one (`@generated`, Go's `// Code generated ... DO NOT EDIT.`, protobuf's `DO NOT EDIT!`), or when `.gitattributes` at the checked revision marks it `linguist-generated`. Its spec comes from the config entry, else the marker, else its owner; a generated file with no known spec is not checked. Modifying, deleting or renaming it needs its spec or one of the entry's `inputs` (templates, generator configs) changed in the same change. Generated files are judged by this rule instead of SM001. Fix: make the change in the spec (or generator), regenerate, and `specmoor stamp` the output.",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::GeneratedStale,
        name: "generated-stale",
        default: Severity::Warn,
        summary: "a generated file's recorded sha256 no longer matches its spec (section)",
        explain: "A `specmoor:generated-from SPEC[#SECTION] sha256=HEX` marker (in any comment syntax, within the first 10 lines) records the fingerprint of the spec text the file was generated from. The fingerprint is the lowercase hex sha256 of that text normalised: CRLF to LF, trailing whitespace trimmed on every line, trailing blank lines dropped, a final LF added. Without a section the text is the whole spec file (BOM dropped); with one it runs from the section's heading line to its last line (subsections included). When the spec moves on and the file is not regenerated, the recorded fingerprint no longer matches. `check` looks at generated files the change touched and at marked files configured for, or owned by, a spec the change touched; `coverage` looks at all of them. Fix: rerun the generator, then `specmoor stamp FILE` to record the new fingerprint.",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::BreakingMajor,
        name: "breaking-major",
        default: Severity::Error,
        summary: "a breaking marker is present and the spec's version is not a major bump (0.x: minor)",
        explain: "A breaking change (BREAKING in the new changelog entry, a `BREAKING CHANGE:` footer or `type!:` subject in a commit touching the spec, or a requirement ID that disappeared) needs a major version bump (a minor bump for 0.x). Fix: bump the major version, or remove the breaking marker if nothing breaks.",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::Unowned,
        name: "unowned",
        default: Severity::Off,
        summary: "a changed path is owned by no spec and is not ignored",
        explain: "Off by default. Turn it on (`rules: { unowned: warn }`) to find code that no spec describes. A changed path that matches no ownership glob, is not a spec, is not ignored (`ignore:` in .specmoor.yml; lock files and .github/** by default) and is not code by CF-8 is reported. Not code, unless a spec owns it: Markdown outside the specs, docs/ folders, images, licences, agent prompt folders (.agents/, .claude/, .cursor/, .github/), files .gitattributes marks `linguist-documentation` or `linguist-vendored`, and `not_code:` in .specmoor.yml (`!pattern` takes a default back). Fix: add the path to a spec's `owns:` (or `owners:` in .specmoor.yml), or to `not_code:` or `ignore:`.",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::SpecVersion,
        name: "spec-version",
        default: Severity::Error,
        summary: "a changed or added spec has no version, an unparsable one, or a lower one than at base",
        explain: "Every changed or added spec carries a semver version (front matter `version:`, a `**Version:**` line, a trailing vX.Y.Z in the first heading, a version at the end of its file name such as `SPEC-v1.2.0.md`, or else its newest changelog row) that never goes down. With `versioning: { applies_to: versioned }` only specs that carry a version at base or at head are judged (for specs that never carry one by design: OpenSpec, spec-kit features, Kiro), and a spec that loses its version is still reported. When the file name and the text both say a version they must agree. Fix: add or correct the version; `specmoor bump SPEC --set 1.0.0 -m \"First versioned release\"` gives an unversioned spec its first version and changelog entry in its own notation; for a file name, `git mv` it to the version the text says.",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::PendingImplementation,
        name: "pending-implementation",
        default: Severity::Off,
        summary: "a spec section changed and none of the paths it owns changed",
        explain: "Off by default. A changed spec section whose owned code did not change is a requirement not implemented yet. Fix: implement it in the same change, or leave the rule off for spec-first workflows.",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::Waiver,
        name: "waiver",
        default: Severity::Error,
        summary: "a waiver has no reason or names an unknown rule",
        explain: "A `Specmoor-Waive: <code|name|*> <reason>` trailer waives findings, and the reason is the audit trail. A waiver with no reason, or naming a rule that does not exist, is itself an error. Fix: write the rule and a reason: `Specmoor-Waive: SM001 pure refactor, no behaviour change`.",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::DanglingOwner,
        name: "dangling-owner",
        default: Severity::Warn,
        summary: "an ownership glob matches no file, or names a section that does not exist",
        explain: "Ownership that points at nothing protects nothing. `check` reports, for the specs and config entries the changeset touches: globs that match no file at the head revision (for example after code moved away), owners naming a spec or section that does not exist, and specs deleted while they still owned paths. `coverage` reports them repo-wide. Fix: update the glob or the section ID, or move the ownership to the spec that now describes that code.",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::ConfigChange,
        name: "config-change",
        default: Severity::Warn,
        summary: "the change edits .specmoor.yml, whose new rules apply only once it has landed",
        explain: "A change is judged by the rules in force before it: the config at the merge base for a range (a pull request, a push), at HEAD for a commit. So a pull request cannot switch off its own gate by editing .specmoor.yml; its edit takes effect once it has landed. This rule reports such an edit and summarises what it would change: rules switched off or made milder, owners and generated-file entries removed, globs dropped from owners, spec and generated-file lists, ignore and not-code patterns added, drift judged more loosely, the waiver label changed; or that the new config does not parse. Warning by default; make it an error (`rules: { config-change: error }`) to have every config edit reviewed as such, and waive it with `Specmoor-Waive: SM012 <reason>` when it is meant.",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::DuplicateRequirement,
        name: "duplicate-requirement",
        default: Severity::Warn,
        summary: "one requirement ID heads two sections of one spec document",
        explain: "A requirement ID (`FR-3`, `NFR-2`, `REQ-001`) at the start of a heading names one section; two headings `## FR-3: …` in one document make it ambiguous: an `owns:` key or an owner naming FR-3 resolves to the first, findings name a section a reader cannot find, and a requirement can be lost in a merge. `check` reports it for the spec documents a change adds or edits, naming both lines; `coverage` reports it repo-wide. Warning by default. Fix: give each requirement its own ID (renumber the later one, or merge the two sections).",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::StaleTag,
        name: "stale-tag",
        default: Severity::Error,
        summary: "a tag in code pins a major version its requirement's spec has moved past",
        explain: "A requirement tag in code may pin the version it implements (`@spec FR-1@1.2`, `REQ-001-v1.1`, OpenFastTrace's revision `[impl->dsn~login~1]`). Once the spec of that requirement moves to a new major version (a breaking change), the code was written against a contract that no longer holds. `check` reports a pinned tag whose region the change touches or whose line it adds or edits; `coverage` reports every one. A pin on a spec with no version is reported too. Fix: update the code and the tag together (`@spec FR-1@2`).",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::DanglingTag,
        name: "dangling-tag",
        default: Severity::Error,
        summary: "a tag in code names a requirement that does not exist, or the change removes one a tag names",
        explain: "A requirement tag (`@spec FR-1` in a comment) owns the lines below it for the requirement it names; one that names nothing protects nothing. `check` reports a tag in a changed code file that names no requirement at head, and a change that removes or renames a requirement section while a tag at head still names it (on the spec, listing the tags); `coverage` reports every dangling tag. Fix: correct the tag's ID (or write the address `@spec specs/x.md#FR-1`), or keep the requirement.",
        implemented: true,
    },
    RuleInfo {
        code: RuleCode::AmbiguousTag,
        name: "ambiguous-tag",
        default: Severity::Error,
        summary: "a tag in code names a requirement ID that several specs have",
        explain: "A bare requirement ID in a tag (`@spec FR-1`) is looked up in every spec; when more than one spec has a requirement with that ID, the tag's owner is unknown. `check` reports such a tag in a changed code file, naming the candidates; `coverage` reports every one. Fix: write the address instead: `@spec specs/auth.md#FR-1`.",
        implemented: true,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
        assert_eq!(RULES.len(), RuleCode::ALL.len());
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.code, RuleCode::ALL[i], "the table is in code order");
            assert_eq!(r.code.as_str(), format!("SM{:03}", i + 1));
            assert!(!r.explain.is_empty());
        }
    }

    #[test]
    fn lookup_by_code_or_name() {
        assert_eq!(RuleCode::parse("drift"), Some(RuleCode::Drift));
        assert_eq!(RuleCode::parse("sm011").unwrap().name(), "dangling-owner");
        assert!(RuleCode::parse("nope").is_none());
        assert_eq!(RuleCode::lookup("drfit"), Err(Some("drift")));
        assert_eq!(RuleCode::lookup("zzzzzz"), Err(None));
    }

    #[test]
    fn serialises_as_its_code() {
        assert_eq!(
            serde_json::to_string(&RuleCode::Waiver).unwrap(),
            "\"SM010\""
        );
    }
}
