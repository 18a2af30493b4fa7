//! Command line (PRODUCT.md P-4): clap definitions and dispatch. Exit codes: 0 no
//! error finding, 1 error findings, 2 could not check, 101 internal error (a bug).

use crate::check::{self, Mode};
use crate::config::Config;
use crate::error::{Fatal, FatalKind, Result};
use crate::git::Repo;
use crate::report;
use crate::rules;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "specmoor",
    version,
    about = "Keeps a repository's specs and its code from drifting apart",
    long_about = "Keeps a repository's specs and its code from drifting apart.\n\nExit codes: 0 no error finding, 1 at least one error finding, 2 the check could not be made."
)]
pub struct Cli {
    /// Run as if started in DIR (like `git -C`)
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Configuration file (default: .specmoor.yml at the top of the work tree)
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub cmd: Cmd,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Check a changeset for spec drift (default: the staged changes)
    Check {
        /// Check the index against HEAD (the default)
        #[arg(long, conflicts_with = "base")]
        staged: bool,
        /// Check merge-base(BASE, HEAD)..HEAD
        #[arg(long, value_name = "REV")]
        base: Option<String>,
        /// Head revision of the range (default: HEAD)
        #[arg(long, value_name = "REV", requires = "base")]
        head: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also write the JSON report to PATH
        #[arg(long, value_name = "PATH")]
        json_file: Option<PathBuf>,
        /// Also write SARIF 2.1.0 to PATH (for code scanning upload)
        #[arg(long, value_name = "PATH")]
        sarif_file: Option<PathBuf>,
        /// Waive every finding (but SM010) because the pull request carries LABEL
        #[arg(long, value_name = "LABEL")]
        waive_label: Option<String>,
        /// Who set the waiving label (reported with the waiver)
        #[arg(long, value_name = "WHO", requires = "waive_label")]
        waived_by: Option<String>,
    },
    /// Which spec sections own each path, and which rule line made it so
    Owners {
        /// Paths (relative to the current directory)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Bump a spec's version and add a changelog entry, in the spec's own notation
    Bump {
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
    },
    /// Write or refresh the `specmoor:generated-from` marker of generated files
    Stamp {
        /// Generated files (relative to the current directory)
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The spec (and section) they come from: SPEC[#SECTION]. Default: the file's
        /// marker, else `generated:` in the config, else its owning spec
        #[arg(long, value_name = "SPEC[#SECTION]")]
        spec: Option<String>,
    },
    /// Install specmoor's git hooks (default: pre-commit, pre-push, commit-msg)
    Install {
        /// Only this hook (repeatable)
        #[arg(long = "hook", value_name = "NAME")]
        hooks: Vec<String>,
        /// Install even into a `core.hooksPath` directory
        #[arg(long)]
        force: bool,
    },
    /// Remove specmoor's hooks and restore the ones they replaced
    Uninstall,
    /// Check the hook installation: directory, core.hooksPath, run bits, CRLF, binary path
    Doctor,
    /// Run as a git hook (called by the installed hooks)
    Hook {
        /// pre-commit, commit-msg or pre-push
        #[arg(value_parser = ["pre-commit", "commit-msg", "pre-push"])]
        name: String,
        /// The arguments git passes to the hook
        args: Vec<String>,
    },
    /// The release gate: specs changed since REV, their versions, changelog entries and
    /// breaking changes; release notes in Markdown
    Release {
        /// The previous release (a tag such as v1.4.0)
        #[arg(long, value_name = "REV")]
        from: String,
        /// The release being made (default: HEAD)
        #[arg(long, value_name = "REV", default_value = "HEAD")]
        to: String,
        /// The release's version (default: from --to when it is a vX.Y.Z tag)
        #[arg(long, value_name = "X.Y.Z")]
        version: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = ReleaseFormat::Human)]
        format: ReleaseFormat,
    },
    /// Repo-wide at HEAD: files no spec owns, dangling owners, stale generated files,
    /// specs without a version; the share of code owned per top-level folder
    Coverage {
        /// Output format
        #[arg(long, value_enum, default_value_t = ReleaseFormat::Human)]
        format: ReleaseFormat,
    },
    /// Detect the spec layout and write a commented .specmoor.yml (never overwrites)
    Init,
    /// Print the JSON Schema of .specmoor.yml (for editors)
    Schema,
    /// Print shell completions
    Completions {
        /// bash, zsh, fish, powershell or elvish
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    Man,
    /// Explain a rule (by code or name); without one, list all rules
    Explain {
        /// SM001, drift, ...
        code: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReleaseFormat {
    Human,
    Json,
    /// Release notes only (a GitHub release body)
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    /// SARIF 2.1.0 (GitHub code scanning)
    Sarif,
    /// GitHub workflow-command annotations, plus the step summary when
    /// GITHUB_STEP_SUMMARY is set
    Github,
    /// A pull-request comment body
    Markdown,
}

/// Run the program; returns the exit code.
pub fn main() -> i32 {
    install_panic_hook();
    // debug builds only: lets the tests see the panic hook at work
    #[cfg(debug_assertions)]
    if std::env::var_os("SPECMOOR_DEBUG_PANIC").is_some() {
        panic!("deliberate panic (SPECMOOR_DEBUG_PANIC)");
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(fatal) => {
            eprint!("{}", render_fatal(&fatal));
            2
        }
    }
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

fn render_fatal(f: &Fatal) -> String {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    let _ = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .render_report(&mut out, f);
    format!("specmoor: could not check\n{out}")
}

/// Write to stdout; a closed pipe (`specmoor check | head -1`) is not an error.
fn emit(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fatal::new(FatalKind::Io, format!("cannot write output: {e}")).into()),
    }
}

fn start_dir(cli: &Cli) -> Result<PathBuf> {
    let cwd = std::env::current_dir()
        .map_err(|e| Fatal::usage(format!("cannot read the current directory: {e}")))?;
    Ok(match &cli.dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => cwd.join(d),
        None => cwd,
    })
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

fn color_stdout() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

pub fn run(cli: Cli) -> Result<i32> {
    match &cli.cmd {
        Cmd::Explain { code } => explain(code.as_deref()),
        Cmd::Bump {
            spec,
            level,
            message,
            breaking,
        } => bump_cmd(&cli, spec, (*level).into(), message, *breaking),
        Cmd::Stamp { files, spec } => stamp_cmd(&cli, files, spec.as_deref()),
        Cmd::Install { hooks, force } => {
            let repo = Repo::open(&start_dir(&cli)?)?;
            let lines = crate::hooks::install(&repo, hooks, *force)?;
            emit(&format!("{}\n", lines.join("\n")))?;
            Ok(0)
        }
        Cmd::Uninstall => {
            let repo = Repo::open(&start_dir(&cli)?)?;
            let lines = crate::hooks::uninstall(&repo)?;
            emit(&format!("{}\n", lines.join("\n")))?;
            Ok(0)
        }
        Cmd::Doctor => {
            let repo = Repo::open(&start_dir(&cli)?)?;
            let (lines, problems) = crate::hooks::doctor(&repo)?;
            emit(&format!("{}\n", lines.join("\n")))?;
            Ok(if problems == 0 { 0 } else { 1 })
        }
        Cmd::Hook { name, args } => hook_cmd(&cli, name, args),
        Cmd::Schema => {
            emit(&crate::config::json_schema())?;
            Ok(0)
        }
        Cmd::Completions { shell } => {
            use clap::CommandFactory;
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "specmoor", &mut buf);
            emit(&String::from_utf8_lossy(&buf))?;
            Ok(0)
        }
        Cmd::Man => {
            use clap::CommandFactory;
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut buf)
                .map_err(|e| {
                    Fatal::new(FatalKind::Io, format!("cannot render the man page: {e}"))
                })?;
            emit(&String::from_utf8_lossy(&buf))?;
            Ok(0)
        }
        Cmd::Init => {
            let repo = Repo::open(&start_dir(&cli)?)?;
            let lines = crate::init::init(&repo)?;
            emit(&format!("{}\n", lines.join("\n")))?;
            Ok(0)
        }
        Cmd::Coverage { format } => {
            let repo = Repo::open(&start_dir(&cli)?)?;
            let (config, _) = load_config(&repo, cli.config.as_deref())?;
            let c = crate::coverage::coverage(&repo, &config)?;
            let text = match format {
                ReleaseFormat::Human => crate::coverage::human(&c),
                ReleaseFormat::Markdown => crate::coverage::markdown(&c),
                ReleaseFormat::Json => {
                    let mut s = serde_json::to_string_pretty(&c).expect("serialises");
                    s.push('\n');
                    s
                }
            };
            emit(&text)?;
            Ok(c.exit_code())
        }
        Cmd::Release {
            from,
            to,
            version,
            format,
        } => {
            let repo = Repo::open(&start_dir(&cli)?)?;
            let (config, config_path) = load_config(&repo, cli.config.as_deref())?;
            let r = crate::release::gate(
                &repo,
                &config,
                config_path.as_deref(),
                from,
                to,
                version.as_deref(),
            )?;
            let text = match format {
                ReleaseFormat::Human => crate::release::human(&r),
                ReleaseFormat::Markdown => crate::release::notes_markdown(&r),
                ReleaseFormat::Json => {
                    let mut s = serde_json::to_string_pretty(&r).expect("serialises");
                    s.push('\n');
                    s
                }
            };
            emit(&text)?;
            if *format == ReleaseFormat::Markdown && !r.failures.is_empty() {
                emit_err(&format!(
                    "specmoor release: refused\n  × {}\n",
                    r.failures.join("\n  × ")
                ));
            }
            Ok(r.exit_code())
        }
        Cmd::Check {
            staged: _,
            base,
            head,
            format,
            json_file,
            sarif_file,
            waive_label,
            waived_by,
        } => {
            let repo = Repo::open(&start_dir(&cli)?)?;
            let (config, config_path) = load_config(&repo, cli.config.as_deref())?;
            let mode = match base {
                Some(b) => Mode::Range {
                    base: b.clone(),
                    head: head.clone().unwrap_or_else(|| "HEAD".into()),
                },
                None => Mode::Staged,
            };
            let mut report = check::check(&repo, &config, config_path.as_deref(), &mode)?;
            if let Some(label) = waive_label {
                let by = match waived_by.as_deref().filter(|w| !w.is_empty()) {
                    Some(w) => format!("label {label} (set by {w})"),
                    None => format!("label {label}"),
                };
                for f in report
                    .findings
                    .iter_mut()
                    .filter(|f| f.code != crate::codes::RuleCode::Waiver && f.waived.is_none())
                {
                    f.waived = Some(report::Waived {
                        by: by.clone(),
                        reason: format!("the pull request carries the `{label}` label"),
                    });
                }
            }
            let write = |path: &Path, text: &str| -> Result<()> {
                std::fs::write(path, text).map_err(|e| {
                    Fatal::new(
                        FatalKind::Io,
                        format!("cannot write {}: {e}", path.display()),
                    )
                    .into()
                })
            };
            if let Some(p) = json_file {
                write(p, &report::json::render(&report))?;
            }
            if let Some(p) = sarif_file {
                write(p, &report::sarif::render(&report))?;
            }
            let text = match format {
                Format::Human => report::human::render(&report, color_stdout()),
                Format::Json => report::json::render(&report),
                Format::Sarif => report::sarif::render(&report),
                Format::Markdown => report::markdown::render(&report, usize::MAX),
                Format::Github => {
                    if let Some(p) =
                        std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
                    {
                        report::github::append_step_summary(&report, Path::new(&p)).map_err(
                            |e| {
                                Fatal::new(
                                    FatalKind::Io,
                                    format!("cannot write the step summary: {e}"),
                                )
                            },
                        )?;
                    }
                    report::github::render(&report)
                }
            };
            emit(&text)?;
            Ok(report.exit_code())
        }
        Cmd::Owners { paths, format } => {
            let repo = Repo::open(&start_dir(&cli)?)?;
            let (config, _) = load_config(&repo, cli.config.as_deref())?;
            let rel: Vec<String> = paths
                .iter()
                .map(|p| repo.repo_relative(p))
                .collect::<Result<_>>()?;
            let result = check::owners(&repo, &config, &rel)?;
            let text = match format {
                ListFormat::Json => {
                    let mut s = serde_json::to_string_pretty(&result).expect("serialises");
                    s.push('\n');
                    s
                }
                ListFormat::Human => {
                    let mut s = String::new();
                    for p in &result {
                        s.push_str(&p.path);
                        s.push('\n');
                        if let Some(spec) = &p.spec {
                            s.push_str(&format!("  is a document of spec {spec}\n"));
                        }
                        if let Some(i) = &p.ignored {
                            s.push_str(&format!(
                                "  ignored via `{}` ({})\n",
                                i.pattern,
                                where_(&i.file, i.line)
                            ));
                        }
                        for o in &p.owners {
                            let addr = match &o.section {
                                Some(sec) => format!("{}#{}", o.spec, sec),
                                None => o.spec.clone(),
                            };
                            s.push_str(&format!(
                                "  owned by {addr} via `{}` ({})\n",
                                o.pattern,
                                where_(&o.file, o.line)
                            ));
                        }
                        if p.owners.is_empty() && p.spec.is_none() && p.ignored.is_none() {
                            s.push_str("  no owner\n");
                        }
                    }
                    s
                }
            };
            emit(&text)?;
            Ok(0)
        }
    }
}

