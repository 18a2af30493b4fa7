//! `specmoor audit` (specs/adoption.md AD-5): what the gate would have said on past
//! commits. Each commit is judged exactly as `check --config CONFIG --base C^ --head
//! C` would judge it — the same engine ([`crate::check::analyze_in`]) — with one
//! opened repository and one spec index shared across the commits.

use crate::check::{self, Mode, Rules};
use crate::codes::{RuleCode, Severity};
use crate::config::Config;
use crate::error::{Fatal, FatalKind, Result};
use crate::finding::{Finding, Summary};
use crate::git::Repo;
use crate::model::CommitInfo;
use gix::ObjectId;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// The commits `audit --last` replays when no number is given.
pub const DEFAULT_LAST: usize = 50;

/// Which commits are replayed.
#[derive(Debug, Clone)]
pub enum Select {
    /// The newest N commits reachable from a revision.
    Last { n: usize, rev: String },
    /// `A..B`: reachable from B, not from A (an empty side is HEAD).
    Range(String),
}

/// Which commits of the selected history count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Walk {
    /// Every commit (merges judged against their first parent).
    All,
    /// The first-parent line only.
    FirstParent,
    /// The merges of the first-parent line only: one per pull request.
    Merges,
}

/// What was asked for, for the header and the JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Selection {
    /// `--last N` (null with `--range`).
    pub last: Option<usize>,
    /// `--range A..B` as given (null with `--last`).
    pub range: Option<String>,
    /// The revision `--last` counts back from.
    pub rev: Option<String>,
    pub walk: Walk,
}

/// One replayed commit.
#[derive(Debug, Clone, Serialize)]
pub struct CommitAudit {
    pub id: String,
    /// The first line of its message.
    pub subject: String,
    /// A merge's first line after the subject: the pull request's title, on GitHub
    /// (`Merge pull request #12 from a/b`, then the title). Null for other commits.
    pub title: Option<String>,
    /// The first parent it was judged against (null when not judged).
    pub base: Option<String>,
    pub merge: bool,
    /// `pass`, `fail` (an unwaived error finding: `check` exits 1) or `skipped`.
    pub verdict: &'static str,
    /// Why it was not judged (a root commit).
    pub skipped: Option<String>,
    /// Unwaived findings counted per code and severity.
    pub codes: Vec<CodeCount>,
    pub summary: Summary,
    /// Every finding, as `check --format json` reports them.
    pub findings: Vec<Finding>,
    #[serde(skip)]
    pub millis: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeCount {
    pub code: RuleCode,
    pub rule: &'static str,
    pub severity: Severity,
    pub count: usize,
}

impl CommitAudit {
    /// The subject, and a merge's title after it.
    pub fn headline(&self) -> String {
        match &self.title {
            Some(t) => format!("{} — {t}", self.subject),
            None => self.subject.clone(),
        }
    }

    pub fn short(&self) -> &str {
        &self.id[..self.id.len().min(12)]
    }

    pub fn failed(&self) -> bool {
        self.verdict == "fail"
    }

    pub fn judged(&self) -> bool {
        self.skipped.is_none()
    }

    /// `check` could not judge it (exit 2).
    pub fn unreadable(&self) -> bool {
        self.verdict == "error"
    }
}

/// The whole audit.
#[derive(Debug, Clone)]
pub struct Audit {
    /// The commit the history was read from (`--last`'s revision or B of `A..B`).
    pub tip: String,
    pub selection: Selection,
    /// Which config judged every commit (the work tree's or `--config`).
    pub config: String,
    /// Newest first.
    pub commits: Vec<CommitAudit>,
}

/// One rule over the audited commits.
#[derive(Debug, Clone, Serialize)]
pub struct RuleRate {
    pub code: RuleCode,
    pub rule: &'static str,
    /// Commits with at least one unwaived finding of the rule.
    pub flagged: usize,
    /// `flagged` / judged commits.
    pub rate: f64,
    /// Commits with an unwaived error, an unwaived warning, a waived finding of it.
    pub errors: usize,
    pub warnings: usize,
    pub waived: usize,
    /// Findings of the rule, waived or not.
    pub findings: usize,
}

/// Where drift (SM001) happened: one spec or one top-level folder.
#[derive(Debug, Clone, Serialize)]
pub struct HotSpot {
    pub name: String,
    /// SM001 findings, waived or not.
    pub findings: usize,
    /// Commits with at least one of them.
    pub commits: usize,
}

/// The audit's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    /// Commits listed, judged, and skipped (root commits, and those `check` could
    /// not judge: `unreadable`, also counted in `skipped`).
    pub commits: usize,
    pub judged: usize,
    pub skipped: usize,
    pub unreadable: usize,
    /// Commits `check` would have blocked (exit 1), and their share of those judged.
    pub failed: usize,
    pub blocked_rate: f64,
    /// Every rule with a finding, in code order.
    pub rules: Vec<RuleRate>,
    /// SM001 per spec and per top-level folder, most findings first.
    pub drift_by_spec: Vec<HotSpot>,
    pub drift_by_folder: Vec<HotSpot>,
}

