//! Hardening of the Action's install (#17.1, redteam 04): the source build never
//! runs a toolchain, cargo or cargo config chosen by files of the workspace (the
//! pull request), and the checksum-verified release is the default install.

mod common;
use common::*;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("action")
        .join(name)
}

/// The toolchain `action/build-source.sh` pins.
fn pinned() -> String {
    let text = std::fs::read_to_string(script("build-source.sh")).unwrap();
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("TOOLCHAIN="))
        .expect("TOOLCHAIN= in build-source.sh");
    line.trim().to_string()
}

fn exe(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The pull request's checkout: a `rust-toolchain.toml` whose `path` toolchain is
/// PR code (a cargo that installs an always-passing specmoor and leaves `marker`),
/// and a `.cargo/config.toml` naming a PR rustc wrapper.
fn hostile_workspace(ws: &Path, marker: &Path) {
    let evil = format!(
        "#!/bin/sh\necho \"PR-CONTROLLED $0 RAN: $*\" >> '{m}'\n\
         while [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\n\
         [ -n \"$root\" ] && mkdir -p \"$root/bin\" && printf '#!/bin/sh\\nexit 0\\n' > \"$root/bin/specmoor\" && chmod +x \"$root/bin/specmoor\"\nexit 0\n",
        m = marker.display()
    );
    for tool in ["cargo", "rustc", "rustup"] {
        exe(&ws.join("evil/bin").join(tool), &evil);
    }
    std::fs::write(
        ws.join("rust-toolchain.toml"),
        format!("[toolchain]\npath = \"{}/evil\"\n", ws.display()),
    )
    .unwrap();
    std::fs::create_dir_all(ws.join(".cargo")).unwrap();
    std::fs::write(
        ws.join(".cargo/config.toml"),
        format!(
            "[build]\nrustc-wrapper = \"{}/evil/bin/rustc\"\n",
            ws.display()
        ),
    )
    .unwrap();
}

/// A stand-in for the action's source: a crate whose binary is `specmoor`.
fn stand_in_action(dir: &Path) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"specmoor\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("Cargo.lock"),
        "version = 4\n\n[[package]]\nname = \"specmoor\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/main.rs"),
        "fn main() { std::process::exit(7) }\n",
    )
    .unwrap();
}

/// Run `action/build-source.sh` from the workspace (where a step runs by default).
fn build(ws: &Path, home: &Path, env: &[(&str, &str)], path: &str) -> Output {
    let mut cmd = Command::new("bash");
    scrub(&mut cmd, home);
    for v in [
        "CARGO_HOME",
        "RUSTUP_HOME",
        "RUSTUP_TOOLCHAIN",
        "GITHUB_WORKSPACE",
    ] {
        cmd.env_remove(v);
    }
    cmd.arg(script("build-source.sh"))
        .current_dir(ws)
        .env("GITHUB_WORKSPACE", ws)
        .env("PATH", path);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("spawn bash")
}

/// A trusted cargo (in a CARGO_HOME outside the workspace) that records where and
/// how it ran, and installs a `specmoor` that exits 7.
fn recording_cargo(bin: &Path, log: &Path) {
    let rec = format!(
        "#!/bin/sh\necho \"$(basename $0) pwd=$(pwd -P) toolchain=$RUSTUP_TOOLCHAIN cargo_home=$CARGO_HOME rustup_home=$RUSTUP_HOME wrapper=${{RUSTC_WRAPPER:-}} args=$*\" >> '{l}'\n\
         while [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\n\
         [ -n \"$root\" ] && mkdir -p \"$root/bin\" && printf '#!/bin/sh\\nexit 7\\n' > \"$root/bin/specmoor\" && chmod +x \"$root/bin/specmoor\"\nexit 0\n",
        l = log.display()
    );
    exe(&bin.join("cargo"), &rec);
    exe(&bin.join("rustup"), &rec);
}

#[test]
fn the_source_build_does_not_run_a_toolchain_the_pull_request_commits() {
    let t = Repo::bare_dir("ws");
    let ws = t.path().to_path_buf();
    let marker = t.sibling("PR-CODE-RAN");
    hostile_workspace(&ws, &marker);
    let action = t.sibling("action");
    stand_in_action(&action);
    let log = t.sibling("cargo.log");
    let home = t.home();
    let trusted = t.sibling("cargo-home");
    recording_cargo(&trusted.join("bin"), &log);
    recording_cargo(&home.join(".cargo/bin"), &log);
    // the PR's tools even come first on PATH
    let path = format!(
        "{}:{}",
        ws.join("evil/bin").display(),
        std::env::var("PATH").unwrap()
    );
    let action_s = action.to_str().unwrap();

    for (cargo_home, want_home) in [
        (trusted.clone(), trusted.clone()),
        // a CARGO_HOME inside the workspace is not used
        (ws.join("evil"), home.join(".cargo")),
    ] {
        let root = t.sibling(&format!("root-{}", want_home.display().to_string().len()));
        let _ = std::fs::remove_file(&log);
        let out = build(
            &ws,
            &home,
            &[
                ("ACTION_PATH", action_s),
                ("ROOT", root.to_str().unwrap()),
                ("CARGO_HOME", cargo_home.to_str().unwrap()),
                ("RUSTUP_HOME", ws.join(".rustup").to_str().unwrap()),
                ("RUSTC_WRAPPER", ws.join("evil/bin/rustc").to_str().unwrap()),
            ],
            &path,
        );
        let both = format!(
            "exit {:?}\nstdout:\n{}\nstderr:\n{}",
            out.status,
            stdout(&out),
            stderr(&out)
        );
        assert_eq!(code(&out), 0, "{both}");
        assert!(
            !marker.exists(),
            "PR code ran: {}\n{both}",
            std::fs::read_to_string(&marker).unwrap_or_default()
        );
        let log_text = std::fs::read_to_string(&log).unwrap_or_default();
        let install = log_text
            .lines()
            .find(|l| l.starts_with("cargo ") && l.contains("args=install"))
            .unwrap_or_else(|| panic!("no cargo install\n{log_text}\n{both}"));
        assert!(install.contains(&format!("pwd={action_s} ")), "{install}");
        assert!(
            install.contains(&format!("toolchain={} ", pinned())),
            "{install}"
        );
        assert!(
            install.contains(&format!("cargo_home={} ", want_home.display())),
            "{install}"
        );
        assert!(
            install.contains(&format!("rustup_home={} ", home.join(".rustup").display())),
            "{install}"
        );
        assert!(install.contains("wrapper= "), "{install}");
        assert!(install.contains("--locked"), "{install}");
        // what the Check step would run is the build's own binary
        let bin = root.join("bin/specmoor");
        assert_eq!(code(&Command::new(&bin).output().unwrap()), 7);
    }

    // a cargo found only inside the workspace is refused (exit 2, saying why)
    let out = build(
        &ws,
        &home,
        &[
            ("ACTION_PATH", action_s),
            ("ROOT", t.sibling("root-x").to_str().unwrap()),
            ("CARGO_HOME", t.sibling("no-cargo-home").to_str().unwrap()),
        ],
        &format!("{}:/usr/bin:/bin", ws.join("evil/bin").display()),
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("inside the workspace"),
        "{}",
        stderr(&out)
    );
    assert!(!marker.exists(), "PR code ran");
}

