//! Reading the config file from the file system (the core parses it:
//! [`crate::config::Config::parse`]).

use crate::config::{Config, MAX_CONFIG_BYTES};
use crate::error::{Fatal, FatalKind, Result};
use crate::git::{EntryAt, Repo};
use crate::model::Kind;
use gix::ObjectId;
use std::path::Path;

/// The config file's path in the repository.
pub const CONFIG_PATH: &str = ".specmoor.yml";

/// The config as it is at a commit, or in the index when `commit` is `None`, read from
/// git objects (specs/config.md CF-6): what the work tree holds does not matter. No
/// file there means the defaults; anything but a regular file is refused.
pub fn at_revision(repo: &Repo, commit: Option<ObjectId>) -> Result<Config> {
    at_revision_path(repo, commit, CONFIG_PATH)
}

/// [`at_revision`] for a config at another path in the repository.
pub fn at_revision_path(repo: &Repo, commit: Option<ObjectId>, path: &str) -> Result<Config> {
    let side = match commit {
        Some(c) => c.to_hex_with_len(12).to_string(),
        None => "the index".to_string(),
    };
    let refuse = |what: &str| -> Box<Fatal> {
        Fatal::new(
            FatalKind::Config,
            format!(
                "{path} at {side} is {what}; specmoor reads its config only from a regular file"
            ),
        )
        .with_help("commit .specmoor.yml as a plain file (not a symlink, folder or submodule)")
        .into()
    };
    let id = match repo.entry_at(commit, path)? {
        None => return Ok(Config::default()),
        Some(EntryAt::Tree) => return Err(refuse("a folder")),
        Some(EntryAt::Entry(Kind::Symlink, _)) => return Err(refuse("a symlink")),
        Some(EntryAt::Entry(Kind::Submodule, _)) => return Err(refuse("a submodule")),
        Some(EntryAt::Entry(_, id)) => id,
    };
    // a config that cannot be read is exit 2 naming the path and the revision: the
    // config that judges the change must be readable
    let bytes = repo.blob(id, crate::git::At::new(path.as_bytes(), commit))?;
    Config::parse(&bytes, path)
}

/// Load `path` (which may not exist: then defaults, unless `required`).
pub fn load(path: &Path, display: &str, required: bool) -> Result<Config> {
    load_within(path, display, required, None)
}

/// Load a config; with `root` (the default `.specmoor.yml` of a work tree), a config
/// that is a symlink is refused without being read, wherever it points: a committed
/// `.specmoor.yml -> .env` (a file an earlier CI step wrote) or `-> /proc/self/environ`
/// must not reach a log through a parse error (specs/config.md CF-1). Only a regular
/// file is read, and never more than the size limit.
pub fn load_within(
    path: &Path,
    display: &str,
    required: bool,
    root: Option<&Path>,
) -> Result<Config> {
    let fail = |msg: String| -> Box<Fatal> {
        Fatal::new(FatalKind::Config, msg)
            .with_help("point --config at a regular file, or keep .specmoor.yml a plain file in the repository")
            .into()
    };
    if let (Some(_), Ok(meta)) = (root, std::fs::symlink_metadata(path)) {
        if meta.file_type().is_symlink() {
            let to = std::fs::read_link(path)
                .map(|t| format!(" (to {})", t.display()))
                .unwrap_or_default();
            return Err(Fatal::new(
                FatalKind::Config,
                format!("config {display} is a symbolic link{to}; specmoor reads its config only from a regular file and did not read it"),
            )
            .with_help("replace the link with the file it points to (`cp --remove-destination \"$(readlink .specmoor.yml)\" .specmoor.yml`), or name a config with --config PATH")
            .into());
        }
    }
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_dir() {
            return Err(fail(format!("config {display} is a directory")));
        }
        if !meta.is_file() {
            return Err(fail(format!("config {display} is not a regular file")));
        }
        if meta.len() > MAX_CONFIG_BYTES as u64 {
            return Err(Fatal::new(
                FatalKind::Config,
                format!(
                    "{display} is {} bytes, over the {} KiB limit for a config file",
                    meta.len(),
                    MAX_CONFIG_BYTES / 1024
                ),
            )
            .with_help("a .specmoor.yml is a few hundred lines at most; check that the right file is named")
            .into());
        }
    }
    let read = || -> std::io::Result<Vec<u8>> {
        use std::io::Read;
        let mut buf = Vec::new();
        std::fs::File::open(path)?
            .take(MAX_CONFIG_BYTES as u64 + 1)
            .read_to_end(&mut buf)?;
        Ok(buf)
    };
    let bytes = match read() {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            return Ok(Config::default())
        }
        Err(e) => {
            return Err(Fatal::new(
                FatalKind::Config,
                format!("cannot read config {display}: {e}"),
            )
            .with_help(
                "pass an existing file with --config, or remove the flag to use .specmoor.yml",
            )
            .into())
        }
    };
    if path.is_dir() {
        return Err(Fatal::new(
            FatalKind::Config,
            format!("config {display} is a directory"),
        )
        .into());
    }
    Config::parse(&bytes, display)
}
