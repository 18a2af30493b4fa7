//! Machine output formats of `specmoor check`: SARIF 2.1.0, GitHub workflow
//! commands (and the step summary), the Markdown pull-request comment,
//! `--json-file`/`--sarif-file` beside another stdout format, and `--waive-label`.
//! Real repositories, the real binary; file names are treated as hostile.

mod common;
use common::*;

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

/// Only the version rules are off: drift (SM001) and the waiver rule stay on.
const CONFIG: &str = "rules:\n  SM002: off\n  SM003: off\n  SM008: off\n";
const LOGIN: &str = "src/auth/login.rs";
const LOGOUT: &str = "src/auth/logout.rs";
const ALL_CODES: [&str; 11] = [
    "SM001", "SM002", "SM003", "SM004", "SM005", "SM006", "SM007", "SM008", "SM009", "SM010",
    "SM011",
];

/// A repository with the auth spec (owning `src/auth/**`, FR-1 owning login.rs),
/// its code, and an unowned file, committed once; returns it and that commit.
fn base_repo(config: &str) -> (Repo, String) {
    let r = Repo::new();
    r.write(".specmoor.yml", config)
        .write("specs/auth.md", AUTH_SPEC)
        .write(LOGIN, "fn login() {}\n")
        .write(LOGOUT, "fn logout() {}\n")
        .write("src/main.rs", "fn main() {}\n");
    let base = r.commit("initial");
    (r, base)
}

fn touch(r: &Repo, path: &str, n: u32) {
    r.write(path, &format!("// change {n}\nfn f() {{}}\n"));
}

fn check(r: &Repo, base: &str, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--base", base, "--head", "HEAD"];
    args.extend(extra);
    r.specmoor(&args)
}

fn sarif(r: &Repo, base: &str) -> (i32, Value) {
    let out = check(r, base, &["--format", "sarif"]);
    let v: Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", stdout(&out), stderr(&out)));
    (code(&out), v)
}

fn results(v: &Value) -> &Vec<Value> {
    v["runs"][0]["results"].as_array().expect("results array")
}

fn uri_of(result: &Value) -> &str {
    result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("uri")
}

fn fingerprint_of(result: &Value) -> String {
    result["partialFingerprints"]["specmoorFinding/v1"]
        .as_str()
        .expect("fingerprint")
        .to_string()
}

/// The structure every SARIF document of ours must have, whatever its findings.
#[track_caller]
fn assert_sarif_shape(v: &Value) {
    assert_eq!(v["version"], "2.1.0");
    assert!(
        v["$schema"].as_str().is_some_and(|s| s.contains("sarif")),
        "{}",
        v["$schema"]
    );
    let runs = v["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["tool"]["driver"]["name"], "specmoor");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids.iter().copied().collect::<BTreeSet<_>>(),
        ALL_CODES.iter().copied().collect::<BTreeSet<_>>()
    );
    assert_eq!(ids.len(), 11, "{ids:?}");
    for r in rules {
        for key in ["name", "shortDescription", "fullDescription", "help"] {
            assert!(!r[key].is_null(), "rule without {key}: {r:#}");
        }
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(
                r[key]["text"].as_str().is_some_and(|t| !t.is_empty()),
                "{key}: {r:#}"
            );
        }
        assert!(r["name"].as_str().is_some_and(|t| !t.is_empty()), "{r:#}");
        let level = r["defaultConfiguration"]["level"].as_str().expect("level");
        assert!(
            ["error", "warning", "note", "none"].contains(&level),
            "{level}"
        );
    }
    let summary = &run["properties"]["summary"];
    for key in ["errors", "warnings", "waived"] {
        assert!(summary[key].is_u64(), "summary.{key}: {summary}");
    }
    for res in results(v) {
        let id = res["ruleId"].as_str().expect("ruleId");
        let idx = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            rules[idx]["id"], id,
            "ruleIndex points at its rule: {res:#}"
        );
        let level = res["level"].as_str().expect("level");
        assert!(["error", "warning"].contains(&level), "{res:#}");
        assert!(
            res["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty()),
            "{res:#}"
        );
        let pl = &res["locations"][0]["physicalLocation"];
        assert!(pl["artifactLocation"]["uri"].is_string(), "{res:#}");
        assert!(
            pl["region"]["startLine"].as_u64().is_some_and(|l| l >= 1),
            "{res:#}"
        );
        let fp = fingerprint_of(res);
        assert!(!fp.is_empty());
        if let Some(s) = res.get("suppressions") {
            assert_eq!(s[0]["kind"], "external", "{res:#}");
            assert!(
                s[0]["justification"]
                    .as_str()
                    .is_some_and(|t| !t.is_empty()),
                "{res:#}"
            );
        }
    }
}

