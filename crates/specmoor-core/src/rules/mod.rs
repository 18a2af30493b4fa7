//! The rule registry (specs/rules.md RU-1) and the context rules run on. Rules are
//! pure functions from a [`Context`] to findings; one rule per file, each a [`Rule`]
//! listed in [`REGISTRY`]. [`judge`] is the one place that runs them and applies
//! severities and waivers.

pub mod ambiguous_tag;
pub mod breaking_major;
pub mod changelog;
pub mod config_change;
pub mod dangling_owner;
pub mod dangling_tag;
pub mod drift;
pub mod duplicate_requirement;
pub mod generated_edit;
pub mod generated_stale;
pub mod pending_implementation;
pub mod spec_version;
pub mod stale_tag;
pub mod unowned;
pub mod version_bump;

pub use crate::codes::{RuleCode, RuleInfo, Severity, RULES};
use crate::config::Config;
use crate::finding::Finding;
use crate::glob::Lists;
use crate::model::FileChange;
use crate::specset::{OwnerTarget, SpecSet};
use crate::waiver::{BadWaiver, Waiver};

/// What a rule needs the engine to gather beyond the changeset, the specs and their
/// ownership. The engine reads only what the enabled rules need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// Ownership globs that match no file at the head side ([`Context::unmatched`]).
    pub unmatched_globs: bool,
    /// The generated files of the change ([`Context::generated`]).
    pub generated: bool,
    /// Also the unchanged marked files a touched spec may have left stale (which
    /// means listing files at the head side).
    pub stale_markers: bool,
    /// The new config, when the change edits it ([`Context::config_edit`]).
    pub config_edit: bool,
    /// Whether the change of a modified code file SM001 would report is
    /// whitespace-only ([`Context::whitespace_only`]): both of its blobs are read.
    pub whitespace: bool,
    /// Requirement tags in the changed code files ([`Context::tags`], specs/tags.md).
    pub tags: bool,
}

impl Needs {
    fn or(self, o: Needs) -> Needs {
        Needs {
            unmatched_globs: self.unmatched_globs || o.unmatched_globs,
            generated: self.generated || o.generated,
            stale_markers: self.stale_markers || o.stale_markers,
            config_edit: self.config_edit || o.config_edit,
            whitespace: self.whitespace || o.whitespace,
            tags: self.tags || o.tags,
        }
    }
}

/// A rule: its code, what it needs read, and its judgement.
pub trait Rule: Sync {
    fn code(&self) -> RuleCode;
    /// Inputs beyond the changeset, specs and ownership.
    fn needs(&self) -> Needs {
        Needs::default()
    }
    /// Findings on a changeset.
    fn check(&self, ctx: &Context) -> Vec<Finding>;
    /// Findings on the whole repository at one revision (`coverage`), for the rules
    /// that have a repository-wide form.
    fn repo_wide(&self, _ctx: &Context) -> Option<Vec<Finding>> {
        None
    }
}

/// Every rule the engine runs, in the order it runs them. SM010 (waiver) is not here:
/// it judges waivers, in [`judge`].
pub const REGISTRY: &[&dyn Rule] = &[
    &drift::Drift,
    &version_bump::VersionBump,
    &changelog::Changelog,
    &spec_version::SpecVersion,
    &generated_edit::GeneratedEdit,
    &generated_stale::GeneratedStale,
    &breaking_major::BreakingMajor,
    &unowned::Unowned,
    &pending_implementation::PendingImplementation,
    &dangling_owner::DanglingOwner,
    &config_change::ConfigChange,
    &duplicate_requirement::DuplicateRequirement,
    &stale_tag::StaleTag,
    &dangling_tag::DanglingTag,
    &ambiguous_tag::AmbiguousTag,
];

fn enabled(config: &Config) -> impl Iterator<Item = &'static dyn Rule> + '_ {
    REGISTRY
        .iter()
        .copied()
        .filter(|r| config.severity(r.code()) != Severity::Off)
}

/// What the enabled rules need read.
pub fn needs(config: &Config) -> Needs {
    enabled(config).fold(Needs::default(), |n, r| n.or(r.needs()))
}

/// Runs one rule; the engine passes one that times it (rules run on several
/// threads at once).
pub type Runner<'r> = &'r (dyn Fn(RuleCode, &dyn Fn() -> Vec<Finding>) -> Vec<Finding> + Sync);

