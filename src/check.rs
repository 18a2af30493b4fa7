//! The engine: read the changeset and the specs (the shell), run the rules (the
//! core), and assemble the report.

use crate::config::Config;
use crate::error::{Fatal, FatalKind, Result};
use crate::finding::{Report, Stats};
use crate::git::{At, Changeset, Repo};
use crate::glob::Lists;
use crate::model::display;
use crate::rules::{self, Context};
use crate::specset::{OwnerTarget, Scope, SpecSet};
use crate::waiver::{self, BadWaiver, Waiver};

/// What to check.
#[derive(Debug, Clone)]
pub enum Mode {
    /// The index against HEAD.
    Staged,
    /// `merge-base(base, head)..head`.
    Range { base: String, head: String },
}

/// The loaded state a check (or `owners`) works on.
pub struct Loaded {
    pub changeset: Changeset,
    pub specs: SpecSet,
    pub owners: Lists<OwnerTarget>,
    pub ignore: Lists<()>,
    /// The `not_code` globs (specs/config.md CF-8).
    pub not_code: Lists<()>,
    /// Added paths and the existing spellings a case-insensitive or
    /// Unicode-normalising checkout would write them as (specs/ownership.md OW-5).
    pub aliases: Vec<(gix::bstr::BString, gix::bstr::BString)>,
}

pub fn ignore_list(config: &Config) -> Result<Lists<()>> {
    ignore_list_folded(config, crate::glob::Fold::default())
}

fn ignore_list_folded(config: &Config, fold: crate::glob::Fold) -> Result<Lists<()>> {
    Lists::folded(vec![((), config.ignore.clone())], fold).map_err(|e| {
        Fatal::new(
            FatalKind::Config,
            format!("invalid ignore glob: {}", e.message),
        )
        .into()
    })
}

fn not_code_list_folded(config: &Config, fold: crate::glob::Fold) -> Result<Lists<()>> {
    Lists::folded(vec![((), config.not_code.clone())], fold).map_err(|e| {
        Fatal::new(
            FatalKind::Config,
            format!("invalid not_code glob: {}", e.message),
        )
        .into()
    })
}

/// The `.gitattributes` attributes that make a file not code unless a spec owns it
/// (specs/config.md CF-8).
pub const NOT_CODE_ATTRIBUTES: &[&str] = &["linguist-documentation", "linguist-vendored"];

/// Documents (path, blob) at one revision, for the blob readers.
fn at(
    docs: &[(String, gix::ObjectId)],
    rev: Option<gix::ObjectId>,
) -> Vec<(gix::ObjectId, At<'_>)> {
    docs.iter()
        .map(|(p, id)| (*id, At::new(p.as_bytes(), rev)))
        .collect()
}

/// Read every spec at the head side of `changeset` and build ownership.
pub fn load(repo: &Repo, config: &Config, changeset: Changeset) -> Result<Loaded> {
    load_scoped(repo, config, changeset, false, spec_index())
}

/// The spec index a single run reads and writes (specs/cli.md CL-6).
fn spec_index() -> Box<dyn crate::specset::DocStore> {
    Box::new(crate::cache::SpecIndex::load())
}

