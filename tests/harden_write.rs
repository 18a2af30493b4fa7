//! Nothing specmoor writes loses a byte (issue #17.4, #17.6a; specs/cli.md CL-4, CL-5).
//!
//! The scenarios that fit a transcript are case folders in tests/cases/harden/ (links
//! written through or refused, a file size limit). Here is what does not: file modes
//! under a umask, a report file that is a FIFO or a link.

mod common;
use common::*;

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output};

/// specmoor run by `sh` under `umask`, with the cache under this test's HOME.
fn under_umask(r: &Repo, umask: &str, args: &[&str]) -> Output {
    let mut cmd = Command::new("sh");
    scrub(&mut cmd, &r.home());
    cmd.env_remove("SPECMOOR_CACHE_DIR")
        .env("XDG_CACHE_HOME", r.home().join(".cache"))
        .current_dir(r.path())
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(specmoor_bin())
        .args(args);
    cmd.output().expect("spawn sh")
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

#[test]
fn bump_keeps_the_spec_mode_and_a_new_report_file_gets_the_umask_mode() {
    let r = auth_repo();
    let spec = r.path().join("specs/auth.md");
    std::fs::set_permissions(&spec, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = under_umask(&r, "000", &["bump", "specs/auth.md", "patch", "-m", "x"]);
    assert_code(&out, 0);
    assert!(r.read("specs/auth.md").contains("version: 1.0.1"));
    assert_eq!(mode(&spec), 0o640, "bump changed the spec's mode");

    // a report file that did not exist: 0666 less the umask, as a plain create
    for (umask, want) in [("022", 0o644), ("077", 0o600)] {
        let name = format!("report-{umask}.json");
        let out = under_umask(&r, umask, &["check", "--json-file", &name]);
        assert_code(&out, 0);
        assert_eq!(mode(&r.path().join(&name)), want, "umask {umask}");
    }
    // an existing report file keeps its mode when rewritten
    let kept = r.path().join("report-022.json");
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o604)).unwrap();
    let out = under_umask(&r, "077", &["check", "--json-file", "report-022.json"]);
    assert_code(&out, 0);
    assert_eq!(mode(&kept), 0o604);
    // and no temporary file is left beside them
    let left: Vec<String> = std::fs::read_dir(r.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_report_file_that_is_a_link_or_a_fifo_is_written_through_not_replaced() {
    let r = auth_repo();
    // a link the user named: followed, and kept a link
    let reports = r.sibling("reports");
    std::fs::create_dir_all(&reports).unwrap();
    std::os::unix::fs::symlink(reports.join("out.sarif"), r.path().join("out.sarif")).unwrap();
    let out = r.specmoor(&["check", "--sarif-file", "out.sarif"]);
    assert_code(&out, 0);
    assert!(std::fs::symlink_metadata(r.path().join("out.sarif"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(reports.join("out.sarif"))
        .unwrap()
        .contains("\"version\": \"2.1.0\""));

    // a FIFO (a CI step reading the report as it comes): written in place, still a FIFO
    let fifo = r.path().join("report.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = r.specmoor(&["check", "--json-file", "report.fifo"]);
    assert_code(&out, 0);
    let text = reader.join().unwrap();
    assert!(text.contains("specmoor.report/1"), "{text}");
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
}
