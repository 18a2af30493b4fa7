//! `.specmoor.yml` (specs/config.md): defaults when absent; unknown keys, wrong types
//! and invalid globs are "could not check" (exit 2) with a report that points at
//! file, line and column.

use crate::codes::{RuleCode, Severity};
use crate::error::{line_span, Fatal, FatalKind, Result};
use crate::glob::{Origin, Pattern};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// Config files larger than this are refused.
pub const MAX_CONFIG_BYTES: usize = 1024 * 1024;

pub const DEFAULT_SPECS: &[&str] = &["specs/**/*.md"];
pub const DEFAULT_MAIN: &[&str] = &[
    "spec.md",
    "requirements.md",
    "proposal.md",
    "README.md",
    "index.md",
];
/// Never code: lock files, CI configuration, and specmoor's own config.
pub const DEFAULT_IGNORE: &[&str] = &[
    "*.lock",
    "package-lock.json",
    "pnpm-lock.yaml",
    "npm-shrinkwrap.json",
    "go.sum",
    "/.github/",
    "/.specmoor.yml",
    ".gitignore",
    ".gitattributes",
    TOOL_STATE[0],
];

/// Files a spec tool keeps beside a spec for its own bookkeeping, never spec content
/// and never code (specs/spec-model.md SM-1c): Kiro's and cc-sdd's
/// `.kiro/specs/<feature>/spec.json` (phase, approvals, `updated_at`).
pub const TOOL_STATE: &[&str] = &["**/.kiro/specs/*/spec.json"];

/// Not code unless a spec owns it (CF-8): Markdown outside the specs, documentation
/// folders, images, licences and the folders of coding agents' prompts. Unlike
/// `ignore`, a path here that a spec owns stays owned code, judged as any other.
pub const DEFAULT_NOT_CODE: &[&str] = &[
    "*.md",
    "*.markdown",
    "docs/",
    "*.png",
    "*.jpg",
    "*.jpeg",
    "*.gif",
    "*.svg",
    "*.ico",
    "*.webp",
    "LICENSE*",
    "LICENCE*",
    "COPYING*",
    "NOTICE",
    "/.agents/",
    "/.claude/",
    "/.cursor/",
    "/.github/",
];

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    File,
    Folder,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Spec,
    Section,
}

/// Which documents of a folder unit need a version bump when they change.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum VersionScope {
    /// Only the main document (`spec.md`, `requirements.md`, …).
    Main,
    /// Every document of the unit.
    All,
}

/// Which specs the version rules (SM002, SM003, SM006, SM008) judge.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum VersionApplies {
    /// Every spec: a spec without a version is SM008.
    All,
    /// Only specs that carry a version at base or at head; a spec with none on
    /// either side gets no version finding (a version removed is still SM008).
    Versioned,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Require {
    Any,
    All,
}

/// A built-in syntax of requirement tags in code (specs/tags.md TG-1).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum TagStyle {
    /// `@spec FR-1`, `@spec specs/auth.md#FR-1@1.2`, `@spec end` (the default).
    Specmoor,
    /// `Implements FR-003` (also `implements`, `Implemented by`).
    Implements,
    /// OpenFastTrace `[impl->dsn~login~1]`: the name is the ID, the revision the pin.
    Oft,
    /// `REQ-001-v1.1`: ID REQ-001 pinned to 1.1.
    VersionedId,
}

/// A `tags.patterns` entry: a user regex with a named group `id` (and optionally
/// `version`), compiled.
#[derive(Debug, Clone)]
pub struct TagPattern {
    pub text: String,
    pub origin: Origin,
    pub regex: regex::Regex,
}

/// `tags:` (specs/tags.md TG-1): whether and how requirement tags in code are read.
#[derive(Debug, Clone)]
pub struct TagsConfig {
    pub enabled: bool,
    pub syntax: Vec<TagStyle>,
    pub patterns: Vec<TagPattern>,
}

impl Default for TagsConfig {
    fn default() -> Self {
        TagsConfig {
            enabled: true,
            syntax: vec![TagStyle::Specmoor],
            patterns: Vec::new(),
        }
    }
}

impl TagsConfig {
    /// Whether any tag can be read at all.
    pub fn active(&self) -> bool {
        self.enabled && !(self.syntax.is_empty() && self.patterns.is_empty())
    }
}