/// The specs a check of the changeset needs (config-named specs, specs it changes,
/// and specs that can own a changed path) when `lazy`, else every spec; parsed
/// documents are looked up in and added to `store`.
pub fn load_scoped(
    repo: &Repo,
    config: &Config,
    changeset: Changeset,
    lazy: bool,
    mut store: Box<dyn crate::specset::DocStore>,
) -> Result<Loaded> {
    use crate::model::{Kind, Status};
    use crate::timing::phase;
    // how this checkout compares paths: a case-insensitive or normalising one
    // matches every spelling, so every spec is read (a spec's literal prefixes are
    // stored as written)
    let fold = repo.path_fold();
    let lazy = lazy && fold.is_exact();
    let roots = SpecSet::search_roots(config);
    let t = phase("list spec files");
    let spec_globs = SpecSet::spec_globs(config)?;
    let is_spec = |p: &[u8]| spec_globs.is_match(p);
    // the listing of these very spec folders, when the cache has it (a listing with
    // a link in it is never stored: links are followed afresh)
    let listing_key = repo.spec_listing_key(changeset.head, roots.as_deref())?;
    let stored = listing_key.as_deref().and_then(|k| store.listing(k));
    let (head_files, links) = match stored {
        Some(files) => (files, Vec::new()),
        None => {
            let (files, links) = repo.spec_files(changeset.head, roots.as_deref(), &is_spec)?;
            if let Some(k) = listing_key.as_deref().filter(|_| links.is_empty()) {
                store.add_listing(k, &files);
            }
            (files, links)
        }
    };
    let link_changed = changeset.changes.iter().any(|c| {
        c.old
            .iter()
            .chain(c.new.iter())
            .any(|e| e.kind == Kind::Symlink && is_spec(&e.path))
    });
    let rewritten = if links.is_empty() && !link_changed {
        None
    } else {
        Some(repo.spec_changes(
            &changeset.changes,
            changeset.base,
            &head_files,
            &links,
            &is_spec,
        )?)
    };
    t.done();
    let t = phase("paths other spellings of which exist");
    let added: Vec<&[u8]> = changeset
        .changes
        .iter()
        .filter(|c| matches!(c.status, Status::Added | Status::Renamed))
        .filter_map(|c| c.new.as_ref().map(|e| e.path.as_slice()))
        .collect();
    let aliases = repo.aliases(changeset.head, &added)?;
    let alias_paths: Vec<gix::bstr::BString> = aliases.iter().map(|(_, a)| a.clone()).collect();
    let (base, head) = (changeset.base, changeset.head);
    t.done();
    let t = phase("read and parse specs");
    let named: Vec<String> = config
        .owners
        .iter()
        .map(|o| o.spec.clone())
        .chain(
            config
                .generated
                .iter()
                .filter_map(|g| g.spec.as_ref().map(|s| crate::config::split_address(s).0)),
        )
        .collect();
    let specs = SpecSet::load(
        config,
        &head_files,
        rewritten.as_deref().unwrap_or(&changeset.changes),
        &|path, id| repo.blob(id, At::new(path.as_bytes(), base)),
        &|docs| repo.blobs(&at(docs, head)),
        if lazy {
            Scope::Changes {
                named: &named,
                also: &alias_paths,
            }
        } else {
            Scope::All
        },
        store,
    )?;
    t.done();
    let t = phase("compile ownership globs");
    let owners = specs.owner_lists_folded(config, fold)?;
    // a check asks about the same changed paths in several rules: each list keeps
    // its answers for them by the path's number
    let asked = lazy.then(|| {
        crate::glob::Asked::new(
            changeset
                .changes
                .iter()
                .flat_map(|c| c.paths().map(|p| p.as_ref() as &[u8]))
                .chain(alias_paths.iter().map(|a| a.as_slice())),
        )
    });
    let mut specs = specs;
    let mut owners = owners;
    // and whether each changed path is ignored (every rule's code paths)
    let mut ignore = ignore_list_folded(config, fold)?;
    // and whether it is code at all (SM007, tags, drift)
    let mut not_code = not_code_list_folded(config, fold)?;
    if let Some(a) = &asked {
        specs.remember_for(a);
        owners.remember_for(a);
        ignore.remember_for(a);
        not_code.remember_for(a);
    }
    t.done();
    Ok(Loaded {
        changeset,
        specs,
        owners,
        ignore,
        not_code,
        aliases,
    })
}

/// Which config judges a change (specs/config.md CF-6, the trust model).
#[derive(Debug, Clone, Copy)]
pub enum Rules<'a> {
    /// The rules in force before the change, read from git objects: the config at the
    /// merge base for a range, at HEAD for the staged change (the index's while HEAD
    /// is unborn). What the work tree holds does not matter.
    InForce,
    /// A config given explicitly (`--config`), with its repository-relative path when
    /// it lives in the repository.
    Given(&'a Config, Option<&'a str>),
}

/// Run a check.
pub fn check(repo: &Repo, rules: Rules, mode: &Mode) -> Result<Report> {
    check_with(repo, rules, mode, None)
}

/// The blobs the check reads that the object store lacks (a partial clone), in the
/// order it asks for them (specs/changeset.md CS-6b): the check runs as it would,
/// and where it stops at a blob it cannot read, the blobs it asked for and could not
/// have are the answer; what it reads next depends on their content, so after they
/// are fetched a second run lists the rest, until the list is empty. Blobs only a
/// warning needs are listed too. An error that is not a missing blob is returned.
pub fn missing_objects(repo: &Repo, rules: Rules, mode: &Mode) -> Result<Vec<gix::ObjectId>> {
    missing_after(repo, check(repo, rules, mode))
}

