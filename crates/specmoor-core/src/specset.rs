//! All specs of the head revision grouped into units, with what the changeset did
//! to each, and the ownership lists built from their front matter and the config.

use crate::config::{Config, Unit};
use crate::error::{line_span, Fatal, FatalKind, Result};
use crate::glob::{Lists, Origin, Pattern};
use crate::model::{display, FileChange, FileEntry, Kind, Status};
use crate::spec::{touch, OwnsGlob, Section, SpecDoc, SpecError};
use gix_hash::ObjectId;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Reads many documents at head at once (in parallel, where it can), given their
/// paths and blob ids (the paths name what could not be read).
pub type ReadMany<'a> = dyn Fn(&[(String, ObjectId)]) -> Result<Vec<Vec<u8>>> + 'a;

/// Who owns a path: a spec unit, optionally one section of it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OwnerTarget {
    pub spec: String,
    pub section: Option<String>,
    /// Where the ownership was declared: a config entry's `spec:` line, or the
    /// first glob in front matter.
    pub declared: Origin,
}

impl OwnerTarget {
    pub fn address(&self) -> String {
        match &self.section {
            Some(s) => format!("{}#{}", self.spec, s),
            None => self.spec.clone(),
        }
    }
}

/// One spec: a Markdown file, or (with `unit: folder`) a feature folder of them.
#[derive(Debug, Clone, Default)]
pub struct SpecUnit {
    /// The spec's address: its file path, or its folder path.
    pub id: String,
    /// Path of the document holding front matter (ownership, version).
    pub main: Option<String>,
    /// Documents at head.
    pub docs: Vec<SpecDoc>,
    /// The changeset changed this spec's content.
    pub touched: bool,
    /// Section IDs whose lines changed (at base or head).
    pub touched_sections: BTreeSet<String>,
    /// The spec existed at base and is gone at head.
    pub deleted: bool,
    /// For deleted specs: what they owned at base.
    pub base_owns: Vec<OwnsGlob>,
    /// Documents of this spec the changeset changed, each at base and at head.
    pub doc_changes: Vec<DocChange>,
    /// No document of this spec existed at base.
    pub added: bool,
    /// The spec was renamed from this address (a file renamed, or a folder unit
    /// whose documents all moved to a new folder, SM-4).
    pub renamed_from: Option<String>,
    /// A document of this spec is conflicted in the index.
    pub conflicted: bool,
    /// Change proposals that amend this spec and whose content the changeset changed
    /// (specs/ownership.md OW-6): SM001 counts them as a change to the spec.
    pub amended_by: BTreeSet<String>,
    /// Section IDs the changed proposals name (a delta's `### Requirement: X`).
    pub amended_sections: BTreeSet<String>,
}

/// One changed document of a spec: `None` on the side where it does not exist.
#[derive(Debug, Clone, Default)]
pub struct DocChange {
    pub base: Option<SpecDoc>,
    pub head: Option<SpecDoc>,
}

impl SpecUnit {
    pub fn exists(&self) -> bool {
        !self.docs.is_empty()
    }

    pub fn main_doc(&self) -> Option<&SpecDoc> {
        let m = self.main.as_deref()?;
        self.docs.iter().find(|d| d.path == m)
    }

    /// A section by ID, searching the main document first.
    pub fn section(&self, id: &str) -> Option<(&SpecDoc, &Section)> {
        let main = self.main_doc().into_iter();
        let rest = self
            .docs
            .iter()
            .filter(|d| Some(d.path.as_str()) != self.main.as_deref());
        main.chain(rest).find_map(|d| d.section(id).map(|s| (d, s)))
    }

    /// The main document at base: the old side of its change, or the head document
    /// when the change did not touch it. `None` when it did not exist.
    pub fn base_main(&self) -> Option<&SpecDoc> {
        let main = self.main.as_deref()?;
        for d in &self.doc_changes {
            let head_is_main = d.head.as_ref().is_some_and(|h| h.path == main);
            let base_is_main = d.head.is_none() && d.base.as_ref().is_some_and(|b| b.path == main);
            if head_is_main || base_is_main {
                return d.base.as_ref();
            }
        }
        self.main_doc()
    }

    /// Every document of the spec as it was at base.
    pub fn base_docs(&self) -> Vec<&SpecDoc> {
        let changed_heads: Vec<&str> = self
            .doc_changes
            .iter()
            .filter_map(|d| d.head.as_ref().map(|h| h.path.as_str()))
            .collect();
        let mut out: Vec<&SpecDoc> = self
            .docs
            .iter()
            .filter(|d| !changed_heads.contains(&d.path.as_str()))
            .collect();
        out.extend(self.doc_changes.iter().filter_map(|d| d.base.as_ref()));
        out
    }

    /// The first heading of the main document (for pointing at the whole spec).
    pub fn title_line(&self) -> Option<(&SpecDoc, usize)> {
        let d = self.main_doc()?;
        Some((d, d.sections.first().map_or(1, |s| s.line)))
    }
}

/// The specs of the head revision.
#[derive(Debug)]
pub struct SpecSet {
    pub units: BTreeMap<String, SpecUnit>,
    spec_globs: Lists<()>,
    unit_mode: Unit,
    /// Literal directory prefixes of the spec globs (for folder units).
    roots: Vec<String>,
    /// Units at head this check did not need to read: their documents.
    pending: BTreeMap<String, Vec<usize>>,
    /// Every document at head: (path, blob); `pending` indexes into it.
    listed: Vec<(String, ObjectId)>,
    /// Parsed documents and ownership prefixes by blob id.
    index: Box<dyn DocStore>,
}

