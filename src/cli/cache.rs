//! `specmoor cache info|clean` (specs/cli.md CL-6): where the cache is, what is in
//! it, and removing what specmoor wrote there. Neither reads a repository.

use super::emit;
use crate::cache::{self, Written};
use crate::error::{Fatal, FatalKind, Result};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    /// Where the cache is, whether runs use it, its files, their records and sizes
    Info,
    /// Remove the files specmoor wrote in the cache (anything else there is kept)
    Clean,
}

pub fn run(a: &Args) -> Result<i32> {
    let Some(info) = cache::info() else {
        return Err(Fatal::usage(
            "there is no cache directory: none of SPECMOOR_CACHE_DIR, XDG_CACHE_HOME or HOME is set",
        )
        .into());
    };
    match a.action {
        Action::Info => emit(&describe(&info))?,
        Action::Clean => {
            let (removed, failed) = cache::clean(&info.dir);
            let bytes: u64 = removed.iter().map(|r| r.1).sum();
            let kept = info.files.iter().filter(|f| f.written.is_none()).count();
            let mut s = format!(
                "removed {} {} ({bytes} bytes) from {}",
                removed.len(),
                plural(removed.len(), "file"),
                info.dir.display()
            );
            if kept > 0 {
                s.push_str(&format!(
                    "; kept {kept} {} specmoor did not write",
                    plural(kept, "entry")
                ));
            }
            s.push('\n');
            emit(&s)?;
            if let Some((name, e)) = failed.first() {
                return Err(Fatal::new(
                    FatalKind::Io,
                    format!(
                        "could not remove {} of the cache's files, first {}: {e}",
                        failed.len(),
                        info.dir.join(name).display()
                    ),
                )
                .with_help("check the permissions of the cache directory, or remove it by hand")
                .into());
            }
        }
    }
    Ok(0)
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, w) => w.to_string(),
        (_, "entry") => "entries".to_string(),
        (_, w) => format!("{w}s"),
    }
}

fn describe(info: &cache::CacheInfo) -> String {
    let mut s = format!(
        "cache directory: {} (from {})\n",
        info.dir.display(),
        info.origin
    );
    let status = if info.off {
        "off (SPECMOOR_NO_CACHE is set): checks neither read nor write it".to_string()
    } else if !info.exists {
        "not created yet (the first check that learns something creates it)".to_string()
    } else if let Some(why) = &info.refused {
        format!("not used: {why}; checks run without it (slower, same verdict)")
    } else {
        "in use".to_string()
    };
    s.push_str(&format!("status: {status}\n"));
    let (mut ours, mut bytes) = (0usize, 0u64);
    for f in &info.files {
        let what = match (f.written, f.records) {
            (Some(Written::Key), _) => "the key records are authenticated with".to_string(),
            (Some(Written::SpecIndex { current: true }), Some(n)) => {
                format!("spec index, parsed spec documents: {n}")
            }
            (Some(Written::NoMarker { current: true }), Some(n)) => {
                format!("blob ids without a generated-file marker: {n}")
            }
            (Some(Written::Tags { current: true }), Some(n)) => {
                format!("tags and whitespace digests of code blobs, per tag syntax: {n}")
            }
            (Some(Written::SpecTrees { current: true }), Some(n)) => {
                format!("spec trees, what each one's documents can own: {n}")
            }
            (Some(Written::MarkedTrees { current: true }), Some(n)) => {
                format!("trees, the files under each with a specmoor marker: {n}")
            }
            (
                Some(
                    Written::SpecIndex { .. }
                    | Written::NoMarker { .. }
                    | Written::Tags { .. }
                    | Written::SpecTrees { .. }
                    | Written::MarkedTrees { .. },
                ),
                _,
            ) => "written by another version of specmoor (not read)".to_string(),
            (Some(Written::Old), _) => "an earlier cache format (not read)".to_string(),
            (Some(Written::Temp), _) => "a temporary file of an interrupted write".to_string(),
            (None, _) => "not written by specmoor (ignored, kept by clean)".to_string(),
        };
        if f.written.is_some() {
            ours += 1;
            bytes += f.bytes;
        }
        s.push_str(&format!("  {:<28} {:>10} bytes  {what}\n", f.name, f.bytes));
    }
    s.push_str(&format!(
        "total: {ours} {} written by specmoor, {bytes} bytes\n",
        plural(ours, "file")
    ));
    s
}
