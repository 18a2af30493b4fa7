//! Ownership inferred from what the specs already say (specs/adoption.md AD-4):
//! paths their documents name (spec-kit `plan.md` Source Code trees and `tasks.md`
//! task lines, Kiro `design.md`/`tasks.md` mentions and `_Boundary:_` notes,
//! OpenSpec change folders that amend one capability), names shared by specs and
//! code (`cli-<cmd>` ↔ `<cmd>.ts`, `kiro-<x>` ↔ `validate-kiro-<x>.mjs`),
//! per-package SPEC documents owning their package's sources, and the tests of the
//! files proposed. Each proposal carries its evidence and a confidence; a path
//! several specs claim goes to the one that names it most specifically.
//!
//! Pure over a file listing and a reader: `init` hands it the tracked files.

use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// written commented out: a hint, not an owner
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// One proposed glob of a spec, with why.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub glob: String,
    pub confidence: Confidence,
    pub evidence: String,
}

/// What one spec is proposed to own.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub spec: String,
    pub claims: Vec<Claim>,
}

impl Proposal {
    /// The globs written as entries (medium and high confidence), in order.
    pub fn globs(&self) -> Vec<String> {
        self.claims
            .iter()
            .filter(|c| c.confidence > Confidence::Low)
            .map(|c| c.glob.clone())
            .collect()
    }
}

/// What the inference looks at.
pub struct Input<'a> {
    /// every tracked path
    pub paths: &'a [String],
    /// spec unit → its documents
    pub units: &'a BTreeMap<String, Vec<String>>,
    /// folders that are never code (`.specify/`, `openspec/`, `.kiro/`), with a
    /// trailing slash
    pub not_code: &'a [String],
    /// per-package spec documents: unit → the package folder it owns
    pub packages: &'a BTreeMap<String, String>,
    pub read: &'a dyn Fn(&str) -> Option<Vec<u8>>,
}

/// A candidate: `target` is a file path or a folder path ending in `/`.
#[derive(Debug, Clone)]
struct Cand {
    unit: String,
    target: String,
    confidence: Confidence,
    /// the spec names the path itself (not a name-alike)
    named: bool,
    /// a folder target stands for a file still to be written in it
    new_file: bool,
    evidence: String,
}

struct Tree<'a> {
    files: BTreeSet<&'a str>,
    /// tracked paths, sorted: a folder's files are one run
    sorted: Vec<&'a str>,
    folders: BTreeSet<String>,
    /// basename → paths
    by_base: BTreeMap<&'a str, Vec<&'a str>>,
    /// file stem (basename without its last extension) → paths
    by_stem: BTreeMap<&'a str, Vec<&'a str>>,
}

impl<'a> Tree<'a> {
    fn new(paths: &'a [String]) -> Self {
        let mut folders = BTreeSet::new();
        let mut by_base: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut by_stem: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for p in paths {
            let base = p.rsplit('/').next().unwrap_or(p);
            if let Some((st, _)) = base.rsplit_once('.') {
                if !st.is_empty() {
                    by_stem.entry(st).or_default().push(p);
                }
            }
            let mut i = 0;
            while let Some(j) = p[i..].find('/') {
                folders.insert(p[..i + j + 1].to_string());
                i += j + 1;
            }
            by_base
                .entry(p.rsplit('/').next().unwrap_or(p))
                .or_default()
                .push(p);
        }
        let mut sorted: Vec<&str> = paths.iter().map(|s| s.as_str()).collect();
        sorted.sort_unstable();
        Tree {
            sorted,
            files: paths.iter().map(|s| s.as_str()).collect(),
            folders,
            by_base,
            by_stem,
        }
    }