/// Where parsed spec documents are remembered by blob id between runs (the shell's
/// spec index). A store may forget or lack anything: it saves time, never decides.
pub trait DocStore: Send + Sync + std::fmt::Debug {
    /// The parsed documents it has, in order (`None`: not stored).
    fn docs(&self, wanted: &[(String, ObjectId)]) -> Vec<Option<SpecDoc>>;
    /// Whether the document's `owns` globs can match a path under one of `folders`
    /// (by their literal prefixes); `None` when the document is not stored.
    fn owns_under(&self, id: &ObjectId, folders: &foldhash::HashSet<&[u8]>) -> Option<bool>;
    /// Remember a parsed document.
    fn add(&mut self, id: ObjectId, doc: &SpecDoc);
    /// Persist; `current` gives the blob ids of the documents at head.
    fn save(&self, current: &dyn Fn() -> std::collections::HashSet<ObjectId>);
    /// For every document of a spec tree (`docs`: the listing at head, in order),
    /// whether its `owns` globs can match a path under one of `folders`, from one
    /// record of the whole tree (one lookup instead of one per document); `None`
    /// when the store has no such record (or it does not verify). A record exists
    /// only for a tree every document of which parsed.
    /// `under` lists changed paths by the folders above them (when there are not
    /// too many): a glob's literal tail (`.rs` of `src/**/*.rs`) that none of the
    /// paths under its prefix ends with cannot own them.
    fn tree_owns_under(
        &self,
        _docs: &[(String, ObjectId)],
        _folders: &foldhash::HashSet<&[u8]>,
        _under: &Under,
    ) -> Option<Vec<bool>> {
        None
    }
    /// Remember the spec tree `docs`, every document of which parsed (and was
    /// looked up in or added to the store): the record [`Self::tree_owns_under`] reads.
    fn add_tree(&mut self, _docs: &[(String, ObjectId)]) {}
    /// The files under the spec roots at head stored under `roots` (the roots and
    /// their tree ids, encoded by the shell), when stored and verified.
    fn listing(&self, _roots: &[u8]) -> Option<Vec<FileEntry>> {
        None
    }
    /// Remember the files under the spec roots `roots` identifies.
    fn add_listing(&mut self, _roots: &[u8], _files: &[FileEntry]) {}
}

/// Changed paths by the folders above them (the root is `""`).
pub type Under<'a> = foldhash::HashMap<&'a [u8], Vec<&'a [u8]>>;

/// At most this many changed paths are listed by folder for the literal tails of
/// globs ([`DocStore::tree_owns_under`]); a larger change reads by prefix alone.
const MAX_UNDER: usize = 4096;

/// A store that remembers nothing.
#[derive(Debug, Default)]
pub struct NoStore;

impl DocStore for NoStore {
    fn docs(&self, wanted: &[(String, ObjectId)]) -> Vec<Option<SpecDoc>> {
        vec![None; wanted.len()]
    }
    fn owns_under(&self, _: &ObjectId, _: &foldhash::HashSet<&[u8]>) -> Option<bool> {
        None
    }
    fn add(&mut self, _: ObjectId, _: &SpecDoc) {}
    fn save(&self, _: &dyn Fn() -> std::collections::HashSet<ObjectId>) {}
}

/// Which specs [`SpecSet::load`] reads.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Every spec at head (coverage, `owners`).
    All,
    /// What a check of the changeset needs: the specs it changes, those named here
    /// (by the config), and those whose `owns` globs can match a changed path (a
    /// glob never matches outside its literal directory prefix; see
    /// [`DocStore::owns_under`]). The others stay unread
    /// ([`SpecSet::ensure`]). `also`: other paths whose owners the check needs (the
    /// existing spellings of added paths, specs/ownership.md OW-5).
    Changes {
        named: &'a [String],
        also: &'a [bstr::BString],
    },
}

/// Literal directory prefix of a glob: the components before the first one with a
/// glob metacharacter (`specs/**/*.md` → `specs`).
pub fn literal_prefix(pattern: &str) -> String {
    let p = pattern
        .trim()
        .trim_start_matches("./")
        .trim_start_matches('/');
    let mut out: Vec<&str> = Vec::new();
    let comps: Vec<&str> = p.split('/').collect();
    for (i, c) in comps.iter().enumerate() {
        if i == comps.len() - 1 || c.contains(['*', '?', '[', '{', '\\']) {
            break;
        }
        out.push(c);
    }
    // a pattern with no slash matches at any depth: no prefix
    if !p.trim_end_matches('/').contains('/') {
        return String::new();
    }
    out.join("/")
}

impl SpecSet {
    /// The directories under which all specs live, or `None` if they may be anywhere.
    pub fn search_roots(config: &Config) -> Option<Vec<String>> {
        let mut roots = Vec::new();
        for p in &config.specs {
            if p.negated() {
                continue;
            }
            let r = literal_prefix(&p.text);
            if r.is_empty() {
                return None;
            }
            roots.push(r);
        }
        roots.sort();
        roots.dedup();
        Some(roots)
    }

    /// The `specs` globs: what is a spec document (never a change proposal, OW-6,
    /// nor a tool's state file, SM-1c).
    pub fn spec_globs(config: &Config) -> Result<Lists<()>> {
        let mut globs = config.specs.clone();
        globs.extend(
            crate::config::TOOL_STATE
                .iter()
                .map(|g| Pattern::new(format!("!{g}"), crate::glob::Origin::default_origin())),
        );
        for p in &config.proposals {
            globs.extend(
                p.paths
                    .iter()
                    .map(|(g, _)| Pattern::new(format!("!{}", g.text), g.origin.clone())),
            );
        }
        Ok(Lists::new(vec![((), globs)]).map_err(|e| {
            Fatal::new(
                FatalKind::Config,
                format!("invalid spec glob: {}", e.message),
            )
        })?)
    }

