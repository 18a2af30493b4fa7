//! Git hooks (specs/hooks.md): `install`, `uninstall`, `doctor`, and the hook
//! runtime (`hook pre-commit | commit-msg | pre-push`), including git's pre-push
//! stdin protocol.

use crate::error::{Fatal, FatalKind, Result};
use crate::git::Repo;
use std::path::{Path, PathBuf};

mod managers;
use managers::{Instead, Manager};

pub const HOOKS: &[&str] = &["pre-commit", "pre-push", "commit-msg"];
/// Every hook we write carries this line; it is how we know a hook is ours.
pub const MANAGED: &str = "specmoor-managed-hook v1";
pub const BACKUP_SUFFIX: &str = ".specmoor-backup";

/// The effective hooks directory.
#[derive(Debug, Clone)]
pub struct HooksDir {
    pub path: PathBuf,
    /// `core.hooksPath` as configured, when it decides the directory.
    pub hooks_path: Option<String>,
    /// Where the git directory's `hooks` leads, relative to the top of the work tree,
    /// when it is a symlink into the work tree (a team's tracked hooks folder):
    /// writing there rewrites those files.
    pub in_work_tree: Option<PathBuf>,
}

impl HooksDir {
    /// Why `install` must be told `--force` to write here: a directory another tool
    /// or the repository itself manages (HK-2).
    fn needs_force(&self) -> Option<Fatal> {
        if let Some(hp) = &self.hooks_path {
            return Some(
                Fatal::usage(format!(
                    "core.hooksPath is set to {hp:?} ({}), a hooks directory another tool may manage",
                    self.path.display()
                ))
                .with_help("to install there anyway, run `specmoor install --force`; or add specmoor to the tool that owns that directory (see the README: pre-commit framework, lefthook)"),
            );
        }
        if let Some(target) = &self.in_work_tree {
            return Some(
                Fatal::usage(format!(
                    "the hooks directory {} is a symlink to {}/ in the work tree: installing would rewrite the files there (hooks your team may track and share)",
                    self.path.display(),
                    target.display()
                ))
                .with_help("to install there anyway, run `specmoor install --force`; or add specmoor to the hooks in that folder (`exec specmoor hook NAME \"$@\"`, see hooks/ in specmoor's repository)"),
            );
        }
        None
    }
}

/// Resolve the hooks directory like `git rev-parse --git-path hooks`: `core.hooksPath`
/// (relative to the top of the work tree, `~/` expanded) or the common git dir's
/// `hooks` (so linked worktrees share it and submodules use their own git dir).
pub fn hooks_dir(repo: &Repo) -> Result<HooksDir> {
    if let Some(raw) = repo.config_string("core.hooksPath") {
        let expanded = match raw.strip_prefix("~/") {
            Some(rest) => std::env::var_os("HOME")
                .map(|h| PathBuf::from(h).join(rest))
                .unwrap_or_else(|| PathBuf::from(&raw)),
            None => PathBuf::from(&raw),
        };
        let path = if expanded.is_absolute() {
            expanded
        } else {
            repo.workdir
                .clone()
                .unwrap_or_else(|| repo.git_dir().to_path_buf())
                .join(expanded)
        };
        return Ok(HooksDir {
            path,
            hooks_path: Some(raw),
            in_work_tree: None,
        });
    }
    let common = repo.common_dir();
    // linked worktrees report `.git/worktrees/NAME/../..`
    let common = common.canonicalize().unwrap_or(common);
    let path = common.join("hooks");
    // `.git/hooks` may be a symlink; resolved into the work tree (and out of the git
    // directory) it is a folder of the repository, like a relative core.hooksPath
    let in_work_tree = path.canonicalize().ok().and_then(|target| {
        let workdir = repo.workdir.as_ref()?;
        let workdir = workdir.canonicalize().unwrap_or_else(|_| workdir.clone());
        if target.starts_with(&common) {
            return None;
        }
        target.strip_prefix(&workdir).ok().map(Path::to_path_buf)
    });
    Ok(HooksDir {
        path,
        hooks_path: None,
        in_work_tree,
    })
}

/// Refuse places where installing hooks makes no sense.
fn require_work_tree(repo: &Repo) -> Result<()> {
    if repo.workdir.is_none() {
        return Err(
            Fatal::usage("this is a bare repository: commit hooks need a work tree")
                .with_help("run specmoor install in a clone with a work tree")
                .into(),
        );
    }
    let git_dir = repo
        .git_dir()
        .canonicalize()
        .unwrap_or_else(|_| repo.git_dir().to_path_buf());
    if repo.cwd.starts_with(&git_dir) {
        return Err(Fatal::usage(format!(
            "you are inside the git directory ({})",
            git_dir.display()
        ))
        .with_help("run specmoor install from the work tree")
        .into());
    }
    Ok(())
}

/// Single-quote bytes for a POSIX shell (`'` → `'\''`), keeping non-UTF-8 bytes.
fn sh_quote(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![b'\''];
    for &b in bytes {
        if b == b'\'' {
            out.extend_from_slice(b"'\\''");
        } else {
            out.push(b);
        }
    }
    out.push(b'\'');
    out
}

fn os_bytes(p: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        p.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        p.to_string_lossy().into_owned().into_bytes()
    }
}