/// RFC 3986 percent-encoding of a path: unreserved characters and `/` stay.
fn percent_encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// SARIF
// ---------------------------------------------------------------------------

#[test]
fn sarif_on_a_clean_change_has_all_rules_and_no_results() {
    let (r, base) = base_repo(CONFIG);
    r.write("README.md", "unowned\n");
    r.commit("docs");
    let (c, v) = sarif(&r, &base);
    assert_eq!(c, 0, "{v:#}");
    assert_sarif_shape(&v);
    assert_eq!(v["runs"][0]["results"], json!([]));
    assert_eq!(
        v["runs"][0]["properties"]["summary"],
        json!({"errors": 0, "warnings": 0, "waived": 0})
    );
}

#[test]
fn sarif_results_carry_rule_level_location_and_encoded_uris() {
    let (r, base) = base_repo(CONFIG);
    touch(&r, LOGIN, 1);
    let odd = ["src/auth/a b#c%.rs", "src/auth/é.rs"];
    for p in odd {
        r.write(p, "fn odd() {}\n");
    }
    r.commit("code without spec");
    let (c, v) = sarif(&r, &base);
    assert_eq!(c, 1, "{v:#}");
    assert_sarif_shape(&v);
    let res = results(&v);
    assert_eq!(res.len(), 3, "{v:#}");
    let uris: BTreeSet<&str> = res.iter().map(uri_of).collect();
    let want: BTreeSet<&str> = [
        "src/auth/login.rs",
        "src/auth/a%20b%23c%25.rs",
        "src/auth/%C3%A9.rs",
    ]
    .into();
    assert_eq!(uris, want);
    for p in odd.iter().chain([&LOGIN]) {
        assert!(uris.contains(percent_encode(p).as_str()), "{p}");
    }
    for res in res {
        assert_eq!(res["ruleId"], "SM001");
        assert_eq!(res["level"], "error");
        assert!(res.get("suppressions").is_none(), "{res:#}");
    }
    let login = res.iter().find(|x| uri_of(x) == LOGIN).unwrap();
    assert!(
        login["message"]["text"]
            .as_str()
            .unwrap()
            .contains("specs/auth.md"),
        "{login:#}"
    );
    // distinct findings, distinct fingerprints
    let fps: BTreeSet<String> = res.iter().map(fingerprint_of).collect();
    assert_eq!(fps.len(), 3);
    assert_eq!(
        v["runs"][0]["properties"]["summary"],
        json!({"errors": 3, "warnings": 0, "waived": 0})
    );
}

#[test]
fn sarif_fingerprints_survive_reruns_and_message_and_line_changes() {
    let (r, base) = base_repo(CONFIG);
    touch(&r, LOGIN, 1);
    r.commit("login");
    let (_, first) = sarif(&r, &base);
    let (_, again) = sarif(&r, &base);
    assert_eq!(first, again, "the same check gives the same SARIF");
    let fp = fingerprint_of(&results(&first)[0]);
    let msg = results(&first)[0]["message"]["text"].clone();
    let json1 = r.json(&["check", "--base", &base, "--head", "HEAD"]);

    // Another base where an unrelated line of the spec's front matter moved the
    // owning glob and the section down: message and line change, the finding not.
    r.git(&["checkout", "-q", "-b", "other", &base]);
    edit_spec(
        &r,
        "version: 1.0.0\n",
        "version: 1.0.0\ntitle: Authentication\n",
    );
    let base2 = r.commit("spec gains a title");
    touch(&r, LOGIN, 1);
    r.commit("login again");
    let (c, second) = sarif(&r, &base2);
    assert_eq!(c, 1);
    let res2 = &results(&second)[0];
    let json2 = r.json(&["check", "--base", &base2, "--head", "HEAD"]);
    assert_ne!(
        res2["message"]["text"], msg,
        "the message was meant to change"
    );
    assert_ne!(
        json1.findings()[0]["line"],
        json2.findings()[0]["line"],
        "the line was meant to change"
    );
    assert_eq!(fingerprint_of(res2), fp);
}

#[test]
fn sarif_waived_findings_are_suppressions() {
    let (r, base) = base_repo(CONFIG);
    touch(&r, LOGIN, 1);
    r.commit("refactor login\n\nSpecmoor-Waive: SM001 pure refactor");
    let (c, v) = sarif(&r, &base);
    assert_eq!(c, 0, "{v:#}");
    assert_sarif_shape(&v);
    let res = results(&v);
    assert_eq!(res.len(), 1, "{v:#}");
    let s = &res[0]["suppressions"];
    assert_eq!(s.as_array().map(Vec::len), Some(1), "{v:#}");
    assert_eq!(s[0]["kind"], "external");
    assert!(
        s[0]["justification"]
            .as_str()
            .unwrap()
            .contains("pure refactor"),
        "{s:#}"
    );
    assert_eq!(
        v["runs"][0]["properties"]["summary"],
        json!({"errors": 0, "warnings": 0, "waived": 1})
    );
}

