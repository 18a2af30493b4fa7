//! Git hooks (specs/hooks.md): `install`, `uninstall`, `doctor`, and the hook
//! runtime (`hook pre-commit | commit-msg | pre-push`), including git's pre-push
//! stdin protocol.

use crate::error::{Fatal, FatalKind, Result};
use crate::git::Repo;
use std::path::{Path, PathBuf};

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
        });
    }
    let common = repo.common_dir();
    // linked worktrees report `.git/worktrees/NAME/../..`
    let common = common.canonicalize().unwrap_or(common);
    Ok(HooksDir {
        path: common.join("hooks"),
        hooks_path: None,
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

fn is_ours(bytes: &[u8]) -> bool {
    bytes
        .windows(MANAGED.len())
        .any(|w| w == MANAGED.as_bytes())
}

fn io_err(what: String, e: std::io::Error) -> Box<Fatal> {
    Fatal::new(FatalKind::Io, format!("{what}: {e}")).into()
}

/// Write `bytes` to `path` through a temporary file and a rename, mode 0755.
fn write_hook(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.specmoor-{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let result = (|| -> std::io::Result<()> {
        std::fs::write(&tmp, bytes)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755))?;
        }
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_err(format!("cannot write hook {}", path.display()), e));
    }
    Ok(())
}

/// `specmoor install`. Returns the lines to print.
pub fn install(repo: &Repo, names: &[String], force: bool) -> Result<Vec<String>> {
    require_work_tree(repo)?;
    let dir = hooks_dir(repo)?;
    if let (Some(hp), false) = (&dir.hooks_path, force) {
        return Err(Fatal::usage(format!(
            "core.hooksPath is set to {hp:?} ({}), a hooks directory another tool may manage",
            dir.path.display()
        ))
        .with_help("to install there anyway, run `specmoor install --force`; or add specmoor to the tool that owns that directory (see the README: pre-commit framework, lefthook)")
        .into());
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
    let binary = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map_err(|e| io_err("cannot find the specmoor binary".into(), e))?;
    std::fs::create_dir_all(&dir.path).map_err(|e| {
        io_err(
            format!("cannot create the hooks directory {}", dir.path.display()),
            e,
        )
    })?;
    let mut out = Vec::new();
    // check every hook before changing any
    for n in &names {
        let hook = dir.path.join(n);
        let backup = dir.path.join(format!("{n}{BACKUP_SUFFIX}"));
        let existing = std::fs::symlink_metadata(&hook).ok();
        if existing.is_some()
            && !is_ours(&std::fs::read(&hook).unwrap_or_default())
            && std::fs::symlink_metadata(&backup).is_ok()
        {
            return Err(Fatal::usage(format!(
                "{} exists and so does its backup {}: specmoor will not overwrite a backup",
                hook.display(),
                backup.display()
            ))
            .with_help("look at both files, keep what you need (merge them, or delete the stale backup), then run specmoor install again")
            .into());
        }
    }
    for n in &names {
        let hook = dir.path.join(n);
        let backup = dir.path.join(format!("{n}{BACKUP_SUFFIX}"));
        let script = hook_script(n, &binary);
        match std::fs::symlink_metadata(&hook) {
            Err(_) => {
                write_hook(&hook, &script)?;
                out.push(format!("installed {n} in {}", dir.path.display()));
            }
            Ok(_) => {
                let current = std::fs::read(&hook).unwrap_or_default();
                if is_ours(&current) {
                    if current != script || !is_executable(&hook) {
                        write_hook(&hook, &script)?;
                        out.push(format!("updated {n} in {}", dir.path.display()));
                    } else {
                        out.push(format!("{n} already installed in {}", dir.path.display()));
                    }
                } else {
                    // keep the foreign hook: link it to the backup name (fails if a
                    // backup appeared meanwhile), then replace the hook atomically
                    std::fs::hard_link(&hook, &backup).map_err(|e| {
                        io_err(
                            format!("cannot keep {} as {}", hook.display(), backup.display()),
                            e,
                        )
                    })?;
                    write_hook(&hook, &script)?;
                    out.push(format!(
                        "installed {n} in {}; your existing hook is kept as {n}{BACKUP_SUFFIX} and runs first",
                        dir.path.display()
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// `specmoor uninstall`: remove our hooks and put kept ones back, byte for byte
/// and mode for mode.
pub fn uninstall(repo: &Repo) -> Result<Vec<String>> {
    let dir = hooks_dir(repo)?;
    let mut out = Vec::new();
    for n in HOOKS {
        let hook = dir.path.join(n);
        let backup = dir.path.join(format!("{n}{BACKUP_SUFFIX}"));
        let ours = std::fs::read(&hook).map(|b| is_ours(&b)).unwrap_or(false);
        let has_hook = std::fs::symlink_metadata(&hook).is_ok();
        let has_backup = std::fs::symlink_metadata(&backup).is_ok();
        if has_hook && !ours {
            if has_backup {
                out.push(format!(
                    "left {n} alone: it is not specmoor's (its backup {n}{BACKUP_SUFFIX} is still there)"
                ));
            }
            continue;
        }
        if has_backup {
            std::fs::rename(&backup, &hook)
                .map_err(|e| io_err(format!("cannot restore {}", hook.display()), e))?;
            out.push(format!("restored your {n} hook"));
        } else if ours {
            std::fs::remove_file(&hook)
                .map_err(|e| io_err(format!("cannot remove {}", hook.display()), e))?;
            out.push(format!("removed {n}"));
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
    for n in HOOKS {
        let hook = dir.path.join(n);
        let backup = dir.path.join(format!("{n}{BACKUP_SUFFIX}"));
        let Ok(meta) = std::fs::symlink_metadata(&hook) else {
            out.push(format!("{n}: not installed"));
            continue;
        };
        let bytes = std::fs::read(&hook).unwrap_or_default();
        let ours = is_ours(&bytes);
        let chained = std::fs::symlink_metadata(&backup).is_ok();
        let kind = match (ours, chained) {
            (true, true) => format!("specmoor's, chained to {n}{BACKUP_SUFFIX}"),
            (true, false) => "specmoor's".to_string(),
            (false, _) => "foreign (not specmoor's)".to_string(),
        };
        let mut notes = Vec::new();
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
        if notes.is_empty() {
            out.push(format!("{n}: {kind}, ok"));
        } else {
            out.push(format!("{n}: {kind}; {}", notes.join("; ")));
        }
    }
    Ok((out, problems))
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