#[test]
fn the_source_build_with_real_rustup_ignores_the_workspace_toolchain_file() {
    // redteam 04 with the real rustup proxies, when this machine has them and the
    // pinned toolchain (no network here: otherwise skipped, the test above holds)
    let real_home = std::env::var("HOME").unwrap_or_default();
    let cargo_home = std::env::var("CARGO_HOME").unwrap_or(format!("{real_home}/.cargo"));
    let rustup_home = std::env::var("RUSTUP_HOME").unwrap_or(format!("{real_home}/.rustup"));
    let rustup = Path::new(&cargo_home).join("bin/rustup");
    let have = rustup.exists()
        && Command::new(&rustup)
            .args(["run", &pinned(), "rustc", "--version"])
            .env("RUSTUP_HOME", &rustup_home)
            .env("CARGO_HOME", &cargo_home)
            .output()
            .is_ok_and(|o| o.status.success());
    if !have {
        eprintln!("skipped: rustup or toolchain {} not installed", pinned());
        return;
    }
    let t = Repo::bare_dir("ws");
    let ws = t.path().to_path_buf();
    let marker = t.sibling("PR-CODE-RAN");
    hostile_workspace(&ws, &marker);
    let action = t.sibling("action");
    stand_in_action(&action);
    let root = t.sibling("root");
    let out = build(
        &ws,
        &t.home(),
        &[
            ("ACTION_PATH", action.to_str().unwrap()),
            ("ROOT", root.to_str().unwrap()),
            ("CARGO_HOME", &cargo_home),
            ("RUSTUP_HOME", &rustup_home),
            ("CARGO_TARGET_DIR", t.sibling("target").to_str().unwrap()),
        ],
        &std::env::var("PATH").unwrap(),
    );
    assert_eq!(code(&out), 0, "{}\n{}", stdout(&out), stderr(&out));
    assert!(
        !marker.exists(),
        "PR code ran: {}",
        std::fs::read_to_string(&marker).unwrap_or_default()
    );
    // the real build of the stand-in (exits 7), not the PR's always-passing one
    let bin = root.join("bin/specmoor");
    assert_eq!(code(&Command::new(&bin).output().unwrap()), 7);
}

fn install_release(action: &Path, version: &str, out_file: &Path) -> Output {
    let t = Repo::bare_dir("rt");
    let mut cmd = Command::new("bash");
    scrub(&mut cmd, &t.home());
    cmd.arg(script("install-release.sh"))
        .env("ACTION_PATH", action)
        .env("VERSION", version)
        .env("RUNNER_TEMP", t.path())
        .env("GITHUB_PATH", t.sibling("github-path"))
        .env("GITHUB_OUTPUT", out_file);
    cmd.output().expect("spawn bash")
}

#[test]
fn the_release_install_is_the_default_and_the_source_build_its_declared_fallback() {
    let yml =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    let steps = &yml[yml.find("  steps:").expect("steps")..];
    let release = steps
        .find("action/install-release.sh")
        .expect("release step");
    let build = steps.find("action/build-source.sh").expect("build step");
    assert!(release < build, "the release install comes first");
    assert!(
        !steps.contains("cargo install"),
        "cargo runs only in build-source.sh"
    );
    let build_step = &steps[steps[..build].rfind("- name:").unwrap()..build];
    assert!(
        build_step.contains("working-directory: ${{ github.action_path }}"),
        "{build_step}"
    );
    assert!(
        build_step.contains("steps.release.outputs.installed != 'true'"),
        "{build_step}"
    );
    assert!(yml.contains("build-from-source:"));

    // the action's own version without a listed asset: installed=false, a notice,
    // exit 0 (the source build runs); a version asked for and not listed: exit 2
    let t = Repo::bare_dir("out");
    let action = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_file = t.sibling("github-output");
    let out = install_release(action, "", &out_file);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("::notice title=specmoor::"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&out_file).unwrap(),
        "installed=false\n"
    );
    let out_file = t.sibling("github-output-2");
    let out = install_release(action, "9.9.9", &out_file);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("not published"), "{}", stderr(&out));
    assert!(!out_file.exists() || std::fs::read_to_string(&out_file).unwrap().is_empty());
}