#[test]
fn sarif_results_are_capped_at_5000_and_the_cut_counted() {
    let (r, base) = base_repo(CONFIG);
    let n = 5001;
    for i in 0..n {
        let p = r.path().join(format!("src/auth/many/f{i:04}.rs"));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, "fn x() {}\n").unwrap();
    }
    r.commit("many");
    let (c, v) = sarif(&r, &base);
    assert_eq!(c, 1);
    assert_eq!(results(&v).len(), 5000);
    let props = &v["runs"][0]["properties"];
    assert_eq!(props["summary"]["errors"], n, "{props:#}");
    assert!(
        props
            .as_object()
            .unwrap()
            .iter()
            .any(|(k, x)| k != "summary" && x == &json!(n)),
        "the cut is counted: {props:#}"
    );
    for res in results(&v) {
        let fp = fingerprint_of(res);
        assert!(
            fp.len() == 64 && fp.bytes().all(|b| b.is_ascii_hexdigit()),
            "{fp}"
        );
    }
}

// ---------------------------------------------------------------------------
// GitHub workflow commands
// ---------------------------------------------------------------------------

/// Undo workflow-command escaping (`%25`, `%0D`, `%0A`, `%3A`, `%2C`).
fn gh_unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 3).unwrap_or("");
        let c = match code {
            "25" => '%',
            "0D" => '\r',
            "0A" => '\n',
            "3A" => ':',
            "2C" => ',',
            _ => panic!("unknown escape %{code} in {s:?}"),
        };
        out.push(c);
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

#[derive(Debug)]
struct Annotation {
    kind: String,
    props: Vec<(String, String)>,
    message: String,
}

impl Annotation {
    fn prop(&self, key: &str) -> Option<String> {
        self.props
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| gh_unescape(v))
    }
}

/// Parse a `::kind props::message` line strictly: only specmoor's own kinds and
/// properties, each property value free of raw `:` and `,`.
fn parse_annotation(line: &str) -> Result<Annotation, String> {
    let rest = line
        .strip_prefix("::")
        .ok_or_else(|| format!("not a command: {line:?}"))?;
    let (cmd, message) = rest
        .split_once("::")
        .ok_or_else(|| format!("no message: {line:?}"))?;
    let (kind, props) = cmd.split_once(' ').unwrap_or((cmd, ""));
    if !["error", "warning", "notice"].contains(&kind) {
        return Err(format!("unexpected command {kind:?}: {line:?}"));
    }
    let mut parsed = Vec::new();
    for p in props.split(',').filter(|p| !p.is_empty()) {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| format!("bad property {p:?}: {line:?}"))?;
        if !["file", "line", "title"].contains(&k) {
            return Err(format!("unexpected property {k:?}: {line:?}"));
        }
        parsed.push((k.to_string(), v.to_string()));
    }
    let a = Annotation {
        kind: kind.to_string(),
        props: parsed,
        message: gh_unescape(message),
    };
    match a.prop("title") {
        Some(t) if t.starts_with("specmoor") => Ok(a),
        _ => Err(format!("not a specmoor annotation: {line:?}")),
    }
}

/// Every line of github-format output is an annotation of ours, an indented plain
/// finding line, or the summary line; returns the annotations.
#[track_caller]
fn github_lines(out: &str) -> Vec<Annotation> {
    assert!(!out.contains('\r'), "a raw CR in the output: {out:?}");
    let mut anns = Vec::new();
    for l in out.lines() {
        if l.starts_with("::") {
            anns.push(parse_annotation(l).unwrap_or_else(|e| panic!("{e}\n{out}")));
        } else {
            assert!(
                l.starts_with("  ") || l.starts_with("specmoor:"),
                "unexpected line {l:?}\n{out}"
            );
        }
    }
    let last = out.lines().last().unwrap_or("");
    assert!(last.starts_with("specmoor:"), "last line: {last:?}");
    anns
}