    fn empty(config: &Config, index: Box<dyn DocStore>) -> Result<SpecSet> {
        let spec_globs = Self::spec_globs(config)?;
        let mut roots: Vec<String> = config
            .specs
            .iter()
            .filter(|p| !p.negated())
            .map(|p| literal_prefix(&p.text))
            .collect();
        roots.sort_by_key(|r| std::cmp::Reverse(r.len()));
        Ok(SpecSet {
            units: BTreeMap::new(),
            spec_globs,
            unit_mode: config.unit,
            roots,
            pending: BTreeMap::new(),
            listed: Vec::new(),
            index,
        })
    }

    /// Remember whether each of `asked` is a spec path by its number (a check's
    /// changed paths: [`crate::glob::Lists::remember_for`]).
    pub fn remember_for(&mut self, asked: &std::sync::Arc<crate::glob::Asked>) {
        self.spec_globs.remember_for(asked);
    }

    pub fn is_spec_path(&self, path: &[u8]) -> bool {
        self.spec_globs.is_match(path)
    }

    /// The unit a spec document belongs to.
    pub fn unit_of(&self, path: &str) -> String {
        if self.unit_mode == Unit::File {
            return path.to_string();
        }
        for r in &self.roots {
            let rest = if r.is_empty() {
                Some(path)
            } else {
                path.strip_prefix(r.as_str())
                    .and_then(|s| s.strip_prefix('/'))
            };
            if let Some(rest) = rest {
                return match rest.split_once('/') {
                    Some((first, _)) if r.is_empty() => first.to_string(),
                    Some((first, _)) => format!("{r}/{first}"),
                    None => path.to_string(),
                };
            }
        }
        path.to_string()
    }

    /// Map a spec address from config (a file or folder, maybe a document inside a
    /// folder unit) to a unit ID.
    pub fn resolve(&self, spec: &str) -> String {
        if self.units.contains_key(spec) || self.pending.contains_key(spec) {
            return spec.to_string();
        }
        if self.is_spec_path(spec.as_bytes()) {
            return self.unit_of(spec);
        }
        spec.to_string()
    }

    pub fn unit(&self, id: &str) -> Option<&SpecUnit> {
        self.units.get(id)
    }

    /// How many specs exist at head (read or not).
    pub fn count(&self) -> usize {
        self.units.values().filter(|u| u.exists()).count() + self.pending.len()
    }

    /// Read the units among `ids` this check left unread (a generated file's
    /// marker may name any spec). Units read later own no changed path, or they
    /// would have been read at first, so ownership is unchanged.
    pub fn ensure(
        &mut self,
        ids: impl IntoIterator<Item = String>,
        read_many: &ReadMany,
        config: &Config,
    ) -> Result<()> {
        let mut entries = Vec::new();
        let mut units = Vec::new();
        for id in ids {
            if let Some(idx) = self.pending.remove(&id) {
                entries.extend(idx.into_iter().filter_map(|i| self.listed.get(i).cloned()));
                units.push(id);
            }
        }
        if entries.is_empty() {
            return Ok(());
        }
        for d in self.read_docs(&entries, read_many)? {
            let id = self.unit_of(&d.path);
            self.units
                .entry(id.clone())
                .or_insert_with(|| SpecUnit {
                    id,
                    ..Default::default()
                })
                .docs
                .push(d);
        }
        for id in units {
            if let Some(u) = self.units.get_mut(&id) {
                u.main = pick_main(&u.id, u.docs.iter().map(|d| d.path.as_str()), config);
            }
        }
        Ok(())
    }

    /// Read every unit this check left unread: a tag in code may name a requirement
    /// of any spec (specs/tags.md TG-3).
    pub fn ensure_all(&mut self, read_many: &ReadMany, config: &Config) -> Result<()> {
        let ids: Vec<String> = self.pending.keys().cloned().collect();
        self.ensure(ids, read_many, config)
    }

    /// Parse documents (in parallel) and remember them in the index.
    fn parse_new(
        &mut self,
        docs: &[(String, ObjectId)],
        read_many: &ReadMany,
    ) -> Result<Vec<SpecDoc>> {
        if docs.is_empty() {
            return Ok(Vec::new());
        }
        let bytes = read_many(docs)?;
        let parsed: Vec<std::result::Result<SpecDoc, Box<SpecError>>> = docs
            .par_iter()
            .zip(bytes.par_iter())
            .map(|((path, _), b)| SpecDoc::parse(path, b))
            .collect();
        let mut out = Vec::with_capacity(docs.len());
        for ((_, id), p) in docs.iter().zip(parsed) {
            let doc = p.map_err(|e| spec_fatal(&e))?;
            self.index.add(*id, &doc);
            out.push(doc);
        }
        Ok(out)
    }

    /// Documents from the index, parsing those it does not have.
    fn read_docs(
        &mut self,
        docs: &[(String, ObjectId)],
        read_many: &ReadMany,
    ) -> Result<Vec<SpecDoc>> {
        let found = self.index.docs(docs);
        let mut out = Vec::with_capacity(docs.len());
        let mut missing = Vec::new();
        for (d, f) in docs.iter().zip(found) {
            match f {
                Some(doc) => out.push(doc),
                None => missing.push(d.clone()),
            }
        }
        out.extend(self.parse_new(&missing, read_many)?);
        Ok(out)
    }