/// `owners:` entry: a spec address and the paths it owns.
#[derive(Debug, Clone)]
pub struct ConfigOwner {
    /// The address as written (`specs/auth.md#FR-1`).
    pub address: String,
    pub spec: String,
    pub section: Option<String>,
    pub origin: Origin,
    pub paths: Vec<Pattern>,
}

#[derive(Debug, Clone)]
pub struct Generated {
    pub paths: Vec<Pattern>,
    pub spec: Option<String>,
    pub inputs: Vec<Pattern>,
}

/// `proposals:` entry (specs/config.md CF-7): where change proposals live and the
/// spec unit each one amends.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// The path templates, each with `{unit}` as one whole component; as globs
    /// (`{unit}` read as `*`, a leading `/` dropped), with the index of the `{unit}`
    /// component.
    pub paths: Vec<(Pattern, usize)>,
    /// The address of the amended unit, with `{unit}`.
    pub amends: String,
    pub origin: Origin,
}

impl Proposal {
    /// The unit address a path matched by `paths[pattern]` amends.
    pub fn amended(&self, pattern: usize, path: &str) -> Option<String> {
        let (_, k) = self.paths.get(pattern)?;
        let unit = path.split('/').nth(*k).filter(|c| !c.is_empty())?;
        Some(norm_path(&self.amends.replace(UNIT, unit)))
    }
}

/// The placeholder of a proposal template.
pub const UNIT: &str = "{unit}";

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Display name of the file it came from, if any.
    pub file: Option<String>,
    pub text: Option<String>,
    pub specs: Vec<Pattern>,
    pub unit: Unit,
    pub main: Vec<String>,
    pub base: Option<String>,
    pub ignore: Vec<Pattern>,
    /// Paths that are not code unless a spec owns them (CF-8): not counted as code by
    /// `coverage`, never SM007 unowned.
    pub not_code: Vec<Pattern>,
    /// Whether files `.gitattributes` marks `linguist-documentation` or
    /// `linguist-vendored` are not code unless a spec owns them (CF-8).
    pub not_code_attributes: bool,
    pub owners: Vec<ConfigOwner>,
    pub generated: Vec<Generated>,
    pub proposals: Vec<Proposal>,
    pub granularity: Granularity,
    pub require: Require,
    /// A modified code file whose change is whitespace-only is not drift (SM001).
    pub ignore_whitespace: bool,
    /// A pure move (identical content) between two paths with the same owners is not
    /// drift (SM001); a move across owners still is.
    pub moves_within_owner: bool,
    pub changelog_file: Option<String>,
    pub version_scope: VersionScope,
    /// Which specs the version rules judge (specs/config.md CF-4).
    pub version_applies: VersionApplies,
    pub severities: BTreeMap<RuleCode, Severity>,
    pub waiver_label: String,
    /// Requirement tags in code (specs/tags.md).
    pub tags: TagsConfig,
}

impl Default for Config {
    fn default() -> Self {
        let d = Origin::default_origin();
        Config {
            file: None,
            text: None,
            specs: DEFAULT_SPECS
                .iter()
                .map(|p| Pattern::new(*p, d.clone()))
                .collect(),
            unit: Unit::File,
            main: DEFAULT_MAIN.iter().map(|s| s.to_string()).collect(),
            base: None,
            ignore: DEFAULT_IGNORE
                .iter()
                .map(|p| Pattern::new(*p, d.clone()))
                .collect(),
            not_code: DEFAULT_NOT_CODE
                .iter()
                .map(|p| Pattern::new(*p, d.clone()))
                .collect(),
            not_code_attributes: true,
            owners: Vec::new(),
            generated: Vec::new(),
            proposals: Vec::new(),
            granularity: Granularity::Spec,
            require: Require::Any,
            ignore_whitespace: true,
            moves_within_owner: true,
            changelog_file: None,
            version_scope: VersionScope::Main,
            version_applies: VersionApplies::All,
            severities: BTreeMap::new(),
            waiver_label: "specmoor:waive".into(),
            tags: TagsConfig::default(),
        }
    }
}

impl Config {
    /// Severity of a rule, by code.
    pub fn severity(&self, code: RuleCode) -> Severity {
        self.severities
            .get(&code)
            .copied()
            .unwrap_or_else(|| code.default_severity())
    }