#[test]
fn github_annotations_escape_hostile_file_names() {
    let (r, base) = base_repo(CONFIG);
    let mut names = vec![
        "src/auth/::error::x.rs".to_string(),
        "src/auth/p,q:r%s.rs".to_string(),
        "src/auth/$(id) `id`.rs".to_string(),
    ];
    // newline and CR in a file name, where the file system allows them
    for odd in ["nl\n::warning::forged.rs", "cr\r::error::cr.rs"] {
        let p = format!("src/auth/{odd}");
        if std::fs::write(r.path().join("src/auth").join(odd), "x\n").is_ok() {
            names.push(p);
        }
    }
    for n in &names {
        r.write(n, "fn hostile() {}\n");
    }
    r.commit("hostile names");
    let j = r.json(&["check", "--base", &base, "--head", "HEAD"]);
    assert_eq!(j.code, 1);
    assert_eq!(j.findings().len(), names.len(), "{j:#?}");

    let out = check(&r, &base, &["--format", "github"]);
    assert_code(&out, 1);
    let s = stdout(&out);
    for l in s.lines() {
        for forged in ["::warning::", "::error::", "::notice::"] {
            assert!(!l.starts_with(forged), "forged command {l:?}\n{s}");
        }
    }
    let anns = github_lines(&s);
    assert_eq!(
        anns.len(),
        names.len(),
        "one single-line annotation per finding\n{s}"
    );
    // the annotations round-trip to the report's paths and messages
    let files: BTreeSet<String> = anns.iter().map(|a| a.prop("file").unwrap()).collect();
    let want: BTreeSet<String> = names.iter().cloned().collect();
    assert_eq!(files, want, "{s}");
    for a in &anns {
        assert_eq!(a.kind, "error");
        assert_eq!(a.prop("title").unwrap(), "specmoor SM001 drift");
        let f = j
            .findings()
            .iter()
            .find(|f| f["path"] == a.prop("file").unwrap().as_str())
            .unwrap();
        assert_eq!(a.message, f["message"].as_str().unwrap());
    }
    // the property values themselves carry no raw `:` or `,` (checked by the
    // parser), and the data escapes are visible
    assert!(s.contains("file=src/auth/%3A%3Aerror%3A%3Ax.rs,"), "{s}");
    assert!(s.contains("file=src/auth/p%2Cq%3Ar%25s.rs,"), "{s}");
    assert!(s.contains("::src/auth/p,q:r%25s.rs "), "{s}");
    // every finding again as an indented plain line, then the summary
    let plain = s.lines().filter(|l| l.starts_with("  SM001")).count();
    assert_eq!(plain, names.len(), "{s}");
    assert!(
        s.lines()
            .last()
            .unwrap()
            .starts_with(&format!("specmoor: {} errors", names.len())),
        "{s}"
    );
}

#[test]
fn github_annotations_are_capped_per_kind_and_the_rest_counted() {
    let config = format!("{CONFIG}  SM007: warn\n");
    let (r, base) = base_repo(&config);
    for i in 0..12 {
        r.write(&format!("src/auth/drift{i:02}.rs"), "fn d() {}\n");
    }
    for i in 0..11 {
        r.write(&format!("lib/free{i:02}.rs"), "fn u() {}\n");
    }
    r.commit("many");
    let out = check(&r, &base, &["--format", "github"]);
    assert_code(&out, 1);
    let s = stdout(&out);
    let anns = github_lines(&s);
    let count = |kind: &str| {
        anns.iter()
            .filter(|a| a.kind == kind && a.prop("file").is_some())
            .count()
    };
    assert_eq!(count("error"), 10, "{s}");
    assert_eq!(count("warning"), 10, "{s}");
    let notes: Vec<&str> = s
        .lines()
        .filter(|l| l.starts_with("::notice title=specmoor::"))
        .collect();
    assert_eq!(notes.len(), 2, "{s}");
    assert!(
        notes.iter().any(|l| l
            .strip_prefix("::notice title=specmoor::")
            .unwrap()
            .starts_with("2 more errors are not annotated")),
        "{s}"
    );
    assert!(
        notes.iter().any(|l| l
            .strip_prefix("::notice title=specmoor::")
            .unwrap()
            .starts_with("1 more warnings are not annotated")),
        "{s}"
    );
    // all 23 findings in the plain list, summary last
    assert_eq!(
        s.lines().filter(|l| l.starts_with("  SM")).count(),
        23,
        "{s}"
    );
    assert!(
        s.lines()
            .last()
            .unwrap()
            .starts_with("specmoor: 12 errors, 11 warnings"),
        "{s}"
    );
    // the cap applies to the annotations only: every path is in the log
    for i in 0..12 {
        assert!(s.contains(&format!("  SM001 drift [error] src/auth/drift{i:02}.rs")));
    }
}

fn github_with_summary(r: &Repo, base: &str, summary: &Path) -> Output {
    r.specmoor_cmd_in(r.path())
        .args([
            "check", "--base", base, "--head", "HEAD", "--format", "github",
        ])
        .env("GITHUB_STEP_SUMMARY", summary)
        .output()
        .expect("spawn")
}