    /// Load the specs of the head side a check needs (see [`Scope`]) and what the
    /// changeset did to them.
    ///
    /// `head_files` lists files at head (at least those under the spec roots);
    /// `read` returns the bytes of a document at base (path, blob).
    pub fn load(
        config: &Config,
        head_files: &[FileEntry],
        changes: &[FileChange],
        read: &dyn Fn(&str, ObjectId) -> Result<Vec<u8>>,
        read_many: &ReadMany,
        scope: Scope,
        store: Box<dyn DocStore>,
    ) -> Result<SpecSet> {
        // loading asks once per changed path whether it is a spec: nothing to
        // remember (a check numbers its paths for the rules: `remember_for`)
        let mut set = SpecSet::empty(config, store)?;
        let amendments = set.amendments(config, changes, read)?;
        // documents at head
        let docs: Vec<(String, ObjectId)> = head_files
            .iter()
            .filter(|f| {
                matches!(f.kind, Kind::File | Kind::Executable)
                    && set.spec_globs.is_match_once(&f.path)
            })
            .map(|f| (display(&f.path), f.id))
            .collect();
        let mut by_unit: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, (path, _)) in docs.iter().enumerate() {
            by_unit.entry(set.unit_of(path)).or_default().push(i);
        }
        // every folder above a changed path (and the root): a spec can own a changed
        // path only through a glob whose literal prefix is one of them
        let mut ancestors: foldhash::HashSet<&[u8]> = foldhash::HashSet::default();
        let mut w: BTreeSet<String> = BTreeSet::new();
        if let Scope::Changes { named, also } = scope {
            ancestors.insert(b"");
            for p in also {
                for (i, c) in p.iter().enumerate() {
                    if *c == b'/' {
                        ancestors.insert(&p[..i]);
                    }
                }
            }
            for p in changes.iter().flat_map(|c| c.paths()) {
                let p: &[u8] = p.as_ref();
                for (i, c) in p.iter().enumerate() {
                    if *c == b'/' {
                        ancestors.insert(&p[..i]);
                    }
                }
                // the specs the change touches
                if set.is_spec_path(p) {
                    w.insert(set.unit_of(&display(p)));
                }
            }
            // the specs changed proposals amend
            for (unit, _, _) in &amendments {
                w.insert(unit.clone());
            }
            // the specs the config names
            for n in named {
                w.insert(
                    if by_unit.contains_key(n.as_str()) || !set.is_spec_path(n.as_bytes()) {
                        n.clone()
                    } else {
                        set.unit_of(n)
                    },
                );
            }
        }
        // Whether each document can own a changed path, from the index; `None` for
        // documents the index has not seen. Every document must parse (ownership
        // cannot be known otherwise): those are parsed now, and remembered.
        // One record for the whole spec tree when the store has it (every document
        // of it parsed before), else one lookup per document.
        let mut under: Under = Under::default();
        if let Scope::Changes { also, .. } = scope {
            let paths: Vec<&[u8]> = changes
                .iter()
                .flat_map(|c| c.paths())
                .map(|p| p.as_ref() as &[u8])
                .chain(also.iter().map(|p| p.as_slice()))
                .collect();
            if paths.len() <= MAX_UNDER {
                for p in paths {
                    under.entry(b"").or_default().push(p);
                    for (i, c) in p.iter().enumerate() {
                        if *c == b'/' {
                            under.entry(&p[..i]).or_default().push(p);
                        }
                    }
                }
            }
        }
        let tree = set.index.tree_owns_under(&docs, &ancestors, &under);
        let from_tree = tree.is_some();
        let mut owns: Vec<Option<bool>> = match tree {
            Some(t) => t.into_iter().map(Some).collect(),
            None => docs
                .iter()
                .map(|(_, id)| set.index.owns_under(id, &ancestors))
                .collect(),
        };
        let unknown: Vec<usize> = (0..docs.len()).filter(|i| owns[*i].is_none()).collect();
        let new_docs: Vec<(String, ObjectId)> = unknown.iter().map(|i| docs[*i].clone()).collect();
        let mut parsed: BTreeMap<String, SpecDoc> = BTreeMap::new();
        for (i, d) in unknown
            .into_iter()
            .zip(set.parse_new(&new_docs, read_many)?)
        {
            // parsing remembered it in the index (were it not, read it to be safe)
            owns[i] = set.index.owns_under(&docs[i].1, &ancestors).or(Some(true));
            parsed.insert(d.path.clone(), d);
        }
        // a unit is read when its main document can own a changed path
        let wanted: BTreeSet<String> = match scope {
            Scope::All => by_unit.keys().cloned().collect(),
            Scope::Changes { .. } => {
                for (unit, idx) in &by_unit {
                    let main = match config.unit {
                        Unit::File => Some(unit.clone()),
                        Unit::Folder => {
                            pick_main(unit, idx.iter().map(|i| docs[*i].0.as_str()), config)
                        }
                    };
                    let can_own = idx
                        .iter()
                        .any(|i| Some(&docs[*i].0) == main.as_ref() && owns[*i] == Some(true));
                    if can_own {
                        w.insert(unit.clone());
                    }
                }
                w
            }
        };
        let mut to_read: Vec<(String, ObjectId)> = Vec::new();
        for (unit, idx) in by_unit {
            if wanted.contains(&unit) {
                to_read.extend(
                    idx.into_iter()
                        .map(|i| docs[i].clone())
                        .filter(|(p, _)| !parsed.contains_key(p)),
                );
            } else {
                set.pending.insert(unit, idx);
            }
        }
        for d in set.read_docs(&to_read, read_many)? {
            parsed.insert(d.path.clone(), d);
        }
        if !from_tree {
            // every document parsed: the next check of this tree looks it up once
            set.index.add_tree(&docs);
        }
        set.index.save(&|| docs.iter().map(|(_, id)| *id).collect());
        set.listed = docs;
        let head_docs = parsed;
        for (path, doc) in &head_docs {
            let id = set.unit_of(path);
            if !wanted.contains(&id) {
                continue;
            }
            let u = set.units.entry(id.clone()).or_insert_with(|| SpecUnit {
                id: id.clone(),
                ..Default::default()
            });
            u.docs.push(doc.clone());
        }
        for u in set.units.values_mut() {
            u.main = pick_main(&u.id, u.docs.iter().map(|d| d.path.as_str()), config);
        }
        // a proposal amends a spec that exists at head (one it would add owns nothing)
        for (unit, path, sections) in amendments {
            if let Some(u) = set.units.get_mut(&unit) {
                u.amended_by.insert(path);
                u.amended_sections.extend(sections);
            }
        }