/// The hook script we install: runs the kept hook first (same argv, same stdin
/// bytes), then specmoor by absolute path, failing closed if specmoor is gone.
pub fn hook_script(name: &str, binary: &Path) -> Vec<u8> {
    let mut s: Vec<u8> = Vec::new();
    let push = |s: &mut Vec<u8>, t: &str| s.extend_from_slice(t.as_bytes());
    push(&mut s, "#!/bin/sh\n");
    push(&mut s, &format!("# {MANAGED}: {name}\n"));
    push(
        &mut s,
        &format!(
            "# Installed by `specmoor install`. A hook that was here before is kept as\n# {name}{BACKUP_SUFFIX} and runs first; `specmoor uninstall` puts it back.\n# Skip once: git's --no-verify, or SPECMOOR_SKIP=1. If specmoor is missing the hook\n# fails; SPECMOOR_MISSING=warn makes it warn instead.\n"
        ),
    );
    s.extend_from_slice(b"specmoor_bin=");
    s.extend_from_slice(&sh_quote(&os_bytes(binary)));
    s.push(b'\n');
    push(
        &mut s,
        &format!(
            r#"backup="$(dirname -- "$0")/{name}{BACKUP_SUFFIX}"
stdin_copy=
if [ -x "$backup" ]; then
  stdin_copy=$(mktemp "${{TMPDIR:-/tmp}}/specmoor-hook.XXXXXX") || exit 1
  trap 'rm -f "$stdin_copy"' EXIT
  trap 'rm -f "$stdin_copy"; exit 130' INT TERM
  cat > "$stdin_copy"
  "$backup" "$@" < "$stdin_copy" || exit $?
fi
if [ "${{SPECMOOR_SKIP:-}}" = 1 ]; then
  echo "specmoor: skipped ({name}) because SPECMOOR_SKIP=1; CI checks again" >&2
  exit 0
fi
if [ ! -x "$specmoor_bin" ]; then
  if [ "${{SPECMOOR_MISSING:-fail}}" = warn ]; then
    echo "specmoor: tool not found at $specmoor_bin; {name} check skipped (SPECMOOR_MISSING=warn)" >&2
    exit 0
  fi
  echo "specmoor: tool not found at $specmoor_bin; reinstall specmoor and run 'specmoor install', or set SPECMOOR_MISSING=warn to skip" >&2
  exit 1
fi
if [ -n "$stdin_copy" ]; then
  "$specmoor_bin" hook {name} "$@" < "$stdin_copy"
  exit $?
fi
exec "$specmoor_bin" hook {name} "$@"
"#
        ),
    );
    s
}

/// Whether a script carries our marker line (written by some specmoor install; it
/// may have been edited since).
fn is_ours(bytes: &[u8]) -> bool {
    bytes
        .windows(MANAGED.len())
        .any(|w| w == MANAGED.as_bytes())
}

/// The line every hook the pre-commit framework generates carries, and the hashes
/// its own `is_our_script` looks for (older versions lack the line).
const FRAMEWORK_LINE: &str = "# File generated by pre-commit: https://pre-commit.com";
const FRAMEWORK_HASHES: &[&str] = &[
    "138fd403232d2ddd5efb44317e38bf03",
    "4d9958c90bc262f47553e2c073f14cfe",
    "d8ee923c46731b42cd95cc869add4062",
    "49fd668cb42069aa1b6048464be5d395",
    "79f09a650522a87b0da915d0d983b2de",
    "e358c9dae00eac5d06b38dfdb1e33a8c",
];
/// Where the framework's install moves a hook it replaces (its "migration mode").
const FRAMEWORK_LEGACY_SUFFIX: &str = ".legacy";
/// Where `--force` keeps a hook of ours that a user edited.
pub const EDITED_SUFFIX: &str = ".specmoor-edited";

fn contains(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// A hook the pre-commit framework (https://pre-commit.com) generated.
fn is_framework(bytes: &[u8]) -> bool {
    contains(bytes, FRAMEWORK_LINE) || FRAMEWORK_HASHES.iter().any(|h| contains(bytes, h))
}

/// Whether `bytes` are exactly the script specmoor writes for hook `name` and the
/// binary it records — up to a BOM and CRLF line endings, which an editor may add
/// and which hold no line of the user's. (Should the script ever change, the old
/// template must stay recognised here, or every upgrade would see an edited hook.)
fn is_pristine(name: &str, bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut lf = Vec::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        if !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
            lf.push(b);
        }
    }
    script_binary_bytes(&lf).is_some_and(|bin| hook_script(name, &path_from_bytes(bin)) == lf)
}

#[cfg(unix)]
fn path_from_bytes(b: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(b))
}

#[cfg(not(unix))]
fn path_from_bytes(b: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&b).into_owned())
}

/// What is at a hook's path, judged before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    Absent,
    /// Byte for byte the script specmoor writes: it may be replaced or removed.
    Ours(Vec<u8>),
    /// Carries our marker but is not a script we write: someone added or changed
    /// lines, which must not be lost.
    Edited,
    /// Generated by the pre-commit framework: never chained (the two loop).
    Framework,
    /// Not a file git can run (a directory, a socket...).
    NotAFile(&'static str),
    /// Anyone else's hook: kept as the backup and run first.
    Foreign,
}

