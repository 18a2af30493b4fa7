//! `specmoor coverage`: over the whole tree at HEAD — files no spec owns, ownership
//! that points at nothing (SM011), generated files whose marker is stale (SM005),
//! specs without a version (SM008); totals and the share of code owned per top-level
//! folder.

use crate::check::{self, Loaded};
use crate::config::Config;
use crate::error::{Fatal, Result};
use crate::generated::{self, GenFile, Marker};
use crate::git::{Changeset, Repo};
use crate::model::{display, FileEntry, Kind};
use crate::report::{Finding, Report, Stats, Summary};
use crate::rules::{self, Context};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Counts {
    /// Every file at HEAD.
    pub files: usize,
    /// Files that are code: not specs, not ignored, and owned or not "not code".
    pub code: usize,
    pub owned: usize,
    pub unowned: usize,
    pub specs: usize,
    pub ignored: usize,
    /// Files no spec owns that are not code (specs/config.md CF-8): Markdown, docs,
    /// images, licences, agent prompts, files `.gitattributes` marks documentation
    /// or vendored.
    pub not_code: usize,
    /// Share of code owned, in percent (100 when there is no code).
    pub percent: f64,
}

impl Counts {
    fn finish(&mut self) {
        self.unowned = self.code - self.owned;
        self.percent = if self.code == 0 {
            100.0
        } else {
            (self.owned as f64 * 1000.0 / self.code as f64).round() / 10.0
        };
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Folder {
    pub folder: String,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub schema: &'static str,
    pub head: String,
    /// Which config was read (`.specmoor.yml in the work tree`, `... (--config)`,
    /// `none: the defaults`).
    pub config: String,
    /// Spec units (a folder unit counts once), as `init` counts them; `totals.specs`
    /// counts spec documents.
    pub units: usize,
    pub totals: Counts,
    pub folders: Vec<Folder>,
    pub unowned: Vec<String>,
    /// Requirements per spec and those nothing implements (specs/tags.md).
    pub requirements: specmoor_core::requirements::Listing,
    /// Requirement tags in the code (specs/tags.md TG-8).
    pub tags: crate::requirements::Tagged,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// Every code file with the spec unit that owns it (the first owner), for the
    /// treemap; not in the JSON.
    #[serde(skip)]
    pub map: Vec<(String, Option<String>)>,
}

impl Coverage {
    pub fn exit_code(&self) -> i32 {
        if self.summary.errors > 0 {
            1
        } else {
            0
        }
    }
}

/// What a file of the tree is, for the counts.
#[derive(Clone, Copy)]
enum Class {
    Spec,
    Ignored,
    /// Neither: its first owner (list index), and whether it is "not code".
    Other {
        owner: Option<u32>,
        not_code: bool,
    },
}

/// The row of a top-level folder (`src/`, with its slash; empty for the root's files).
fn top_name(top: &[u8]) -> String {
    if top.is_empty() {
        "(top level)".to_string()
    } else {
        display(top)
    }
}

fn add_counts(into: &mut Counts, c: &Counts) {
    into.files += c.files;
    into.code += c.code;
    into.owned += c.owned;
    into.specs += c.specs;
    into.ignored += c.ignored;
    into.not_code += c.not_code;
}

/// Specmoor markers of many files, read in parallel.
fn scan_markers(
    repo: &Repo,
    head: gix::ObjectId,
    files: &[&FileEntry],
) -> Result<Vec<(String, generated::SpecmoorMarker)>> {
    // read in parallel; contents already known to carry no marker are skipped
    let marked = crate::genscan::marked(
        repo,
        files
            .iter()
            .map(|f| (f.id, crate::git::At::new(f.path.as_slice(), Some(head))))
            .collect(),
    )?;
    if marked.is_empty() {
        return Ok(Vec::new());
    }
    Ok(files
        .iter()
        .filter_map(|f| match marked.get(&f.id) {
            Some(Marker::Specmoor(m)) => Some((display(&f.path), m.clone())),
            _ => None,
        })
        .collect())
}

pub fn coverage(repo: &Repo, config: &Config) -> Result<Coverage> {
    coverage_with(repo, config, true)
}

/// [`coverage`], with the treemap's list of every code file and its owner (`map`)
/// only when `with_map` (the HTML page draws it; nothing else reads it).
pub fn coverage_with(repo: &Repo, config: &Config, with_map: bool) -> Result<Coverage> {
    let head = repo.head_commit()?.ok_or_else(|| {
        Fatal::git("this repository has no commits yet: coverage looks at HEAD")
            .with_help("commit something first, or run `specmoor check` on the staged changes")
    })?;
    let files = repo.files(Some(head), None)?;
    let changeset = Changeset {
        base: Some(head),
        head: Some(head),
        changes: Vec::new(),
        commits: Vec::new(),
        notes: Vec::new(),
    };
    let Loaded {
        specs,
        owners,
        ignore,
        not_code,
        ..
    } = check::load(repo, config, changeset.clone())?;
    // `.gitattributes` documentation and vendored rules, from the whole listing
    let attributes = if config.not_code_attributes {
        let paths: Vec<&[u8]> = files.iter().map(|f| f.path.as_slice()).collect();
        crate::genscan::Attributes::load(
            repo,
            Some(head),
            &paths,
            Some(&files),
            check::NOT_CODE_ATTRIBUTES,
        )?
        .into_lists()
    } else {
        None
    };
    let is_not_code = crate::rules::NotCode {
        globs: &not_code,
        attributes: attributes.as_ref(),
    };

    // every file's class, the files of one folder sharing the glob work, on every core
    let spec_globs = crate::specset::SpecSet::spec_globs(config)?;
    let t = crate::timing::phase("owners of every file");
    // with the owner lists any file matches (a section-keyed owner implements its section)
    let (classes, matched): (Vec<Class>, std::collections::BTreeSet<usize>) = {
        use rayon::prelude::*;
        let chunk = files
            .len()
            .div_ceil(4 * rayon::current_num_threads())
            .max(1024);
        files
            .par_chunks(chunk)
            .map(|part| {
                let mut spec = spec_globs.matcher();
                let mut ignored = ignore.matcher();
                let mut owned = owners.matcher();
                let mut not_code_globs = not_code.matcher();
                let mut not_code_attrs = attributes.as_ref().map(|a| a.matcher());
                let mut matched = std::collections::BTreeSet::new();
                let classes = part
                    .iter()
                    .map(|f| {
                        let p = f.path.as_slice();
                        if spec.is_match(p) {
                            Class::Spec
                        } else if ignored.is_match(p) {
                            Class::Ignored
                        } else {
                            // an owned path is code whatever it is; an unowned one may be "not code"
                            let m = owned.matches(p);
                            matched.extend(m.iter().map(|(li, _)| *li));
                            let owner = m.first().map(|(li, _)| *li as u32);
                            let not_code = owner.is_none()
                                && (not_code_globs.is_match(p)
                                    || not_code_attrs.as_mut().is_some_and(|a| a.is_match(p)));
                            Class::Other { owner, not_code }
                        }
                    })
                    .collect::<Vec<Class>>();
                (classes, matched)
            })
            .collect::<Vec<_>>()
            .into_iter()
            .fold(
                (Vec::new(), std::collections::BTreeSet::new()),
                |mut acc, (c, m)| {
                    acc.0.extend(c);
                    acc.1.extend(m);
                    acc
                },
            )
    };
    t.done();

    let t = crate::timing::phase("count per folder");
    let mut totals = Counts::default();
    let mut folders: BTreeMap<String, Counts> = BTreeMap::new();
    let mut unowned = Vec::new();
    let mut code_files: Vec<&FileEntry> = Vec::new();
    let mut map = Vec::new();
    // the files of a top-level folder are listed together: look its counts up once
    let mut top: (&[u8], Counts) = (b"", Counts::default());
    let mut started = false;
    for (f, class) in files.iter().zip(&classes) {
        let this_top = match f.path.iter().position(|c| *c == b'/') {
            Some(i) => &f.path[..i + 1],
            None => &b""[..],
        };
        if !started || this_top != top.0 {
            if started {
                add_counts(folders.entry(top_name(top.0)).or_default(), &top.1);
            }
            top = (this_top, Counts::default());
            started = true;
        }
        let c = &mut top.1;
        c.files += 1;
        totals.files += 1;
        match *class {
            Class::Spec => {
                c.specs += 1;
                totals.specs += 1;
            }
            Class::Ignored => {
                c.ignored += 1;
                totals.ignored += 1;
            }
            Class::Other { owner, not_code } => {
                if matches!(f.kind, Kind::File | Kind::Executable) {
                    code_files.push(f);
                }
                if not_code {
                    c.not_code += 1;
                    totals.not_code += 1;
                    continue;
                }
                c.code += 1;
                totals.code += 1;
                if owner.is_none() {
                    unowned.push(display(&f.path));
                } else {
                    c.owned += 1;
                    totals.owned += 1;
                }
                if with_map {
                    let owner = owner.map(|li| owners.lists[li as usize].0.spec.clone());
                    map.push((display(&f.path), owner));
                }
            }
        }
    }
    if started {
        add_counts(folders.entry(top_name(top.0)).or_default(), &top.1);
    }
    t.done();
    totals.finish();
    for c in folders.values_mut() {
        c.finish();
    }

    // stale generated files: every marked code file
    let needs = rules::needs(config);
    let wants_sg005 = needs.stale_markers;
    let t = crate::timing::phase("markers of every file");
    let generated: Vec<GenFile> = if wants_sg005 {
        scan_markers(repo, head, &code_files)?
            .into_iter()
            .map(|(path, m)| GenFile {
                paths: vec![path.as_bytes().into()],
                spec: Some(specs.resolve(&m.spec)),
                section: m.section.clone(),
                how: format!("its specmoor marker on line {}", m.line),
                inputs: Vec::new(),
                inputs_changed: Vec::new(),
                status: None,
                marker: Some(m),
                unreadable: None,
                run: None,
                path,
            })
            .collect()
    } else {
        Vec::new()
    };
    t.done();
    let t = crate::timing::phase("globs that match nothing");
    let unmatched: Option<Vec<(usize, usize)>> = needs.unmatched_globs.then(|| {
        let every: Vec<(usize, usize)> = owners
            .lists
            .iter()
            .enumerate()
            .flat_map(|(li, (_, pats))| {
                pats.iter()
                    .enumerate()
                    .filter(|(_, p)| !p.negated())
                    .map(move |(pi, _)| (li, pi))
            })
            .collect();
        // the listing is sorted: each folder's files are one range of it
        owners.unmatched_with(&every, &mut |folder, visit| {
            for f in crate::glob::under_folder(&files, folder, |f| f.path.as_slice()) {
                if visit(&f.path) {
                    break;
                }
            }
        })
    });
    t.done();
    let t = crate::timing::phase("tags of the code at HEAD");
    let tag_facts = crate::requirements::scan(repo, config, head, &specs, &not_code, &code_files)?;
    t.done();
    let ctx = Context {
        aliases: &[],
        config,
        changes: &[],
        specs: &specs,
        owners: &owners,
        ignore: &ignore,
        not_code: is_not_code,
        unmatched: unmatched.as_deref(),
        config_changed: false,
        config_edit: None,
        external_changelog: None,
        generated: &generated,
        commit_markers: &[],
        whitespace_only: &[],
        tags: &tag_facts,
        code_paths: Default::default(),
    };
    let findings = rules::judge_repo_wide(&ctx);
    let mut report = Report {
        base: None,
        head: head.to_string(),
        findings,
        notes: Vec::new(),
        stats: Stats::default(),
        sources: BTreeMap::new(),
    };
    report.finish();
    unowned.sort();
    let t = crate::timing::phase("requirements nothing implements");
    let requirements = crate::requirements::listing(&specs, &owners, &matched, &tag_facts);
    t.done();
    Ok(Coverage {
        schema: "specmoor.coverage/1",
        head: head.to_string(),
        config: String::new(),
        units: specs.count(),
        summary: report.summary(),
        findings: report.findings,
        totals,
        folders: folders
            .into_iter()
            .map(|(folder, counts)| Folder { folder, counts })
            .collect(),
        unowned,
        requirements,
        tags: crate::requirements::tagged(&tag_facts),
        map,
    })
}

fn table(c: &Coverage, markdown: bool) -> String {
    let mut out = String::new();
    let row = |name: &str, k: &Counts| {
        if markdown {
            format!(
                "| {} | {} | {} | {} | {:.1}% |\n",
                crate::report::markdown::escape(name),
                k.files,
                k.code,
                k.owned,
                k.percent
            )
        } else {
            format!(
                "  {:<28} {:>7} {:>7} {:>7} {:>7.1}%\n",
                name, k.files, k.code, k.owned, k.percent
            )
        }
    };
    if markdown {
        out.push_str("| folder | files | code | owned | owned % |\n|---|---:|---:|---:|---:|\n");
    } else {
        out.push_str(&format!(
            "  {:<28} {:>7} {:>7} {:>7} {:>8}\n",
            "folder", "files", "code", "owned", "owned"
        ));
    }
    for f in &c.folders {
        out.push_str(&row(&f.folder, &f.counts));
    }
    out.push_str(&row("total", &c.totals));
    out
}

/// How many unowned files the human and Markdown reports list.
const LIST: usize = 50;

pub fn human(c: &Coverage) -> String {
    let mut out = format!(
        "specmoor coverage at {}: {} files, {} code, {} owned by a spec ({:.1}%), {} spec{} ({} spec file{}), {} ignored, {} not code\n\n",
        &c.head[..12.min(c.head.len())],
        c.totals.files,
        c.totals.code,
        c.totals.owned,
        c.totals.percent,
        c.units,
        crate::report::plural(c.units),
        c.totals.specs,
        crate::report::plural(c.totals.specs),
        c.totals.ignored,
        c.totals.not_code
    );
    if !c.config.is_empty() {
        out.insert_str(out.len() - 1, &format!("config: {}\n", c.config));
    }
    out.push_str(&table(c, false));
    if !c.unowned.is_empty() {
        out.push_str(&format!("\nfiles no spec owns ({}):\n", c.unowned.len()));
        for p in c.unowned.iter().take(LIST) {
            out.push_str(&format!("  {p}\n"));
        }
        if c.unowned.len() > LIST {
            out.push_str(&format!(
                "  … and {} more (--format json lists them all)\n",
                c.unowned.len() - LIST
            ));
        }
    }
    out.push_str(&crate::requirements::human(&c.requirements, &c.tags));
    if !c.findings.is_empty() {
        out.push_str(&format!("\nfindings ({}):\n", c.findings.len()));
        for f in &c.findings {
            out.push_str(&format!(
                "  {} {} [{}] {}\n",
                f.code,
                f.rule,
                f.severity.as_str(),
                f.message.replace(['\n', '\r'], " ")
            ));
        }
    }
    out.push_str(&format!(
        "specmoor coverage: {} error{}, {} warning{}\n",
        c.summary.errors,
        crate::report::plural(c.summary.errors),
        c.summary.warnings,
        crate::report::plural(c.summary.warnings)
    ));
    out
}

pub fn markdown(c: &Coverage) -> String {
    use crate::report::markdown::escape;
    let mut out = format!(
        "## specmoor coverage: {:.1}% of code owned by a spec\n\n{} files, {} code, {} owned, {} spec{} ({} spec file{}), {} ignored, {} not code · HEAD `{}`\n\n",
        c.totals.percent,
        c.totals.files,
        c.totals.code,
        c.totals.owned,
        c.units,
        crate::report::plural(c.units),
        c.totals.specs,
        crate::report::plural(c.totals.specs),
        c.totals.ignored,
        c.totals.not_code,
        &c.head[..12.min(c.head.len())]
    );
    out.push_str(&table(c, true));
    if !c.unowned.is_empty() {
        out.push_str(&format!(
            "\n### Files no spec owns ({})\n\n",
            c.unowned.len()
        ));
        for p in c.unowned.iter().take(LIST) {
            out.push_str(&format!("- {}\n", escape(p)));
        }
        if c.unowned.len() > LIST {
            out.push_str(&format!("- … and {} more\n", c.unowned.len() - LIST));
        }
    }
    out.push_str(&crate::requirements::markdown(&c.requirements, &c.tags));
    if !c.findings.is_empty() {
        out.push_str("\n### Findings\n\n");
        for f in &c.findings {
            out.push_str(&format!(
                "- **{} {}** ({}): {}\n",
                f.code,
                f.rule,
                f.severity.as_str(),
                escape(&f.message)
            ));
        }
    }
    out
}

impl crate::report::Render for Coverage {
    fn render(&self, format: crate::report::Format, _color: bool) -> Option<String> {
        use crate::report::Format;
        match format {
            Format::Human => Some(human(self)),
            Format::Markdown => Some(markdown(self)),
            Format::Json => Some(crate::report::to_json(self)),
            _ => None,
        }
    }
}