#[test]
fn github_appends_the_markdown_summary_to_the_step_summary() {
    let (r, base) = base_repo(CONFIG);
    touch(&r, LOGIN, 1);
    r.commit("login");
    let summary = r.sibling("step-summary.md");
    let before = "# Earlier step\n\nsomething it wrote\n";
    std::fs::write(&summary, before).unwrap();

    let out = github_with_summary(&r, &base, &summary);
    assert_code(&out, 1);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with(before), "existing content kept:\n{text}");
    let added = &text[before.len()..];
    assert!(
        added
            .trim_start()
            .starts_with("## specmoor ❌ failed: 1 error"),
        "{added}"
    );
    assert!(added.contains("login\\.rs"), "{added}");
    // the log is unchanged by the summary: annotations, plain lines, summary line
    let anns = github_lines(&stdout(&out));
    assert_eq!(anns.len(), 1);
    let j = r.json(&["check", "--base", &base, "--head", "HEAD"]);
    let msg = j.findings()[0]["message"].as_str().unwrap().to_string();
    assert!(!msg.contains(['%', '\n', '\r']), "{msg}");
    assert_eq!(
        stdout(&out).lines().next().unwrap(),
        format!("::error file=src/auth/login.rs,title=specmoor SM001 drift::{msg}")
    );

    // a second step appends again
    let out = github_with_summary(&r, &base, &summary);
    assert_code(&out, 1);
    let again = std::fs::read_to_string(&summary).unwrap();
    assert!(again.starts_with(&text), "{again}");
    assert_eq!(again.matches("## specmoor ❌ failed").count(), 2, "{again}");

    // a clean change says so in the summary too
    let (r, base) = base_repo(CONFIG);
    r.write("README.md", "x\n");
    r.commit("docs");
    let summary = r.sibling("clean-summary.md");
    let out = github_with_summary(&r, &base, &summary);
    assert_code(&out, 0);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("## specmoor ✅ passed"), "{text}");
}

#[test]
fn step_summary_stays_within_one_mebibyte() {
    const LIMIT: u64 = 1_048_576;
    let (r, base) = base_repo(CONFIG);
    let long = "d".repeat(180);
    let n = 3000;
    for i in 0..n {
        let p = r
            .path()
            .join(format!("src/auth/{long}/file_{i:04}_{}.rs", "x".repeat(60)));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, "fn x() {}\n").unwrap();
    }
    r.commit("many long names");

    // an empty summary file: the report alone would exceed 1 MiB
    let summary = r.sibling("summary-empty.md");
    let out = github_with_summary(&r, &base, &summary);
    assert_code(&out, 1);
    let len = std::fs::metadata(&summary).unwrap().len();
    assert!(len <= LIMIT, "{len} bytes");
    assert!(len > LIMIT / 2, "the summary uses the room it has: {len}");
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.starts_with(&format!("## specmoor ❌ failed: {n} errors")),
        "{}",
        &text[..200]
    );
    // the log still lists every finding
    let s = stdout(&out);
    assert_eq!(s.lines().filter(|l| l.starts_with("  SM001")).count(), n);

    // earlier content is kept and the total stays within the limit
    let summary = r.sibling("summary-half.md");
    let earlier = format!("# Earlier\n{}\n", "e".repeat(700_000));
    std::fs::write(&summary, &earlier).unwrap();
    let out = github_with_summary(&r, &base, &summary);
    assert_code(&out, 1);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.len() as u64 <= LIMIT, "{} bytes", text.len());
    assert!(text.starts_with(&earlier));
    assert!(text[earlier.len()..].contains("## specmoor ❌ failed"));

    // nearly full: nothing that would overflow is added, nothing is lost
    let summary = r.sibling("summary-full.md");
    let earlier = "f".repeat(LIMIT as usize - 100);
    std::fs::write(&summary, &earlier).unwrap();
    let out = github_with_summary(&r, &base, &summary);
    assert_code(&out, 1);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.len() as u64 <= LIMIT, "{} bytes", text.len());
    assert!(text.starts_with(&earlier));
}

// ---------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------

/// Undo the Markdown escaping: backslash escapes of ASCII punctuation, and the
/// `&lt;`, `&gt;`, `&amp;` entities.
fn md_unescape(s: &str) -> String {
    let s = s
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// An item's path: between ` — ` and the first unescaped `: `.
fn item_path(item: &str) -> String {
    let start = item.find(" — ").expect("path separator") + " — ".len();
    let rest = &item[start..];
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == b':' && bytes[i + 1] == b' ' {
            return rest[..i].to_string();
        }
        i += 1;
    }
    panic!("no message separator in {item:?}");
}

fn markdown(r: &Repo, base: &str) -> (i32, String) {
    let out = check(r, base, &["--format", "markdown"]);
    (code(&out), stdout(&out))
}