/// Per-commit time (wall clock, milliseconds): not part of the verdict.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Timing {
    pub median_ms: f64,
    pub p95_ms: f64,
    pub total_ms: f64,
}

/// A share rounded to four decimals, so JSON stays short and stable.
fn rate(k: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        (k as f64 / n as f64 * 10_000.0).round() / 10_000.0
    }
}

/// The top-level folder of a path (`(root)` for a file at the top).
pub fn folder_of(path: &str) -> String {
    match path.split_once('/') {
        Some((top, _)) => format!("{top}/"),
        None => "(root)".to_string(),
    }
}

impl Audit {
    pub fn totals(&self) -> Totals {
        let judged: Vec<&CommitAudit> = self.commits.iter().filter(|c| c.judged()).collect();
        let n = judged.len();
        let failed = judged.iter().filter(|c| c.failed()).count();
        let mut rules: BTreeMap<RuleCode, RuleRate> = BTreeMap::new();
        let mut by_spec: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        let mut by_folder: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for c in &judged {
            let mut seen: BTreeMap<RuleCode, [bool; 4]> = BTreeMap::new();
            let mut specs = BTreeSet::new();
            let mut folders = BTreeSet::new();
            for f in &c.findings {
                let r = rules.entry(f.code).or_insert_with(|| RuleRate {
                    code: f.code,
                    rule: f.rule,
                    flagged: 0,
                    rate: 0.0,
                    errors: 0,
                    warnings: 0,
                    waived: 0,
                    findings: 0,
                });
                r.findings += 1;
                let s = seen.entry(f.code).or_default();
                match (&f.waived, f.severity) {
                    (Some(_), _) => s[2] = true,
                    (None, Severity::Error) => (s[0], s[3]) = (true, true),
                    (None, _) => (s[1], s[3]) = (true, true),
                }
                if f.code == RuleCode::Drift {
                    if let Some(spec) = &f.spec {
                        by_spec.entry(spec.clone()).or_default().0 += 1;
                        specs.insert(spec.clone());
                    }
                    if let Some(p) = &f.path {
                        let top = folder_of(p);
                        by_folder.entry(top.clone()).or_default().0 += 1;
                        folders.insert(top);
                    }
                }
            }
            for (code, [e, w, x, any]) in seen {
                let r = rules.get_mut(&code).expect("counted above");
                r.errors += e as usize;
                r.warnings += w as usize;
                r.waived += x as usize;
                r.flagged += any as usize;
            }
            for s in specs {
                by_spec.entry(s).or_default().1 += 1;
            }
            for f in folders {
                by_folder.entry(f).or_default().1 += 1;
            }
        }
        let rules = rules
            .into_values()
            .map(|r| RuleRate {
                rate: rate(r.flagged, n),
                ..r
            })
            .collect();
        let spots = |m: BTreeMap<String, (usize, usize)>| {
            let mut v: Vec<HotSpot> = m
                .into_iter()
                .map(|(name, (findings, commits))| HotSpot {
                    name,
                    findings,
                    commits,
                })
                .collect();
            // most findings first, then most commits, then by name
            v.sort_by(|a, b| {
                (b.findings, b.commits)
                    .cmp(&(a.findings, a.commits))
                    .then_with(|| a.name.cmp(&b.name))
            });
            v
        };
        Totals {
            commits: self.commits.len(),
            judged: n,
            skipped: self.commits.len() - n,
            unreadable: self.commits.iter().filter(|c| c.unreadable()).count(),
            failed,
            blocked_rate: rate(failed, n),
            rules,
            drift_by_spec: spots(by_spec),
            drift_by_folder: spots(by_folder),
        }
    }

