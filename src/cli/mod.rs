//! Command line (specs/cli.md): the global options, one file per subcommand (each with
//! its clap `Args` and `run`), and what they share: opening the repository and the
//! config once, writing output (colour, width, quiet), the exit code. Exit codes: 0 no
//! error finding, 1 error findings, 2 the command could not do its work (usage, config,
//! git), 101 internal error (a bug).

mod audit;
mod bump;
mod cache;
mod check;
mod completions;
mod coverage;
mod doctor;
mod explain;
mod hook;
mod init;
mod install;
mod man;
mod owners;
mod release;
mod schema;
mod stamp;
mod uninstall;

use crate::config::Config;
use crate::error::{Fatal, FatalKind, Result};
use crate::git::Repo;
use crate::report::{Format, Render, Style};
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "specmoor",
    version,
    about = "Keeps a repository's specs and its code from drifting apart",
    long_about = "Keeps a repository's specs and its code from drifting apart.\n\nExit codes: 0 no error finding, 1 at least one error finding, 2 the command could not do its work (usage, config, git), 101 internal error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub cmd: Cmd,
}

/// Options every subcommand takes.
#[derive(clap::Args, Debug)]
pub struct Global {
    /// Run as if started in DIR (like `git -C`)
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Configuration file (default: .specmoor.yml at the top of the work tree)
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// When to colour (auto: on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it)
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: ColorWhen,
    /// Print only findings and errors: no summary line, no notes
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print how long each phase took, to standard error
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// The output options the global flags chose, set once after parsing.
#[derive(Debug, Clone, Copy)]
struct Output {
    color: ColorWhen,
    quiet: bool,
}

static OUTPUT: std::sync::OnceLock<Output> = std::sync::OnceLock::new();

fn output() -> Output {
    *OUTPUT.get_or_init(|| Output {
        color: ColorWhen::Auto,
        quiet: false,
    })
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Check a changeset for spec drift (default: the staged changes)
    Check(check::Args),
    /// Which spec sections own each path, and which rule line made it so
    Owners(owners::Args),
    /// Bump a spec's version and add a changelog entry, in the spec's own notation
    Bump(bump::Args),
    /// Write or refresh the `specmoor:generated-from` marker of generated files
    Stamp(stamp::Args),
    /// Install specmoor's git hooks (default: pre-commit, pre-push, commit-msg)
    Install(install::Args),
    /// Remove specmoor's hooks and restore the ones they replaced
    Uninstall,
    /// Check the hook installation: directory, core.hooksPath, run bits, CRLF, binary path
    Doctor,
    /// Run as a git hook (called by the installed hooks)
    Hook(hook::Args),
    /// The release gate: specs changed since REV, their versions, changelog entries and
    /// breaking changes; release notes in Markdown
    Release(release::Args),
    /// Repo-wide at HEAD: files no spec owns, dangling owners, stale generated files,
    /// specs without a version; the share of code owned per top-level folder
    Coverage(coverage::Args),
    /// Replay past commits with the current config: what the gate would have said
    Audit(audit::Args),
    /// Detect the spec layout and write a commented .specmoor.yml (never overwrites)
    Init,
    /// Print the JSON Schema of .specmoor.yml (for editors)
    Schema,
    /// Print shell completions
    Completions(completions::Args),
    /// Print the man page (roff), or write one page per command into a folder
    Man(man::Args),
    /// Explain a rule (by code or name); without one, list all rules
    Explain(explain::Args),
    /// The cache: where it is and what it holds (`info`), or remove it (`clean`)
    Cache(cache::Args),
}

/// Run the program; returns the exit code.
pub fn main() -> i32 {
    install_panic_hook();
    // debug builds only: lets the tests see the panic hook at work
    #[cfg(debug_assertions)]
    if std::env::var_os("SPECMOOR_DEBUG_PANIC").is_some() {
        panic!("deliberate panic (SPECMOOR_DEBUG_PANIC)");
    }
    // clap's own help and usage errors follow `--color` too (it reads NO_COLOR and
    // CLICOLOR_FORCE itself), so the flag is looked for before parsing
    let parsed = {
        use clap::{CommandFactory, FromArgMatches};
        Cli::command()
            .color(clap_color(std::env::args_os()))
            .try_get_matches()
            .and_then(|m| Cli::from_arg_matches(&m))
    };
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let _ = OUTPUT.set(Output {
        color: cli.global.color,
        quiet: cli.global.quiet,
    });
    if cli.global.verbose {
        crate::timing::set_verbose();
    }
    let header = error_header(&cli.cmd);
    match run(cli) {
        Ok(code) => code,
        Err(fatal) => {
            eprint!("{}", render_fatal(&fatal, header));
            2
        }
    }
}

/// The last `--color WHEN` (or `--color=WHEN`) before a `--`, for clap's own output.
fn clap_color(args: impl Iterator<Item = std::ffi::OsString>) -> clap::ColorChoice {
    let mut choice = clap::ColorChoice::Auto;
    let mut next_is_value = false;
    for a in args.skip(1) {
        let a = a.to_string_lossy();
        let value = if next_is_value {
            next_is_value = false;
            Some(a.as_ref())
        } else if a == "--" {
            break;
        } else if a == "--color" {
            next_is_value = true;
            None
        } else {
            a.strip_prefix("--color=")
        };
        match value {
            Some("always") => choice = clap::ColorChoice::Always,
            Some("never") => choice = clap::ColorChoice::Never,
            Some("auto") => choice = clap::ColorChoice::Auto,
            _ => {}
        }
    }
    choice
}

/// The first line of a fatal error (exit 2), in the words of the command: only the
/// gates that judge a change say they could not check it (specs/cli.md CL-2).
fn error_header(cmd: &Cmd) -> &'static str {
    match cmd {
        Cmd::Check(_) | Cmd::Hook(_) => "specmoor: could not check",
        Cmd::Release(_) => "specmoor release: could not judge the release",
        Cmd::Owners(_) => "specmoor owners: could not tell who owns these paths",
        Cmd::Bump(_) => "specmoor bump: could not bump",
        Cmd::Stamp(_) => "specmoor stamp: could not stamp",
        Cmd::Install(_) => "specmoor install: could not install the hooks",
        Cmd::Uninstall => "specmoor uninstall: could not remove the hooks",
        Cmd::Doctor => "specmoor doctor: could not examine the hooks",
        Cmd::Coverage(_) => "specmoor coverage: could not measure coverage",
        Cmd::Audit(_) => "specmoor audit: could not replay the history",
        Cmd::Init => "specmoor init: could not write a configuration",
        Cmd::Schema => "specmoor schema: could not print the schema",
        Cmd::Completions(_) => "specmoor completions: could not print the completions",
        Cmd::Man(_) => "specmoor man: could not write the man page",
        Cmd::Explain(_) => "specmoor explain: could not explain",
        Cmd::Cache(_) => "specmoor cache: could not use the cache",
    }
}