#[test]
fn markdown_groups_by_spec_errors_first_and_lists_waived_findings() {
    let spec = |title: &str, glob: &str| {
        format!(
            "---\nversion: 1.0.0\nowns: [\"{glob}\"]\n---\n# {title}\n\n## FR-1: Thing\nText.\n"
        )
    };
    let config = format!("{CONFIG}  SM007: warn\n");
    let r = Repo::new();
    r.write(".specmoor.yml", &config)
        .write("specs/alpha.md", &spec("Alpha", "src/alpha/**"))
        .write("specs/zulu.md", &spec("Zulu", "src/zulu/**"))
        .write("src/alpha/a.rs", "fn a() {}\n")
        .write("src/zulu/z.rs", "fn z() {}\n");
    let base = r.commit("initial");
    // a waived drift of alpha, in its own commit
    touch(&r, "src/alpha/a.rs", 1);
    r.commit("alpha refactor\n\nSpecmoor-Waive: SM001 pure refactor");
    // an error of zulu, and an unowned file (a warning of no spec)
    touch(&r, "src/zulu/z.rs", 1);
    r.write("lib/free.rs", "fn free() {}\n");
    r.commit("zulu and free");

    let j = r.json(&["check", "--base", &base, "--head", "HEAD"]);
    assert_eq!(
        j["summary"],
        json!({"errors": 1, "warnings": 1, "waived": 1})
    );

    let (c, md) = markdown(&r, &base);
    assert_eq!(c, 1, "{md}");
    let first = md.lines().next().unwrap();
    assert!(
        first.starts_with("## specmoor ❌ failed: 1 error, 1 warning, 1 waived"),
        "{md}"
    );
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("### ")).collect();
    // the group with an error comes before the warnings-only group, although
    // `(no spec)` sorts first by name; waived findings close the comment
    assert_eq!(
        headings,
        ["### specs/zulu\\.md", "### \\(no spec\\)", "### Waived"],
        "{md}"
    );
    let items: Vec<&str> = md.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(items.len(), 3, "{md}");
    assert!(
        items[0].starts_with("- ❌ **SM001 drift** — "),
        "{}",
        items[0]
    );
    assert_eq!(item_path(items[0]), "src/zulu/z\\.rs");
    assert!(items[1].contains("**SM007 unowned**"), "{}", items[1]);
    assert_eq!(md_unescape(&item_path(items[1])), "lib/free.rs");
    let waived = items[2];
    assert!(waived.contains("**SM001 drift**"), "{waived}");
    assert_eq!(md_unescape(&item_path(waived)), "src/alpha/a.rs");
    assert!(
        !waived.contains('❌'),
        "a waived finding is no error: {waived}"
    );
    let by = j
        .findings()
        .iter()
        .find(|f| f["path"] == "src/alpha/a.rs")
        .unwrap()["waived"]["by"]
        .as_str()
        .unwrap()
        .to_string();
    let tail = md_unescape(&waived[waived.find("waived by").expect("waived by")..]);
    assert_eq!(tail, format!("waived by {by}: pure refactor"), "{waived}");
    // group order within the comment: zulu items under zulu, the waived one last
    let pos = |needle: &str| md.find(needle).unwrap();
    assert!(pos("### specs/zulu") < pos(items[0]));
    assert!(pos(items[0]) < pos("### \\(no spec\\)"));
    assert!(pos("### Waived") < pos(waived));
}

#[test]
fn markdown_lists_errors_before_warnings_within_a_group() {
    // SM011 (a warning) reports the config line naming a missing section of the
    // spec; its path `.specmoor.yml` sorts before the drifting code path.
    let r = Repo::new();
    r.write(".specmoor.yml", CONFIG)
        .write("specs/auth.md", AUTH_SPEC)
        .write(LOGIN, "fn login() {}\n");
    let base = r.commit("initial");
    r.write(
        ".specmoor.yml",
        &format!(
            "owners:\n  - spec: specs/auth.md#FR-9\n    paths: [\"src/auth/nine/**\"]\n{CONFIG}"
        ),
    );
    touch(&r, LOGIN, 1);
    r.commit("owner of a missing section, and drift");
    let j = r.json(&["check", "--base", &base, "--head", "HEAD"]);
    let codes: Vec<String> = j.codes().into_iter().map(|(c, _)| c).collect();
    assert!(
        codes.contains(&"SM011".to_string()) && codes.contains(&"SM001".to_string()),
        "fixture: {j:#?}"
    );
    let (c, md) = markdown(&r, &base);
    assert_eq!(c, 1, "{md}");
    let items: Vec<&str> = md.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(items.len(), j.findings().len(), "{md}");
    assert!(items[0].starts_with("- ❌ **SM001 drift**"), "{md}");
    for w in &items[1..] {
        assert!(w.contains("**SM011 dangling-owner**"), "{md}");
        assert!(!w.contains('❌'), "{md}");
    }
}