    /// The one tracked code file (not a test) whose stem is exactly `ident`.
    fn component(&self, ident: &str) -> Option<&'a str> {
        let hits: Vec<&&str> = self
            .by_stem
            .get(ident)?
            .iter()
            .filter(|p| !is_test_path(p))
            .collect();
        (hits.len() == 1).then(|| *hits[0])
    }

    /// How many tracked files a folder (`x/`) holds.
    fn size(&self, folder: &str) -> usize {
        let start = self.sorted.partition_point(|p| *p < folder);
        self.sorted[start..]
            .iter()
            .take_while(|p| p.starts_with(folder))
            .count()
    }

    /// A mention resolved to a tracked file or folder (`x/`), and whether the path
    /// was taken as written (else: its folder, or the one file ending so).
    fn resolve(&self, token: &str) -> Option<(String, bool)> {
        let t = token.trim_start_matches("./").trim_start_matches('/');
        if t.is_empty() || t.contains("..") || t.contains("://") || t.contains('*') {
            return None;
        }
        if self.files.contains(t) {
            return Some((t.to_string(), true));
        }
        let folder = format!("{}/", t.trim_end_matches('/'));
        if self.folders.contains(&folder) {
            return Some((folder, true));
        }
        let base = t.rsplit('/').next().unwrap_or(t);
        if !has_extension(base) {
            return None;
        }
        // the one tracked file whose path ends so (a path relative to a package)
        let ending: Vec<&&str> = self
            .by_base
            .get(base)
            .map(|v| {
                v.iter()
                    .filter(|p| {
                        p.len() > t.len() && p.ends_with(t) && p[..p.len() - t.len()].ends_with('/')
                    })
                    .collect()
            })
            .unwrap_or_default();
        if ending.len() == 1 && t.contains('/') {
            return Some((ending[0].to_string(), false));
        }
        if ending.len() == 1 && !t.contains('/') && base.len() >= 6 {
            return Some((ending[0].to_string(), false));
        }
        // a new file: its folder, when that folder exists and is not top-level
        if let Some((parent, _)) = t.rsplit_once('/') {
            let parent = format!("{parent}/");
            if parent.matches('/').count() >= 2 && self.folders.contains(&parent) {
                return Some((parent, false));
            }
        }
        None
    }
}

fn has_extension(base: &str) -> bool {
    match base.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && (1..=6).contains(&ext.len())
                && ext.bytes().all(|b| b.is_ascii_alphanumeric())
                && ext.bytes().any(|b| b.is_ascii_alphabetic())
        }
        None => false,
    }
}

/// Path-like tokens of a line: `src/a.rs`, `` `lib/x/` ``, `[x](src/y.ts)`, `a.go:12`.
fn mentions(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in line.split(|c: char| {
        c.is_whitespace() || matches!(c, '`' | '"' | '\'' | '|' | '<' | '>' | ',' | '=')
    }) {
        let mut t = raw;
        if let Some(i) = t.find("](") {
            t = &t[i + 2..];
        }
        let t = t
            .trim_start_matches(['(', '[', '*', '_', '{'])
            .trim_end_matches(['.', ',', ':', ';', ')', '!', '?', '*', '_', '}']);
        // a line number after the path
        let t = match t.rsplit_once(':') {
            Some((p, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => p,
            _ => t,
        };
        if t.len() < 3
            || t.starts_with('-')
            || t.starts_with('#')
            || t.contains('@') && !t.contains('/')
        {
            continue;
        }
        let base = t.trim_end_matches('/').rsplit('/').next().unwrap_or(t);
        if t.contains('/') || has_extension(base) {
            out.push(t.to_string());
        }
    }
    out
}

/// `T012` on a task line, if any.
fn task_id(line: &str) -> Option<&str> {
    line.split_whitespace()
        .find(|w| w.len() >= 3 && w.starts_with('T') && w[1..].bytes().all(|b| b.is_ascii_digit()))
}

/// The entries of the fenced directory trees of a document: (line, full path, is a leaf).
fn tree_entries(text: &str) -> Vec<(usize, String, bool)> {
    let mut out: Vec<(usize, String, bool)> = Vec::new();
    let mut in_fence = false;
    let mut block: Vec<(usize, usize, String)> = Vec::new(); // line, level, name
    let mut is_tree = false;
    let flush = |block: &mut Vec<(usize, usize, String)>,
                 is_tree: bool,
                 out: &mut Vec<(usize, String, bool)>| {
        if is_tree {
            let mut stack: Vec<String> = Vec::new();
            let start = out.len();
            for (line, level, name) in block.iter() {
                stack.truncate(*level);
                while stack.len() < *level {
                    // a level whose parent line was not a folder: give up the branch
                    stack.push(String::new());
                }
                let path = format!("{}{}", stack.concat(), name);
                if name.ends_with('/') {
                    stack.push(name.clone());
                }
                if stack.iter().all(|s| !s.is_empty()) {
                    out.push((*line, path, true));
                }
            }
            // a leaf has no entry below it
            for i in start..out.len() {
                let p = out[i].1.clone();
                if p.ends_with('/')
                    && out[start..]
                        .iter()
                        .any(|(_, q, _)| q.len() > p.len() && q.starts_with(&p))
                {
                    out[i].2 = false;
                }
            }
        }
        block.clear();
    };
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            if in_fence {
                flush(&mut block, is_tree, &mut out);
            }
            in_fence = !in_fence;
            is_tree = false;
            continue;
        }
        if !in_fence {
            continue;
        }
        let body = match line.find(" #") {
            Some(i) => &line[..i],
            None => line,
        };
        if body.trim_start().starts_with('#') || body.trim().is_empty() {
            continue;
        }
        let prefix_chars = body
            .chars()
            .take_while(|c| {
                matches!(
                    c,
                    ' ' | '│' | '├' | '└' | '─' | '|' | '`' | '+' | '\u{a0}' | '\t'
                )
            })
            .count();
        let rest: String = body.chars().skip(prefix_chars).collect();
        let name = rest.split_whitespace().next().unwrap_or("").to_string();
        if name.is_empty() || name.starts_with('[') || name.contains("...") || name == "…" {
            continue;
        }
        if body.contains('├') || body.contains('└') {
            is_tree = true;
        }
        let level = prefix_chars.div_ceil(4);
        block.push((n + 1, level, name));
    }
    out
}