/// [`missing_objects`] of any command that reads through `repo` (`release`), given
/// the outcome of running it.
pub fn missing_after<T>(repo: &Repo, outcome: Result<T>) -> Result<Vec<gix::ObjectId>> {
    let missing = repo.missing_blobs();
    match outcome {
        Err(e) if missing.is_empty() => Err(e),
        _ => Ok(missing),
    }
}

/// Waivers of a range: `Specmoor-Waive` lines of its commits, each for the paths
/// that commit changed (against its first parent).
fn range_waivers(repo: &Repo, cs: &Changeset) -> Result<(Vec<Waiver>, Vec<BadWaiver>)> {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for c in &cs.commits {
        if !c.message.to_ascii_lowercase().contains("specmoor-waive") {
            continue;
        }
        let changes = repo.diff_commits(c.parents.first().copied(), c.id)?;
        let paths: Vec<gix::bstr::BString> = changes
            .iter()
            .flat_map(|ch| ch.paths().map(|p| p.to_owned()))
            .collect();
        let (g, b) = waiver::parse(
            &c.message,
            &c.id.to_hex_with_len(12).to_string(),
            Some(paths),
        );
        good.extend(g);
        bad.extend(b);
    }
    Ok((good, bad))
}

/// Breaking markers of the range's commits (with the paths each changed) and of the
/// message being written.
fn commit_markers(
    repo: &Repo,
    cs: &Changeset,
    message: Option<&str>,
) -> Result<Vec<rules::CommitMarkers>> {
    let mut out = Vec::new();
    for c in &cs.commits {
        let markers = crate::breaking::in_commit(&c.message, &c.id.to_hex_with_len(12).to_string());
        if markers.is_empty() {
            continue;
        }
        let paths = repo
            .diff_commits(c.parents.first().copied(), c.id)?
            .iter()
            .flat_map(|ch| ch.paths().map(|p| p.to_owned()))
            .collect();
        out.push(rules::CommitMarkers {
            paths: Some(paths),
            markers,
        });
    }
    if let Some(m) = message {
        let markers = crate::breaking::in_commit(m, "being made");
        if !markers.is_empty() {
            out.push(rules::CommitMarkers {
                paths: None,
                markers,
            });
        }
    }
    Ok(out)
}

/// While a merge is being committed (`MERGE_HEAD` exists), the waivers of the
/// commits it brings in (`HEAD..MERGE_HEAD`), each for the paths it changed.
fn merge_waivers(repo: &Repo, cs: &Changeset) -> Result<(Vec<Waiver>, Vec<BadWaiver>)> {
    let path = repo.git_dir().join("MERGE_HEAD");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut commits = Vec::new();
    for line in text.lines() {
        let Ok(tip) = gix::ObjectId::from_hex(line.trim().as_bytes()) else {
            continue;
        };
        if let Some(head) = cs.base {
            commits.extend(repo.walk(tip, head)?);
        }
    }
    let merged = Changeset {
        commits,
        ..cs.clone()
    };
    range_waivers(repo, &merged)
}

/// [`check`], with the message of the commit being made (the `commit-msg` hook):
/// its waivers apply to every path of the staged change.
pub fn check_with(repo: &Repo, rules: Rules, mode: &Mode, message: Option<&str>) -> Result<Report> {
    Ok(analyze(repo, rules, mode, message)?.0)
}