/// Run each enabled rule on a change, then apply severities and waivers: the one place
/// where a verdict is made. Bad waivers become SM010 findings unless SM010 is off.
pub fn judge(
    ctx: &Context,
    waivers: &[Waiver],
    mut bad: Vec<BadWaiver>,
    each: Runner,
) -> Vec<Finding> {
    // the rules are independent pure functions: run on all cores, their findings
    // kept in registry order
    use rayon::prelude::*;
    let rules: Vec<&dyn Rule> = enabled(ctx.config).collect();
    let mut out = concat(
        rules
            .par_iter()
            .with_max_len(1)
            .map(|r| each(r.code(), &|| r.check(ctx)))
            .collect(),
    );
    apply_severities(ctx.config, &mut out);
    let waiver = ctx.config.severity(RuleCode::Waiver);
    if waiver == Severity::Off {
        bad.clear();
    }
    crate::waiver::apply(&mut out, waivers, &bad);
    for f in out.iter_mut().filter(|f| f.code == RuleCode::Waiver) {
        f.severity = waiver;
    }
    out
}

/// The rules' findings in one vector, not grown by doubling nor copied whole (either
/// held up to twice the 40,000 findings of a 20,000-path check).
fn concat(per_rule: Vec<Vec<Finding>>) -> Vec<Finding> {
    let total = per_rule.iter().map(Vec::len).sum::<usize>();
    let mut per_rule = per_rule.into_iter();
    // the first rule's vector grown in place (SM001's, the largest, comes first)
    let mut out = per_rule.next().unwrap_or_default();
    // exact: SM001 sizes its vector for its paths, and doubling it for the few
    // findings of the other rules would allocate room for 40,000 more
    out.reserve_exact(total - out.len());
    for f in per_rule {
        out.extend(f);
    }
    out
}

/// Run each enabled rule that has a repository-wide form (`coverage`), with severities
/// applied.
pub fn judge_repo_wide(ctx: &Context) -> Vec<Finding> {
    use rayon::prelude::*;
    let rules: Vec<&dyn Rule> = enabled(ctx.config).collect();
    let mut out = concat(
        rules
            .par_iter()
            .with_max_len(1)
            .map(|r| r.repo_wide(ctx).unwrap_or_default())
            .collect(),
    );
    apply_severities(ctx.config, &mut out);
    out
}

/// The configured severity of each finding; a finding a rule marked milder than the
/// rule's default stays milder.
fn apply_severities(config: &Config, findings: &mut [Finding]) {
    for f in findings {
        let configured = config.severity(f.code);
        let default = f.code.default_severity();
        f.severity = if f.severity < default {
            f.severity.min(configured)
        } else {
            configured
        };
    }
}

/// Everything a rule may look at. Built once by the engine; rules never do I/O.
pub struct Context<'a> {
    pub config: &'a Config,
    pub changes: &'a [FileChange],
    pub specs: &'a SpecSet,
    pub owners: &'a Lists<OwnerTarget>,
    pub ignore: &'a Lists<()>,
    /// What is not code unless a spec owns it (specs/config.md CF-8).
    pub not_code: NotCode<'a>,
    /// Added paths, each with an existing path a case-insensitive or
    /// Unicode-normalising checkout would write it as (sorted): its owners are the
    /// added path's too (specs/ownership.md OW-5).
    pub aliases: &'a [(bstr::BString, bstr::BString)],
    /// Of the globs SM011 looks at ([`dangling_owner::wanted`] in `check`, all in
    /// `coverage`), those that match no file at the head side (sorted; `None` when
    /// SM011 is off).
    pub unmatched: Option<&'a [(usize, usize)]>,
    /// Whether the config file itself is part of the changeset.
    pub config_changed: bool,
    /// The edit of the config the change makes, when it makes one and SM012 is on.
    pub config_edit: Option<&'a config_change::ConfigEdit>,
    /// Entries of the external changelog file (`changelog.file`) at head, if configured.
    pub external_changelog: Option<&'a [crate::spec::changelog::Entry]>,
    /// Generated files of the changeset, and unchanged ones a changed spec may have
    /// left stale.
    pub generated: &'a [crate::generated::GenFile],
    /// Breaking markers in commit messages of the range (and the message being
    /// written), with the paths each commit changed (`None`: the whole changeset).
    pub commit_markers: &'a [CommitMarkers],
    /// Modified code paths whose change is whitespace-only (sorted), of those SM001
    /// would otherwise report; empty unless `drift.ignore_whitespace` is on and the
    /// engine looked ([`Needs::whitespace`]).
    pub whitespace_only: &'a [bstr::BString],
    /// Requirement tags of the changed code files and the regions the change touched
    /// (specs/tags.md TG-4); empty unless tags are on and the engine looked
    /// ([`Needs::tags`]). Every spec at head is read when any file has tags.
    pub tags: &'a crate::tags::TagFacts,
    /// [`Context::code_paths`], worked out once (several rules and the engine ask).
    pub code_paths: std::sync::OnceLock<Vec<&'a bstr::BStr>>,
}