/// `001-user-auth` → `user-auth`; `PARSER-SPEC.md` → `parser`; `Auth_Service` → `auth-service`.
pub fn unit_name(unit: &str) -> String {
    let last = unit
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(unit);
    let digits = last.bytes().take_while(|b| b.is_ascii_digit()).count();
    let n = if digits >= 1 && last.as_bytes().get(digits) == Some(&b'-') {
        &last[digits + 1..]
    } else {
        last
    };
    let file = n.ends_with(".md");
    let n = n
        .trim_end_matches(".md")
        .to_ascii_lowercase()
        .replace(['_', ' '], "-");
    n.split('-')
        .filter(|t| !t.is_empty() && !(file && (*t == "spec" || *t == "specification")))
        .collect::<Vec<_>>()
        .join("-")
}

/// Hyphen tokens of a name: `AuthService` → [auth, service]; `user_auth` → [user, auth].
fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push(std::mem::take(&mut cur));
        }
        if c.is_ascii_alphanumeric() {
            cur.push(c.to_ascii_lowercase());
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.into_iter().filter(|t| !t.is_empty()).collect()
}

fn singular(t: &str) -> &str {
    if t.len() > 3 {
        t.strip_suffix('s').unwrap_or(t)
    } else {
        t
    }
}

fn same_tokens(a: &[String], b: &[String]) -> bool {
    !a.is_empty() && a.len() == b.len() && a.iter().zip(b).all(|(x, y)| singular(x) == singular(y))
}

/// `b` appears in `a` as a run of whole tokens.
fn contains_tokens(a: &[String], b: &[String]) -> bool {
    !b.is_empty() && a.len() > b.len() && a.windows(b.len()).any(|w| same_tokens(w, b))
}

fn stem(base: &str) -> &str {
    base.split('.').next().unwrap_or(base)
}

/// A dependency lock file: generated, never what a spec describes.
fn is_lock_file(p: &str) -> bool {
    let base = p.rsplit('/').next().unwrap_or(p);
    base.ends_with(".lock")
        || base.ends_with("-lock.json")
        || base.ends_with("-lock.yaml")
        || base == "go.sum"
}

fn is_test_path(p: &str) -> bool {
    let base = p.rsplit('/').next().unwrap_or(p);
    p.split('/')
        .any(|c| matches!(c, "test" | "tests" | "__tests__" | "spec" | "e2e"))
        || base.contains(".test.")
        || base.contains(".spec.")
        || base.contains("_test.")
        || base.starts_with("test_")
        // Swift, Java, C#: `AppTests/`, `FooTests.swift`, `FooTest.java`
        || p.split('/').rev().skip(1).any(|c| c.len() > 5 && c.ends_with("Tests"))
        || {
            let s = stem(base);
            s.len() > 4 && (s.ends_with("Tests") || s.ends_with("Test"))
        }
}

/// A literal path as a glob: metacharacters escaped (`app/[locale]` → `app/\\[locale\\]`).
pub fn escape_glob(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, c) in path.chars().enumerate() {
        if matches!(c, '[' | ']' | '*' | '?' | '{' | '}' | '\\') || (i == 0 && c == '!') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn target_glob(target: &str) -> String {
    if target.ends_with('/') {
        format!("{}**", escape_glob(target))
    } else {
        escape_glob(target)
    }
}

fn short(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(59).collect::<String>())
    } else {
        s.to_string()
    }
}

/// A folder with more files than this, named in passing, is only a low-confidence owner.
const BIG_FOLDER: usize = 25;
/// The folder of a file a spec names but that does not exist yet is proposed only
/// when it holds at most this many files.
const SMALL_FOLDER: usize = 8;
/// A path more specs than this name is shared: proposed for none (low confidence).
const SHARED: usize = 3;