#[test]
fn markdown_escapes_file_names_and_spec_names() {
    let hostile_spec = "specs/<b>x</b>_[s](http).md";
    let spec = "---\nversion: 1.0.0\nowns: [\"src/**\"]\n---\n# T\n\n## FR-1: A\nText.\n";
    let r = Repo::new();
    r.write(".specmoor.yml", CONFIG)
        .write(hostile_spec, spec)
        .write("src/ok.rs", "fn ok() {}\n");
    let base = r.commit("initial");
    let names = [
        "src/<img src=x onerror=alert(1)>.rs",
        "src/[click](javascript&colon;alert(1)).rs",
        "src/`code` *bold* _em_ @team #1 a:b |c|.rs",
        "src/$(touch pwned).rs",
    ];
    for n in names {
        r.write(n, "fn h() {}\n");
    }
    r.commit("hostile");
    let j = r.json(&["check", "--base", &base, "--head", "HEAD"]);
    assert_eq!(j.findings().len(), names.len(), "{j:#?}");

    let (c, md) = markdown(&r, &base);
    assert_eq!(c, 1, "{md}");
    assert!(
        !md.contains('<') && !md.contains('>'),
        "raw angle brackets:\n{md}"
    );
    assert!(!md.contains("]("), "a working link:\n{md}");
    // no code span in what comes from the repository (the groups and items; the
    // verdict lines quote specmoor's own shas)
    for l in md
        .lines()
        .filter(|l| l.starts_with("- ") || l.starts_with("### "))
    {
        let bytes = l.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'`' {
                assert!(i > 0 && bytes[i - 1] == b'\\', "a working code span: {l}");
            }
        }
    }
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("### ")).collect();
    assert_eq!(headings.len(), 1, "{md}");
    assert_eq!(md_unescape(&headings[0][4..]), hostile_spec);
    let items: Vec<&str> = md.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(items.len(), names.len(), "{md}");
    let mut seen = BTreeSet::new();
    for item in &items {
        let raw = item_path(item);
        // every markup character of the name is escaped
        let mut prev = ' ';
        for ch in raw.chars() {
            if "[]()`*_@#:|".contains(ch) {
                assert_eq!(prev, '\\', "unescaped {ch:?} in {raw:?}");
            }
            prev = ch;
        }
        seen.insert(md_unescape(&raw));
    }
    assert_eq!(
        seen,
        names.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>()
    );
}

// ---------------------------------------------------------------------------
// Report files beside another format; exit codes
// ---------------------------------------------------------------------------

#[test]
fn json_and_sarif_files_are_written_beside_another_stdout_format() {
    let (r, base) = base_repo(CONFIG);
    touch(&r, LOGIN, 1);
    r.commit("login");
    let want = r.json(&["check", "--base", &base, "--head", "HEAD"]);
    for format in ["github", "markdown", "human", "sarif"] {
        let jf = r.sibling(&format!("report-{format}.json"));
        let sf = r.sibling(&format!("report-{format}.sarif"));
        let out = check(
            &r,
            &base,
            &[
                "--format",
                format,
                "--json-file",
                jf.to_str().unwrap(),
                "--sarif-file",
                sf.to_str().unwrap(),
            ],
        );
        assert_code(&out, 1);
        let j: Value = serde_json::from_str(&std::fs::read_to_string(&jf).unwrap()).unwrap();
        assert_eq!(j, want.v, "{format}: the JSON file is the JSON report");
        let s: Value = serde_json::from_str(&std::fs::read_to_string(&sf).unwrap()).unwrap();
        assert_sarif_shape(&s);
        assert_eq!(results(&s).len(), 1);
        assert_eq!(uri_of(&results(&s)[0]), LOGIN);
        let text = stdout(&out);
        match format {
            "github" => assert!(text.starts_with("::error file=src/auth/login.rs"), "{text}"),
            "markdown" => assert!(text.starts_with("## specmoor ❌ failed"), "{text}"),
            "sarif" => assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), s),
            _ => assert!(text.contains("SM001"), "{text}"),
        }
    }
    // a clean change writes clean files, exit 0
    let (r, base) = base_repo(CONFIG);
    r.write("README.md", "x\n");
    r.commit("docs");
    let jf = r.sibling("clean.json");
    let sf = r.sibling("clean.sarif");
    let out = check(
        &r,
        &base,
        &[
            "--format",
            "github",
            "--json-file",
            jf.to_str().unwrap(),
            "--sarif-file",
            sf.to_str().unwrap(),
        ],
    );
    assert_code(&out, 0);
    let j: Value = serde_json::from_str(&std::fs::read_to_string(&jf).unwrap()).unwrap();
    assert_eq!(j["findings"], json!([]));
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&sf).unwrap()).unwrap();
    assert_eq!(s["runs"][0]["results"], json!([]));
}

