//! Writing files in the work tree without ever leaving half of one.

use crate::error::{Fatal, FatalKind, Result};
use std::path::Path;

/// Replace `path` with `bytes` through a temporary file and a rename, keeping its
/// permissions: a failure never leaves a half-written spec.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.specmoor-{}.tmp", std::process::id()));
    let fail = |e: std::io::Error| {
        Fatal::new(
            FatalKind::Io,
            format!("cannot write {}: {e}", path.display()),
        )
    };
    let perms = std::fs::metadata(path).map(|m| m.permissions()).ok();
    let result = (|| {
        std::fs::write(&tmp, bytes)?;
        if let Some(p) = perms {
            std::fs::set_permissions(&tmp, p)?;
        }
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e).into());
    }
    Ok(())
}