        // what the changeset did to each spec document
        for c in changes {
            let old = c.old.as_ref().filter(|e| set.is_spec_path(&e.path));
            let new = c.new.as_ref().filter(|e| set.is_spec_path(&e.path));
            if old.is_none() && new.is_none() {
                continue;
            }
            let old_doc = match old {
                Some(e) if matches!(e.kind, Kind::File | Kind::Executable) => {
                    let path = display(&e.path);
                    // a base spec that no longer parses still has lines to compare
                    let bytes = read(&path, e.id)?;
                    Some(
                        SpecDoc::parse(&path, &bytes)
                            .unwrap_or_else(|err| lenient(&path, &bytes, &err)),
                    )
                }
                _ => None,
            };
            let new_path = new.map(|e| display(&e.path));
            let new_doc = new_path.as_ref().and_then(|p| head_docs.get(p));
            let new_unit = new_path.as_ref().map(|p| set.unit_of(p));
            let old_unit = old.map(|e| set.unit_of(&display(&e.path)));
            if c.status == Status::Conflicted {
                if let Some(nu) = &new_unit {
                    let u = unit_mut(&mut set, nu);
                    u.touched = true;
                    u.conflicted = true;
                }
                continue;
            }
            // A renamed file spec is the same spec under a new name: its history
            // (version, changelog) carries over. Moving a document between folder
            // units changes both.
            let same_spec = new_unit.is_some()
                && (old_unit == new_unit
                    || (config.unit == Unit::File && c.status == Status::Renamed));
            let t = touch(old_doc.as_ref(), new_doc);
            if let Some(nu) = &new_unit {
                let base = if same_spec { old_doc.clone() } else { None };
                let changed = t.changed || (!same_spec && new_doc.is_some());
                let u = unit_mut(&mut set, nu);
                if same_spec && old_unit.as_ref() != Some(nu) {
                    u.renamed_from = old_unit.clone();
                }
                if changed {
                    u.touched = true;
                    if same_spec {
                        u.touched_sections.extend(t.sections.iter().cloned());
                    } else if let Some(d) = new_doc {
                        u.touched_sections
                            .extend(d.sections.iter().map(|s| s.id.clone()));
                    }
                }
                u.doc_changes.push(DocChange {
                    base,
                    head: new_doc.cloned(),
                });
            }
            if let (Some(ou), Some(od), false) = (&old_unit, &old_doc, same_spec) {
                // deleted from (or moved out of) this unit
                let u = unit_mut(&mut set, ou);
                u.touched = true;
                u.touched_sections
                    .extend(od.sections.iter().map(|s| s.id.clone()));
                u.doc_changes.push(DocChange {
                    base: Some(od.clone()),
                    head: None,
                });
            }
        }
        if config.unit == Unit::File {
            pair_inexact_renames(&mut set)?;
        } else {
            pair_folder_renames(&mut set)?;
        }
        // units with no document left were deleted; units with no document at
        // base were added
        for u in set.units.values_mut() {
            let base_paths: Vec<&str> = u
                .doc_changes
                .iter()
                .filter_map(|d| d.base.as_ref().map(|b| b.path.as_str()))
                .collect();
            if !u.exists() && !u.conflicted {
                u.deleted = true;
                if u.main.is_none() {
                    u.main = pick_main(&u.id, base_paths.iter().copied(), config);
                }
                let main = u.main.clone();
                if let Some(d) = u
                    .doc_changes
                    .iter()
                    .filter_map(|d| d.base.as_ref())
                    .find(|b| Some(&b.path) == main.as_ref())
                {
                    u.base_owns = d.front.owns.clone();
                }
            }
            let changed_heads: Vec<&str> = u
                .doc_changes
                .iter()
                .filter_map(|d| {
                    d.head
                        .as_ref()
                        .filter(|_| d.base.is_none())
                        .map(|h| h.path.as_str())
                })
                .collect();
            u.added = u.exists()
                && base_paths.is_empty()
                && u.docs
                    .iter()
                    .all(|d| changed_heads.contains(&d.path.as_str()));
        }
        Ok(set)
    }

    /// The change proposals whose content the changeset changed (added, or edited
    /// beyond whitespace; never a deletion, a pure move or a document that does not
    /// parse), with the unit each amends and the delta's changed section IDs
    /// (specs/ownership.md OW-6).
    fn amendments(
        &self,
        config: &Config,
        changes: &[FileChange],
        read: &dyn Fn(&str, ObjectId) -> Result<Vec<u8>>,
    ) -> Result<Vec<(String, String, BTreeSet<String>)>> {
        let mut out = Vec::new();
        if config.proposals.is_empty() {
            return Ok(out);
        }
        let lists = Lists::new(
            config
                .proposals
                .iter()
                .enumerate()
                .map(|(i, p)| (i, p.paths.iter().map(|(g, _)| g.clone()).collect()))
                .collect(),
        )
        .map_err(|e| {
            Fatal::new(
                FatalKind::Config,
                format!("invalid proposal glob: {}", e.message),
            )
        })?;
        let is_file = |e: &&FileEntry| matches!(e.kind, Kind::File | Kind::Executable);
        for c in changes {
            if c.status == Status::Conflicted {
                continue;
            }
            let Some(new) = c.new.as_ref().filter(is_file) else {
                continue;
            };
            let path = display(&new.path);
            let Some(unit) = lists
                .matches(&new.path)
                .into_iter()
                .find_map(|(li, pi)| config.proposals[lists.lists[li].0].amended(pi, &path))
            else {
                continue;
            };
            let old = c.old.as_ref().filter(is_file);
            if old.is_some_and(|o| o.id == new.id) {
                continue; // moved, not changed
            }
            let Ok(head) = SpecDoc::parse(&path, &read(&path, new.id)?) else {
                continue; // the gate still blocks: an unreadable delta amends nothing
            };
            let base = match old {
                Some(o) => {
                    let p = display(&o.path);
                    let bytes = read(&p, o.id)?;
                    Some(SpecDoc::parse(&p, &bytes).unwrap_or_else(|e| lenient(&p, &bytes, &e)))
                }
                None => None,
            };
            let t = touch(base.as_ref(), Some(&head));
            if !t.changed {
                continue;
            }
            let unit = if self.is_spec_path(unit.as_bytes()) {
                self.unit_of(&unit)
            } else {
                unit
            };
            out.push((unit, path, t.sections));
        }
        Ok(out)
    }

    /// Ownership lists: one per (spec, section) from front matter, one per config
    /// `owners:` entry.
    pub fn owner_lists(&self, config: &Config) -> Result<Lists<OwnerTarget>> {
        self.owner_lists_folded(config, crate::glob::Fold::default())
    }

    /// [`Self::owner_lists`], matching paths as `fold` sees them (specs/ownership.md
    /// OW-4).
    pub fn owner_lists_folded(
        &self,
        config: &Config,
        fold: crate::glob::Fold,
    ) -> Result<Lists<OwnerTarget>> {
        let mut lists: Vec<(OwnerTarget, Vec<Pattern>)> = Vec::new();
        let mut sources: Vec<Option<&SpecDoc>> = Vec::new();
        for u in self.units.values() {
            let Some(doc) = u.main_doc() else { continue };
            let mut by_section: BTreeMap<Option<String>, Vec<Pattern>> = BTreeMap::new();
            for g in &doc.front.owns {
                by_section
                    .entry(g.section.clone())
                    .or_default()
                    .push(Pattern::new(
                        g.pattern.clone(),
                        Origin {
                            file: doc.path.clone(),
                            line: g.line,
                            column: 0,
                        },
                    ));
            }
            for (section, pats) in by_section {
                lists.push((
                    OwnerTarget {
                        spec: u.id.clone(),
                        section,
                        declared: pats[0].origin.clone(),
                    },
                    pats,
                ));
                sources.push(Some(doc));
            }
        }
        for o in &config.owners {
            lists.push((
                OwnerTarget {
                    spec: self.resolve(&o.spec),
                    section: o.section.clone(),
                    declared: o.origin.clone(),
                },
                o.paths.clone(),
            ));
            sources.push(None);
        }
        Lists::folded(lists, fold).map_err(|e| {
            let line = e.origin.line;
            match sources[e.list] {
                Some(doc) => Fatal::new(
                    FatalKind::Spec,
                    format!(
                        "{}:{}: invalid glob {:?} in `owns`: {}",
                        doc.path, line, e.text, e.message
                    ),
                )
                .with_help("globs use gitignore syntax: `*` stays within a folder, `**` crosses folders, `!` excludes")
                .at(&doc.path, &doc.text, line_span(&doc.text, line), "this pattern")
                .into(),
                None => Fatal::new(
                    FatalKind::Config,
                    format!("{}: invalid glob {:?}: {}", e.origin, e.text, e.message),
                )
                .into(),
            }
        })
    }
}