    /// Median, 95th percentile and total of the judged commits' times.
    pub fn timing(&self) -> Timing {
        let mut t: Vec<f64> = self
            .commits
            .iter()
            .filter(|c| c.judged())
            .map(|c| c.millis)
            .collect();
        t.sort_by(|a, b| a.total_cmp(b));
        let pick = |p: f64| -> f64 {
            if t.is_empty() {
                return 0.0;
            }
            // nearest rank
            let k = ((p * t.len() as f64).ceil() as usize).clamp(1, t.len());
            t[k - 1]
        };
        let round = |x: f64| (x * 10.0).round() / 10.0;
        Timing {
            median_ms: round(if t.is_empty() {
                0.0
            } else if t.len() % 2 == 1 {
                t[t.len() / 2]
            } else {
                (t[t.len() / 2 - 1] + t[t.len() / 2]) / 2.0
            }),
            p95_ms: round(pick(0.95)),
            total_ms: round(t.iter().sum()),
        }
    }

    /// The commits a team would have had to waive: those `check` fails.
    pub fn to_waive(&self) -> impl Iterator<Item = &CommitAudit> {
        self.commits.iter().filter(|c| c.failed())
    }

    /// What was replayed, in words, for headers: which commits of which revision
    /// (its commit id in parentheses).
    pub fn describe(&self) -> String {
        let what = |n: usize| {
            let s = if n == 1 { "" } else { "s" };
            match self.selection.walk {
                Walk::All => format!("commit{s}"),
                Walk::FirstParent => format!("first-parent commit{s}"),
                Walk::Merges => format!("first-parent merge{s}"),
            }
        };
        let tip = &self.tip[..self.tip.len().min(12)];
        let rev = self.selection.rev.as_deref().unwrap_or("HEAD");
        let found = self.commits.len();
        match (&self.selection.range, self.selection.last) {
            (Some(r), _) => format!("the {} of {r} ({tip})", what(2)),
            (None, Some(n)) if found < n => format!(
                "all {found} {} of {rev} ({tip}; fewer than --last {n})",
                what(found)
            ),
            (None, Some(1)) => format!("the last {} of {rev} ({tip})", what(1)),
            (None, Some(n)) => format!("the last {n} {} of {rev} ({tip})", what(n)),
            (None, None) => format!("the {} of {rev} ({tip})", what(2)),
        }
    }
}

/// The first line of a commit message.
pub fn subject(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_string()
}

/// The first non-empty line after a message's subject, if any.
pub fn title(message: &str) -> Option<String> {
    message
        .lines()
        .skip(1)
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string)
}

/// Unwaived findings counted per code and severity, in code order.
fn code_counts(findings: &[Finding]) -> Vec<CodeCount> {
    let mut m: BTreeMap<(RuleCode, bool), CodeCount> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.waived.is_none()) {
        m.entry((f.code, f.severity != Severity::Error))
            .or_insert_with(|| CodeCount {
                code: f.code,
                rule: f.rule,
                severity: f.severity,
                count: 0,
            })
            .count += 1;
    }
    m.into_values().collect()
}

/// One spec index shared by every commit the audit judges: a document parsed for one
/// commit is found for the next, and the index is written once, at the end.
#[derive(Debug, Clone)]
struct Shared {
    index: Arc<Mutex<crate::cache::SpecIndex>>,
    /// Blob ids of the documents at each judged commit's head (marked recent).
    current: Arc<Mutex<HashSet<ObjectId>>>,
}

impl Shared {
    fn new() -> Shared {
        Shared {
            index: Arc::new(Mutex::new(crate::cache::SpecIndex::load())),
            current: Default::default(),
        }
    }

    fn save(&self) {
        let current = self.current.lock().map(|c| c.clone()).unwrap_or_default();
        if let Ok(index) = self.index.lock() {
            index.save(&|| current.clone());
        }
    }
}

impl crate::specset::DocStore for Shared {
    fn docs(&self, wanted: &[(String, ObjectId)]) -> Vec<Option<crate::spec::SpecDoc>> {
        match self.index.lock() {
            Ok(i) => i.docs(wanted),
            Err(_) => vec![None; wanted.len()],
        }
    }
    fn owns_under(&self, id: &ObjectId, folders: &foldhash::HashSet<&[u8]>) -> Option<bool> {
        self.index.lock().ok()?.owns_under(id, folders)
    }
    fn add(&mut self, id: ObjectId, doc: &crate::spec::SpecDoc) {
        if let Ok(mut i) = self.index.lock() {
            i.add(id, doc);
        }
    }
    fn save(&self, current: &dyn Fn() -> HashSet<ObjectId>) {
        if let Ok(mut c) = self.current.lock() {
            c.extend(current());
        }
    }
}