/// What a changeset did to one spec: versions at both ends, changelog entries added,
/// breaking markers. The material of release notes.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SpecChange {
    pub spec: String,
    pub document: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub added: bool,
    pub deleted: bool,
    pub entries: Vec<EntryOut>,
    pub breaking: Vec<MarkerOut>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct EntryOut {
    pub version: String,
    /// What the entry says, one line, without its date and the markup around its version.
    pub text: String,
    pub date: Option<String>,
    pub line: usize,
    /// The external changelog file (`changelog.file`) the entry is in; `None`: the spec.
    pub file: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct MarkerOut {
    pub text: String,
    pub place: String,
}

fn spec_changes(ctx: &Context) -> Vec<SpecChange> {
    use crate::spec::{changelog, version};
    let mut out = Vec::new();
    for u in ctx
        .specs
        .units
        .values()
        .filter(|u| u.touched || u.added || u.deleted)
    {
        let head = u.main_doc();
        let base = u.base_main();
        let v = |d: Option<&crate::spec::SpecDoc>| {
            d.and_then(version::read)
                .map(|v| v.version.map(|x| x.to_string()).unwrap_or(v.raw))
        };
        let base_versions: std::collections::BTreeSet<String> = base
            .map(|d| {
                changelog::read(d)
                    .entries
                    .iter()
                    .filter_map(|e| e.version.as_ref().map(|v| v.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let out_entry = |e: &changelog::Entry, file: Option<String>| {
            let (date, text) = e.summary();
            EntryOut {
                version: e
                    .version
                    .as_ref()
                    .map(|v| v.to_string())
                    .unwrap_or(e.raw.clone()),
                text,
                date,
                line: e.line,
                file,
            }
        };
        let mut entries: Vec<EntryOut> = head
            .map(|d| {
                changelog::read(d)
                    .entries
                    .iter()
                    .filter(|e| {
                        e.version
                            .as_ref()
                            .is_some_and(|v| !base_versions.contains(&v.to_string()))
                    })
                    .filter(|e| !e.is_empty())
                    .map(|e| out_entry(e, None))
                    .collect()
            })
            .unwrap_or_default();
        // a new version whose entry is in the external changelog file (SM003 accepts it
        // there): the notes carry that entry too (specs/release.md RL-3)
        let new_version = head
            .and_then(version::read)
            .and_then(|v| v.version.ok())
            .filter(|h| {
                base.and_then(version::read)
                    .and_then(|v| v.version.ok())
                    .is_none_or(|b| b < *h)
            });
        if let (Some(h), Some(ext)) = (new_version, ctx.external_changelog) {
            if !entries.iter().any(|e| e.version == h.to_string()) {
                entries.extend(
                    ext.iter()
                        .filter(|e| e.version.as_ref() == Some(&h) && !e.is_empty())
                        .map(|e| out_entry(e, ctx.config.changelog_file.clone())),
                );
            }
        }
        // a deleted spec's requirement IDs went with it (an added one has no markers)
        let breaking = rules::breaking_major::markers(ctx, u)
            .into_iter()
            .map(|m| MarkerOut {
                text: m.text,
                place: m.place,
            })
            .collect();
        out.push(SpecChange {
            spec: u.id.clone(),
            document: u.main.clone(),
            from: v(base),
            to: v(head),
            added: u.added,
            deleted: u.deleted,
            entries,
            breaking,
        });
    }
    out
}

/// [`check_with`], also returning what the changeset did to each spec.
pub fn analyze(
    repo: &Repo,
    rules: Rules,
    mode: &Mode,
    message: Option<&str>,
) -> Result<(Report, Vec<SpecChange>)> {
    analyze_in(repo, rules, mode, message, spec_index())
}

/// [`analyze`] with the spec documents looked up in and added to `store`: `audit`
/// shares one store across the commits it judges (specs/adoption.md AD-5).
pub fn analyze_in(
    repo: &Repo,
    rules: Rules,
    mode: &Mode,
    message: Option<&str>,
    store: Box<dyn crate::specset::DocStore>,
) -> Result<(Report, Vec<SpecChange>)> {
    let t = crate::timing::phase("changeset");
    let changeset = match mode {
        Mode::Staged => repo.staged()?,
        Mode::Range { base, head } => repo.range(base, head)?,
    };
    crate::par::fit(changeset.changes.len());
    t.done();
    let t = crate::timing::phase("config");
    let short = |c: gix::ObjectId| c.to_hex_with_len(12).to_string();
    let (config, config_path, judged_by) = match rules {
        Rules::Given(c, p) => (
            std::borrow::Cow::Borrowed(c),
            p,
            format!(
                "the config given with --config, {}",
                c.file.as_deref().or(p).unwrap_or("a file")
            ),
        ),
        Rules::InForce => (
            std::borrow::Cow::Owned(crate::config_file::at_revision(repo, changeset.base)?),
            Some(crate::config_file::CONFIG_PATH),
            match (mode, changeset.base) {
                (Mode::Range { .. }, Some(b)) => {
                    format!("the config at the merge base {}", short(b))
                }
                (_, Some(b)) => format!("the config at HEAD {}", short(b)),
                (_, None) => "the config in the index, as there is no commit yet".to_string(),
            },
        ),
    };
    let config: &Config = &config;
    t.done();
    let mut loaded = load_scoped(repo, config, changeset, true, store)?;
    let cs = &loaded.changeset;
    let config_changed = config_path.is_some_and(|p| {
        cs.changes
            .iter()
            .any(|c| c.paths().any(|x| x.as_ref() as &[u8] == p.as_bytes()))
    });

    let needs = rules::needs(config);
    // the edit of the config the change makes, when the config in force is the one
    // before it (not with --config, which names the config to use, nor while HEAD is
    // unborn: then the index's config is the one in force)
    let before = matches!(rules, Rules::InForce) && loaded.changeset.base.is_some();
    let config_edit = match (config_path, needs.config_edit && config_changed && before) {
        (Some(path), true) => Some(config_edit(
            repo,
            path,
            &loaded.changeset,
            judged_by.clone(),
        )?),
        _ => None,
    };
    // Globs that match nothing (SM011): found by walking only the folders under the
    // wanted globs' literal prefixes, each until its globs have matched.
    let any_touched = loaded.specs.units.values().any(|u| u.touched);
    let t = crate::timing::phase("globs that match nothing (SM011)");
    let unmatched: Option<Vec<(usize, usize)>> = if needs.unmatched_globs {
        let (_, globs) = rules::dangling_owner::wanted(
            &loaded.owners,
            &loaded.specs,
            config,
            &cs.changes,
            config_changed,
        );
        Some(if globs.is_empty() {
            Vec::new()
        } else {
            repo.unmatched_globs(cs.head, &loaded.owners, &globs)?
        })
    } else {
        None
    };
    t.done();
    // Files at head are listed only for generated files a changed spec may have left
    // stale (SM005), and only under the literal prefixes of the touched specs' globs
    // (a glob never matches outside its prefix); root-level globs, very many
    // prefixes, or configured generated files need the whole listing.
    let wants_files = needs.stale_markers && any_touched;
    let t = crate::timing::phase("list files (SM005)");
    let prefixes = if wants_files {
        let lists: std::collections::BTreeSet<usize> = loaded
            .owners
            .lists
            .iter()
            .enumerate()
            .filter(|(_, (target, _))| loaded.specs.unit(&target.spec).is_some_and(|u| u.touched))
            .map(|(li, _)| li)
            .collect();
        let configured_generated = !config.generated.is_empty();
        loaded
            .owners
            .literal_prefixes(&lists)
            .filter(|p| p.len() <= 256 && !configured_generated)
    } else {
        None
    };
    // at a commit, only the files with a specmoor marker (remembered per tree: GF-4);
    // the whole listing in the index, or when a blob is missing (a partial clone)
    let marked = match (wants_files, cs.head) {
        (true, Some(head)) => {
            let roots = repo.roots(head, prefixes.as_deref())?;
            crate::genscan::marked_under(repo, head, &roots)?
        }
        _ => None,
    };
    let full_listing = wants_files && prefixes.is_none() && marked.is_none();
    let head_entries: Option<Vec<crate::model::FileEntry>> = match marked {
        Some(m) => Some(m),
        None if wants_files => Some(repo.files(cs.head, prefixes.as_deref())?),
        None => None,
    };
    t.done();
    let t = crate::timing::phase("generated files");
    let generated = if needs.generated {
        crate::genscan::scan(&crate::genscan::Scan {
            repo,
            config,
            changeset: cs,
            specs: &loaded.specs,
            owners: &loaded.owners,
            ignore: &loaded.ignore,
            head_files: if needs.stale_markers {
                head_entries.as_deref()
            } else {
                None
            },
            // `.gitattributes` are looked up in the listing only when it is whole
            all_files: head_entries.as_deref().filter(|_| full_listing),
        })?
    } else {
        Vec::new()
    };

    // the specs generated files name, read if they were not
    loaded.specs.ensure(
        generated.iter().filter_map(|g| g.spec.clone()),
        &|docs| repo.blobs(&at(docs, cs.head)),
        config,
    )?;
    let external: Option<Vec<crate::spec::changelog::Entry>> = match &config.changelog_file {
        Some(f) => Some(
            repo.read_path(cs.head, f)?
                .map(|b| crate::spec::changelog::read_keep_a_changelog(f, &b))
                .unwrap_or_default(),
        ),
        None => None,
    };
    t.done();
    let t = crate::timing::phase("commit markers");
    let commit_markers = commit_markers(repo, cs, message)?;
    t.done();
    // `.gitattributes` marking files documentation or vendored, read only for the
    // changed paths SM007 would otherwise report (specs/config.md CF-8)
    let t = crate::timing::phase("not-code attributes (SM007)");
    let attributes = if config.not_code_attributes
        && config.severity(crate::codes::RuleCode::Unowned) != crate::codes::Severity::Off
    {
        // the first owner lookup of most changed paths: on all cores
        use rayon::prelude::*;
        let paths: Vec<&[u8]> = cs
            .changes
            .iter()
            .flat_map(|c| c.paths())
            .map(|p| p.as_ref() as &[u8])
            .collect();
        let candidates: Vec<&[u8]> = paths
            .into_par_iter()
            .with_min_len(64)
            .filter(|p| {
                !loaded.specs.is_spec_path(p)
                    && !loaded.ignore.is_match(p)
                    && !loaded.not_code.is_match(p)
                    && !loaded.owners.is_match(p)
            })
            .collect();
        if candidates.is_empty() {
            None
        } else {
            crate::genscan::Attributes::load(repo, cs.head, &candidates, None, NOT_CODE_ATTRIBUTES)?
                .into_lists()
        }
    } else {
        None
    };
    t.done();
    // what is known of changed code blobs (their tags, their whitespace digests),
    // cached by blob id: worth loading for many blobs, a handful are read faster
    let mut blob_facts = crate::tagtree::FactsCache::new(
        crate::tags::TagSyntax::new(&config.tags)?,
        cs.changes.len() >= 256,
    );
    // requirement tags in the changed code files (specs/tags.md)
    let t = crate::timing::phase("requirement tags");
    let tag_facts = match needs.tags {
        true => crate::tagscan::gather(
            repo,
            config,
            cs,
            &mut loaded.specs,
            &loaded.ignore,
            &loaded.not_code,
            &mut blob_facts,
        )?,
        false => Default::default(),
    };
    t.done();
    let ctx = Context {
        not_code: rules::NotCode {
            globs: &loaded.not_code,
            attributes: attributes.as_ref(),
        },
        commit_markers: &commit_markers,
        generated: &generated,
        external_changelog: external.as_deref(),
        config,
        changes: &cs.changes,
        specs: &loaded.specs,
        owners: &loaded.owners,
        ignore: &loaded.ignore,
        aliases: &loaded.aliases,
        unmatched: unmatched.as_deref(),
        config_changed,
        config_edit: config_edit.as_ref(),
        whitespace_only: &[],
        tags: &tag_facts,
        code_paths: Default::default(),
    };
    // whether the changes SM001 would report are whitespace-only: both blobs read,
    // for those paths alone (specs/rules.md RU-2)
    let t = crate::timing::phase("whitespace-only changes (SM001)");
    let whitespace_only = if needs.whitespace && config.ignore_whitespace {
        whitespace_only(
            repo,
            cs,
            &rules::drift::whitespace_candidates(&ctx),
            &mut blob_facts,
        )?
    } else {
        Vec::new()
    };
    blob_facts.save();
    // unmapped now: its pages would otherwise count in the peak the findings reach
    drop(blob_facts);
    t.done();
    let ctx = Context {
        whitespace_only: &whitespace_only,
        ..ctx
    };
    let (mut waivers, mut bad) = range_waivers(repo, cs)?;
    if let Some(m) = message {
        let (g, b) = waiver::parse(m, "commit message", None);
        waivers.extend(g);
        bad.extend(b);
    }
    if matches!(mode, Mode::Staged) {
        // committing a merge: the merged commits' own waivers still hold
        let (g, b) = merge_waivers(repo, cs)?;
        waivers.extend(g);
        bad.extend(b);
    }
    // the rules read nothing: the trees the diff and the folder walks decoded (9 MB
    // at 20,000 inexact renames) go before the findings are made
    repo.forget_trees();
    crate::par::give_back();
    let t = crate::timing::phase("rules");
    let took = std::sync::Mutex::new(Vec::new());
    let findings = rules::judge(&ctx, &waivers, bad, &|code, run| {
        let t = crate::timing::phase(format!("rule {code}"));
        let out = run();
        if let Ok(mut took) = took.lock() {
            took.push((code, t.stop()));
        }
        out
    });
    // the rules ran at once: their times in registry order
    let mut took = took.into_inner().unwrap_or_default();
    took.sort_by_key(|(code, _)| rules::REGISTRY.iter().position(|r| r.code() == *code));
    for (_, t) in &took {
        t.print();
    }
    t.done();
    let changes = spec_changes(&ctx);
    let code_paths = ctx.code_paths();
    let stats = Stats {
        changed_paths: cs.changes.iter().map(|c| c.paths().count()).sum(),
        owned_paths: code_paths
            .iter()
            .filter(|p| {
                loaded.owners.is_match(p)
                    || ctx.tags.file(p).is_some()
                    || loaded
                        .aliases
                        .iter()
                        .any(|(x, a)| x == *p && loaded.owners.is_match(a))
            })
            .count(),
        code_paths: code_paths.len(),
        specs: loaded.specs.count(),
        specs_touched: loaded.specs.units.values().filter(|u| u.touched).count(),
    };
    let mut report = Report {
        base: cs.base.map(|b| b.to_string()),
        head: cs
            .head
            .map_or_else(|| "INDEX".to_string(), |h| h.to_string()),
        findings,
        notes: cs.notes.clone(),
        stats,
        sources: Default::default(),
    };
    let pointed_at: std::collections::HashSet<&str> = report
        .findings
        .iter()
        .filter_map(|f| f.line_file.as_deref())
        .collect();
    let mut sources = std::collections::BTreeMap::new();
    for u in loaded.specs.units.values() {
        for d in &u.docs {
            if pointed_at.contains(d.path.as_str()) {
                sources.insert(d.path.clone(), d.text.clone());
            }
        }
    }
    report.sources.extend(sources);
    report
        .sources
        .extend(crate::tagscan::sources(repo, cs.head, &report)?);
    if let (Some(file), Some(text)) = (&config.file, &config.text) {
        report.sources.insert(file.clone(), text.clone());
    }
    if let Rules::Given(..) = rules {
        report.notes.push(format!("judged by {judged_by}"));
    }
    report.finish();
    // what the check built: left to the exit, unless it is the bulk of the peak the
    // report's rendering adds to (at 20,000 inexact renames, leaving it cost 17 MB
    // of peak RSS; freeing it had cost ~3 ms of a 1,000-path check)
    let built = (loaded, generated, tag_facts, head_entries, attributes);
    if built.0.changeset.changes.len() < 15_000 {
        crate::par::leave(built);
    }
    Ok((report, changes))
}

/// Of the modified `paths` (sorted), those whose change is whitespace-only: each
/// one's blob at the base and at the head side read, and compared by the core.
fn whitespace_only(
    repo: &Repo,
    cs: &Changeset,
    paths: &[gix::bstr::BString],
    cache: &mut crate::tagtree::FactsCache,
) -> Result<Vec<gix::bstr::BString>> {
    use rayon::prelude::*;
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let pairs: Vec<(&crate::model::FileEntry, &crate::model::FileEntry)> = cs
        .changes
        .iter()
        .filter(|c| c.status == crate::model::Status::Modified)
        .filter_map(|c| c.old.as_ref().zip(c.new.as_ref()))
        .filter(|(_, n)| paths.binary_search(&n.path).is_ok())
        .collect();
    // decided by the cached digests of both blobs where the cache has them
    // (rules::drift::whitespace_digest: equal digests of two different blobs are
    // exactly a whitespace-only change)
    let known = &*cache;
    let decided: Vec<Option<bool>> = pairs
        .par_iter()
        .map(|(o, n)| {
            let (a, b) = (known.get(&o.id)?, known.get(&n.id)?);
            Some(o.id != n.id && a.whitespace.is_some() && a.whitespace == b.whitespace)
        })
        .collect();
    let mut out: Vec<gix::bstr::BString> = pairs
        .iter()
        .zip(&decided)
        .filter(|(_, d)| **d == Some(true))
        .map(|((_, n), _)| n.path.clone())
        .collect();
    let unknown: Vec<_> = pairs
        .iter()
        .zip(&decided)
        .filter(|(_, d)| d.is_none())
        .map(|(p, _)| *p)
        .collect();
    // the others: both blobs read, in parallel a chunk at a time (memory stays
    // bounded by a chunk's blobs), compared, and their facts remembered
    for chunk in unknown.chunks(256) {
        let items: Vec<(gix::ObjectId, At)> = chunk
            .iter()
            .flat_map(|(o, n)| {
                [
                    (o.id, At::new(&o.path, cs.base)),
                    (n.id, At::new(&n.path, cs.head)),
                ]
            })
            .collect();
        let (blobs, _) = cache.read(repo, &items)?;
        for ((_, n), b) in chunk.iter().zip(blobs.chunks(2)) {
            if rules::drift::whitespace_only(&b[0], &b[1]) {
                out.push(n.path.clone());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The edit of the config at `path` the change makes: the new config at the head side
/// (the index for the staged change), or why it does not parse, or its deletion.
fn config_edit(
    repo: &Repo,
    path: &str,
    cs: &Changeset,
    judged_by: String,
) -> Result<rules::config_change::ConfigEdit> {
    let head = cs.head;
    let deleted = repo.entry_at(head, path)?.is_none();
    let added = cs.changes.iter().any(|c| {
        c.status == crate::model::Status::Added
            && c.new.as_ref().is_some_and(|n| n.path == path.as_bytes())
    });
    let new = if deleted {
        Ok(Box::default())
    } else {
        crate::config_file::at_revision_path(repo, head, path)
            .map(Box::new)
            .map_err(|e| e.message.clone())
    };
    Ok(rules::config_change::ConfigEdit {
        path: path.to_string(),
        judged_by,
        new,
        deleted,
        added,
    })
}

/// One owner of a path, and the rule line that made it so.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OwnerOut {
    pub spec: String,
    pub section: Option<String>,
    pub pattern: String,
    pub file: String,
    pub line: usize,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PathOwners {
    pub path: String,
    /// The path is a spec document (of this spec).
    pub spec: Option<String>,
    /// The ignore pattern that excludes the path, if any.
    pub ignored: Option<OwnerOut>,
    pub owners: Vec<OwnerOut>,
    /// The line asked about (`owners PATH:LINE`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The requirement tags owning the path (or the line) (specs/tags.md TG-7).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<crate::tagscan::TagOwner>,
}

/// Who owns each path (and, given a line, that line), according to the specs and
/// config in the index.
pub fn owners(
    repo: &Repo,
    config: &Config,
    paths: &[(String, Option<u32>)],
) -> Result<Vec<PathOwners>> {
    let empty = Changeset {
        base: None,
        head: None,
        changes: Vec::new(),
        commits: Vec::new(),
        notes: Vec::new(),
    };
    let loaded = load(repo, config, empty)?;
    let mut out = Vec::new();
    for (p, line) in paths {
        let bytes = p.as_bytes();
        let is_spec = loaded.specs.is_spec_path(bytes);
        let ignored = loaded.ignore.matches(bytes).first().map(|(li, pi)| {
            let pat = &loaded.ignore.lists[*li].1[*pi];
            OwnerOut {
                spec: String::new(),
                section: None,
                pattern: pat.text.clone(),
                file: pat.origin.file.clone(),
                line: pat.origin.line,
            }
        });
        let owners = loaded
            .owners
            .matches(bytes)
            .into_iter()
            .map(|(li, pi)| {
                let (t, pats) = &loaded.owners.lists[li];
                OwnerOut {
                    spec: t.spec.clone(),
                    section: t.section.clone(),
                    pattern: pats[pi].text.clone(),
                    file: pats[pi].origin.file.clone(),
                    line: pats[pi].origin.line,
                }
            })
            .collect();
        out.push(PathOwners {
            path: display(bytes),
            spec: is_spec.then(|| loaded.specs.unit_of(p)),
            ignored,
            owners,
            line: *line,
            tags: crate::tagscan::owners(
                repo,
                config,
                &loaded.specs,
                &loaded.ignore,
                &loaded.not_code,
                p,
                *line,
            )?,
        });
    }
    Ok(out)
}