/// Dispatch: each subcommand's own `run`.
pub fn run(cli: Cli) -> Result<i32> {
    let g = &cli.global;
    match &cli.cmd {
        Cmd::Check(a) => check::run(g, a),
        Cmd::Owners(a) => owners::run(g, a),
        Cmd::Bump(a) => bump::run(g, a),
        Cmd::Stamp(a) => stamp::run(g, a),
        Cmd::Install(a) => install::run(g, a),
        Cmd::Uninstall => uninstall::run(g),
        Cmd::Doctor => doctor::run(g),
        Cmd::Hook(a) => hook::run(g, a),
        Cmd::Release(a) => release::run(g, a),
        Cmd::Coverage(a) => coverage::run(g, a),
        Cmd::Init => init::run(g),
        Cmd::Schema => schema::run(),
        Cmd::Completions(a) => completions::run(a),
        Cmd::Man(a) => man::run(g, a),
        Cmd::Explain(a) => explain::run(a),
        Cmd::Audit(a) => audit::run(g, a),
        Cmd::Cache(a) => cache::run(a),
    }
}

/// What a command works on: the repository and its config, each opened once.
pub struct Session {
    pub repo: Repo,
    pub config: Config,
    /// Which config was read, for the output of descriptive commands.
    pub config_source: String,
}