/// `A..B` split into its two revisions (an empty side is HEAD, as in git).
fn split_range(range: &str) -> Result<(String, String)> {
    let bad = || {
        Box::new(
            Fatal::usage(format!("`{range}` is not a range A..B")).with_help(
                "name two revisions: --range main~20..main (the commits reachable from the second and not from the first)",
            ),
        )
    };
    if range.contains("...") {
        return Err(bad());
    }
    let (a, b) = range.split_once("..").ok_or_else(bad)?;
    let side = |s: &str| {
        if s.is_empty() {
            "HEAD".to_string()
        } else {
            s.to_string()
        }
    };
    Ok((side(a), side(b)))
}

/// List the commits to replay.
pub fn select(repo: &Repo, select: &Select, walk: Walk) -> Result<(ObjectId, Vec<CommitInfo>)> {
    let first_parent = walk != Walk::All;
    let merges_only = walk == Walk::Merges;
    let keep = move |c: &CommitInfo| !merges_only || c.parents.len() > 1;
    match select {
        Select::Last { n, rev } => {
            let tip = repo.resolve_commit(rev)?;
            Ok((tip, repo.log(tip, None, first_parent, Some(*n), &keep)?))
        }
        Select::Range(r) => {
            let (a, b) = split_range(r)?;
            let hidden = repo.resolve_commit(&a)?;
            let tip = repo.resolve_commit(&b)?;
            Ok((tip, repo.log(tip, Some(hidden), first_parent, None, &keep)?))
        }
    }
}

/// Replay the selected commits with `config` (at `config_path` in the repository,
/// when it lives there); `config_source` says which config it is.
pub fn audit(
    repo: &Repo,
    config: &Config,
    config_path: Option<&str>,
    config_source: String,
    sel: &Select,
    walk: Walk,
) -> Result<Audit> {
    let (tip, commits) = select(repo, sel, walk)?;
    let store = Shared::new();
    let mut out = Vec::with_capacity(commits.len());
    for c in &commits {
        // a commit whose specs or config cannot be read is reported as such, never
        // as a pass, and the audit goes on; a cut history stops it
        let judged = match judge(repo, config, config_path, c, &store) {
            Err(e) if e.kind != FatalKind::Shallow => Ok(unreadable(c, &e)),
            r => r,
        };
        out.push(judged?);
        // the trees one commit's check decoded serve that check alone
        repo.forget_trees();
    }
    store.save();
    let selection = match sel {
        Select::Last { n, rev } => Selection {
            last: Some(*n),
            range: None,
            rev: Some(rev.clone()),
            walk,
        },
        Select::Range(r) => Selection {
            last: None,
            range: Some(r.clone()),
            rev: None,
            walk,
        },
    };
    Ok(Audit {
        tip: tip.to_string(),
        selection,
        config: config_source,
        commits: out,
    })
}

/// A commit `check` could not judge (it would exit 2): verdict `error`, with why.
fn unreadable(c: &CommitInfo, e: &Fatal) -> CommitAudit {
    let subject = subject(&c.message);
    let prefix = format!("commit {} ({subject}): ", c.id.to_hex_with_len(12));
    let why = e.message.strip_prefix(&prefix).unwrap_or(&e.message);
    CommitAudit {
        id: c.id.to_string(),
        title: (c.parents.len() > 1).then(|| title(&c.message)).flatten(),
        subject,
        base: c.parents.first().map(|p| p.to_string()),
        merge: c.parents.len() > 1,
        verdict: "error",
        skipped: Some(format!("could not check (check exits 2): {why}")),
        codes: Vec::new(),
        summary: Summary::default(),
        findings: Vec::new(),
        millis: 0.0,
    }
}

