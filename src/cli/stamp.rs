//! `specmoor stamp FILE...` (specs/generated.md GF-5).

use super::{emit, Global};
use crate::check;
use crate::error::{Fatal, Result};
use crate::write::{write_atomic, Links};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Generated files (relative to the current directory)
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The spec (and section) they come from: SPEC[#SECTION]. Default: the file's
    /// marker, else `generated:` in the config, else its owning spec
    #[arg(long, value_name = "SPEC[#SECTION]")]
    spec: Option<String>,
}

pub fn run(g: &Global, a: &Args) -> Result<i32> {
    use crate::generated::{self, Marker};
    let (files, spec) = (&a.files, a.spec.as_deref());
    let super::Session { repo, config, .. } = g.session()?;
    let Some(workdir) = repo.workdir.clone() else {
        return Err(
            Fatal::usage("stamp writes files in the work tree; this repository has none").into(),
        );
    };
    // ownership and config as staged, for files that name no spec themselves
    let empty = crate::git::Changeset {
        base: None,
        head: None,
        changes: Vec::new(),
        commits: Vec::new(),
        notes: Vec::new(),
    };
    let loaded = check::load(&repo, &config, empty)?;
    let gc = crate::genscan::GeneratedConfig::new(&config)?;
    let mut out = String::new();
    // every file is prepared before any is written: one bad file changes nothing
    let mut writes: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for f in files {
        let rel = repo.repo_relative(f)?;
        let abs = workdir.join(&rel);
        let bytes = std::fs::read(&abs)
            .map_err(|e| Fatal::usage(format!("cannot read {}: {e}", f.display())))?;
        let existing = match generated::detect(&bytes) {
            Some(Marker::Specmoor(m)) => Some(m),
            _ => None,
        };
        let address = match (spec, &existing, gc.entry(rel.as_bytes())) {
            (Some(s), _, _) => s.to_string(),
            (None, Some(m), _) => match &m.section {
                Some(sec) => format!("{}#{sec}", m.spec),
                None => m.spec.clone(),
            },
            (None, None, Some(i)) if config.generated[i].spec.is_some() => {
                config.generated[i].spec.clone().unwrap_or_default()
            }
            _ => {
                let mut owners: Vec<String> = loaded
                    .owners
                    .matches(rel.as_bytes())
                    .into_iter()
                    .map(|(li, _)| loaded.owners.lists[li].0.spec.clone())
                    .collect();
                owners.sort();
                owners.dedup();
                match owners.as_slice() {
                    [one] => one.clone(),
                    [] => {
                        return Err(Fatal::usage(format!("{rel}: no spec is known for it"))
                            .with_help("pass --spec SPEC[#SECTION], declare it under `generated:` in .specmoor.yml, or own it from a spec")
                            .into())
                    }
                    many => {
                        return Err(Fatal::usage(format!(
                            "{rel} is owned by several specs ({}); say which one it is generated from",
                            many.join(", ")
                        ))
                        .with_help("pass --spec SPEC[#SECTION]")
                        .into())
                    }
                }
            }
        };
        let (spec_path, section) = crate::config::split_address(&address);
        // the spec as it is in the work tree: the document named, or a folder unit's
        // main document
        let mut doc_path = workdir.join(&spec_path);
        if doc_path.is_dir() {
            doc_path = config
                .main
                .iter()
                .map(|m| doc_path.join(m))
                .find(|p| p.is_file())
                .ok_or_else(|| {
                    Fatal::usage(format!("{spec_path} is a folder with no main document"))
                })?;
        }
        let spec_bytes = std::fs::read(&doc_path).map_err(|e| {
            Fatal::usage(format!("cannot read spec {spec_path} for {rel}: {e}"))
                .with_help("pass --spec SPEC[#SECTION] naming an existing spec")
        })?;
        let doc = crate::spec::SpecDoc::parse(&spec_path, &spec_bytes)
            .map_err(|e| crate::specset::spec_fatal(&e))?;
        let sha = generated::fingerprint(&doc, section.as_deref()).ok_or_else(|| {
            Fatal::usage(format!(
                "{spec_path} has no section {}",
                section.as_deref().unwrap_or("")
            ))
            .with_help("`specmoor owners` and the spec's headings show the section IDs")
        })?;
        let stamped = generated::stamp(&rel, &bytes, &spec_path, section.as_deref(), &sha)
            .map_err(|e| Fatal::usage(e).with_help("no file was changed"))?;
        if stamped != bytes {
            // a link refused here changes nothing: no file is written yet
            let abs = crate::write::resolve(&abs, Links::Within(Some(&workdir)))?;
            writes.push((abs, stamped));
        }
        out.push_str(&format!(
            "{rel}: generated from {address} sha256={}\n",
            &sha[..12]
        ));
    }
    for (abs, bytes) in writes {
        write_atomic(&abs, &bytes, Links::Within(Some(&workdir)))?;
    }
    emit(&out)?;
    Ok(0)
}
