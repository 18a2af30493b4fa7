//! `specmoor coverage --format html` in a real headless Chromium (Debian's `chromium`
//! package): the page of a fixture repository loads without a console message (a
//! script error, a blocked load, an injected handler would all log one), its script
//! runs, the treemap has one rectangle per owned folder and one per unowned folder,
//! drift from an audit report is outlined, and a screenshot is written
//! (`SPECMOOR_BLESS=1` also copies it to docs/coverage.png for the README).
//!
//! Without chromium the test is skipped with a loud message, unless
//! `SPECMOOR_REQUIRE_CHROMIUM=1` (set by .ci/run, which installs it): then it fails.

mod common;

use common::{code, stderr, Repo};
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args = Arguments::from_args();
    let browser = chromium();
    let required = std::env::var("SPECMOOR_REQUIRE_CHROMIUM").is_ok_and(|v| v == "1");
    let mut trial = Trial::test("coverage_html_in_headless_chromium", move || {
        match &browser {
            Some(b) => run(b),
            None if required => Err(Failed::from(
                "chromium is not installed but SPECMOOR_REQUIRE_CHROMIUM=1: install Debian's `chromium` package (.ci/run does)",
            )),
            None => Ok(()),
        }
    });
    if chromium().is_none() && !required {
        eprintln!(
            "\n*** SKIPPED coverage_html_in_headless_chromium: no `chromium` on PATH ***\n*** install it (`apt-get install -y chromium`) to test the HTML coverage map in a real browser; CI sets SPECMOOR_REQUIRE_CHROMIUM=1 and fails instead ***\n"
        );
        trial = trial.with_ignored_flag(true);
    }
    libtest_mimic::run(&args, vec![trial]).exit();
}

/// The browser: `$SPECMOOR_CHROMIUM`, else `chromium` on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SPECMOOR_CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("chromium"))
        .find(|p| p.is_file())
}

/// A spec owning `globs`.
fn spec(title: &str, globs: &[&str]) -> String {
    let list: Vec<String> = globs.iter().map(|g| format!("\"{g}\"")).collect();
    format!(
        "---\nversion: 1.0.0\nowns: [{}]\n---\n# {title}\n",
        list.join(", ")
    )
}

/// The fixture: four owned folders (one spec owns two), three unowned ones (one with a
/// hostile name), and files that are not code.
fn fixture() -> Repo {
    let r = Repo::new();
    // two requirements: FR-1 tagged in code, FR-2 implemented by nothing
    r.write(
        "specs/auth.md",
        &format!(
            "{}\n## FR-1: Login\nUsers log in.\n\n## FR-2: Logout\nUsers log out.\n",
            spec("Auth", &["src/auth/**"])
        ),
    );
    r.write(
        "specs/billing.md",
        &spec("Billing", &["src/billing/**", "lib/billing-shared/**"]),
    );
    r.write("specs/ui.md", &spec("UI", &["web/components/**"]));
    for i in 0..6 {
        r.write(&format!("src/auth/f{i}.rs"), "fn f() {}\n");
    }
    r.write("src/auth/login.rs", "// @spec FR-1\nfn login() {}\n");
    for i in 0..9 {
        r.write(&format!("src/billing/b{i}.rs"), "fn b() {}\n");
    }
    for i in 0..3 {
        r.write(&format!("lib/billing-shared/s{i}.rs"), "fn s() {}\n");
    }
    for i in 0..5 {
        r.write(&format!("web/components/c{i}.tsx"), "export {};\n");
    }
    r.write("src/misc/util.rs", "fn u() {}\n");
    r.write("src/misc/more.rs", "fn m() {}\n");
    r.write("scripts/build.sh", "echo build\n");
    // a folder name that would run a script if it were not escaped
    r.write(
        "src/<img src=x onerror=console.error(1)>\"'&/x.rs",
        "fn x() {}\n",
    );
    r.write("README.md", "# Project\n");
    r.write("docs/guide.md", "# Guide\n");
    r.write(".claude/agents/reviewer.md", "Review.\n");
    r.commit("fixture");
    r
}