/// The main document of a unit: the first configured name found directly in the
/// unit folder, else the first document. A file unit is its own main document.
/// A file spec deleted and another added with similar content (at least half of
/// its lines, as git's default rename threshold) is the same spec renamed and
/// edited: it keeps its history. Candidates with the same file name win, then the
/// most similar. Exact renames were already paired from the changeset.
///
/// Similarity is git's kind: the lines two texts share, counted as multisets (so a
/// moved paragraph still counts), over their total. It depends on the texts only,
/// never on time; the work (pairs times lines) is bounded by [`MAX_RENAME_WORK`], and
/// a change beyond it cannot be checked (exit 2) rather than be checked with its
/// renames unpaired, which would count every section of the added specs as touched.
fn pair_inexact_renames(set: &mut SpecSet) -> Result<()> {
    let gone: Vec<String> = set
        .units
        .values()
        .filter(|u| !u.exists() && !u.conflicted && u.doc_changes.len() == 1)
        .map(|u| u.id.clone())
        .collect();
    if gone.is_empty() {
        return Ok(());
    }
    let new: Vec<String> = set
        .units
        .values()
        .filter(|u| {
            u.exists()
                && u.doc_changes.len() == 1
                && u.doc_changes[0].base.is_none()
                && u.doc_changes[0].head.is_some()
        })
        .map(|u| u.id.clone())
        .collect();
    if new.is_empty() {
        return Ok(());
    }
    let bag = |doc: &SpecDoc| LineBag::new(&doc.text);
    let gone_bags: Vec<Option<LineBag>> = gone
        .iter()
        .map(|id| set.units[id].doc_changes[0].base.as_ref().map(bag))
        .collect();
    let new_bags: Vec<LineBag> = new
        .iter()
        .map(|id| bag(set.units[id].doc_changes[0].head.as_ref().expect("head")))
        .collect();
    let work: u128 = gone_bags
        .iter()
        .flatten()
        .flat_map(|g| {
            new_bags
                .iter()
                .map(move |n| 1 + g.distinct().min(n.distinct()) as u128)
        })
        .sum();
    if work > MAX_RENAME_WORK {
        return Err(Fatal::new(
            FatalKind::Spec,
            format!(
                "this change deletes {} specs and adds {}: pairing renamed specs would compare {work} lines, over the limit of {MAX_RENAME_WORK}",
                gone.len(),
                new.len()
            ),
        )
        .with_help("rename the specs in a commit of their own (a rename without edits is paired by content at once), then edit them")
        .into());
    }
    let file_name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    // each new spec goes to at most one deleted one, in the order of the deleted ids
    let mut taken = vec![false; new.len()];
    for (old_id, old_bag) in gone.into_iter().zip(gone_bags) {
        let Some(old_bag) = old_bag else { continue };
        let best = new_bags
            .iter()
            .enumerate()
            .filter(|(i, _)| !taken[*i])
            .filter_map(|(i, n)| {
                let ratio = old_bag.similarity(n);
                let same_name = file_name(&new[i]) == file_name(&old_id);
                (ratio >= 0.5).then_some((same_name, ratio, i))
            })
            .max_by(|a, b| {
                (a.0, a.1)
                    .partial_cmp(&(b.0, b.1))
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(b.2.cmp(&a.2))
            });
        let Some((_, _, i)) = best else { continue };
        taken[i] = true;
        let new_id = new[i].clone();
        let old_doc = set.units[&old_id].doc_changes[0]
            .base
            .clone()
            .expect("base");
        set.units.remove(&old_id);
        let u = set.units.get_mut(&new_id).expect("present");
        let head = u.doc_changes[0].head.clone();
        let t = touch(Some(&old_doc), head.as_ref());
        u.touched = t.changed;
        u.touched_sections = t.sections;
        u.renamed_from = Some(old_id);
        u.doc_changes[0].base = Some(old_doc);
    }
    Ok(())
}