fn bump_cmd(
    cli: &Cli,
    spec: &Path,
    level: crate::bump::Level,
    message: &str,
    breaking: bool,
) -> Result<i32> {
    let start = start_dir(cli)?;
    let mut file = if spec.is_absolute() {
        spec.to_path_buf()
    } else {
        start.join(spec)
    };
    if file.is_dir() {
        // a folder unit: its main document
        let config = match Repo::open(&start) {
            Ok(repo) => load_config(&repo, cli.config.as_deref())?.0,
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
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (&bytes[..3], rest),
        None => (&bytes[..0], &bytes[..]),
    };
    let text = std::str::from_utf8(body).map_err(|_| {
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
    let mut out = bom.to_vec();
    out.extend_from_slice(b.text.as_bytes());
    write_atomic(&file, &out)?;
    emit(&format!(
        "{}: {} -> {}, changelog entry at line {}\n",
        spec.display(),
        b.old,
        b.new,
        b.entry_line
    ))?;
    Ok(0)
}

fn stamp_cmd(cli: &Cli, files: &[PathBuf], spec: Option<&str>) -> Result<i32> {
    use crate::generated::{self, Marker};
    let repo = Repo::open(&start_dir(cli)?)?;
    let Some(workdir) = repo.workdir.clone() else {
        return Err(
            Fatal::usage("stamp writes files in the work tree; this repository has none").into(),
        );
    };
    let (config, _) = load_config(&repo, cli.config.as_deref())?;
    // ownership and config as staged, for files that name no spec themselves
    let empty = crate::git::Changeset {
        base: None,
        head: None,
        changes: Vec::new(),
        commits: Vec::new(),
        notes: Vec::new(),
    };
    let loaded = check::load(&repo, &config, empty)?;
    let gc = crate::genscan::GeneratedConfig::new(&config)?;
    let mut out = String::new();
    // every file is prepared before any is written: one bad file changes nothing
    let mut writes: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for f in files {
        let rel = repo.repo_relative(f)?;
        let abs = workdir.join(&rel);
        let bytes = std::fs::read(&abs)
            .map_err(|e| Fatal::usage(format!("cannot read {}: {e}", f.display())))?;
        let existing = match generated::detect(&bytes) {
            Some(Marker::Specmoor(m)) => Some(m),
            _ => None,
        };
        let address = match (spec, &existing, gc.entry(rel.as_bytes())) {
            (Some(s), _, _) => s.to_string(),
            (None, Some(m), _) => match &m.section {
                Some(sec) => format!("{}#{sec}", m.spec),
                None => m.spec.clone(),
            },
            (None, None, Some(i)) if config.generated[i].spec.is_some() => {
                config.generated[i].spec.clone().unwrap_or_default()
            }
            _ => {
                let mut owners: Vec<String> = loaded
                    .owners
                    .matches(rel.as_bytes())
                    .into_iter()
                    .map(|(li, _)| loaded.owners.lists[li].0.spec.clone())
                    .collect();
                owners.sort();
                owners.dedup();
                match owners.as_slice() {
                    [one] => one.clone(),
                    [] => {
                        return Err(Fatal::usage(format!("{rel}: no spec is known for it"))
                            .with_help("pass --spec SPEC[#SECTION], declare it under `generated:` in .specmoor.yml, or own it from a spec")
                            .into())
                    }
                    many => {
                        return Err(Fatal::usage(format!(
                            "{rel} is owned by several specs ({}); say which one it is generated from",
                            many.join(", ")
                        ))
                        .with_help("pass --spec SPEC[#SECTION]")
                        .into())
                    }
                }
            }
        };
        let (spec_path, section) = crate::config::split_address(&address);
        // the spec as it is in the work tree: the document named, or a folder unit's
        // main document
        let mut doc_path = workdir.join(&spec_path);
        if doc_path.is_dir() {
            doc_path = config
                .main
                .iter()
                .map(|m| doc_path.join(m))
                .find(|p| p.is_file())
                .ok_or_else(|| {
                    Fatal::usage(format!("{spec_path} is a folder with no main document"))
                })?;
        }
        let spec_bytes = std::fs::read(&doc_path).map_err(|e| {
            Fatal::usage(format!("cannot read spec {spec_path} for {rel}: {e}"))
                .with_help("pass --spec SPEC[#SECTION] naming an existing spec")
        })?;
        let doc = crate::spec::SpecDoc::parse(&spec_path, &spec_bytes)
            .map_err(|e| crate::specset::spec_fatal(&e))?;
        let sha = generated::fingerprint(&doc, section.as_deref()).ok_or_else(|| {
            Fatal::usage(format!(
                "{spec_path} has no section {}",
                section.as_deref().unwrap_or("")
            ))
            .with_help("`specmoor owners` and the spec's headings show the section IDs")
        })?;
        let stamped = generated::stamp(&rel, &bytes, &spec_path, section.as_deref(), &sha)
            .map_err(|e| Fatal::usage(e).with_help("no file was changed"))?;
        if stamped != bytes {
            writes.push((abs, stamped));
        }
        out.push_str(&format!(
            "{rel}: generated from {address} sha256={}\n",
            &sha[..12]
        ));
    }
    for (abs, bytes) in writes {
        write_atomic(&abs, &bytes)?;
    }
    emit(&out)?;
    Ok(0)
}

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

/// Write to stderr (hook output); a closed pipe is not an error.
fn emit_err(s: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(s.as_bytes()).and_then(|_| err.flush());
}

fn hook_cmd(cli: &Cli, name: &str, args: &[String]) -> Result<i32> {
    let repo = Repo::open(&start_dir(cli)?)?;
    let (config, config_path) = load_config(&repo, cli.config.as_deref())?;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let render = |r: &report::Report| report::human::render(r, color);
    match name {
        "pre-commit" => {
            // With our commit-msg hook installed, it gives the verdict: only it can
            // see the waivers in the message being written.
            if crate::hooks::commit_msg_installed(&repo) {
                return Ok(0);
            }
            let report = check::check(&repo, &config, config_path.as_deref(), &Mode::Staged)?;
            if report.exit_code() != 0 || !report.findings.is_empty() {
                emit_err(&render(&report));
            }
            Ok(report.exit_code())
        }
        "commit-msg" => {
            let file = args
                .first()
                .ok_or_else(|| Fatal::usage("commit-msg needs the message file git passes it"))?;
            let path = if Path::new(file).is_absolute() {
                PathBuf::from(file)
            } else {
                repo.cwd.join(file)
            };
            let raw = std::fs::read(&path)
                .map_err(|e| Fatal::usage(format!("cannot read the commit message {file}: {e}")))?;
            let message = crate::hooks::clean_message(&String::from_utf8_lossy(&raw));
            let report = check::check_with(
                &repo,
                &config,
                config_path.as_deref(),
                &Mode::Staged,
                Some(&message),
            )?;
            if report.exit_code() != 0 || !report.findings.is_empty() {
                emit_err(&render(&report));
            }
            if report.exit_code() != 0 {
                emit_err(&format!(
                    "specmoor: commit refused. Your message is kept in {file}; fix the findings (or add a `Specmoor-Waive: <rule> <reason>` line) and run `git commit -e -F {file}`\n"
                ));
            }
            Ok(report.exit_code())
        }
        _ => {
            let mut stdin = Vec::new();
            use std::io::Read;
            std::io::stdin()
                .take(64 * 1024 * 1024)
                .read_to_end(&mut stdin)
                .map_err(|e| Fatal::usage(format!("cannot read the pre-push input: {e}")))?;
            let out = crate::hooks::pre_push(
                &repo,
                &config,
                config_path.as_deref(),
                args,
                &stdin,
                &render,
            )?;
            emit_err(&out.output);
            Ok(out.code)
        }
    }
}

fn where_(file: &str, line: usize) -> String {
    if line == 0 {
        file.to_string()
    } else {
        format!("{file}:{line}")
    }
}

fn explain(code: Option<&str>) -> Result<i32> {
    let Some(code) = code else {
        let mut s = String::new();
        for r in rules::RULES {
            s.push_str(&format!(
                "{}  {:<23} {:<5}  {}{}\n",
                r.code,
                r.name,
                r.default.as_str(),
                r.summary,
                if r.implemented {
                    ""
                } else {
                    " (not enforced yet)"
                }
            ));
        }
        emit(&s)?;
        return Ok(0);
    };
    let r = match rules::RuleCode::lookup(code) {
        Ok(c) => c.info(),
        Err(near) => {
            let hint = near
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            return Err(Fatal::usage(format!("unknown rule `{code}`"))
                .with_help(format!("{hint}`specmoor explain` lists every rule"))
                .into());
        }
    };
    let mut s = format!(
        "{} {} (default severity: {})\n\nFires when {}.\n\n",
        r.code,
        r.name,
        r.default.as_str(),
        r.summary
    );
    s.push_str(&wrap(r.explain, 88));
    s.push('\n');
    if !r.implemented {
        s.push_str("\nThis version of specmoor does not enforce this rule yet.\n");
    }
    emit(&s)?;
    Ok(0)
}

fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for w in text.split_whitespace() {
        if line > 0 && line + 1 + w.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(w);
        line += w.chars().count();
    }
    out
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