#[test]
fn exit_codes_do_not_depend_on_the_format() {
    let (r, base) = base_repo(CONFIG);
    touch(&r, LOGIN, 1);
    let drift = r.commit("login");
    r.git(&["checkout", "-q", "-b", "clean", &base]);
    r.write("README.md", "x\n");
    let clean = r.commit("docs");
    for format in ["human", "json", "sarif", "github", "markdown"] {
        for (head, want) in [(&drift, 1), (&clean, 0)] {
            let out = r.specmoor(&["check", "--base", &base, "--head", head, "--format", format]);
            assert_code(&out, want);
        }
        let out = r.specmoor(&[
            "check",
            "--base",
            "no-such-revision",
            "--head",
            "HEAD",
            "--format",
            format,
        ]);
        assert_code(&out, 2);
    }
}

// ---------------------------------------------------------------------------
// --waive-label
// ---------------------------------------------------------------------------

#[test]
fn waive_label_waives_every_finding_and_passes() {
    let config = format!("{CONFIG}  SM007: warn\n");
    let (r, base) = base_repo(&config);
    touch(&r, LOGIN, 1);
    touch(&r, LOGOUT, 1);
    r.write("lib/free.rs", "fn free() {}\n");
    r.commit("drift and unowned");
    assert_eq!(
        r.json(&["check", "--base", &base, "--head", "HEAD"]).code,
        1
    );

    let j = r.json(&[
        "check",
        "--base",
        &base,
        "--head",
        "HEAD",
        "--waive-label",
        "specmoor:waive",
        "--waived-by",
        "@alice",
    ]);
    assert_eq!(j.code, 0, "{j:#?}");
    assert_eq!(j.findings().len(), 3);
    for f in j.findings() {
        assert_eq!(
            f["waived"],
            json!({
                "by": "label specmoor:waive (set by @alice)",
                "reason": "the pull request carries the `specmoor:waive` label"
            }),
            "{f:#}"
        );
    }
    assert_eq!(
        j["summary"],
        json!({"errors": 0, "warnings": 0, "waived": 3})
    );

    // without --waived-by: the label alone
    let j = r.json(&[
        "check",
        "--base",
        &base,
        "--head",
        "HEAD",
        "--waive-label",
        "skip-spec",
    ]);
    assert_eq!(j.code, 0);
    for f in j.findings() {
        assert_eq!(f["waived"]["by"], "label skip-spec", "{f:#}");
        assert_eq!(
            f["waived"]["reason"],
            "the pull request carries the `skip-spec` label"
        );
    }

    // github: waived findings are notices, and the summary line says so
    let out = check(
        &r,
        &base,
        &[
            "--format",
            "github",
            "--waive-label",
            "specmoor:waive",
            "--waived-by",
            "@alice",
        ],
    );
    assert_code(&out, 0);
    let s = stdout(&out);
    let anns = github_lines(&s);
    assert_eq!(anns.len(), 3, "{s}");
    assert!(anns.iter().all(|a| a.kind == "notice"), "{s}");
    assert!(
        anns[0]
            .message
            .contains("label specmoor:waive (set by @alice)"),
        "{s}"
    );
    assert!(s.lines().last().unwrap().contains("3 waived"), "{s}");

    // sarif: suppressions; markdown: passed, all under Waived
    let out = check(&r, &base, &["--format", "sarif", "--waive-label", "L"]);
    assert_code(&out, 0);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_sarif_shape(&v);
    assert!(results(&v)
        .iter()
        .all(|x| x["suppressions"][0]["kind"] == "external"));
    let out = check(&r, &base, &["--format", "markdown", "--waive-label", "L"]);
    assert_code(&out, 0);
    let md = stdout(&out);
    assert!(md.starts_with("## specmoor ✅ passed"), "{md}");
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("### ")).collect();
    assert_eq!(headings, ["### Waived"], "{md}");
}

#[test]
fn waive_label_does_not_waive_a_bad_waiver() {
    let (r, base) = base_repo(CONFIG);
    touch(&r, LOGIN, 1);
    r.commit("login\n\nSpecmoor-Waive: SM001");
    let j = r.json(&["check", "--base", &base, "--head", "HEAD"]);
    assert!(
        j.codes().iter().any(|(c, _)| c == "SM010"),
        "fixture: a waiver without reason is SM010: {j:#?}"
    );
    let j = r.json(&[
        "check",
        "--base",
        &base,
        "--head",
        "HEAD",
        "--waive-label",
        "specmoor:waive",
    ]);
    assert_eq!(j.code, 1, "SM010 stays an error: {j:#?}");
    for f in j.findings() {
        if f["code"] == "SM010" {
            assert_eq!(f["waived"], Value::Null, "{f:#}");
        } else {
            assert_eq!(f["waived"]["by"], "label specmoor:waive", "{f:#}");
        }
    }
    assert_eq!(j["summary"]["errors"], 1, "{j:#?}");

    // --waived-by needs --waive-label
    let out = check(&r, &base, &["--waived-by", "@alice"]);
    assert_code(&out, 2);
}