/// What a gate (`check`, the hooks, `release`) works on: the repository, and a config
/// only when `--config` names one; otherwise each check reads the rules in force
/// before the change from git objects ([`crate::check::Rules::InForce`]).
pub struct Gate {
    pub repo: Repo,
    given: Option<(Config, Option<String>)>,
}

impl Gate {
    /// Which config judges the change.
    pub fn rules(&self) -> crate::check::Rules<'_> {
        match &self.given {
            Some((c, p)) => crate::check::Rules::Given(c, p.as_deref()),
            None => crate::check::Rules::InForce,
        }
    }

    /// The config `--config` names, else the one committed at HEAD (the index's when
    /// HEAD is unborn): for what is not a verdict, such as where a new branch starts.
    pub fn head_config(&self) -> Result<Config> {
        match &self.given {
            Some((c, _)) => Ok(c.clone()),
            None => crate::config_file::at_revision(&self.repo, self.repo.head_commit()?),
        }
    }
}

impl Global {
    /// The repository and, with `--config`, that config: for gates.
    pub fn gate(&self) -> Result<Gate> {
        let repo = self.repo()?;
        let given = match &self.config {
            Some(p) => Some(load_config(&repo, Some(p))?),
            None => None,
        };
        Ok(Gate { repo, given })
    }

    /// The directory the command runs in (`-C`, else the current one).
    pub fn start_dir(&self) -> Result<PathBuf> {
        let cwd = std::env::current_dir()
            .map_err(|e| Fatal::usage(format!("cannot read the current directory: {e}")))?;
        Ok(match &self.dir {
            Some(d) if d.is_absolute() => d.clone(),
            Some(d) => cwd.join(d),
            None => cwd,
        })
    }

    /// The repository alone.
    pub fn repo(&self) -> Result<Repo> {
        Repo::open(&self.start_dir()?)
    }

    /// The repository and its config as the work tree has it (`--config` overrides):
    /// for descriptive commands, so that a team can try an edit before committing it.
    pub fn session(&self) -> Result<Session> {
        let repo = self.repo()?;
        let (config, _) = load_config(&repo, self.config.as_deref())?;
        let config_source = match (&self.config, &config.file) {
            (Some(p), _) => format!("{} (--config)", p.display()),
            (None, Some(f)) => format!("{f} in the work tree"),
            (None, None) => "none, the defaults".to_string(),
        };
        Ok(Session {
            repo,
            config,
            config_source,
        })
    }
}

/// Load the config: `--config` (relative to the start directory) or
/// `.specmoor.yml` at the top of the work tree. Returns it with its
/// repository-relative path when it lives in the repository.
pub fn load_config(repo: &Repo, explicit: Option<&Path>) -> Result<(Config, Option<String>)> {
    match explicit {
        Some(p) => {
            let abs = if p.is_absolute() {
                p.to_path_buf()
            } else {
                repo.cwd.join(p)
            };
            let rel = repo.repo_relative(&abs).ok();
            let display = rel.clone().unwrap_or_else(|| p.display().to_string());
            let cfg = crate::config_file::load(&abs, &display, true)?;
            Ok((cfg, rel))
        }
        None => match &repo.workdir {
            Some(wd) => {
                let cfg = crate::config_file::load_within(
                    &wd.join(".specmoor.yml"),
                    ".specmoor.yml",
                    false,
                    Some(wd),
                )?;
                Ok((cfg, Some(".specmoor.yml".into())))
            }
            None => Ok((Config::default(), None)),
        },
    }
}

/// Render a result in `format` and write it to stdout.
fn print(result: &dyn Render, format: Format) -> Result<()> {
    let text = result
        .render_styled(format, &style_stdout())
        .ok_or_else(|| Fatal::usage(format!("this command has no {format:?} output")))?;
    emit(&text)
}