/// Infer the proposals. Units without any claim are left out.
pub fn infer(input: &Input) -> Vec<Proposal> {
    let tree = Tree::new(input.paths);
    let spec_docs: BTreeSet<&str> = input.units.values().flatten().map(|s| s.as_str()).collect();
    let is_code = |t: &str| {
        !spec_docs.contains(t)
            && !input.not_code.iter().any(|n| t.starts_with(n.as_str()))
            && !t.starts_with('.')
            && !t.contains("/.")
            && !t.ends_with(".md")
            && !t.contains("node_modules/")
            && !is_lock_file(t)
            && !t.trim_end_matches('/').is_empty()
    };
    // a folder target must be below the top level (src/ is too broad to name one spec)
    let deep_enough = |t: &str| !t.ends_with('/') || t.matches('/').count() >= 2;
    let mut cands: Vec<Cand> = Vec::new();

    // 1. paths the spec documents name
    for (unit, docs) in input.units {
        for doc in docs {
            let Some(bytes) = (input.read)(doc) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            let file = doc.rsplit('/').next().unwrap_or(doc);
            mentions_of(unit, file, &text, &tree, &mut cands, None);
            if file == "plan.md" || file == "design.md" || file == "structure.md" {
                for (line, path, leaf) in tree_entries(&text) {
                    if !leaf {
                        continue;
                    }
                    if let Some((target, exact)) = tree.resolve(&path) {
                        cands.push(Cand {
                            unit: unit.clone(),
                            confidence: if exact {
                                Confidence::High
                            } else {
                                Confidence::Medium
                            },
                            named: true,
                            new_file: false,
                            evidence: format!("{file}:{line} source tree lists {}", short(&path)),
                            target,
                        });
                    }
                }
            }
        }
    }

    // 2. OpenSpec change folders that amend exactly one capability
    let mut changes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in input.paths {
        let parts: Vec<&str> = p.split('/').collect();
        if parts.len() < 2 || parts[0] != "openspec" || parts[1] != "changes" {
            continue;
        }
        let k = if parts.get(2) == Some(&"archive") {
            3
        } else {
            2
        };
        if parts.len() > k + 3 && parts[k + 1] == "specs" {
            let cap = format!("openspec/specs/{}", parts[k + 2]);
            if input.units.contains_key(&cap) {
                changes
                    .entry(parts[..=k].join("/"))
                    .or_default()
                    .insert(cap);
            }
        }
    }
    for (change, caps) in &changes {
        if caps.len() != 1 {
            continue;
        }
        let cap = caps.iter().next().cloned().unwrap_or_default();
        let name = change.rsplit('/').next().unwrap_or(change);
        for doc in ["proposal.md", "design.md", "tasks.md"] {
            let path = format!("{change}/{doc}");
            let Some(bytes) = (input.read)(&path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            mentions_of(&cap, doc, &text, &tree, &mut cands, Some(name));
        }
    }

    cands.retain(|c| is_code(&c.target) && deep_enough(&c.target));
    // a large folder named in passing is where a file goes, not what the spec owns
    for c in cands.iter_mut() {
        if c.named && c.target.ends_with('/') {
            let n = tree.size(&c.target);
            // the folder of a file still to be written: only a small one
            if n > BIG_FOLDER || (c.new_file && n > SMALL_FOLDER) {
                c.confidence = Confidence::Low;
                c.evidence = format!("{} (a folder of {n} files)", c.evidence);
            }
        }
    }

    // 3. per-package spec documents own their package's sources
    let mut per_package: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (unit, pkg) in input.packages {
        per_package
            .entry(pkg.as_str())
            .or_default()
            .push(unit.as_str());
    }
    for (pkg, units) in &per_package {
        let src = format!("{pkg}src/");
        let target = if tree.folders.contains(&src) {
            src
        } else {
            pkg.to_string()
        };
        let pkg_name = pkg.trim_end_matches('/').rsplit('/').next().unwrap_or(pkg);
        for unit in units {
            let own = units.len() == 1 || {
                let n = unit_name(unit);
                n.is_empty() || same_tokens(&tokens(&n), &tokens(pkg_name))
            };
            cands.push(Cand {
                unit: unit.to_string(),
                target: target.clone(),
                confidence: if own {
                    Confidence::High
                } else {
                    Confidence::Low
                },
                named: true,
                new_file: false,
                evidence: if units.len() == 1 {
                    format!("the package's only spec document: it owns {target}")
                } else if own {
                    format!("the main one of {} spec documents of {pkg}", units.len())
                } else {
                    format!("one of {} spec documents of {pkg}", units.len())
                },
            });
        }
    }

    // 4. names shared by specs and code
    let code_paths: Vec<&str> = input
        .paths
        .iter()
        .map(|s| s.as_str())
        .filter(|p| {
            is_code(p)
                && !is_test_path(p)
                && !p.starts_with("docs/")
                && !p.starts_with("doc/")
                && !p.starts_with("vendor/")
        })
        .collect();
    let code_folders: BTreeSet<String> = code_paths
        .iter()
        .flat_map(|p| {
            let mut v = Vec::new();
            let mut i = 0;
            while let Some(j) = p[i..].find('/') {
                v.push(p[..i + j + 1].to_string());
                i += j + 1;
            }
            v
        })
        .collect();
    // tokens once per folder and file, not once per spec
    let folder_tokens: Vec<(&String, Vec<String>)> = code_folders
        .iter()
        .map(|f| {
            let last = f.trim_end_matches('/').rsplit('/').next().unwrap_or(f);
            (f, tokens(last))
        })
        .collect();
    let file_tokens: Vec<(&str, Vec<String>)> = code_paths
        .iter()
        .filter_map(|p| {
            let base = p.rsplit('/').next().unwrap_or(p);
            base.contains('.').then(|| (*p, tokens(stem(base))))
        })
        .collect();
    // which names hold a token: only those are compared with a spec's name
    let index = |names: Vec<&Vec<String>>| {
        let mut m: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, t) in names.into_iter().enumerate() {
            let set: BTreeSet<&str> = t.iter().map(|x| singular(x)).collect();
            for x in set {
                m.entry(x.to_string()).or_default().push(i);
            }
        }
        m
    };
    let folder_index = index(folder_tokens.iter().map(|(_, t)| t).collect());
    let file_index = index(file_tokens.iter().map(|(_, t)| t).collect());
    let with = |m: &BTreeMap<String, Vec<usize>>, toks: &[&Vec<String>]| -> BTreeSet<usize> {
        toks.iter()
            .filter_map(|t| t.first())
            .flat_map(|x| m.get(singular(x)).into_iter().flatten().copied())
            .collect()
    };
    for unit in input.units.keys() {
        let name = unit_name(unit);
        let nt = tokens(&name);
        if nt.is_empty() {
            continue;
        }
        // `cli-init` names the `init` command
        let cmd: Option<Vec<String>> = ["cli", "cmd", "command"]
            .iter()
            .find(|p| nt.len() >= 2 && nt[0] == **p)
            .map(|_| nt[1..].to_vec());
        let mut toks = vec![&nt];
        toks.extend(cmd.as_ref());
        let folders_named: Vec<&(&String, Vec<String>)> = with(&folder_index, &toks)
            .into_iter()
            .map(|i| &folder_tokens[i])
            .collect();
        let files_named: Vec<&(&str, Vec<String>)> = with(&file_index, &toks)
            .into_iter()
            .map(|i| &file_tokens[i])
            .collect();
        for (f, lt) in folders_named {
            let last = f.trim_end_matches('/').rsplit('/').next().unwrap_or(f);
            let (why, confidence) = if same_tokens(lt, &nt) {
                (
                    format!("folder named like the spec ({name})"),
                    Confidence::High,
                )
            } else if cmd.as_ref().is_some_and(|c| same_tokens(lt, c)) {
                (
                    format!("`{name}` names the {last} command"),
                    Confidence::Medium,
                )
            } else {
                continue;
            };
            cands.push(Cand {
                unit: unit.clone(),
                target: f.to_string(),
                confidence,
                named: false,
                new_file: false,
                evidence: why,
            });
        }
        for (p, st) in files_named {
            let base = p.rsplit('/').next().unwrap_or(p);
            let (why, conf) = if same_tokens(st, &nt) {
                (
                    format!("file named like the spec ({name})"),
                    Confidence::Medium,
                )
            } else if cmd.as_ref().is_some_and(|c| same_tokens(st, c)) {
                // several files of that name: the one in a commands folder
                let commandish = p
                    .split('/')
                    .any(|c| matches!(c, "commands" | "command" | "cmd" | "cli" | "bin"));
                (
                    format!("`{name}` names the {} command", stem(base)),
                    if commandish {
                        Confidence::Medium
                    } else {
                        Confidence::Low
                    },
                )
            } else if contains_tokens(st, &nt) {
                (
                    format!("its name contains the spec's ({name})"),
                    if nt.len() >= 2 {
                        Confidence::Medium
                    } else {
                        Confidence::Low
                    },
                )
            } else {
                continue;
            };
            cands.push(Cand {
                unit: unit.clone(),
                target: p.to_string(),
                confidence: conf,
                named: false,
                new_file: false,
                evidence: why,
            });
        }
    }

    // how many paths each spec names: the fewer, the more specific it is
    let mut named_count: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in &cands {
        named_count.entry(&c.unit).or_default().insert(&c.target);
    }
    let count = |u: &str| named_count.get(u).map_or(0, |s| s.len());

    // 5. one owner per target: the spec that names it most specifically
    let mut by_target: BTreeMap<&str, Vec<&Cand>> = BTreeMap::new();
    for c in &cands {
        by_target.entry(&c.target).or_default().push(c);
    }
    let mut winners: BTreeMap<String, Cand> = BTreeMap::new(); // target → winning claim
    for (target, list) in &by_target {
        // each spec's best claim
        let mut best: BTreeMap<&str, &Cand> = BTreeMap::new();
        for c in list {
            let e = best.entry(&c.unit).or_insert(c);
            if (c.confidence, c.named) > (e.confidence, e.named) {
                *e = c;
            }
        }
        let mut ranked: Vec<&Cand> = best.into_values().collect();
        ranked.sort_by(|a, b| {
            (b.confidence, b.named)
                .cmp(&(a.confidence, a.named))
                .then(count(&a.unit).cmp(&count(&b.unit)))
                // the latest spec (spec-kit numbers features) names it last
                .then(b.unit.cmp(&a.unit))
        });
        let mut w = ranked[0].clone();
        if ranked.len() > 1 {
            let others: Vec<&str> = ranked[1..].iter().map(|c| c.unit.as_str()).collect();
            w.evidence = format!(
                "{}; also named by {}{}",
                w.evidence,
                others
                    .iter()
                    .take(2)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
                if others.len() > 2 {
                    format!(" and {} more", others.len() - 2)
                } else {
                    String::new()
                }
            );
            if ranked.len() > SHARED {
                w.confidence = Confidence::Low;
                w.evidence = format!("shared: {} specs name it; {}", ranked.len(), w.evidence);
            }
            let tie = (
                ranked[1].confidence,
                ranked[1].named,
                count(&ranked[1].unit),
            ) == (w.confidence, w.named, count(&w.unit));
            if tie && w.confidence == Confidence::High {
                w.confidence = Confidence::Medium;
            }
        }
        winners.insert(target.to_string(), w);
    }

    // 6. the tests of a proposed file go with it
    let claimed_files: Vec<(String, String)> = winners
        .values()
        .filter(|c| {
            !c.target.ends_with('/') && !is_test_path(&c.target) && c.confidence > Confidence::Low
        })
        .map(|c| (c.target.clone(), c.unit.clone()))
        .collect();
    // test files by the stem of the file they test (`test_x.py`, `x_test.go`,
    // `XTests.swift`, `x.test.ts` → `x`)
    let mut test_files: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    for p in input.paths {
        let b = p.rsplit('/').next().unwrap_or(p);
        if !b.contains('.') || !is_test_path(p) || winners.contains_key(p) || !is_code(p) {
            continue;
        }
        let bs = stem(b);
        let s = bs
            .strip_prefix("test_")
            .or_else(|| bs.strip_suffix("_test"))
            .or_else(|| bs.strip_suffix("_spec"))
            .or_else(|| bs.strip_suffix("Tests"))
            .or_else(|| bs.strip_suffix("Test"))
            .or_else(|| bs.strip_suffix("Spec"))
            .unwrap_or(bs);
        test_files.entry(s).or_default().push(p);
    }
    let mut tests: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (file, unit) in &claimed_files {
        let base = file.rsplit('/').next().unwrap_or(file);
        let s = stem(base);
        if s.len() < 3 {
            continue;
        }
        for p in test_files.get(s).into_iter().flatten() {
            tests
                .entry((*p).clone())
                .or_default()
                .push((unit.clone(), file.clone()));
        }
    }
    // a test folder mirroring a proposed source folder (`src/x/` ↔ `test/x/`)
    let folder_claims: Vec<(String, String)> = winners
        .values()
        .filter(|c| c.target.ends_with('/') && c.confidence > Confidence::Low)
        .map(|c| (c.target.clone(), c.unit.clone()))
        .collect();
    for (folder, unit) in folder_claims {
        let Some((top, rest)) = folder.split_once('/') else {
            continue;
        };
        if is_test_path(&folder) || rest.is_empty() {
            continue;
        }
        let rest = if matches!(top, "src" | "lib" | "app" | "internal" | "pkg") {
            rest.to_string()
        } else {
            folder.clone()
        };
        for t in ["test", "tests", "__tests__", "spec"] {
            let mirror = format!("{t}/{rest}");
            if tree.folders.contains(&mirror) && !winners.contains_key(&mirror) {
                tests
                    .entry(mirror)
                    .or_default()
                    .push((unit.clone(), folder.clone()));
            }
        }
    }
    for (test, owners) in tests {
        let mut units: BTreeSet<&str> = owners.iter().map(|(u, _)| u.as_str()).collect();
        let mut owners = owners.clone();
        if units.len() > 1 {
            // the file whose folder the test's mirrors (`src/a/x.ts` ↔ `test/a/x.test.ts`)
            let mirror = |p: &str| {
                let p = p.trim_end_matches('/');
                let parent = p.rsplit_once('/').map_or("", |(d, _)| d);
                parent
                    .split_once('/')
                    .map_or("", |(_, rest)| rest)
                    .to_string()
            };
            owners.retain(|(_, f)| mirror(f) == mirror(&test));
            units = owners.iter().map(|(u, _)| u.as_str()).collect();
        }
        if units.len() != 1 {
            continue; // tests of two specs' files of the same name: not guessed
        }
        let (unit, file) = &owners[0];
        winners.insert(
            test.clone(),
            Cand {
                unit: unit.clone(),
                target: test,
                confidence: Confidence::Medium,
                named: false,
                new_file: false,
                evidence: format!("tests {}", short(file)),
            },
        );
    }

    // 7. per spec: its claims, minus those inside its own folders; a folder holding
    // another spec's claim leaves it out
    let mut per_unit: BTreeMap<String, Vec<&Cand>> = BTreeMap::new();
    for c in winners.values() {
        per_unit.entry(c.unit.clone()).or_default().push(c);
    }
    let mut out = Vec::new();
    for (unit, list) in per_unit {
        let folders: Vec<&str> = list
            .iter()
            .filter(|c| c.target.ends_with('/') && c.confidence > Confidence::Low)
            .map(|c| c.target.as_str())
            .collect();
        let mut claims: Vec<Claim> = Vec::new();
        let mut sorted = list.clone();
        sorted.sort_by(|a, b| a.target.cmp(&b.target));
        for c in sorted {
            if folders
                .iter()
                .any(|f| c.target.len() > f.len() && c.target.starts_with(f))
            {
                continue;
            }
            claims.push(Claim {
                glob: target_glob(&c.target),
                confidence: c.confidence,
                evidence: c.evidence.clone(),
            });
            if c.target.ends_with('/') && c.confidence > Confidence::Low {
                for other in winners.values() {
                    if other.unit != unit
                        && other.confidence > Confidence::Low
                        && other.target.len() > c.target.len()
                        && other.target.starts_with(&c.target)
                    {
                        claims.push(Claim {
                            glob: format!("!{}", target_glob(&other.target)),
                            confidence: c.confidence,
                            evidence: format!(
                                "left to {}, which names it more specifically",
                                other.unit
                            ),
                        });
                    }
                }
            }
        }
        if !claims.is_empty() {
            out.push(Proposal { spec: unit, claims });
        }
    }
    out
}