    /// Parse config text. `display` names the file in messages.
    pub fn parse(bytes: &[u8], display: &str) -> Result<Config> {
        if bytes.len() > MAX_CONFIG_BYTES {
            return Err(Fatal::new(
                FatalKind::Config,
                format!(
                    "{display} is {} bytes, over the {} KiB limit for a config file",
                    bytes.len(),
                    MAX_CONFIG_BYTES / 1024
                ),
            )
            .with_help("a .specmoor.yml is a few hundred lines at most; check that the right file is named")
            .into());
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t.to_string(),
            Err(e) => {
                let good = &bytes[..e.valid_up_to()];
                let line = good.iter().filter(|b| **b == b'\n').count() + 1;
                let col =
                    good.len() - good.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
                return Err(Fatal::new(
                    FatalKind::Config,
                    format!("{display}:{line}:{col}: the config is not valid UTF-8"),
                )
                .with_help("save .specmoor.yml as UTF-8")
                .into());
            }
        };
        let mut cfg = Config {
            file: Some(display.to_string()),
            text: Some(text.clone()),
            ..Config::default()
        };
        if text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            return Ok(cfg);
        }
        let raw: RawConfig =
            serde_saphyr::from_str_with_options(&text, crate::yaml::config_options())
                .map_err(|e| yaml_error(&e, &text, display))?;
        cfg.apply(raw, &text, display)?;
        Ok(cfg)
    }

    fn apply(&mut self, raw: RawConfig, text: &str, display: &str) -> Result<()> {
        let origin = |loc: &serde_saphyr::Location| Origin {
            file: display.to_string(),
            line: loc.line() as usize,
            column: loc.column() as usize,
        };
        let at =
            |loc: &serde_saphyr::Location, msg: String, label: &str, help: &str| -> Box<Fatal> {
                let line = (loc.line() as usize).max(1);
                let span = line_span(text, line);
                let col = (loc.column() as usize).max(1);
                Fatal::new(FatalKind::Config, format!("{display}:{line}:{col}: {msg}"))
                    .with_help(help.to_string())
                    .at(display, text, span, label.to_string())
                    .into()
            };
        let patterns = |v: Vec<Spanned<String>>, what: &str| -> Result<Vec<Pattern>> {
            let mut out = Vec::with_capacity(v.len());
            for s in v {
                if let Err(why) = crate::glob::validate(&s.value) {
                    return Err(at(
                        &s.referenced,
                        format!("invalid glob {:?} in `{what}`: {why}", s.value),
                        "this pattern",
                        "globs use gitignore syntax: `*` stays within a folder, `**` crosses folders, `!` excludes, `[...]` must be closed",
                    ));
                }
                out.push(Pattern::new(s.value, origin(&s.referenced)));
            }
            Ok(out)
        };

        if let Some(v) = raw.version {
            if v.value != 1 {
                return Err(at(
                    &v.referenced,
                    format!("unsupported config version {}", v.value),
                    "only version 1 exists",
                    "set `version: 1` or remove the key",
                ));
            }
        }
        if let Some(specs) = raw.specs {
            if specs.is_empty() {
                return Err(Fatal::new(FatalKind::Config, format!("{display}: `specs` is an empty list"))
                    .with_help("list at least one glob, such as specs/**/*.md, or remove the key for the default")
                    .into());
            }
            self.specs = patterns(specs, "specs")?;
        }
        if let Some(u) = raw.unit {
            self.unit = u.value;
        }
        if let Some(m) = raw.main {
            self.main = m.into_iter().map(|s| s.value).collect();
        }
        if let Some(b) = raw.base {
            self.base = Some(b.value);
        }
        if let Some(ig) = raw.ignore {
            // user patterns come after the defaults, so `!.github/workflows/**` can
            // take a default back
            let extra = patterns(ig, "ignore")?;
            self.ignore.extend(extra);
        }
        if let Some(nc) = raw.not_code {
            // after the defaults, so `!docs/` takes one back
            let extra = patterns(nc, "not_code")?;
            self.not_code.extend(extra);
        }
        if let Some(a) = raw.not_code_attributes {
            self.not_code_attributes = a.value;
        }
        for o in raw.owners.unwrap_or_default() {
            let address = o.spec.value.trim().to_string();
            let (spec, section) = split_address(&address);
            if spec.is_empty() {
                return Err(at(
                    &o.spec.referenced,
                    "owner entry has an empty `spec`".into(),
                    "empty spec address",
                    "write the spec path, optionally with a section: specs/auth.md#FR-1",
                ));
            }
            let paths = patterns(o.paths, "owners.paths")?;
            self.owners.push(ConfigOwner {
                spec,
                section,
                origin: origin(&o.spec.referenced),
                address,
                paths,
            });
        }
        for g in raw.generated.unwrap_or_default() {
            self.generated.push(Generated {
                paths: patterns(g.paths, "generated.paths")?,
                spec: g.spec.map(|s| s.value),
                inputs: patterns(g.inputs.unwrap_or_default(), "generated.inputs")?,
            });
        }
        for p in raw.proposals.unwrap_or_default() {
            if p.paths.is_empty() {
                return Err(at(
                    &p.amends.referenced,
                    "proposal entry has an empty `paths`".into(),
                    "no paths",
                    "list where proposals live, with {unit}: openspec/changes/*/specs/{unit}/**",
                ));
            }
            let amends = p.amends.value.trim().to_string();
            if amends.matches(UNIT).count() != 1 || amends.contains('#') {
                return Err(at(
                    &p.amends.referenced,
                    format!("`amends` {amends:?} must name a spec unit with `{{unit}}` once and no section"),
                    "the amended unit",
                    "write the unit's address with {unit}: openspec/specs/{unit}",
                ));
            }
            let mut paths = Vec::with_capacity(p.paths.len());
            for t in p.paths {
                let text = t.value.trim();
                let text = text.strip_prefix('/').unwrap_or(text);
                let comps: Vec<&str> = text.split('/').collect();
                let k = comps.iter().position(|c| *c == UNIT);
                let ok = text.matches(UNIT).count() == 1
                    && !text.starts_with('!')
                    && k.is_some_and(|k| comps[..k].iter().all(|c| !c.contains("**")));
                let Some(k) = k.filter(|_| ok) else {
                    return Err(at(
                        &t.referenced,
                        format!("proposal path {:?} must hold `{{unit}}` once, as a whole folder name, with no `**` and no `!` before it", t.value),
                        "this template",
                        "the folder named by {unit} is the unit the proposal amends: openspec/changes/*/specs/{unit}/**",
                    ));
                };
                let glob = text.replace(UNIT, "*");
                if let Err(why) = crate::glob::validate(&glob) {
                    return Err(at(
                        &t.referenced,
                        format!("invalid glob {:?} in `proposals.paths`: {why}", t.value),
                        "this pattern",
                        "globs use gitignore syntax: `*` stays within a folder, `**` crosses folders, `[...]` must be closed",
                    ));
                }
                paths.push((Pattern::new(glob, origin(&t.referenced)), k));
            }
            // a proposal is never code
            self.ignore.extend(paths.iter().map(|(g, _)| g.clone()));
            self.proposals.push(Proposal {
                paths,
                amends,
                origin: origin(&p.amends.referenced),
            });
        }
        if let Some(d) = raw.drift {
            if let Some(g) = d.granularity {
                self.granularity = g.value;
            }
            if let Some(r) = d.require {
                self.require = r.value;
            }
            if let Some(w) = d.ignore_whitespace {
                self.ignore_whitespace = w.value;
            }
            if let Some(m) = d.moves_within_owner {
                self.moves_within_owner = m.value;
            }
        }
        if let Some(c) = raw.changelog {
            self.changelog_file = c.file.map(|f| f.value);
        }
        if let Some(v) = raw.versioning {
            if let Some(sc) = v.scope {
                self.version_scope = sc.value;
            }
            if let Some(a) = v.applies_to {
                self.version_applies = a.value;
            }
        }
        if let Some(rules) = raw.rules {
            for (key, sev) in rules {
                let code = match RuleCode::lookup(&key) {
                    Ok(code) => code,
                    Err(near) => {
                        let hint = near
                            .map(|s| format!("did you mean `{s}`? "))
                            .unwrap_or_default();
                        return Err(at(
                        &sev.referenced,
                        format!("unknown rule `{key}` in `rules`"),
                        "unknown rule",
                        &format!("{hint}rules are named by code (SM001) or name (drift); `specmoor explain` lists them"),
                    ));
                    }
                };
                let s = match sev.value.as_str() {
                    "error" => Severity::Error,
                    "warn" | "warning" => Severity::Warn,
                    "off" => Severity::Off,
                    other => {
                        let hint = did_you_mean(other, &["error", "warn", "off"])
                            .map(|s| format!("did you mean `{s}`? "))
                            .unwrap_or_default();
                        return Err(at(
                            &sev.referenced,
                            format!("invalid severity `{other}` for rule `{key}`"),
                            "not a severity",
                            &format!("{hint}a severity is one of error, warn, off"),
                        ));
                    }
                };
                self.severities.insert(code, s);
            }
        }
        if let Some(w) = raw.waiver {
            if let Some(l) = w.label {
                self.waiver_label = l.value;
            }
        }
        if let Some(t) = raw.tags {
            if let Some(e) = t.enabled {
                self.tags.enabled = e.value;
            }
            if let Some(syn) = t.syntax {
                let mut v: Vec<TagStyle> = syn.into_iter().map(|s| s.value).collect();
                v.sort();
                v.dedup();
                self.tags.syntax = v;
            }
            for p in t.patterns.unwrap_or_default() {
                let regex = match regex::Regex::new(&p.value) {
                    Ok(r) => r,
                    Err(e) => {
                        let why = e.to_string();
                        let why = why.lines().last().unwrap_or("invalid").trim();
                        return Err(at(
                            &p.referenced,
                            format!("invalid regex {:?} in `tags.patterns`: {why}", p.value),
                            "this pattern",
                            "a tag pattern is a regex (Rust regex syntax) with a named group `id`: '\\bSatisfies (?P<id>[A-Z]+-\\d+)'",
                        ));
                    }
                };
                if !regex.capture_names().any(|n| n == Some("id")) {
                    return Err(at(
                        &p.referenced,
                        format!("regex {:?} in `tags.patterns` has no named group `id`", p.value),
                        "this pattern",
                        "name the group that captures the requirement ID: (?P<id>...); an optional group (?P<version>...) captures a pinned version",
                    ));
                }
                self.tags.patterns.push(TagPattern {
                    text: p.value,
                    origin: origin(&p.referenced),
                    regex,
                });
            }
        }
        Ok(())
    }
}

