//! `specmoor man [--dir DIR]` (specs/adoption.md AD-3, specs/cli.md CL-9): the main
//! page on standard output, or one page per command written into DIR (`specmoor.1`,
//! `specmoor-check.1`, `specmoor-cache-info.1`, ...), each with the EXIT STATUS and
//! ENVIRONMENT sections clap does not write.

use super::{emit, Cli, Global};
use crate::error::{Fatal, FatalKind, Result};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Write one page per command into DIR (created if missing) instead of printing
    /// the main page
    #[arg(long = "dir", value_name = "DIR")]
    out_dir: Option<PathBuf>,
}

pub fn run(g: &Global, a: &Args) -> Result<i32> {
    use clap::CommandFactory;
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = &a.out_dir else {
        emit(&page(&cmd)?)?;
        return Ok(0);
    };
    let a_dir = dir;
    let dir = g.start_dir()?.join(dir);
    std::fs::create_dir_all(&dir).map_err(|e| {
        Fatal::new(
            FatalKind::Io,
            format!("cannot create the folder {}: {e}", dir.display()),
        )
    })?;
    let mut pages = Vec::new();
    collect(&cmd, &mut pages);
    for c in &pages {
        let name = format!("{}.1", c.get_display_name().unwrap_or(c.get_name()));
        crate::write::write_atomic(
            &dir.join(&name),
            page(c)?.as_bytes(),
            crate::write::Links::Follow,
        )?;
        super::say(&format!("wrote {}\n", a_dir.join(&name).display()))?;
    }
    Ok(0)
}

/// The command and its subcommands, depth first, the command before its subcommands.
fn collect<'a>(cmd: &'a clap::Command, out: &mut Vec<&'a clap::Command>) {
    out.push(cmd);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, out);
    }
}

/// One page: clap_mangen's sections, then EXIT STATUS and ENVIRONMENT (before the
/// version, where man-pages(7) puts them).
fn page(cmd: &clap::Command) -> Result<String> {
    // subcommands carry no version of their own; their pages show the program's
    let man = clap_mangen::Man::new(cmd.clone().version(env!("CARGO_PKG_VERSION")))
        .source(concat!("specmoor ", env!("CARGO_PKG_VERSION")));
    let mut buf = Vec::new();
    let fail =
        |e: std::io::Error| Fatal::new(FatalKind::Io, format!("cannot render the man page: {e}"));
    man.render_title(&mut buf).map_err(fail)?;
    man.render_name_section(&mut buf).map_err(fail)?;
    man.render_synopsis_section(&mut buf).map_err(fail)?;
    man.render_description_section(&mut buf).map_err(fail)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut buf).map_err(fail)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut buf).map_err(fail)?;
    }
    buf.extend_from_slice(EXIT_STATUS.as_bytes());
    buf.extend_from_slice(ENVIRONMENT.as_bytes());
    man.render_version_section(&mut buf).map_err(fail)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
No error finding (warnings and waived findings allowed), or the command did its work.
.TP
\fB1\fR
At least one unwaived error finding (a gate refused the change or the release).
.TP
\fB2\fR
The command could not do its work: usage, configuration, spec front matter, git
(an unknown revision, a shallow or partial clone missing what is needed), a file that
cannot be written. Never a pass.
.TP
\fB101\fR
Internal error (a bug): the message names the version and the command; please report it.
"#;

const ENVIRONMENT: &str = r#".SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
Set and not empty: no colour with \fB\-\-color auto\fR (the default).
.TP
\fBCLICOLOR_FORCE\fR
Set and not \fB0\fR: colour even when the output is not a terminal, unless \fB\-\-color never\fR.
.TP
\fBSPECMOOR_TIMINGS\fR
\fB1\fR: as \fB\-\-verbose\fR (deprecated, kept for this release).
.TP
\fBSPECMOOR_CACHE_DIR\fR, \fBXDG_CACHE_HOME\fR
Where the cache lives (else \fI~/.cache/specmoor\fR).
.TP
\fBSPECMOOR_NO_CACHE\fR
\fB1\fR: do not use the cache (same verdicts, more time).
.TP
\fBSPECMOOR_MAX_PATHS\fR
The most changed paths a check reads (default 100000, \fB0\fR for no limit); beyond it the check exits 2.
.TP
\fBSPECMOOR_SKIP\fR
\fB1\fR: the installed hooks skip the check once (CI checks again).
.TP
\fBSPECMOOR_MISSING\fR
\fBwarn\fR: an installed hook warns instead of failing when specmoor is not found.
.TP
\fBSOURCE_DATE_EPOCH\fR
The date \fBbump\fR writes in changelog entries (else today, UTC).
.TP
\fBGITHUB_STEP_SUMMARY\fR
With \fB\-\-format github\fR, the file the Markdown summary is appended to.
.TP
\fBGIT_DIR\fR, \fBGIT_WORK_TREE\fR, \fBGIT_INDEX_FILE\fR
Honoured as git honours them.
"#;
