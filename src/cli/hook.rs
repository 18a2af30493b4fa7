//! `specmoor hook NAME ARGS...`: what the installed hooks run (specs/hooks.md HK-4,
//! HK-5).

use super::{emit_err, style_stderr, Global};
use crate::check::{self, Mode};
use crate::error::{Fatal, Result};
use crate::report;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// pre-commit, commit-msg or pre-push
    #[arg(value_parser = ["pre-commit", "commit-msg", "pre-push"])]
    name: String,
    /// The arguments git passes to the hook
    args: Vec<String>,
}

pub fn run(g: &Global, a: &Args) -> Result<i32> {
    let (name, args) = (a.name.as_str(), &a.args);
    let gate = g.gate()?;
    let repo = &gate.repo;
    let style = style_stderr();
    let render = |r: &report::Report| report::human::render(r, &style);
    match name {
        "pre-commit" => {
            // With our commit-msg hook installed, it gives the verdict: only it can
            // see the waivers in the message being written.
            if crate::hooks::commit_msg_installed(repo) {
                return Ok(0);
            }
            let report = check::check(repo, gate.rules(), &Mode::Staged)?;
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
            let report = check::check_with(repo, gate.rules(), &Mode::Staged, Some(&message))?;
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
                repo,
                gate.rules(),
                &gate.head_config()?,
                args,
                &stdin,
                &render,
            )?;
            emit_err(&out.output);
            Ok(out.code)
        }
    }
}
