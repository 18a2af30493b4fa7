//! `specmoor bump SPEC LEVEL -m TEXT` (specs/cli.md CL-5).

use super::{emit, load_config, Global};
use crate::config::Config;
use crate::error::{Fatal, Result};
use crate::git::Repo;
use crate::write::{write_atomic, Links};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
#[command(
    override_usage = "specmoor bump [OPTIONS] -m <TEXT> <SPEC>... <major|minor|patch>\n       specmoor bump [OPTIONS] -m <TEXT> --set <VERSION> <SPEC>..."
)]
pub struct Args {
    /// The specs (Markdown files, or folder units: their main document is bumped),
    /// then which part of the version to increase (major, minor or patch), unless
    /// --set is given
    #[arg(value_name = "SPEC|LEVEL", required = true, num_args = 1..)]
    args: Vec<PathBuf>,
    /// Set exactly this version instead of a level: a spec without a version gets its
    /// first one (and its first changelog entry), a versioned spec only a higher one
    #[arg(long, value_name = "VERSION")]
    set: Option<String>,
    /// What changed (one line; becomes the changelog entry)
    #[arg(short = 'm', long = "message", value_name = "TEXT")]
    message: String,
    /// Mark the entry as a breaking change
    #[arg(long)]
    breaking: bool,
}

/// The specs and the level the arguments name.
fn parse(a: &Args) -> Result<(Vec<PathBuf>, crate::bump::Level)> {
    use crate::bump::Level;
    if let Some(set) = &a.set {
        let v = crate::spec::version::normalize(set)
            .map_err(|why| Box::new(Fatal::usage(format!("--set {set}: {why}"))))?;
        return Ok((a.args.clone(), Level::Set(v)));
    }
    let (last, specs) = a.args.split_last().expect("clap requires one argument");
    let level = match last.to_str() {
        Some("major") => Level::Major,
        Some("minor") => Level::Minor,
        Some("patch") => Level::Patch,
        _ => {
            return Err(Fatal::usage(format!(
                "say which part of the version to increase after the specs (major, minor or patch), or give --set VERSION; `{}` is none of them",
                last.display()
            ))
            .into())
        }
    };
    if specs.is_empty() {
        return Err(Fatal::usage(
            "name the spec to bump before the level: `specmoor bump SPEC minor -m TEXT`",
        )
        .into());
    }
    Ok((specs.to_vec(), level))
}

pub fn run(g: &Global, a: &Args) -> Result<i32> {
    let (specs, level) = parse(a)?;
    let start = g.start_dir()?;
    // every spec is bumped in memory first: one refusal writes nothing
    let mut done = Vec::new();
    for spec in &specs {
        done.push(bump_one(g, &start, spec, &level, &a.message, a.breaking)?);
    }
    for (spec, file, b) in done {
        // a link is written through only inside the work tree the spec is in
        let root = file
            .parent()
            .and_then(|d| Repo::open(if d.as_os_str().is_empty() { &start } else { d }).ok())
            .and_then(|r| r.workdir);
        write_atomic(&file, b.text.as_bytes(), Links::Within(root.as_deref()))?;
        let what = match &b.old {
            Some(old) if *old == b.new => format!("{old} kept (its entry was missing)"),
            Some(old) => format!("{old} -> {}", b.new),
            None => format!("first version {}", b.new),
        };
        emit(&format!(
            "{}: {what}, changelog entry at line {}\n",
            spec.display(),
            b.entry_line
        ))?;
    }
    Ok(0)
}

/// Bump one spec in memory: (the spec as named, the file to write, the result).
fn bump_one(
    g: &Global,
    start: &std::path::Path,
    spec: &std::path::Path,
    level: &crate::bump::Level,
    message: &str,
    breaking: bool,
) -> Result<(PathBuf, PathBuf, crate::bump::Bumped)> {
    let mut file = if spec.is_absolute() {
        spec.to_path_buf()
    } else {
        start.join(spec)
    };
    if file.is_dir() {
        // a folder unit: its main document
        let config = match Repo::open(start) {
            Ok(repo) => load_config(&repo, g.config.as_deref())?.0,
            Err(_) => Config::default(),
        };
        let main = config
            .main
            .iter()
            .map(|m| file.join(m))
            .find(|p| p.is_file())
            .ok_or_else(|| {
                Fatal::usage(format!(
                    "{} is a folder with none of the main documents ({})",
                    spec.display(),
                    config.main.join(", ")
                ))
            })?;
        file = main;
    }
    let bytes = std::fs::read(&file)
        .map_err(|e| Fatal::usage(format!("cannot read {}: {e}", spec.display())))?;
    // the core keeps a byte-order mark (and refuses two): the text goes in whole
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Fatal::usage(format!(
            "{} is not valid UTF-8; specmoor bump only edits files it can keep byte for byte",
            spec.display()
        ))
    })?;
    // messages name the spec as it was given (a folder unit: its main document)
    let shown = if file.as_path() == start.join(spec) || file.as_path() == spec {
        spec.display().to_string()
    } else {
        file.display().to_string()
    };
    let b = crate::bump::bump(
        &shown,
        text,
        level.clone(),
        message,
        breaking,
        &crate::clock::today(),
    )
    .map_err(|e| {
        Fatal::usage(e).with_help("see `specmoor explain SM002` and `specmoor explain SM003`")
    })?;
    Ok((spec.to_path_buf(), file, b))
}
