//! Scenario tests as data: every folder under `tests/cases/<suite>/<case>/` is one test.
//!
//! A case folder holds
//! - `setup.sh` — a bash script that builds the repository with the real git CLI. It runs
//!   in an empty work tree `$ROOT/repo` with `tests/cases/lib.sh` sourced (helpers such
//!   as `init`, `write`, `config`, `commit`, `auth_repo`) and then the suite's own
//!   `tests/cases/<suite>/lib.sh` if there is one sourced, a private `HOME`, fixed
//!   identities and dates. It may also run `specmoor` to reach a state (`install`, ...).
//! - `cmd` — the commands whose output is the test, one per line, each run by bash in the
//!   work tree with the binary under test first on `PATH` (so a line may pipe, redirect or
//!   set variables: `SPECMOOR_SKIP=1 specmoor check`), and the helpers of `lib.sh` are
//!   there too, so a case can change the repository between two checks (`edit ...`,
//!   `stage`, `commit`), their output going into the transcript. Blank lines and `#`
//!   lines are skipped.
//! - `expected` — the transcript: for every command its line, its exit code, stdout and
//!   stderr. The temporary root is written `[ROOT]`. Bless (write) the transcripts with
//!   `SPECMOOR_BLESS=1 cargo test --test cases`, then read the diff before committing.
//!
//! Each command gets a scrubbed environment: no system or user git config, none of a
//! surrounding hook's `GIT_DIR`/`GIT_INDEX_FILE`, `NO_COLOR=1`, `COLUMNS=100`, `LC_ALL=C`
//! and `SOURCE_DATE_EPOCH` at 2024-01-01, so that the transcript is the same on every
//! machine.

mod common;

use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BLESS: &str = "SPECMOOR_BLESS";

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    let mut suites: Vec<PathBuf> = dirs(&cases_dir());
    suites.sort();
    for suite in suites {
        let mut cases = dirs(&suite);
        cases.sort();
        for case in cases {
            let name = format!(
                "{}/{}",
                suite.file_name().unwrap().to_string_lossy(),
                case.file_name().unwrap().to_string_lossy()
            );
            trials.push(Trial::test(name, move || run_case(&case)));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

fn dirs(p: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default()
}

/// The environment every setup script and command runs in.
fn command(program: &str, root: &Path, cwd: &Path) -> Command {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_specmoor"));
    let bindir = bin.parent().expect("bin dir");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![bindir.to_path_buf()];
    dirs.extend(std::env::split_paths(&path));
    let home = root.join("home");
    let mut cmd = Command::new(program);
    cmd.env_clear();
    // the environment every test process gets (tests/common), then the harness's own
    common::scrub(&mut cmd, &home);
    cmd.env("PATH", std::env::join_paths(dirs).expect("PATH"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("SOURCE_DATE_EPOCH", "1704067200")
        .env("COLUMNS", "100")
        .env("ROOT", root)
        .env("CASES", cases_dir())
        .env("SPECMOOR", &bin)
        .current_dir(cwd)
        .stdin(Stdio::null());
    if let Some(tmp) = std::env::var_os("TMPDIR") {
        cmd.env("TMPDIR", tmp);
    }
    cmd
}

fn run_case(case: &Path) -> Result<(), Failed> {
    let tmp = tempfile::Builder::new()
        .prefix("specmoor-case-")
        .tempdir()
        .map_err(|e| format!("tempdir: {e}"))?;
    let root = tmp.path().canonicalize().map_err(|e| e.to_string())?;
    let repo = root.join("repo");
    std::fs::create_dir_all(root.join("home")).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&repo).map_err(|e| e.to_string())?;
    std::fs::write(
        root.join("home/.gitconfig"),
        "[init]\n\tdefaultBranch = main\n[core]\n\tautocrlf = false\n",
    )
    .map_err(|e| e.to_string())?;

    // lib.sh, then the suite's own lib.sh: sourced before setup.sh and every command
    let suite_lib = case.parent().expect("suite").join("lib.sh");
    let mut prelude = String::from(". \"$CASES/lib.sh\"\n");
    if suite_lib.exists() {
        prelude.push_str(&format!(
            ". {}\n",
            shell_quote(&suite_lib.to_string_lossy())
        ));
    }
    let setup = case.join("setup.sh");
    if setup.exists() {
        let script = format!(
            "set -euo pipefail\n{prelude}. {}\n",
            shell_quote(&setup.to_string_lossy())
        );
        let out = command("bash", &root, &repo)
            .arg("-c")
            .arg(script)
            .output()
            .map_err(|e| format!("spawn bash: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "setup.sh failed ({})\nstdout:\n{}\nstderr:\n{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
    }

    let cmds = std::fs::read_to_string(case.join("cmd"))
        .map_err(|e| format!("{}: {e}", case.join("cmd").display()))?;
    let mut transcript = String::new();
    for line in cmds.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let out = command("bash", &root, &repo)
            .arg("-c")
            .arg(format!("{prelude}{line}"))
            .output()
            .map_err(|e| format!("spawn bash: {e}"))?;
        let status = match out.status.code() {
            Some(c) => c.to_string(),
            None => return Err(format!("`{line}` was killed by a signal: {:?}", out.status).into()),
        };
        transcript.push_str(&format!("$ {line}\n? {status}\n"));
        for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            if bytes.is_empty() {
                continue;
            }
            let mut text = String::from_utf8_lossy(bytes).into_owned();
            if !text.ends_with('\n') {
                text.push_str("\n[no final newline]\n");
            }
            transcript.push_str(&format!("--- {name}\n{text}"));
        }
    }
    let transcript = transcript.replace(&root.to_string_lossy().into_owned(), "[ROOT]");

    let expected_path = case.join("expected");
    if std::env::var_os(BLESS).is_some() {
        std::fs::write(&expected_path, &transcript).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if expected == transcript {
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(&expected, &transcript);
    let msg = format!(
        "{} differs from the run; bless with {BLESS}=1 if the change is meant\n{}",
        expected_path.display(),
        diff.unified_diff()
            .context_radius(4)
            .header("expected", "actual")
    );
    Err(msg.into())
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}