fn inspect(name: &str, path: &Path) -> Found {
    let Ok(lmeta) = std::fs::symlink_metadata(path) else {
        return Found::Absent;
    };
    let is_link = lmeta.file_type().is_symlink();
    // a symlink is judged by what it points to; a dangling one is a foreign hook
    let meta = std::fs::metadata(path).unwrap_or(lmeta);
    if meta.is_dir() {
        return Found::NotAFile("a directory");
    }
    if !meta.is_file() && !meta.file_type().is_symlink() {
        return Found::NotAFile("not a regular file");
    }
    let bytes = std::fs::read(path).unwrap_or_default();
    if is_framework(&bytes) {
        Found::Framework
    } else if !is_ours(&bytes) {
        Found::Foreign
    } else if is_pristine(name, &bytes) && !is_link {
        // (a symlink to our script is somebody's arrangement: replacing or
        // removing it would lose the link)
        Found::Ours(bytes)
    } else {
        Found::Edited
    }
}

fn io_err(what: String, e: std::io::Error) -> Box<Fatal> {
    Fatal::new(FatalKind::Io, format!("{what}: {e}")).into()
}

/// The temporary file a hook is staged in before its rename.
fn temp_path(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    dir.join(format!(
        ".{}.specmoor-{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ))
}

/// Write `bytes` to the temporary file of `path`, mode 0755.
fn stage_hook(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let tmp = temp_path(path);
    let result = (|| -> std::io::Result<()> {
        std::fs::write(&tmp, bytes)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_err(format!("cannot write hook {}", path.display()), e));
    }
    Ok(tmp)
}

/// The path this binary was started by, as the user sees it: argv[0] when it is a
/// path, else its first match on PATH — not the canonical file behind a package
/// manager's symlink (`.../Cellar/specmoor/0.1.0/bin/specmoor`), which the next
/// upgrade removes. Only a path naming this very binary is taken; otherwise
/// `current_exe()`, not canonicalised.
fn invoked_binary() -> std::io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let arg0 = std::env::args_os().next().map(PathBuf::from);
    let candidate = arg0.and_then(|a| {
        if a.as_os_str().is_empty() {
            None
        } else if a.components().count() > 1 || a.is_absolute() {
            Some(a)
        } else {
            let path = std::env::var_os("PATH")?;
            std::env::split_paths(&path)
                .filter(|d| !d.as_os_str().is_empty())
                .map(|d| d.join(&a))
                .find(|p| is_executable(p))
        }
    });
    let candidate = candidate.and_then(|c| std::path::absolute(c).ok());
    Ok(match candidate {
        Some(c) if same_file(&c, &exe) => c,
        _ => exe,
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
    }
}

fn refuse_framework(hook: &Path, which: &Path) -> Box<Fatal> {
    Fatal::usage(format!(
        "{} is the pre-commit framework's hook (https://pre-commit.com): specmoor will not chain it, because the framework then runs specmoor's hook as its legacy hook, which runs the framework again, and every commit fails",
        which.display()
    ))
    .with_help(format!(
        "let the framework run specmoor: list the hooks of specmoor's .pre-commit-hooks.yaml (specmoor-commit-msg, specmoor-pre-push) in .pre-commit-config.yaml with `default_install_hook_types: [pre-commit, commit-msg, pre-push]` and run `pre-commit install`{}; or install specmoor only for the other hooks (`specmoor install --hook NAME`)",
        if which == hook {
            String::new()
        } else {
            format!(
                " (first `specmoor uninstall`, which puts the framework's {} back)",
                hook.file_name().unwrap_or_default().to_string_lossy()
            )
        }
    ))
    .into()
}

/// One hook's planned change, decided before anything is written.
enum Step {
    Write {
        kept: Option<(PathBuf, &'static str)>,
    },
    Same,
}

/// `specmoor install`. Returns the lines to print. Every hook is inspected before
/// any is written, and every new script is staged in a temporary file before any
/// is renamed into place, so a refusal or a write error changes nothing.
pub fn install(repo: &Repo, names: &[String], force: bool) -> Result<Vec<String>> {
    require_work_tree(repo)?;
    let dir = hooks_dir(repo)?;
    if let (Some(refusal), false) = (dir.needs_force(), force) {
        return Err(refusal.into());
    }
    let names: Vec<String> = if names.is_empty() {
        HOOKS.iter().map(|s| s.to_string()).collect()
    } else {
        names.to_vec()
    };
    for n in &names {
        if !HOOKS.contains(&n.as_str()) {
            return Err(Fatal::usage(format!("unknown hook `{n}`"))
                .with_help(format!("specmoor installs {}", HOOKS.join(", ")))
                .into());
        }
    }
    let binary =
        invoked_binary().map_err(|e| io_err("cannot find the specmoor binary".into(), e))?;
    // check every hook before changing any
    let mut plan = Vec::new();
    for n in &names {
        let hook = dir.path.join(n);
        let backup = dir.path.join(format!("{n}{BACKUP_SUFFIX}"));
        let edited = dir.path.join(format!("{n}{EDITED_SUFFIX}"));
        let script = hook_script(n, &binary);
        let found = inspect(n, &hook);
        let step = match found {
            Found::Absent => Step::Write { kept: None },
            Found::Ours(current) => {
                if current == script && is_executable(&hook) {
                    Step::Same
                } else {
                    Step::Write { kept: None }
                }
            }
            Found::NotAFile(what) => {
                return Err(Fatal::usage(format!(
                    "{} is {what}, not a hook script: git cannot run it and specmoor will not replace it",
                    hook.display()
                ))
                .with_help("move it away (or delete it if it is a leftover), then run specmoor install again")
                .into())
            }
            Found::Framework => return Err(refuse_framework(&hook, &hook)),
            Found::Edited if !force => {
                return Err(Fatal::usage(format!(
                    "{} is specmoor's hook with lines specmoor did not write (it differs from the script specmoor installs): installing would overwrite them",
                    hook.display()
                ))
                .with_help(format!(
                    "move your lines into an executable script {n}{BACKUP_SUFFIX} beside it (specmoor's hook runs it first), delete {n} and run specmoor install again; or run `specmoor install --force` to keep the edited file as {n}{EDITED_SUFFIX} beside it (it will not run) and write a fresh hook"
                ))
                .into())
            }
            Found::Edited => Step::Write {
                kept: Some((edited, EDITED_SUFFIX)),
            },
            Found::Foreign => Step::Write {
                kept: Some((backup.clone(), BACKUP_SUFFIX)),
            },
        };
        if let Step::Write {
            kept: Some((keep, _)),
        } = &step
        {
            if std::fs::symlink_metadata(keep).is_ok() {
                return Err(Fatal::usage(format!(
                    "{} exists and so does {}: specmoor will not overwrite either",
                    hook.display(),
                    keep.display()
                ))
                .with_help("look at both files, keep what you need (merge them, or delete the stale copy), then run specmoor install again")
                .into());
            }
        }
        // a backup the framework wrote is a loop waiting for `pre-commit install`
        if matches!(step, Step::Same | Step::Write { kept: None })
            && std::fs::read(&backup).is_ok_and(|b| is_framework(&b))
        {
            return Err(refuse_framework(&hook, &backup));
        }
        plan.push((n, hook, script, step));
    }
    std::fs::create_dir_all(&dir.path).map_err(|e| {
        io_err(
            format!("cannot create the hooks directory {}", dir.path.display()),
            e,
        )
    })?;
    // stage every new script, so that a directory we cannot write fails here
    let mut staged = Vec::new();
    for (_, hook, script, step) in &plan {
        if let Step::Write { .. } = step {
            match stage_hook(hook, script) {
                Ok(tmp) => staged.push(tmp),
                Err(e) => {
                    for t in &staged {
                        let _ = std::fs::remove_file(t);
                    }
                    return Err(e);
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut result = Ok(());
    for (n, hook, _, step) in &plan {
        if result.is_err() {
            break;
        }
        let existed = std::fs::symlink_metadata(hook).is_ok();
        match step {
            Step::Same => out.push(format!("{n} already installed in {}", dir.path.display())),
            Step::Write { kept } => {
                // keep what is there under its new name (a hard link: bytes and mode
                // unchanged, and it fails if that name appeared meanwhile), then
                // replace the hook atomically
                if let Some((keep, _)) = kept {
                    if let Err(e) = std::fs::hard_link(hook, keep) {
                        result = Err(io_err(
                            format!("cannot keep {} as {}", hook.display(), keep.display()),
                            e,
                        ));
                        continue;
                    }
                }
                if let Err(e) = std::fs::rename(temp_path(hook), hook) {
                    result = Err(io_err(format!("cannot write hook {}", hook.display()), e));
                    continue;
                }
                out.push(match kept {
                    Some((_, BACKUP_SUFFIX)) => format!(
                        "installed {n} in {}; your existing hook is kept as {n}{BACKUP_SUFFIX} and runs first",
                        dir.path.display()
                    ),
                    Some((_, suffix)) => format!(
                        "updated {n} in {}; your edited hook is kept as {n}{suffix} (it does not run: move the lines you need into {n}{BACKUP_SUFFIX}, which runs first)",
                        dir.path.display()
                    ),
                    None if existed => format!("updated {n} in {}", dir.path.display()),
                    None => format!("installed {n} in {}", dir.path.display()),
                });
            }
        }
    }
    for t in &staged {
        let _ = std::fs::remove_file(t);
    }
    result?;
    Ok(out)
}

/// `specmoor uninstall`: remove our hooks and put kept ones back, byte for byte
/// and mode for mode. A hook of ours with lines someone added is kept as
/// `NAME.specmoor-edited` first; every hook is inspected before any is changed.
pub fn uninstall(repo: &Repo) -> Result<Vec<String>> {
    let dir = hooks_dir(repo)?;
    let mut plan = Vec::new();
    for n in HOOKS {
        let hook = dir.path.join(n);
        let backup = dir.path.join(format!("{n}{BACKUP_SUFFIX}"));
        let edited = dir.path.join(format!("{n}{EDITED_SUFFIX}"));
        let found = inspect(n, &hook);
        if found == Found::Edited && std::fs::symlink_metadata(&edited).is_ok() {
            return Err(Fatal::usage(format!(
                "{} is specmoor's hook with lines specmoor did not write, and {} exists: specmoor will not overwrite either",
                hook.display(),
                edited.display()
            ))
            .with_help("look at both files, keep what you need (merge them, or delete the stale copy), then run specmoor uninstall again")
            .into());
        }
        plan.push((n, hook, backup, edited, found));
    }
    let mut out = Vec::new();
    for (n, hook, backup, edited, found) in plan {
        let has_backup = std::fs::symlink_metadata(&backup).is_ok();
        match found {
            Found::Ours(_) | Found::Edited => {}
            Found::Absent if has_backup => {}
            Found::Absent => continue,
            _ => {
                if has_backup {
                    out.push(format!(
                        "left {n} alone: it is not specmoor's (its backup {n}{BACKUP_SUFFIX} is still there)"
                    ));
                }
                continue;
            }
        }
        let mut note = String::new();
        if found == Found::Edited {
            std::fs::hard_link(&hook, &edited).map_err(|e| {
                io_err(
                    format!("cannot keep {} as {}", hook.display(), edited.display()),
                    e,
                )
            })?;
            note = format!(
                "; it had lines specmoor did not write: the edited hook is kept as {n}{EDITED_SUFFIX} (it does not run)"
            );
        }
        if has_backup {
            std::fs::rename(&backup, &hook)
                .map_err(|e| io_err(format!("cannot restore {}", hook.display()), e))?;
            out.push(format!("restored your {n} hook{note}"));
        } else {
            std::fs::remove_file(&hook)
                .map_err(|e| io_err(format!("cannot remove {}", hook.display()), e))?;
            out.push(format!("removed {n}{note}"));
        }
    }
    if out.is_empty() {
        out.push(format!("no specmoor hooks in {}", dir.path.display()));
    }
    Ok(out)
}

/// `specmoor doctor`: (report lines, problems found).
pub fn doctor(repo: &Repo) -> Result<(Vec<String>, usize)> {
    let dir = hooks_dir(repo)?;
    let mut out = vec![format!("hooks directory: {}", dir.path.display())];
    let mut problems = 0;
    match &dir.hooks_path {
        Some(hp) => out.push(format!(
            "core.hooksPath: {hp} (hooks run from there, not from .git/hooks)"
        )),
        None => out.push("core.hooksPath: not set".into()),
    }
    if let Some(target) = &dir.in_work_tree {
        out.push(format!(
            "the hooks directory is a symlink to {}/ in the work tree (install needs --force)",
            target.display()
        ));
    }
    // the hook managers configured in the work tree (HK-8)
    let configs = match &repo.workdir {
        Some(top) => managers::read_configs(top, &dir.path),
        None => managers::Configs::default(),
    };
    let top = repo.workdir.clone().unwrap_or_default();
    if !configs.present.is_empty() {
        let names: Vec<&str> = configs.present.iter().map(|m| m.name()).collect();
        out.push(format!("hook managers configured: {}", names.join(", ")));
    }
    for u in &configs.unread {
        out.push(format!("not read: {u}"));
    }
    // where specmoor runs, and which managers generated hooks
    let mut runs_at: Vec<String> = Vec::new();
    let mut generated: Vec<Manager> = Vec::new();
    for n in HOOKS {
        let hook = dir.path.join(n);
        let backup = dir.path.join(format!("{n}{BACKUP_SUFFIX}"));
        let legacy = dir.path.join(format!("{n}{FRAMEWORK_LEGACY_SUFFIX}"));
        let wants: Vec<_> = configs.wants.iter().filter(|w| w.hook == *n).collect();
        let Ok(meta) = std::fs::symlink_metadata(&hook) else {
            let notes: Vec<String> = wants
                .iter()
                .map(|w| managers::unmet(w, Instead::Absent))
                .collect();
            problems += notes.len();
            if notes.is_empty() {
                out.push(format!("{n}: not installed"));
            } else {
                out.push(format!("{n}: not installed; {}", notes.join("; ")));
            }
            continue;
        };
        let bytes = std::fs::read(&hook).unwrap_or_default();
        let found = inspect(n, &hook);
        let ours = is_ours(&bytes);
        let chained = std::fs::symlink_metadata(&backup).is_ok();
        let backup_framework = std::fs::read(&backup).is_ok_and(|b| is_framework(&b));
        let manager = match found {
            Found::Framework => Some(Manager::Framework),
            Found::Foreign => managers::generated_by(&dir.path, &bytes),
            _ => None,
        };
        let legacy_ours =
            found == Found::Framework && std::fs::read(&legacy).is_ok_and(|b| is_ours(&b));
        let (runs, kind) = match (&found, chained, manager) {
            (_, _, Some(m)) => {
                generated.push(m);
                let (runs, why) = managers::manager_hook(m, n, &top, &dir.path, &bytes, &configs);
                (runs || legacy_ours, format!("{} ({why})", m.possessive()))
            }
            (Found::Ours(_), true, _) => {
                (true, format!("specmoor's, chained to {n}{BACKUP_SUFFIX}"))
            }
            (Found::Ours(_), false, _) => (true, "specmoor's".to_string()),
            (Found::Edited, true, _) => (
                true,
                format!(
                    "specmoor's with lines specmoor did not write, chained to {n}{BACKUP_SUFFIX}"
                ),
            ),
            (Found::Edited, false, _) => (
                true,
                "specmoor's with lines specmoor did not write".to_string(),
            ),
            (Found::NotAFile(what), _, _) => (false, format!("{what}, not a hook script")),
            _ if managers::script_runs_specmoor(&bytes) => {
                (true, "foreign (not specmoor's), runs specmoor".to_string())
            }
            _ => (false, "foreign (not specmoor's)".to_string()),
        };
        if runs {
            runs_at.push(match manager {
                Some(m) => format!("{n} ({})", m.name()),
                None => n.to_string(),
            });
        }
        let mut notes = Vec::new();
        let mut info = Vec::new();
        if !runs {
            for w in &wants {
                let instead = if manager == Some(w.manager) {
                    Instead::Stale
                } else {
                    Instead::Other(&kind)
                };
                notes.push(managers::unmet(w, instead));
            }
        }
        if let Found::NotAFile(_) = found {
            notes.push("git cannot run it: move it away".to_string());
        }
        // the pre-commit framework on either side of our chain
        if ours && backup_framework {
            notes.push(format!(
                "its backup {n}{BACKUP_SUFFIX} is the pre-commit framework's hook: once `pre-commit install` runs again the two call each other and every commit fails; run `specmoor uninstall` (it puts the framework's hook back) and list specmoor in .pre-commit-config.yaml (see .pre-commit-hooks.yaml)"
            ));
        }
        if found == Found::Framework {
            let legacy_bytes = std::fs::read(&legacy).ok();
            if legacy_bytes.as_deref().is_some_and(is_ours) {
                // the script we wrote runs `NAME.specmoor-backup` wherever it is moved
                if backup_framework {
                    notes.push(format!(
                        "the framework runs specmoor's hook (moved to {n}{FRAMEWORK_LEGACY_SUFFIX}), which runs {n}{BACKUP_SUFFIX}, the framework's hook again: every commit fails; delete {n}{FRAMEWORK_LEGACY_SUFFIX} and {n}{BACKUP_SUFFIX}, list specmoor in .pre-commit-config.yaml (see .pre-commit-hooks.yaml) and run `pre-commit install -f`"
                    ));
                } else {
                    info.push(format!(
                        "running specmoor's hook from {n}{FRAMEWORK_LEGACY_SUFFIX} (its migration mode, where `specmoor uninstall` does not see it: better list specmoor in .pre-commit-config.yaml, see .pre-commit-hooks.yaml, and run `pre-commit install -f`)"
                    ));
                }
            }
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&hook)
                .map(|m| m.permissions().mode())
                .unwrap_or(meta.permissions().mode());
            if mode & 0o111 == 0 {
                notes.push(format!(
                    "not executable: git skips it (chmod +x {})",
                    hook.display()
                ));
            }
        }
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            notes.push("starts with a BOM: the shebang is not recognised".to_string());
        } else if !bytes.starts_with(b"#!") {
            notes.push("no #! line".to_string());
        }
        if bytes.windows(2).any(|w| w == b"\r\n") {
            notes.push("CRLF line endings (`sh\\r` errors): rerun specmoor install".to_string());
        }
        if ours {
            if let Some(bin) = script_binary(&bytes) {
                if !Path::new(&bin).is_file() {
                    notes.push(format!(
                        "specmoor is no longer at {bin}: rerun specmoor install"
                    ));
                }
            }
        }
        if chained {
            if let Ok(m) = std::fs::metadata(&backup) {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    if m.permissions().mode() & 0o111 == 0 {
                        notes.push(format!(
                            "{n}{BACKUP_SUFFIX} is not executable, so it does not run"
                        ));
                    }
                }
                let _ = m;
            }
        }
        problems += notes.len();
        let info: String = info.iter().map(|i| format!(", {i}")).collect();
        if notes.is_empty() {
            out.push(format!("{n}: {kind}{info}, ok"));
        } else {
            out.push(format!("{n}: {kind}{info}; {}", notes.join("; ")));
        }
    }
    if !runs_at.is_empty() {
        out.push(format!("specmoor runs at: {}", runs_at.join(", ")));
    } else {
        let mut owners: Vec<&str> = Vec::new();
        for m in generated.iter().chain(&configs.present) {
            if !owners.contains(&m.name()) {
                owners.push(m.name());
            }
        }
        if !configs.wants.is_empty() {
            // counted above, at each hook the configuration asks for
            out.push(
                "no hook runs specmoor yet: install the hooks your configuration asks for (above)"
                    .to_string(),
            );
        } else if !configs.unread.is_empty() {
            problems += 1;
            out.push(
                "no hook runs specmoor, as far as specmoor can read (see `not read` above)"
                    .to_string(),
            );
        } else if owners.is_empty() {
            out.push(
                "no hook runs specmoor: run `specmoor install`, or add specmoor to your hook manager (README, Hook managers)"
                    .to_string(),
            );
        } else {
            // a manager owns the hooks and specmoor is in none of them (HK-8)
            problems += 1;
            out.push(format!(
                "no hook runs specmoor: {} {} the hooks here; add specmoor to its configuration (README, Hook managers; examples/hook-managers/ in specmoor's repository)",
                owners.join(" and "),
                if owners.len() == 1 { "manages" } else { "manage" }
            ));
        }
    }
    Ok((out, problems))
}

/// The raw bytes of the binary path written into one of our scripts.
fn script_binary_bytes(bytes: &[u8]) -> Option<Vec<u8>> {
    let line = bytes
        .split(|b| *b == b'\n')
        .find(|l| l.starts_with(b"specmoor_bin="))?;
    let v = &line[b"specmoor_bin=".len()..];
    let v = v.strip_prefix(b"'")?.strip_suffix(b"'")?;
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        if v[i..].starts_with(b"'\\''") {
            out.push(b'\'');
            i += 4;
        } else {
            out.push(v[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The binary path written into one of our scripts.
fn script_binary(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let line = text.lines().find(|l| l.starts_with("specmoor_bin="))?;
    let v = line.trim_start_matches("specmoor_bin=");
    Some(v.trim_matches('\'').replace("'\\''", "'"))
}

/// Whether our commit-msg hook is installed (then pre-commit defers to it).
/// Only a hook git will run counts: a commit-msg hook without its run bit is
/// skipped by git, so pre-commit must not defer to it.
pub fn commit_msg_installed(repo: &Repo) -> bool {
    let Ok(d) = hooks_dir(repo) else { return false };
    let path = d.path.join("commit-msg");
    std::fs::read(&path).is_ok_and(|b| is_ours(&b)) && is_executable(&path)
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// A ref update read from pre-push stdin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefUpdate {
    pub local_ref: String,
    pub local_oid: String,
    pub remote_ref: String,
    pub remote_oid: String,
}

impl RefUpdate {
    pub fn is_deletion(&self) -> bool {
        self.local_oid.bytes().all(|b| b == b'0')
    }
    pub fn is_new(&self) -> bool {
        self.remote_oid.bytes().all(|b| b == b'0')
    }
}

/// Longest pre-push line accepted.
const MAX_LINE: usize = 64 * 1024;

/// Parse git's pre-push stdin: `<local ref> <local oid> <remote ref> <remote oid>`
/// per line, fields taken from the right (the local ref may be `HEAD` or contain
/// spaces). Any malformed line is an error naming it.
pub fn parse_pre_push(input: &[u8]) -> std::result::Result<Vec<RefUpdate>, String> {
    let mut out = Vec::new();
    let shown = |l: &[u8]| -> String {
        let s = String::from_utf8_lossy(&l[..l.len().min(200)]).into_owned();
        format!("{s:?}")
    };
    for (i, line) in input.split(|b| *b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        let n = i + 1;
        if line.len() > MAX_LINE {
            return Err(format!(
                "line {n} is {} bytes long: not a pre-push line",
                line.len()
            ));
        }
        if line.contains(&0) || line.contains(&b'\r') {
            return Err(format!(
                "line {n} contains a NUL or CR byte: {}",
                shown(line)
            ));
        }
        let text = std::str::from_utf8(line)
            .map_err(|_| format!("line {n} is not UTF-8: {}", shown(line)))?;
        let mut parts = text.rsplitn(4, ' ');
        let (Some(remote_oid), Some(remote_ref), Some(local_oid), Some(local_ref)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!(
                "line {n} does not have 4 fields (<local ref> <local oid> <remote ref> <remote oid>): {}",
                shown(line)
            ));
        };
        let hex =
            |s: &str| (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex(local_oid) || !hex(remote_oid) || local_oid.len() != remote_oid.len() {
            return Err(format!(
                "line {n} has an object id that is not 40 or 64 hex digits: {}",
                shown(line)
            ));
        }
        if local_ref.is_empty() || remote_ref.is_empty() {
            return Err(format!("line {n} has an empty ref: {}", shown(line)));
        }
        out.push(RefUpdate {
            local_ref: local_ref.to_string(),
            local_oid: local_oid.to_ascii_lowercase(),
            remote_ref: remote_ref.to_string(),
            remote_oid: remote_oid.to_ascii_lowercase(),
        });
    }
    Ok(out)
}

/// The commit message as git will record it: comment lines and anything after a
/// scissors line dropped.
pub fn clean_message(raw: &str) -> String {
    let mut out = Vec::new();
    for l in raw.lines() {
        if l.starts_with("# ") && l.contains(">8") && l.contains("---") {
            break;
        }
        if l.starts_with('#') {
            continue;
        }
        out.push(l);
    }
    out.join("\n")
}

/// What a hook run printed and its exit code.
pub struct HookOutcome {
    pub output: String,
    pub code: i32,
}

/// Where a new branch starts: the configured `base`, else the remote's default
/// branch (`<remote>/HEAD`, `<remote>/main`, `<remote>/master`).
fn default_base(
    repo: &Repo,
    config: &crate::config::Config,
    remote: &str,
) -> Option<(String, gix::ObjectId)> {
    let mut candidates: Vec<String> = Vec::new();
    if let Some(b) = &config.base {
        candidates.push(b.clone());
    }
    for b in ["HEAD", "main", "master"] {
        candidates.push(format!("{remote}/{b}"));
    }
    candidates
        .into_iter()
        .find_map(|c| repo.resolve_commit(&c).ok().map(|id| (c, id)))
}

/// `specmoor hook pre-push <remote> <url>` with git's stdin.
pub fn pre_push(
    repo: &Repo,
    rules: crate::check::Rules,
    config: &crate::config::Config,
    args: &[String],
    stdin: &[u8],
    render: &dyn Fn(&crate::report::Report) -> String,
) -> Result<HookOutcome> {
    let remote = args.first().map(String::as_str).unwrap_or("origin");
    let mut updates = parse_pre_push(stdin).map_err(|e| {
        Fatal::usage(format!("malformed pre-push input: {e}"))
            .with_help("git writes `<local ref> <local oid> <remote ref> <remote oid>` per line; run this through `git push`")
    })?;
    // the pre-commit framework passes the range in the environment instead
    if updates.is_empty() {
        if let (Ok(from), Ok(to)) = (
            std::env::var("PRE_COMMIT_FROM_REF"),
            std::env::var("PRE_COMMIT_TO_REF"),
        ) {
            let report = crate::check::check(
                repo,
                rules,
                &crate::check::Mode::Range {
                    base: from,
                    head: to,
                },
            )?;
            return Ok(HookOutcome {
                code: report.exit_code(),
                output: render(&report),
            });
        }
    }
    let mut output = String::new();
    let mut code = 0;
    updates.retain(|u| !u.is_deletion());
    for u in updates {
        if u.remote_ref.starts_with("refs/tags/") || u.local_ref.starts_with("refs/tags/") {
            // a pushed vX.Y.Z tag runs the release gate from the previous version tag
            let Some(v) = crate::release::version_of(&u.remote_ref) else {
                output.push_str(&format!(
                    "specmoor: {}: not a version tag, not checked\n",
                    u.remote_ref
                ));
                continue;
            };
            let local = gix::ObjectId::from_hex(u.local_oid.as_bytes())
                .map_err(|_| Fatal::usage(format!("bad object id {}", u.local_oid)))?;
            let local = repo.resolve_commit(&local.to_string())?;
            let Some(prev) = crate::release::previous_tag(repo, local)? else {
                output.push_str(&format!(
                    "specmoor: {}: the first version tag, nothing to compare with\n",
                    u.remote_ref
                ));
                continue;
            };
            let r = crate::release::gate(repo, rules, &prev, &u.local_oid, Some(&v.to_string()))?;
            output.push_str(&format!(
                "specmoor: release gate {prev} -> {}\n",
                u.remote_ref
            ));
            output.push_str(&crate::release::human(&r));
            code = code.max(r.exit_code());
            continue;
        }
        let local = gix::ObjectId::from_hex(u.local_oid.as_bytes())
            .map_err(|_| Fatal::usage(format!("bad object id {}", u.local_oid)))?;
        let base = if u.is_new() {
            None
        } else {
            let remote_oid = gix::ObjectId::from_hex(u.remote_oid.as_bytes())
                .map_err(|_| Fatal::usage(format!("bad object id {}", u.remote_oid)))?;
            if repo.has_object(remote_oid) {
                Some((u.remote_oid.clone(), remote_oid))
            } else {
                output.push_str(&format!(
                    "specmoor: {remote} {} is at {}, which is not in this repository (a force push without a fetch?); checking from where the branch left the default branch instead\n",
                    u.remote_ref,
                    &u.remote_oid[..12]
                ));
                None
            }
        };
        let (base_rev, _) = match base {
            Some(b) => b,
            None => match default_base(repo, config, remote) {
                Some(b) => b,
                None => {
                    return Err(Fatal::usage(format!(
                        "cannot tell where {} starts: {remote} has no HEAD, main or master branch here, and no `base` is configured",
                        u.remote_ref
                    ))
                    .with_help("set `base: origin/main` (your default branch) in .specmoor.yml, or `git fetch` the remote first")
                    .into())
                }
            },
        };
        let report = crate::check::check(
            repo,
            rules,
            &crate::check::Mode::Range {
                base: base_rev.clone(),
                head: local.to_string(),
            },
        )?;
        output.push_str(&format!(
            "specmoor: {} -> {remote} {}\n",
            u.local_ref, u.remote_ref
        ));
        output.push_str(&render(&report));
        code = code.max(report.exit_code());
    }
    Ok(HookOutcome { output, code })
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const Z: &str = "0000000000000000000000000000000000000000";

    #[test]
    fn pre_push_lines() {
        let input = format!("refs/heads/main {A} refs/heads/main {Z}\n(delete) {Z} refs/heads/old {A}\nHEAD {A} refs/heads/x {A}\n");
        let v = parse_pre_push(input.as_bytes()).unwrap();
        assert_eq!(v.len(), 3);
        assert!(v[0].is_new() && !v[0].is_deletion());
        assert!(v[1].is_deletion());
        assert_eq!(v[2].local_ref, "HEAD");
        let sha256 = format!(
            "refs/heads/a {} refs/heads/a {}\n",
            "a".repeat(64),
            "0".repeat(64)
        );
        assert_eq!(parse_pre_push(sha256.as_bytes()).unwrap().len(), 1);
        assert!(parse_pre_push(b"").unwrap().is_empty());
        for bad in [
            format!("refs/heads/main {A} refs/heads/main\n"),
            format!("refs/heads/main xyz refs/heads/main {Z}\n"),
            format!("refs/heads/main {A} refs/heads/main {Z}\r\n"),
            format!("refs/heads/main {A}\0 refs/heads/main {Z}\n"),
            format!("refs/heads/main {A} refs/heads/main {}\n", "0".repeat(64)),
        ] {
            assert!(parse_pre_push(bad.as_bytes()).is_err(), "{bad:?}");
        }
        let long = vec![b'a'; MAX_LINE + 1];
        assert!(parse_pre_push(&long).is_err());
    }

    #[test]
    fn quoting_survives_odd_paths() {
        let q = sh_quote(b"/tmp/it's a $dir/\xff/specmoor");
        assert_eq!(q, b"'/tmp/it'\\''s a $dir/\xff/specmoor'".to_vec());
        let script = hook_script("pre-push", Path::new("/opt/spec gate/bin/specmoor"));
        let text = String::from_utf8(script).unwrap();
        assert!(text.starts_with("#!/bin/sh\n"));
        assert!(text.contains(MANAGED));
        assert!(!text.contains('\r'));
        assert_eq!(
            script_binary(text.as_bytes()).unwrap(),
            "/opt/spec gate/bin/specmoor"
        );
    }

    #[test]
    fn commit_message_cleanup() {
        let m = "Subject\n# comment\n\nSpecmoor-Waive: SM001 why\n# ------------------------ >8 ------------------------\ndiff --git a b\nSpecmoor-Waive: * not this\n";
        assert_eq!(clean_message(m), "Subject\n\nSpecmoor-Waive: SM001 why");
    }
}
