//! `specmoor bump SPEC LEVEL -m TEXT` (specs/cli.md CL-5).

use super::{emit, load_config, Global};
use crate::config::Config;
use crate::error::{Fatal, Result};
use crate::git::Repo;
use crate::write::{write_atomic, Links};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The spec: a Markdown file, or a folder unit (its main document is bumped)
    spec: PathBuf,
    /// Which part of the version to increase
    #[arg(value_enum)]
    level: LevelArg,
    /// What changed (one line; becomes the changelog entry)
    #[arg(short = 'm', long = "message", value_name = "TEXT")]
    message: String,
    /// Mark the entry as a breaking change
    #[arg(long)]
    breaking: bool,
}

/// Which part of a version `bump` increases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LevelArg {
    Major,
    Minor,
    Patch,
}

impl From<LevelArg> for crate::bump::Level {
    fn from(l: LevelArg) -> Self {
        match l {
            LevelArg::Major => crate::bump::Level::Major,
            LevelArg::Minor => crate::bump::Level::Minor,
            LevelArg::Patch => crate::bump::Level::Patch,
        }
    }
}

pub fn run(g: &Global, a: &Args) -> Result<i32> {
    let (spec, level, message, breaking) = (&a.spec, a.level.into(), &a.message, a.breaking);
    let start = g.start_dir()?;
    let mut file = if spec.is_absolute() {
        spec.to_path_buf()
    } else {
        start.join(spec)
    };
    if file.is_dir() {
        // a folder unit: its main document
        let config = match Repo::open(&start) {
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
    let shown = file.display().to_string();
    let b = crate::bump::bump(
        &shown,
        text,
        level,
        message,
        breaking,
        &crate::clock::today(),
    )
    .map_err(|e| {
        Fatal::usage(e).with_help("see `specmoor explain SM002` and `specmoor explain SM003`")
    })?;
    let out = b.text.into_bytes();
    // a link is written through only inside the work tree the spec is in
    let root = file
        .parent()
        .and_then(|d| Repo::open(if d.as_os_str().is_empty() { &start } else { d }).ok())
        .and_then(|r| r.workdir);
    write_atomic(&file, &out, Links::Within(root.as_deref()))?;
    emit(&format!(
        "{}: {} -> {}, changelog entry at line {}\n",
        spec.display(),
        b.old,
        b.new,
        b.entry_line
    ))?;
    Ok(0)
}
