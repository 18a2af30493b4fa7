//! Reading the config file from the file system (the core parses it:
//! [`crate::config::Config::parse`]).

use crate::config::{Config, MAX_CONFIG_BYTES};
use crate::error::{Fatal, FatalKind, Result};
use std::path::Path;

/// Load `path` (which may not exist: then defaults, unless `required`).
pub fn load(path: &Path, display: &str, required: bool) -> Result<Config> {
    load_within(path, display, required, None)
}

/// Load a config; with `root`, a config that is a symlink must stay inside it (a
/// committed `.specmoor.yml -> /proc/self/environ` must not leak into a CI log).
/// Only a regular file is read, and never more than the size limit.
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
    if let (Some(root), Ok(meta)) = (root, std::fs::symlink_metadata(path)) {
        if meta.file_type().is_symlink() {
            let target = path.canonicalize().map_err(|e| {
                fail(format!(
                    "config {display} is a symlink that cannot be followed: {e}"
                ))
            })?;
            let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
            if !target.starts_with(&root) {
                return Err(fail(format!("config {display} is a symlink to a file outside the repository; specmoor does not follow it")));
            }
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