/// Judge one commit against its first parent, as `check --base C^ --head C` does.
fn judge(
    repo: &Repo,
    config: &Config,
    config_path: Option<&str>,
    c: &CommitInfo,
    store: &Shared,
) -> Result<CommitAudit> {
    let id = c.id.to_string();
    let subject = subject(&c.message);
    let title = if c.parents.len() > 1 {
        title(&c.message)
    } else {
        None
    };
    let Some(parent) = c.parents.first().copied() else {
        return Ok(CommitAudit {
            id,
            subject,
            title,
            base: None,
            merge: false,
            verdict: "skipped",
            skipped: Some("root commit: no parent to judge it against".into()),
            codes: Vec::new(),
            summary: Summary::default(),
            findings: Vec::new(),
            millis: 0.0,
        });
    };
    let short = c.id.to_hex_with_len(12).to_string();
    if !repo.has_object(parent) {
        let shallow = if repo.is_shallow() {
            " (this is a shallow clone)"
        } else {
            ""
        };
        return Err(Fatal::new(
            FatalKind::Shallow,
            format!(
                "commit {short} cannot be judged: its parent {} is not in this repository{shallow}",
                parent.to_hex_with_len(12)
            ),
        )
        .with_help(
            "fetch more history (`git fetch --unshallow`, or `fetch-depth: 0` in CI), or audit fewer commits with --last N",
        )
        .into());
    }
    let start = Instant::now();
    let mode = Mode::Range {
        base: parent.to_string(),
        head: id.clone(),
    };
    let (report, _) = check::analyze_in(
        repo,
        Rules::Given(config, config_path),
        &mode,
        None,
        Box::new(store.clone()),
    )
    .map_err(|mut e| {
        e.message = format!("commit {short} ({subject}): {}", e.message);
        e
    })?;
    let millis = start.elapsed().as_secs_f64() * 1000.0;
    let summary = report.summary();
    Ok(CommitAudit {
        id,
        subject,
        title,
        base: Some(parent.to_string()),
        merge: c.parents.len() > 1,
        verdict: if summary.errors > 0 { "fail" } else { "pass" },
        skipped: None,
        codes: code_counts(&report.findings),
        summary,
        findings: report.findings,
        millis,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: RuleCode, sev: Severity, path: &str, spec: &str, waived: bool) -> Finding {
        let mut f = Finding::new(code, "m".into());
        f.severity = sev;
        f.path = Some(path.into());
        f.spec = Some(spec.into());
        if waived {
            f.waived = Some(crate::finding::Waived {
                by: "x".into(),
                reason: "y".into(),
            });
        }
        f
    }

    fn commit(id: &str, findings: Vec<Finding>) -> CommitAudit {
        let errors = findings
            .iter()
            .any(|f| f.waived.is_none() && f.severity == Severity::Error);
        CommitAudit {
            id: id.into(),
            subject: "s".into(),
            title: None,
            base: Some("p".into()),
            merge: false,
            verdict: if errors { "fail" } else { "pass" },
            skipped: None,
            codes: code_counts(&findings),
            summary: Summary::default(),
            findings,
            millis: 1.0,
        }
    }

    #[test]
    fn rates_count_commits_and_hot_spots_count_drift() {
        use RuleCode::*;
        use Severity::*;
        let a = Audit {
            tip: "t".into(),
            selection: Selection {
                last: Some(4),
                range: None,
                rev: Some("HEAD".into()),
                walk: Walk::All,
            },
            config: "c".into(),
            commits: vec![
                commit(
                    "1",
                    vec![
                        finding(Drift, Error, "src/a.rs", "specs/a.md", false),
                        finding(Drift, Error, "src/b.rs", "specs/a.md", false),
                        finding(Unowned, Warn, "lib/x.rs", "", false),
                    ],
                ),
                commit(
                    "2",
                    vec![finding(Drift, Error, "web/a.ts", "specs/b.md", true)],
                ),
                commit("3", vec![]),
                CommitAudit {
                    skipped: Some("root".into()),
                    verdict: "skipped",
                    ..commit("4", vec![])
                },
            ],
        };
        let t = a.totals();
        assert_eq!((t.commits, t.judged, t.skipped, t.failed), (4, 3, 1, 1));
        assert_eq!(t.blocked_rate, 0.3333);
        let drift = &t.rules[0];
        assert_eq!(drift.code, Drift);
        assert_eq!(
            (drift.flagged, drift.errors, drift.waived, drift.findings),
            (1, 1, 1, 3)
        );
        assert_eq!(t.rules[1].warnings, 1);
        assert_eq!(t.drift_by_spec[0].name, "specs/a.md");
        assert_eq!(
            (t.drift_by_spec[0].findings, t.drift_by_spec[0].commits),
            (2, 1)
        );
        assert_eq!(t.drift_by_folder[0].name, "src/");
        assert_eq!(a.to_waive().count(), 1);
        assert_eq!(a.commits[0].codes[0].count, 2);
    }

    #[test]
    fn ranges_need_two_dots() {
        assert_eq!(
            split_range("a..b").unwrap(),
            ("a".to_string(), "b".to_string())
        );
        assert_eq!(split_range("..b").unwrap().0, "HEAD");
        assert!(split_range("a...b").is_err());
        assert!(split_range("a").is_err());
    }
}
