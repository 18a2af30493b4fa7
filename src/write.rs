//! Writing files without ever leaving half of one (specs/cli.md CL-5, CL-4): every
//! file specmoor writes (`bump`, `stamp`, `check --json-file/--sarif-file`) goes
//! through [`write_atomic`].

use crate::error::{Fatal, FatalKind, Result};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// Where a symbolic link at the written path may lead.
#[derive(Debug, Clone, Copy)]
pub enum Links<'a> {
    /// A file of a repository (a spec, a generated file): a link is written through
    /// (the link kept) when its target is inside this work tree and not in `.git`;
    /// otherwise, or with no work tree (`None`), it is refused.
    Within(Option<&'a Path>),
    /// A file the user named (a report): a link is followed wherever it leads.
    Follow,
}

/// Replace `path` with `bytes` through an exclusively created temporary file beside
/// it and a rename, keeping its permissions: a failure (a full disk, a file size
/// limit) leaves the file as it was and no temporary file behind. A symbolic link
/// is never replaced by a file: it is written through or refused ([`Links`]). A
/// FIFO or device in place (`--json-file /dev/stdout`) is written in place.
pub fn write_atomic(path: &Path, bytes: &[u8], links: Links<'_>) -> Result<()> {
    let target = resolve(path, links)?;
    let meta = std::fs::metadata(&target).ok();
    let left = if meta.is_some() {
        "it is unchanged"
    } else {
        "nothing was written"
    };
    let fail = |e: std::io::Error| -> Box<Fatal> {
        let full = matches!(
            e.raw_os_error(),
            Some(c) if c == libc_efbig() || c == libc_enospc()
        );
        let help = if full {
            "the disk is full or a file size limit (`ulimit -f`) is in force: free space or raise the limit, then run the command again".to_string()
        } else {
            "check that the folder exists and that you may write to it".to_string()
        };
        Fatal::new(
            FatalKind::Io,
            format!("cannot write {}: {e}; {left}", shown(path)),
        )
        .with_help(help)
        .into()
    };
    if let Some(m) = &meta {
        if m.is_dir() {
            return Err(Fatal::new(
                FatalKind::Io,
                format!("cannot write {}: it is a directory", shown(path)),
            )
            .into());
        }
        if !m.is_file() {
            // a FIFO or a device: there is nothing to keep, and nothing to rename over
            return std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .and_then(|mut f| f.write_all(bytes).and_then(|_| f.flush()))
                .map_err(fail);
        }
    }
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.specmoor-");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    if meta.is_none() {
        // a new file: the mode a plain create gives (0666 less the umask)
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // dropped (and so removed) on every early return
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    // through the file itself: its errors keep their OS code (EFBIG, ENOSPC)
    let f = tmp.as_file_mut();
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(fail)?;
    if let Some(m) = &meta {
        tmp.as_file()
            .set_permissions(m.permissions())
            .map_err(fail)?;
    }
    tmp.persist(&target).map_err(|e| fail(e.error))?;
    Ok(())
}

/// The file [`write_atomic`] replaces: `path`, or the target of the link at `path`
/// when it may be written through (exit 2 naming the link otherwise). For commands
/// that check every file before writing any.
pub fn resolve(path: &Path, links: Links<'_>) -> Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {}
        _ => return Ok(path.to_path_buf()),
    }
    let to = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_else(|_| "?".into());
    let refuse = |why: &str| -> Box<Fatal> {
        Fatal::usage(format!(
            "{} is a symbolic link to {to}{why}; specmoor does not write through it",
            shown(path)
        ))
        .with_help(
            "edit the file it links to, or replace the link with the file; nothing was changed",
        )
        .into()
    };
    let target = match (path.canonicalize(), links) {
        (Ok(t), _) => t,
        // a report file the user named through a link to a file still to be made
        (Err(_), Links::Follow) => {
            let to = std::fs::read_link(path).unwrap_or_default();
            let to = path.parent().unwrap_or(Path::new(".")).join(to);
            let dir = to.parent().and_then(|d| d.canonicalize().ok());
            match (dir, to.file_name(), std::fs::symlink_metadata(&to)) {
                (Some(d), Some(n), Err(_)) => d.join(n),
                _ => return Err(refuse(", which cannot be followed")),
            }
        }
        (Err(e), _) => return Err(refuse(&format!(", which cannot be followed ({e})"))),
    };
    match links {
        Links::Follow => Ok(target),
        Links::Within(None) => Err(refuse(", and it is not in a git work tree")),
        Links::Within(Some(root)) => {
            let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
            match target.strip_prefix(&root) {
                Ok(rel)
                    if !rel
                        .components()
                        .any(|c| c == Component::Normal(".git".as_ref())) =>
                {
                    Ok(target)
                }
                Ok(_) => Err(refuse(", inside .git")),
                Err(_) => Err(refuse(", outside the repository")),
            }
        }
    }
}

/// A path as the user would write it: relative to the current directory when inside it.
fn shown(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.display().to_string()))
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(unix)]
fn libc_efbig() -> i32 {
    libc::EFBIG
}
#[cfg(unix)]
fn libc_enospc() -> i32 {
    libc::ENOSPC
}
#[cfg(not(unix))]
fn libc_efbig() -> i32 {
    27
}
#[cfg(not(unix))]
fn libc_enospc() -> i32 {
    28
}