/// Paths that are not code unless a spec owns them (specs/config.md CF-8): the
/// config's `not_code` globs (with their defaults), and the `.gitattributes` rules
/// marking files `linguist-documentation` or `linguist-vendored` at the revision
/// judged (one list per attribute; `None` when none apply or the engine did not look).
#[derive(Clone, Copy)]
pub struct NotCode<'a> {
    pub globs: &'a Lists<()>,
    pub attributes: Option<&'a Lists<()>>,
}

impl NotCode<'_> {
    /// Whether `path` is not code, ownership aside (an owned path stays code).
    pub fn matches(&self, path: &[u8]) -> bool {
        self.globs.is_match(path) || self.attributes.is_some_and(|a| a.is_match(path))
    }
}

/// The breaking markers of one commit message.
#[derive(Debug, Clone)]
pub struct CommitMarkers {
    pub paths: Option<Vec<bstr::BString>>,
    pub markers: Vec<crate::breaking::Marker>,
}

impl<'a> Context<'a> {
    /// Changed paths that count as code: not specs, not ignored, and not generated
    /// from a known spec (SM004 governs those). Sorted, unique.
    pub fn code_paths(&self) -> Vec<&bstr::BStr> {
        self.code_paths
            .get_or_init(|| self.find_code_paths())
            .clone()
    }

    fn find_code_paths(&self) -> Vec<&'a bstr::BStr> {
        let generated: foldhash::HashSet<&[u8]> = self
            .generated
            .iter()
            .filter(|g| g.status.is_some() && g.spec.is_some())
            .flat_map(|g| g.paths.iter().map(|p| p.as_slice()))
            .collect();
        let mut v: Vec<&bstr::BStr> = self
            .changes
            .iter()
            .flat_map(|c| c.paths())
            .filter(|p| !self.specs.is_spec_path(p) && !self.ignore.is_match(p))
            .filter(|p| !generated.contains(p.as_ref() as &[u8]))
            .collect();
        // equal paths are equal bytes: which of two equal ones stays does not matter
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// A spec renamed without a content change whose file name now says another version
/// (`SPEC-v1.2.0.md` -> `SPEC-v1.3.0.md`): its version changed, so SM003 and SM008
/// judge it like an edit (specs/spec-model.md SM-5).
fn renamed_to_another_version(u: &crate::specset::SpecUnit) -> bool {
    use crate::spec::version::file_name;
    u.renamed_from.is_some()
        && match (u.base_main(), u.main_doc()) {
            (Some(b), Some(h)) => {
                file_name(b).map(|v| v.version.ok()) != file_name(h).map(|v| v.version.ok())
            }
            _ => false,
        }
}

/// Specs the version rules judge: changed or added, not deleted or conflicted, with
/// their main document at head, and within `versioning.applies_to`
/// ([`version_rules_apply`]).
pub(crate) fn versioned_specs<'a>(
    ctx: &'a Context,
) -> impl Iterator<Item = (&'a crate::specset::SpecUnit, &'a crate::spec::SpecDoc)> {
    ctx.specs
        .units
        .values()
        .filter(|u| {
            (u.touched || u.added || renamed_to_another_version(u)) && !u.deleted && !u.conflicted
        })
        .filter(|u| version_rules_apply(ctx.config, u))
        .filter_map(|u| u.main_doc().map(|d| (u, d)))
}

/// Whether the version rules (SM002, SM003, SM006, SM008) judge this spec
/// (specs/config.md CF-4): always with `versioning.applies_to: all` (the default);
/// with `versioned`, only when its main document carries a version (readable or not)
/// at base or at head. A spec that had one at base and lost it is still judged, so
/// deleting the version line never switches the gate off.
pub fn version_rules_apply(config: &Config, u: &crate::specset::SpecUnit) -> bool {
    use crate::spec::version;
    match config.version_applies {
        crate::config::VersionApplies::All => true,
        crate::config::VersionApplies::Versioned => {
            u.main_doc().and_then(version::read).is_some()
                || u.base_main().and_then(version::read).is_some()
        }
    }
}
