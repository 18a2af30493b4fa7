//! Hardening of `install`/`uninstall` (issue #17.3, #17.6d, #17.7) where a transcript
//! cannot say it: file modes (they vary with the umask), byte-for-byte snapshots of
//! the hooks directory, and the real pre-commit framework when it is installed.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn hooks_dir(r: &Repo) -> PathBuf {
    r.path().join(".git/hooks")
}

/// Every entry of `dir`: name -> (kind, bytes, permission bits).
fn snapshot(dir: &Path) -> BTreeMap<String, (char, Vec<u8>, u32)> {
    let mut m = BTreeMap::new();
    for e in std::fs::read_dir(dir).expect("read hooks dir") {
        let e = e.expect("entry");
        let meta = std::fs::symlink_metadata(e.path()).expect("metadata");
        let (kind, bytes) = if meta.is_dir() {
            ('d', Vec::new())
        } else if meta.file_type().is_symlink() {
            (
                'l',
                std::fs::read_link(e.path())
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes(),
            )
        } else {
            ('f', std::fs::read(e.path()).expect("read"))
        };
        m.insert(
            e.file_name().to_string_lossy().into_owned(),
            (kind, bytes, meta.permissions().mode() & 0o7777),
        );
    }
    m
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

fn both(out: &std::process::Output) -> String {
    format!("stdout:\n{}\nstderr:\n{}", stdout(out), stderr(out))
}

#[test]
fn an_edited_hook_kept_aside_keeps_its_bytes_and_mode() {
    let r = auth_repo();
    let dir = hooks_dir(&r);
    assert_code(&r.specmoor(&["install"]), 0);
    let hook = dir.join("pre-commit");
    let mut edited = std::fs::read(&hook).unwrap();
    edited.extend_from_slice(b"\n# local addition\n./scripts/lint-secrets.sh || exit 1\n");
    std::fs::write(&hook, &edited).unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o700)).unwrap();

    // refused: the directory is unchanged, byte for byte and mode for mode
    let before = snapshot(&dir);
    for args in [&["install"][..], &["install", "--hook", "pre-commit"]] {
        let out = r.specmoor(args);
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains("pre-commit.specmoor-edited"),
            "{}",
            both(&out)
        );
        assert_eq!(snapshot(&dir), before);
    }

    // --force keeps the edited file under a new name, same bytes and mode
    let out = r.specmoor(&["install", "--force"]);
    assert_code(&out, 0);
    let kept = dir.join("pre-commit.specmoor-edited");
    assert_eq!(std::fs::read(&kept).unwrap(), edited);
    assert_eq!(mode(&kept), 0o700);
    assert_eq!(mode(&hook), 0o755);
    assert_ne!(std::fs::read(&hook).unwrap(), edited);

    // edited again: uninstall keeps it too, same bytes and mode
    std::fs::remove_file(&kept).unwrap();
    std::fs::write(&hook, &edited).unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o750)).unwrap();
    let out = r.specmoor(&["uninstall"]);
    assert_code(&out, 0);
    assert_eq!(std::fs::read(&kept).unwrap(), edited);
    assert_eq!(mode(&kept), 0o750);
    assert!(!hook.exists());
}

#[test]
fn a_refused_install_changes_nothing_not_even_the_backup_of_an_earlier_hook() {
    let r = auth_repo();
    let dir = hooks_dir(&r);
    // pre-commit is foreign (it would be kept as a backup), pre-push is a directory
    std::fs::write(dir.join("pre-commit"), "#!/bin/sh\necho team\n").unwrap();
    std::fs::set_permissions(
        dir.join("pre-commit"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    std::fs::create_dir(dir.join("pre-push")).unwrap();
    let before = snapshot(&dir);
    let out = r.specmoor(&["install"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("pre-push is a directory"),
        "{}",
        both(&out)
    );
    assert_eq!(snapshot(&dir), before, "no hook, backup or temporary file");

    // a symlink to a directory is no hook either
    std::fs::remove_dir(dir.join("pre-push")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("pre-push")).unwrap();
    let before = snapshot(&dir);
    assert_code(&r.specmoor(&["install"]), 2);
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn a_hooks_directory_symlinked_into_the_work_tree_is_left_byte_for_byte() {
    let r = auth_repo();
    r.write("tools/hooks/pre-commit", "#!/bin/sh\necho team hook\n");
    r.commit("team hooks");
    std::fs::remove_dir_all(hooks_dir(&r)).unwrap();
    std::os::unix::fs::symlink("../tools/hooks", hooks_dir(&r)).unwrap();
    let before = snapshot(&r.path().join("tools/hooks"));
    let out = r.specmoor(&["install"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("tools/hooks"), "{}", both(&out));
    assert_eq!(snapshot(&r.path().join("tools/hooks")), before);
    assert_eq!(r.git(&["status", "--short"]), "");
}

/// `pre-commit` on PATH, or None (the test then checks nothing and says so).
fn framework() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("pre-commit"))
        .find(|p| p.is_file())
        // a version manager's shim may exist without the framework behind it
        .filter(|p| {
            Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

fn framework_cmd(r: &Repo, bin: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(bin);
    scrub(&mut cmd, &r.home());
    // the framework keeps its environments under PRE_COMMIT_HOME (else ~/.cache)
    cmd.env("PRE_COMMIT_HOME", r.home().join("pre-commit-cache"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(r.path())
        .args(args);
    cmd.output().expect("spawn pre-commit")
}

const LOCAL_CONFIG: &str = "repos:\n  - repo: local\n    hooks:\n      - id: hello\n        name: hello\n        entry: \"true\"\n        language: system\n        pass_filenames: false\n";

#[test]
fn the_real_pre_commit_framework_and_specmoor_never_loop() {
    let Some(pc) = framework() else {
        eprintln!("pre-commit is not on PATH: skipped (pip install pre-commit)");
        return;
    };
    // redteam 17: `pre-commit install`, `specmoor install`, `pre-commit install`
    let r = auth_repo_with(&[(".pre-commit-config.yaml", LOCAL_CONFIG)]);
    let dir = hooks_dir(&r);
    assert_code(&framework_cmd(&r, &pc, &["install"]), 0);
    let before = snapshot(&dir);
    let out = r.specmoor(&["install"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("pre-commit framework"),
        "{}",
        both(&out)
    );
    assert!(
        stderr(&out).contains(".pre-commit-hooks.yaml"),
        "{}",
        both(&out)
    );
    assert_eq!(snapshot(&dir), before, "nothing chained");
    assert_code(&framework_cmd(&r, &pc, &["install"]), 0);
    r.write("README.md", "any commit\n");
    r.stage();
    let out = r.git_output(&["commit", "-q", "-m", "any commit"]);
    assert_code(&out, 0);

    // the other order: the framework runs our hook as its legacy hook; no loop,
    // and doctor says so without counting it a problem
    let r = auth_repo_with(&[(".pre-commit-config.yaml", LOCAL_CONFIG)]);
    assert_code(&r.specmoor(&["install"]), 0);
    assert_code(&framework_cmd(&r, &pc, &["install"]), 0);
    let out = r.specmoor(&["doctor"]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("pre-commit.legacy"), "{}", both(&out));
    r.write("README.md", "any commit\n");
    r.stage();
    assert_code(&r.git_output(&["commit", "-q", "-m", "any commit"]), 0);
    // and drift is still refused through it
    r.write("src/auth/login.rs", "fn login() { /* changed */ }\n");
    r.stage();
    let out = r.git_output(&["commit", "-q", "-m", "drift"]);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("SM001"), "{}", both(&out));
}