/// `specs/auth.md#FR-1` → (`specs/auth.md`, Some(`FR-1`)).
pub fn split_address(address: &str) -> (String, Option<String>) {
    match address.split_once('#') {
        Some((s, sec)) if !sec.is_empty() => (norm_path(s), Some(sec.to_string())),
        Some((s, _)) => (norm_path(s), None),
        None => (norm_path(address), None),
    }
}

fn norm_path(p: &str) -> String {
    let p = p.trim();
    let p = p.strip_prefix("./").unwrap_or(p);
    p.trim_start_matches('/').trim_end_matches('/').to_string()
}

pub use crate::codes::did_you_mean;

fn yaml_error(e: &serde_saphyr::Error, text: &str, display: &str) -> Box<Fatal> {
    let msg = crate::yaml::message(e);
    match e.location().filter(|l| l.line() > 0) {
        Some(loc) => {
            let line = loc.line() as usize;
            let col = (loc.column() as usize).max(1);
            Fatal::new(FatalKind::Config, format!("{display}:{line}:{col}: {msg}"))
                .with_help("see the configuration reference in the README")
                .at(display, text, line_span(text, line), "here")
                .into()
        }
        None => Fatal::new(FatalKind::Config, format!("{display}: {msg}"))
            .with_help("see the configuration reference in the README")
            .into(),
    }
}