/// A folder unit renamed (`specs/001-login/` → `specs/001-sign-in/`, every document
/// moved) is the same spec under a new name, as a renamed file spec is: it keeps its
/// history (version, changelog, requirement IDs) and only the lines that changed
/// touch it, so a pure folder rename touches nothing and the code it owns is judged
/// against the renamed unit. A unit gone at head pairs with a unit new at head when
/// every document of the old one has a document at the same place in the new one
/// (the new one may add documents) and their texts are at least half the same lines
/// (as [`pair_inexact_renames`]); the most similar wins. The work is bounded by
/// [`MAX_RENAME_WORK`] (exit 2 beyond).
fn pair_folder_renames(set: &mut SpecSet) -> Result<()> {
    let rel = |unit: &str, path: &str| -> String {
        path.strip_prefix(unit)
            .and_then(|r| r.strip_prefix('/'))
            .unwrap_or("")
            .to_string()
    };
    // old units: nothing left at head, every document's change only has a base side
    let gone: Vec<(String, BTreeMap<String, SpecDoc>)> = set
        .units
        .values()
        .filter(|u| !u.exists() && !u.conflicted && !u.doc_changes.is_empty())
        .filter(|u| u.doc_changes.iter().all(|d| d.head.is_none()))
        .map(|u| {
            let docs = u
                .doc_changes
                .iter()
                .filter_map(|d| d.base.as_ref())
                .map(|b| (rel(&u.id, &b.path), b.clone()))
                .collect();
            (u.id.clone(), docs)
        })
        .collect();
    if gone.is_empty() {
        return Ok(());
    }
    // new units: every document at head was added by the change
    let new: Vec<(String, BTreeMap<String, &SpecDoc>)> = set
        .units
        .values()
        .filter(|u| u.exists() && !u.conflicted)
        .filter(|u| u.doc_changes.iter().all(|d| d.base.is_none()))
        .filter(|u| {
            u.docs.iter().all(|doc| {
                u.doc_changes
                    .iter()
                    .any(|d| d.head.as_ref().is_some_and(|h| h.path == doc.path))
            })
        })
        .map(|u| {
            let docs = u.docs.iter().map(|d| (rel(&u.id, &d.path), d)).collect();
            (u.id.clone(), docs)
        })
        .collect();
    if new.is_empty() {
        return Ok(());
    }
    let text = |docs: &mut dyn Iterator<Item = &SpecDoc>| -> String {
        docs.map(|d| d.text.as_str()).collect::<Vec<_>>().join("\n")
    };
    // candidate pairs: the new unit has a document at every place the old one had
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for (i, (_, old_docs)) in gone.iter().enumerate() {
        for (j, (_, new_docs)) in new.iter().enumerate() {
            if old_docs.keys().all(|r| new_docs.contains_key(r)) {
                candidates.push((i, j));
            }
        }
    }
    if candidates.is_empty() {
        return Ok(());
    }
    let old_bags: Vec<LineBag> = gone
        .iter()
        .map(|(_, docs)| LineBag::new(&text(&mut docs.values())))
        .collect();
    let pair_bag = |i: usize, j: usize| {
        let new_docs = &new[j].1;
        LineBag::new(&text(
            &mut gone[i].1.keys().filter_map(|r| new_docs.get(r).copied()),
        ))
    };
    let work: u128 = candidates
        .iter()
        .map(|&(i, _)| 1 + old_bags[i].distinct() as u128)
        .sum();
    if work > MAX_RENAME_WORK {
        return Err(Fatal::new(
            FatalKind::Spec,
            format!(
                "this change removes {} spec folders and adds {}: pairing renamed folders would compare {work} lines, over the limit of {MAX_RENAME_WORK}",
                gone.len(),
                new.len()
            ),
        )
        .with_help("rename the spec folders in a commit of their own (a rename without edits is paired at once), then edit them")
        .into());
    }
    let mut taken = vec![false; new.len()];
    let mut pairs: Vec<(usize, String)> = Vec::new();
    for (i, old_bag) in old_bags.iter().enumerate() {
        let best = candidates
            .iter()
            .filter(|&&(ci, j)| ci == i && !taken[j])
            .filter_map(|&(_, j)| {
                let ratio = old_bag.similarity(&pair_bag(i, j));
                (ratio >= 0.5).then_some((ratio, j))
            })
            .max_by(|a, b| {
                a.0.partial_cmp(&b.0)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(b.1.cmp(&a.1))
            });
        let Some((_, j)) = best else { continue };
        taken[j] = true;
        pairs.push((i, new[j].0.clone()));
    }
    for (i, new_id) in pairs {
        let (old_id, old_docs) = &gone[i];
        set.units.remove(old_id);
        let u = set.units.get_mut(&new_id).expect("present");
        u.touched = false;
        u.touched_sections.clear();
        for d in &mut u.doc_changes {
            let Some(h) = d.head.as_ref() else { continue };
            d.base = old_docs.get(&rel(&new_id, &h.path)).cloned();
            let t = touch(d.base.as_ref(), Some(h));
            u.touched |= t.changed;
            u.touched_sections.extend(t.sections);
        }
        u.renamed_from = Some(old_id.clone());
    }
    Ok(())
}