/// How human output to standard output looks.
fn style_stdout() -> Style {
    let tty = std::io::stdout().is_terminal();
    Style {
        color: color(tty),
        width: width(tty, terminal_size::terminal_size_of(std::io::stdout())),
        quiet: output().quiet,
    }
}

/// How human output to standard error (hooks, fatal errors) looks.
fn style_stderr() -> Style {
    let tty = std::io::stderr().is_terminal();
    Style {
        color: color(tty),
        width: width(tty, terminal_size::terminal_size_of(std::io::stderr())),
        quiet: output().quiet,
    }
}

/// Colour for a stream (specs/cli.md CL-9): `--color always|never` decide; with
/// `auto`, CLICOLOR_FORCE (set, not `0`) turns it on, NO_COLOR (set, not empty) off,
/// and otherwise colour is for a terminal.
fn color(tty: bool) -> bool {
    let set = |name: &str, off: &str| std::env::var_os(name).is_some_and(|v| v != off);
    match output().color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto if set("CLICOLOR_FORCE", "0") => true,
        ColorWhen::Auto if set("NO_COLOR", "") => false,
        ColorWhen::Auto => tty,
    }
}

/// Lines are wrapped to a terminal's width (100 columns when it cannot be read) and
/// never when the output is not a terminal: CI logs are searched by path.
fn width(tty: bool, size: Option<(terminal_size::Width, terminal_size::Height)>) -> Option<usize> {
    tty.then(|| size.map_or(100, |(w, _)| usize::from(w.0).max(40)))
}

/// Write to stdout; a closed pipe (`specmoor check | head -1`) is not an error.
fn emit(s: &str) -> Result<()> {
    emit_with(|out| out.write_all(s.as_bytes()))
}

/// Write to stdout through a buffer as `write` makes the output; a closed pipe is
/// not an error.
fn emit_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    match write(&mut out).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fatal::new(FatalKind::Io, format!("cannot write output: {e}")).into()),
    }
}

/// Write what a command did to stdout, unless `--quiet`.
fn say(s: &str) -> Result<()> {
    if output().quiet {
        return Ok(());
    }
    emit(s)
}

/// Write to stderr (hook output); a closed pipe is not an error.
fn emit_err(s: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(s.as_bytes()).and_then(|_| err.flush());
}

fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let loc = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "specmoor: internal error, please report it at https://github.com/specmoor/specmoor/issues\n  version {}\n  panic{loc}: {msg}\n  command: {:?}",
            env!("CARGO_PKG_VERSION"),
            std::env::args().collect::<Vec<_>>()
        );
    }));
}

fn render_fatal(f: &Fatal, header: &str) -> String {
    let style = style_stderr();
    let mut out = String::new();
    let _ = crate::report::human::handler(&style).render_report(&mut out, f);
    format!("{header}\n{out}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(args: &[&str]) -> clap::ColorChoice {
        clap_color(
            std::iter::once("specmoor")
                .chain(args.iter().copied())
                .map(Into::into),
        )
    }

    #[test]
    fn clap_follows_the_last_color_flag_before_a_double_dash() {
        assert_eq!(choice(&["check"]), clap::ColorChoice::Auto);
        assert_eq!(
            choice(&["--color", "never", "check"]),
            clap::ColorChoice::Never
        );
        assert_eq!(
            choice(&["check", "--color=always"]),
            clap::ColorChoice::Always
        );
        assert_eq!(
            choice(&["--color=always", "check", "--color", "never"]),
            clap::ColorChoice::Never
        );
        assert_eq!(
            choice(&["owners", "--", "--color=never"]),
            clap::ColorChoice::Auto
        );
        assert_eq!(choice(&["--color", "sometimes"]), clap::ColorChoice::Auto);
    }

    #[test]
    fn lines_wrap_only_on_a_terminal() {
        use terminal_size::{Height, Width};
        assert_eq!(width(false, Some((Width(80), Height(24)))), None);
        assert_eq!(width(true, Some((Width(80), Height(24)))), Some(80));
        assert_eq!(width(true, None), Some(100));
        assert_eq!(width(true, Some((Width(10), Height(24)))), Some(40));
    }
}