/// `.specmoor.yml` as written. Every key is optional; unknown keys are errors.
/// (The JSON Schema in `schema/specmoor.schema.json` is generated from these types.)
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "specmoor configuration (.specmoor.yml)")]
pub struct RawConfig {
    /// Config format version; only 1 exists.
    #[schemars(with = "Option<u32>", range(min = 1, max = 1))]
    version: Option<Spanned<u32>>,
    /// Globs of the spec documents (gitignore syntax). Default: ["specs/**/*.md"].
    #[schemars(with = "Option<Vec<String>>")]
    specs: Option<Vec<Spanned<String>>>,
    /// `file`: each document is a spec; `folder`: a feature folder is one spec.
    #[schemars(with = "Option<Unit>")]
    unit: Option<Spanned<Unit>>,
    /// Folder units: the document holding ownership and version, first found wins.
    #[schemars(with = "Option<Vec<String>>")]
    main: Option<Vec<Spanned<String>>>,
    /// Default base revision for new branches in the pre-push hook (e.g. origin/main).
    #[schemars(with = "Option<String>")]
    base: Option<Spanned<String>>,
    /// Paths that are never code, added to the defaults; `!pattern` takes one back.
    #[schemars(with = "Option<Vec<String>>")]
    ignore: Option<Vec<Spanned<String>>>,
    /// Paths that are not code unless a spec owns them (not counted by coverage, never
    /// SM007), added to the defaults (Markdown, docs/, images, licences, .agents/,
    /// .claude/, .cursor/, .github/); `!pattern` takes one back.
    #[schemars(with = "Option<Vec<String>>")]
    not_code: Option<Vec<Spanned<String>>>,
    /// Whether files `.gitattributes` marks `linguist-documentation` or
    /// `linguist-vendored` are not code unless a spec owns them (default true).
    #[schemars(with = "Option<bool>")]
    not_code_attributes: Option<Spanned<bool>>,
    /// Central ownership: which paths a spec (or one of its sections) owns.
    owners: Option<Vec<RawOwner>>,
    /// Generated files, the spec they come from and the generator inputs.
    generated: Option<Vec<RawGenerated>>,
    /// Change proposals (OpenSpec `openspec/changes/<id>/specs/<capability>/`): a
    /// proposal delta changed with code counts as a change to the unit it amends;
    /// proposal paths are never code.
    proposals: Option<Vec<RawProposal>>,
    /// How SM001 drift judges ownership.
    drift: Option<RawDrift>,
    /// Where changelog entries live besides the specs themselves.
    changelog: Option<RawChangelog>,
    /// Which documents of a folder unit need a version bump, and which specs the
    /// version rules judge.
    versioning: Option<RawVersioning>,
    /// Severity per rule, by code (SM001) or name (drift).
    #[schemars(schema_with = "rules_schema")]
    rules: Option<BTreeMap<String, Spanned<String>>>,
    /// Waivers.
    waiver: Option<RawWaiver>,
    /// Requirement tags in code (`@spec FR-1` in a comment): a tagged region of a file is owned
    /// by the requirement it names.
    tags: Option<RawTags>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawTags {
    /// Whether tags in code are read (default true).
    #[schemars(with = "Option<bool>")]
    enabled: Option<Spanned<bool>>,
    /// The built-in syntaxes read (default [specmoor]).
    #[schemars(with = "Option<Vec<TagStyle>>")]
    syntax: Option<Vec<Spanned<TagStyle>>>,
    /// Extra regexes (Rust regex syntax), each with a named group `id` and optionally
    /// one named `version`.
    #[schemars(with = "Option<Vec<String>>")]
    patterns: Option<Vec<Spanned<String>>>,
}

fn rules_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let severity = serde_json::json!({ "enum": ["error", "warn", "warning", "off"] });
    let mut props = serde_json::Map::new();
    for r in crate::codes::RULES {
        let mut one = severity.clone();
        one["description"] = serde_json::json!(format!("{} {}: {}", r.code, r.name, r.summary));
        props.insert(r.code.to_string(), one.clone());
        props.insert(r.name.to_string(), one);
    }
    let schema = serde_json::json!({
        "type": ["object", "null"],
        "properties": props,
        "additionalProperties": false
    });
    schemars::Schema::try_from(schema).expect("an object schema")
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawOwner {
    /// A spec address: a spec file or folder unit, optionally `#SECTION`.
    #[schemars(with = "String")]
    spec: Spanned<String>,
    /// Globs of the paths it owns (gitignore syntax).
    #[schemars(with = "Vec<String>")]
    paths: Vec<Spanned<String>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawGenerated {
    /// Globs of the generated files.
    #[schemars(with = "Vec<String>")]
    paths: Vec<Spanned<String>>,
    /// The spec (and section) they come from; default: their owner.
    #[schemars(with = "Option<String>")]
    spec: Option<Spanned<String>>,
    /// Generator templates and configs whose change legitimately regenerates them.
    #[schemars(with = "Option<Vec<String>>")]
    inputs: Option<Vec<Spanned<String>>>,
}

/// Where change proposals live and which spec unit each amends.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawProposal {
    /// Path templates with `{unit}` as one whole folder name (no `**` before it):
    /// `openspec/changes/*/specs/{unit}/**`.
    #[schemars(with = "Vec<String>")]
    paths: Vec<Spanned<String>>,
    /// The amended unit's address, with `{unit}`: `openspec/specs/{unit}`.
    #[schemars(with = "String")]
    amends: Spanned<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawDrift {
    /// `spec`: any change to the owning spec will do; `section`: the owning section.
    #[schemars(with = "Option<Granularity>")]
    granularity: Option<Spanned<Granularity>>,
    /// `any`: one owner changed suffices; `all`: every owner must change.
    #[schemars(with = "Option<Require>")]
    require: Option<Spanned<Require>>,
    /// Whether a whitespace-only change of a code file is not drift (default true).
    #[schemars(with = "Option<bool>")]
    ignore_whitespace: Option<Spanned<bool>>,
    /// Whether a pure move (identical content) between paths with the same owners is
    /// not drift (default true); a move across owners always is.
    #[schemars(with = "Option<bool>")]
    moves_within_owner: Option<Spanned<bool>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawChangelog {
    /// A Keep a Changelog file whose `## [X.Y.Z]` entries count for every spec.
    #[schemars(with = "Option<String>")]
    file: Option<Spanned<String>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawVersioning {
    /// `main`: only the main document's content needs a bump; `all`: every document.
    #[schemars(with = "Option<VersionScope>")]
    scope: Option<Spanned<VersionScope>>,
    /// `all` (default): the version rules (SM002, SM003, SM006, SM008) judge every
    /// spec; `versioned`: only specs that carry a version at base or at head (a
    /// version removed is still SM008).
    #[schemars(with = "Option<VersionApplies>")]
    applies_to: Option<Spanned<VersionApplies>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    /// The pull-request label that waives findings in the Action.
    #[schemars(with = "Option<String>")]
    label: Option<Spanned<String>>,
}

/// The JSON Schema of `.specmoor.yml`, generated from the config types.
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(RawConfig);
    schema.insert(
        "$id".into(),
        serde_json::json!("https://github.com/specmoor/specmoor/schema/specmoor.schema.json"),
    );
    let mut s = serde_json::to_string_pretty(&schema).expect("schema serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Result<Config> {
        Config::parse(t.as_bytes(), ".specmoor.yml")
    }

    #[test]
    fn empty_and_comment_only_are_defaults() {
        let c = parse("").unwrap();
        assert_eq!(c.specs[0].text, "specs/**/*.md");
        let c = parse("# nothing\n\n").unwrap();
        assert_eq!(c.unit, Unit::File);
    }

    #[test]
    fn not_code_adds_to_the_defaults_and_can_take_one_back() {
        let c = parse("not_code: [\"!docs/\", \"*.txt\"]\nnot_code_attributes: false\n").unwrap();
        let n = c.not_code.len();
        assert_eq!(n, DEFAULT_NOT_CODE.len() + 2);
        assert_eq!(c.not_code[n - 2].text, "!docs/");
        assert_eq!(c.not_code[n - 2].origin.line, 1);
        assert!(!c.not_code_attributes);
        assert!(Config::default().not_code_attributes);
        assert!(parse("not_code: [\"[x\"]\n").is_err());
    }

    #[test]
    fn full_config_parses() {
        let c = parse(
            "version: 1\nspecs: [\"docs/specs/**/*.md\"]\nunit: folder\nbase: origin/main\nignore: [\"docs/**\"]\nowners:\n  - spec: specs/auth.md#FR-1\n    paths: [\"src/auth/login.rs\"]\ndrift: { granularity: section, require: all }\nrules: { drift: warn, SM007: error }\nwaiver: { label: skip }\n",
        )
        .unwrap();
        assert_eq!(c.unit, Unit::Folder);
        assert_eq!(c.owners[0].spec, "specs/auth.md");
        assert_eq!(c.owners[0].section.as_deref(), Some("FR-1"));
        assert_eq!(c.owners[0].origin.line, 7);
        assert_eq!(c.owners[0].paths[0].origin.line, 8);
        assert_eq!(c.granularity, Granularity::Section);
        assert_eq!(c.severity(crate::codes::RuleCode::Drift), Severity::Warn);
        assert_eq!(c.severity(crate::codes::RuleCode::Unowned), Severity::Error);
        assert_eq!(
            c.severity(crate::codes::RuleCode::DanglingOwner),
            Severity::Warn
        );
    }

    #[test]
    fn proposals() {
        let c = parse("proposals:\n  - paths: [\"/openspec/changes/*/specs/{unit}/**\"]\n    amends: openspec/specs/{unit}/\n").unwrap();
        let p = &c.proposals[0];
        assert_eq!(p.paths[0].0.text, "openspec/changes/*/specs/*/**");
        assert_eq!(p.paths[0].1, 4);
        assert_eq!(
            p.amended(0, "openspec/changes/add-x/specs/payments/spec.md")
                .as_deref(),
            Some("openspec/specs/payments")
        );
        assert!(c
            .ignore
            .iter()
            .any(|g| g.text == "openspec/changes/*/specs/*/**"));
        for bad in [
            "proposals: [{paths: [\"a/**/{unit}/x\"], amends: \"s/{unit}\"}]",
            "proposals: [{paths: [\"a/x{unit}/x\"], amends: \"s/{unit}\"}]",
            "proposals: [{paths: [\"a/{unit}/{unit}\"], amends: \"s/{unit}\"}]",
            "proposals: [{paths: [\"!a/{unit}\"], amends: \"s/{unit}\"}]",
            "proposals: [{paths: [\"a/{unit}\"], amends: \"s/x\"}]",
            "proposals: [{paths: [\"a/{unit}\"], amends: \"s/{unit}#R\"}]",
            "proposals: [{paths: [], amends: \"s/{unit}\"}]",
            "proposals: [{paths: [\"a/{unit}/[x\"], amends: \"s/{unit}\"}]",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(
                e.message.contains(".specmoor.yml:1:"),
                "{bad}: {}",
                e.message
            );
        }
    }

    #[test]
    fn versioning_applies_to() {
        assert_eq!(parse("").unwrap().version_applies, VersionApplies::All);
        let c = parse("versioning: { applies_to: versioned }\n").unwrap();
        assert_eq!(c.version_applies, VersionApplies::Versioned);
        assert_eq!(c.version_scope, VersionScope::Main);
        let e = parse("versioning:\n  applies_to: some\n").unwrap_err();
        assert!(e.message.starts_with(".specmoor.yml:2:"), "{}", e.message);
    }

    #[test]
    fn merge_keys_expand_and_tags_are_refused() {
        let c = parse("owners:\n  - &o\n    spec: specs/a.md\n    paths: [\"src/**\"]\n  - <<: *o\n    spec: specs/b.md\ndrift: { <<: { granularity: section, require: all }, require: any }\n").unwrap();
        assert_eq!(c.owners[1].spec, "specs/b.md");
        assert_eq!(c.owners[1].paths[0].text, "src/**");
        assert_eq!(c.granularity, Granularity::Section);
        assert_eq!(c.require, Require::Any, "the mapping's own key wins");
        let c = parse("unit: !!str folder\ndrift: !!map { granularity: section }\n").unwrap();
        assert_eq!(c.unit, Unit::Folder);
        for bad in [
            "unit: !folder folder\n",
            "drift: !x { granularity: section }\n",
            "specs: [!x \"docs/**\"]\n",
            "rules:\n  !x drift: off\n",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(
                e.message.contains("unsupported tag"),
                "{bad}: {}",
                e.message
            );
        }
    }

    #[test]
    fn unknown_key_suggests() {
        let e = parse("version: 1\nowenrs: []\n").unwrap_err();
        assert!(e.message.contains(":2:"), "{}", e.message);
        assert!(e.message.contains("did you mean `owners`"), "{}", e.message);
    }

    #[test]
    fn wrong_type_and_bad_glob_point_at_line() {
        let e = parse("specs: 5\n").unwrap_err();
        assert!(e.message.starts_with(".specmoor.yml:1:"), "{}", e.message);
        let e = parse("version: 1\nignore:\n  - \"ok/**\"\n  - \"[abc\"\n").unwrap_err();
        assert!(e.message.starts_with(".specmoor.yml:4:"), "{}", e.message);
        assert!(e.message.contains("[abc"), "{}", e.message);
        let e = parse("rules:\n  drfit: off\n").unwrap_err();
        assert!(e.message.starts_with(".specmoor.yml:2:"), "{}", e.message);
        assert!(
            e.help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `drift`"),
            "{:?}",
            e.help
        );
        let e = parse("unit: folders\n").unwrap_err();
        assert!(e.message.contains("did you mean `folder`"), "{}", e.message);
    }

    #[test]
    fn hostile_yaml_is_rejected() {
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
        assert!(parse(bomb).is_err());
        let deep = format!("specs: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&deep).is_err());
        assert!(parse("specs: [a]\nspecs: [b]\n").is_err(), "duplicate keys");
        let big = vec![b'#'; MAX_CONFIG_BYTES + 1];
        assert!(Config::parse(&big, "x").is_err());
    }
}