/// Component names a line sets in backticks or bold (`HTTPServerManager`,
/// **RecordingAPIHandler**, `Store.start()`) or in a heading (`### DataRepository
/// Class`): CamelCase identifiers with at least two capitals, so words (`Config`,
/// `README`) are not taken for components.
fn components(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let camel = |ident: &str| {
        let upper = ident.chars().filter(|c| c.is_ascii_uppercase()).count();
        ident.len() >= 6
            && ident.starts_with(|c: char| c.is_ascii_uppercase())
            && ident.chars().any(|c| c.is_ascii_lowercase())
            && upper >= 2
    };
    // a heading names its components as words (`### DataRepository Class`)
    if line.starts_with('#') {
        for w in line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if camel(w) && !out.contains(&w) {
                out.push(w);
            }
        }
    }
    for delim in ["`", "**"] {
        let mut parts = line.split(delim);
        parts.next();
        while let Some(inner) = parts.next() {
            let ident = inner
                .trim()
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("");
            if camel(ident) && !out.contains(&ident) {
                out.push(ident);
            }
            parts.next(); // the text between two spans
        }
    }
    out
}

/// Candidates from the path mentions of one document.
fn mentions_of(
    unit: &str,
    file: &str,
    text: &str,
    tree: &Tree,
    cands: &mut Vec<Cand>,
    change: Option<&str>,
) {
    let mut in_fence = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        let is_task = {
            let t = line.trim_start();
            t.starts_with("- [") || t.starts_with("* [")
        };
        let mut found: Vec<(String, bool, String)> = Vec::new();
        if !in_fence {
            for m in mentions(line) {
                if let Some((target, exact)) = tree.resolve(&m) {
                    found.push((target, exact, m));
                }
            }
        }
        // components named like exactly one code file (`HTTPServerManager` ↔
        // HTTPServerManager.swift), outside code blocks
        if !in_fence {
            for c in components(line) {
                if let Some(p) = tree.component(c) {
                    if !found.iter().any(|(t, _, _)| t == p) {
                        found.push((p.to_string(), true, format!("component {c}")));
                    }
                }
            }
        }
        // Kiro `_Boundary: AuthService, UserRepository_`
        if let Some(i) = line.find("_Boundary:") {
            let rest = line[i + 10..].trim().trim_end_matches('_');
            for comp in rest.split(',') {
                let ct = tokens(comp.trim());
                if ct.is_empty() {
                    continue;
                }
                let hits: Vec<&&str> = tree
                    .files
                    .iter()
                    .filter(|p| {
                        let b = p.rsplit('/').next().unwrap_or(p);
                        b.contains('.') && !is_test_path(p) && same_tokens(&tokens(stem(b)), &ct)
                    })
                    .collect();
                if hits.len() == 1 {
                    found.push((
                        hits[0].to_string(),
                        true,
                        format!("_Boundary: {}_", comp.trim()),
                    ));
                }
            }
        }
        for (target, exact, m) in found {
            let what = match (is_task, task_id(line)) {
                (true, Some(id)) => format!("task {id} names"),
                (true, None) => "a task names".to_string(),
                _ => "names".to_string(),
            };
            let evidence = match change {
                Some(c) => format!(
                    "change {c}, its only capability: {file}:{} {what} {}",
                    n + 1,
                    short(&m)
                ),
                None => format!("{file}:{} {what} {}", n + 1, short(&m)),
            };
            let boundary = m.starts_with("_Boundary") || m.starts_with("component ");
            cands.push(Cand {
                unit: unit.to_string(),
                new_file: !exact && target.ends_with('/'),
                target,
                confidence: if exact && change.is_none() && !boundary {
                    Confidence::High
                } else {
                    Confidence::Medium
                },
                named: true,
                evidence,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_camel_case_names_in_code_or_bold() {
        assert_eq!(
            components("**HTTPServerManager** starts; `RecordingAPIHandler.start()` and `Config`"),
            ["RecordingAPIHandler", "HTTPServerManager"]
        );
        assert!(components("`README` and **Note**: `x_y` `AB`").is_empty());
        assert_eq!(components("### DataRepository Class"), ["DataRepository"]);
        let paths: Vec<String> = [
            "App/HTTPServerManager.swift",
            "Tests/HTTPServerManagerTests.swift",
            "a/Store.ts",
            "b/Store.ts",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let tree = Tree::new(&paths);
        assert_eq!(
            tree.component("HTTPServerManager"),
            Some("App/HTTPServerManager.swift")
        );
        assert_eq!(tree.component("Store"), None); // two files: not one component
    }

    #[test]
    fn mentions_and_trees() {
        assert_eq!(
            mentions("- [ ] T012 [P] Export in internal/billing/export_test.go."),
            vec!["internal/billing/export_test.go"]
        );
        assert_eq!(
            mentions("see [x](src/a.ts) and `lib/b/`"),
            vec!["src/a.ts", "lib/b/"]
        );
        assert_eq!(mentions("at src/x.rs:42, v1.2"), vec!["src/x.rs"]);
        let t = "```text\nbackend/\n├── src/\n│   ├── models/   # data\n│   └── api/\n└── tests/\n```\n";
        let e: Vec<(String, bool)> = tree_entries(t)
            .into_iter()
            .map(|(_, p, l)| (p, l))
            .collect();
        assert_eq!(
            e,
            vec![
                ("backend/".into(), false),
                ("backend/src/".into(), false),
                ("backend/src/models/".into(), true),
                ("backend/src/api/".into(), true),
                ("backend/tests/".into(), true),
            ]
        );
        assert_eq!(unit_name("specs/001-user_auth"), "user-auth");
        assert_eq!(unit_name("packages/core/docs/PARSER-SPEC.md"), "parser");
        assert_eq!(tokens("AuthService"), vec!["auth", "service"]);
        assert!(contains_tokens(
            &tokens("validate-kiro-x"),
            &tokens("kiro-x")
        ));
    }
}