/// The most work inexact spec-rename pairing may do: the sum over every (deleted,
/// added) pair of the smaller number of distinct lines (100 specs of 10,000 lines
/// each way is 10^8).
pub const MAX_RENAME_WORK: u128 = 100_000_000;

/// The lines of a text (trailing whitespace dropped) and how often each occurs.
struct LineBag {
    counts: foldhash::HashMap<Box<str>, u32>,
    lines: usize,
}

impl LineBag {
    fn new(text: &str) -> Self {
        let mut counts: foldhash::HashMap<Box<str>, u32> = Default::default();
        let mut lines = 0;
        for l in text.lines() {
            let l = l.trim_end();
            match counts.get_mut(l) {
                Some(c) => *c += 1,
                None => {
                    counts.insert(l.into(), 1);
                }
            }
            lines += 1;
        }
        LineBag { counts, lines }
    }

    fn distinct(&self) -> usize {
        self.counts.len()
    }

    /// Twice the lines in common over all lines (1 for two empty texts).
    fn similarity(&self, other: &LineBag) -> f64 {
        if self.lines + other.lines == 0 {
            return 1.0;
        }
        let (small, large) = if self.distinct() <= other.distinct() {
            (self, other)
        } else {
            (other, self)
        };
        let common: u64 = small
            .counts
            .iter()
            .map(|(l, &c)| c.min(large.counts.get(l.as_ref()).copied().unwrap_or(0)) as u64)
            .sum();
        2.0 * common as f64 / (self.lines + other.lines) as f64
    }
}

fn unit_mut<'s>(set: &'s mut SpecSet, id: &str) -> &'s mut SpecUnit {
    set.units.entry(id.to_string()).or_insert_with(|| SpecUnit {
        id: id.to_string(),
        ..Default::default()
    })
}

fn pick_main<'a>(
    unit: &str,
    docs: impl Iterator<Item = &'a str>,
    config: &Config,
) -> Option<String> {
    let docs: Vec<&str> = docs.collect();
    if docs.contains(&unit) {
        return Some(unit.to_string());
    }
    for name in &config.main {
        let want = format!("{unit}/{name}");
        if docs.contains(&want.as_str()) {
            return Some(want);
        }
    }
    let mut sorted = docs.clone();
    sorted.sort();
    sorted.first().map(|s| s.to_string())
}

/// A document whose front matter does not parse, kept for its lines only.
fn lenient(path: &str, bytes: &[u8], _err: &SpecError) -> SpecDoc {
    let text = crate::spec::decode(bytes);
    let line_count = crate::spec::count_lines(&text);
    SpecDoc {
        path: path.to_string(),
        sections: crate::spec::markdown::sections(&text, 1, line_count),
        front: Default::default(),
        front_lines: None,
        line_count,
        text,
        memo: Default::default(),
    }
}

pub fn spec_fatal(e: &SpecError) -> Box<Fatal> {
    let f = Fatal::new(
        FatalKind::Spec,
        format!("{}:{}:{}: {}", e.path, e.line, e.column, e.message),
    )
    .with_help("fix the spec's front matter (YAML between the two `---` lines); ownership cannot be known until it parses");
    if e.text.is_empty() {
        f.into()
    } else {
        let span = line_span(&e.text, e.line);
        f.at(&e.path, &e.text, span, "here").into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_prefixes() {
        assert_eq!(literal_prefix("specs/**/*.md"), "specs");
        assert_eq!(
            literal_prefix("openspec/specs/**/spec.md"),
            "openspec/specs"
        );
        assert_eq!(literal_prefix(".kiro/specs/**/*.md"), ".kiro/specs");
        assert_eq!(literal_prefix("*.md"), "");
        assert_eq!(literal_prefix("docs/spec.md"), "docs");
    }

    #[test]
    fn folder_units() {
        let cfg = Config {
            unit: Unit::Folder,
            ..Config::default()
        };
        let set = SpecSet::empty(&cfg, Box::new(NoStore)).unwrap();
        assert_eq!(set.unit_of("specs/001-auth/spec.md"), "specs/001-auth");
        assert_eq!(
            set.unit_of("specs/001-auth/contracts/api.md"),
            "specs/001-auth"
        );
        assert_eq!(set.unit_of("specs/overview.md"), "specs/overview.md");
    }
}