/// Run chromium headless on `page` with `extra` arguments; its stderr and stdout.
fn browse(
    browser: &Path,
    page: &Path,
    profile: &Path,
    extra: &[&str],
) -> Result<(String, String), Failed> {
    let url = format!("file://{}", page.display());
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(&url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", browser.display()))?;
    // read both pipes while waiting, with a deadline
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let t_out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    let start = Instant::now();
    loop {
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            return Err("chromium did not finish within 120 s".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok((
        t_out.join().unwrap_or_default(),
        t_err.join().unwrap_or_default(),
    ))
}

/// Lines of chromium's log that are messages of the page's console.
fn console(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

fn run(browser: &Path) -> Result<(), Failed> {
    let r = fixture();
    let page = r.sibling("coverage.html");
    let audit = r.sibling("audit.json");
    // an audit report: SM001 findings on src/billing twice, src/auth once
    std::fs::write(
        &audit,
        r#"{"schema":"specmoor.audit/1","commits":[
            {"commit":"a","findings":[{"code":"SM001","path":"src/billing/b1.rs"},{"code":"SM001","path":"src/billing/b2.rs"}]},
            {"commit":"b","findings":[{"code":"SM001","path":"src/auth/f1.rs"},{"code":"SM007","path":"scripts/build.sh"}]}]}"#,
    )
    .map_err(|e| e.to_string())?;
    let out = r.specmoor(&[
        "coverage",
        "--format",
        "html",
        "--output",
        page.to_str().expect("utf-8 path"),
        "--audit",
        "../audit.json",
    ]);
    if code(&out) != 0 {
        return Err(format!("coverage exit {}: {}", code(&out), stderr(&out)).into());
    }
    let html = std::fs::read_to_string(&page).map_err(|e| e.to_string())?;
    // self-contained: nothing is loaded from anywhere
    for bad in ["http://", "https://", "src=\"", "@import", "url(http"] {
        let hits: Vec<&str> = html
            .lines()
            .filter(|l| l.contains(bad) && !l.contains("http://www.w3.org/2000/svg"))
            .collect();
        if !hits.is_empty() {
            return Err(format!("the page refers to {bad}: {hits:?}").into());
        }
    }

    let profile = r.sibling("chromium-profile");
    let (dom, log) = browse(browser, &page, &profile, &["--dump-dom"])?;
    let messages = console(&log);
    if !messages.is_empty() {
        return Err(format!("console messages in chromium:\n{}", messages.join("\n")).into());
    }
    if !dom.contains("data-map-ready=\"true\"") {
        return Err(format!("the page's script did not run; DOM:\n{dom}").into());
    }
    // one rectangle per owned folder, one per unowned folder
    let owned = count(&dom, "data-kind=\"owned\"");
    let unowned = count(&dom, "data-kind=\"unowned\"");
    if (owned, unowned) != (4, 3) {
        return Err(format!(
            "expected 4 owned and 3 unowned rectangles, got {owned} and {unowned}"
        )
        .into());
    }
    for f in [
        "src/auth/",
        "src/billing/",
        "lib/billing-shared/",
        "web/components/",
        "src/misc/",
        "scripts/",
    ] {
        if count(&dom, &format!("data-folder=\"{f}\"")) != 1 {
            return Err(format!("no single rectangle for {f}").into());
        }
    }
    // the hostile folder is one rectangle, its name text, never an element
    if dom.contains("<img") {
        return Err("the hostile folder name became an element".into());
    }
    // the requirements nothing implements: FR-2 alone, under its spec
    let listed = |id: &str| {
        count(
            &dom,
            &format!("<li data-spec=\"specs/auth.md\" data-requirement=\"{id}\">"),
        )
    };
    if (listed("FR-1"), listed("FR-2")) != (0, 1) || count(&dom, "data-requirement=") != 1 {
        return Err(format!(
            "expected FR-2 alone among the unimplemented requirements, got FR-1 {} and FR-2 {} of {}",
            listed("FR-1"),
            listed("FR-2"),
            count(&dom, "data-requirement=")
        )
        .into());
    }
    // the tagged file, with the requirement its tag names
    if count(&dom, "<tr data-tagged=\"src/auth/login.rs\">") != 1
        || count(&dom, "data-tagged=") != 1
        || !dom.contains("specs/auth.md#FR-1")
    {
        return Err("the tagged file is not listed with its requirement".into());
    }
    // drift: src/billing/ twice, src/auth/ once
    if !dom.contains("data-drift=\"2\"") || !dom.contains("data-drift=\"1\"") {
        return Err("drift hot spots are not outlined".into());
    }
    if count(&dom, "data-drift=") != 2 {
        return Err("drift outlined on more than the two folders".into());
    }

    // the screenshot
    let shot = r.sibling("coverage.png");
    let (_, log) = browse(
        browser,
        &page,
        &profile,
        &[
            "--window-size=1280,1000",
            "--hide-scrollbars",
            &format!("--screenshot={}", shot.display()),
        ],
    )?;
    let messages = console(&log);
    if !messages.is_empty() {
        return Err(format!("console messages in chromium:\n{}", messages.join("\n")).into());
    }
    let png = std::fs::read(&shot).map_err(|e| format!("no screenshot: {e}"))?;
    if !png.starts_with(b"\x89PNG\r\n\x1a\n") || png.len() < 10_000 {
        return Err(format!(
            "the screenshot is not a plausible PNG ({} bytes)",
            png.len()
        )
        .into());
    }
    if std::env::var("SPECMOOR_BLESS").is_ok_and(|v| v == "1") {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        std::fs::create_dir_all(&docs).map_err(|e| e.to_string())?;
        std::fs::write(docs.join("coverage.png"), &png).map_err(|e| e.to_string())?;
    }
    Ok(())
}
