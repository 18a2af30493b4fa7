//! The release gate (specs/release.md): every spec changed in a release range, its
//! versions, the changelog entries added and every breaking marker; the release fails
//! when a breaking change ships without a major version, or a spec fails SM002,
//! SM003 or SM006. Release notes in Markdown, breaking changes first.

use crate::check::{self, Mode, SpecChange};
use crate::error::{Fatal, Result};
use crate::finding::Finding;
use crate::git::Repo;
use crate::rules::Severity;
use serde::Serialize;

/// `v1.2.3`, `refs/tags/v1.2.3`, `1.2.3` → 1.2.3.
pub fn version_of(name: &str) -> Option<semver::Version> {
    let n = name.trim();
    let n = n.strip_prefix("refs/tags/").unwrap_or(n);
    let n = n.strip_prefix(['v', 'V']).unwrap_or(n);
    let core_ok = n.split(['-', '+']).next().is_some_and(|c| {
        c.split('.').count() == 3
            && c.split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    });
    if !core_ok {
        return None;
    }
    semver::Version::parse(n).ok()
}

#[derive(Debug, Clone, Serialize)]
pub struct Release {
    pub schema: &'static str,
    pub from: String,
    pub to: String,
    pub from_version: Option<String>,
    pub version: Option<String>,
    pub breaking: bool,
    pub specs: Vec<SpecChange>,
    /// Why the release is refused (empty: it may ship).
    pub failures: Vec<String>,
    /// Findings of SM002, SM003 and SM006 in the range.
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
}

impl Release {
    pub fn exit_code(&self) -> i32 {
        if self.failures.is_empty() {
            0
        } else {
            1
        }
    }
}

/// Run the gate on `from..to`. `version` is the release being made (else taken from
/// `to` when it names a version tag).
pub fn gate(
    repo: &Repo,
    rules: check::Rules,
    from: &str,
    to: &str,
    version: Option<&str>,
) -> Result<Release> {
    let release_version = match version {
        Some(v) => Some(
            version_of(v)
                .ok_or_else(|| Fatal::usage(format!("--version {v} is not a version (X.Y.Z)")))?,
        ),
        None => version_of(to),
    };
    let from_version = version_of(from);
    let (report, specs) = check::analyze(
        repo,
        rules,
        &Mode::Range {
            base: from.to_string(),
            head: to.to_string(),
        },
        None,
    )?;
    let findings: Vec<Finding> = report
        .findings
        .into_iter()
        .filter(|f| {
            use crate::codes::RuleCode::*;
            matches!(f.code, VersionBump | Changelog | BreakingMajor)
        })
        .collect();
    let breaking = specs.iter().any(|s| !s.breaking.is_empty());
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    match (&from_version, &release_version) {
        (Some(fv), Some(rv)) if breaking && !crate::breaking::is_major_bump(fv, rv) => failures.push(format!(
            "release {rv} has breaking changes but is not a major release after {fv}: make it {}{}",
            crate::breaking::required(fv),
            if fv.major == 0 { " (for 0.x a minor bump is the major one)" } else { "" }
        )),
        (None, Some(_)) => notes.push(format!(
            "`{from}` is not a version tag, so the release version could not be compared with it"
        )),
        (_, None) => notes.push(
            "no release version given (--version, or a vX.Y.Z tag as --to): the release's own version was not checked"
                .to_string(),
        ),
        _ => {}
    }
    if let (Some(fv), Some(rv)) = (&from_version, &release_version) {
        if rv <= fv {
            failures.push(format!("release {rv} is not newer than {fv}"));
        }
    }
    for f in findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.waived.is_none())
    {
        // one inert line: failures are printed to terminals, logs and annotations
        failures.push(inert(&one_line(&format!(
            "{} {}: {}",
            f.code, f.rule, f.message
        ))));
    }
    Ok(Release {
        schema: "specmoor.release/1",
        from: from.to_string(),
        to: to.to_string(),
        from_version: from_version.map(|v| v.to_string()),
        version: release_version.map(|v| v.to_string()),
        breaking,
        specs,
        failures,
        findings,
        notes,
    })
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Untrusted text for a terminal or a log, kept as written but inert: every control
/// character (a line break, a terminal escape) is shown escaped (`\n`, `\u{1b}`), so
/// the text stays on its line and cannot start a workflow command or move the cursor.
pub fn inert(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Release notes: breaking changes first, then every spec (specs with breaking
/// changes first), its versions and the changelog entries added. Every text from the
/// repository (spec paths, versions, changelog and marker text, places, a revision
/// as title) is escaped for Markdown: inert, one line (specs/release.md RL-3).
pub fn notes_markdown(r: &Release) -> String {
    notes(r, crate::report::markdown::escape)
}

/// The notes with every untrusted text passed through `esc`.
fn notes(r: &Release, esc: fn(&str) -> String) -> String {
    let mut out = String::new();
    let title = r
        .version
        .as_deref()
        // a parsed version: digits, letters, `.`, `-` and `+` only
        .map(|v| format!("v{v}"))
        .unwrap_or_else(|| esc(&r.to));
    out.push_str(&format!("# {title}\n\n"));
    let mut specs: Vec<&SpecChange> = r.specs.iter().collect();
    specs.sort_by_key(|s| (s.breaking.is_empty(), s.spec.clone()));
    if specs.is_empty() {
        out.push_str("No spec changed in this release.\n");
        return out;
    }
    if r.breaking {
        out.push_str("## ⚠️ Breaking changes\n\n");
        for s in specs.iter().filter(|s| !s.breaking.is_empty()) {
            for m in &s.breaking {
                // the section's heading says it is breaking
                let text = one_line(&m.text);
                let text = ["BREAKING CHANGE:", "BREAKING-CHANGE:", "BREAKING:"]
                    .iter()
                    .find_map(|p| text.strip_prefix(p))
                    .map(str::trim_start)
                    .unwrap_or(&text);
                out.push_str(&format!(
                    "- **{}**: {} ({})\n",
                    esc(&s.spec),
                    esc(text),
                    esc(&m.place)
                ));
            }
        }
        out.push('\n');
    }
    out.push_str("## Specs\n\n");
    for s in specs {
        let versions = match (&s.from, &s.to, s.added, s.deleted) {
            (_, Some(t), true, _) => format!("new, {}", esc(t)),
            (Some(f), _, _, true) => format!("removed (was {})", esc(f)),
            (Some(f), Some(t), _, _) if f != t => format!("{} → {}", esc(f), esc(t)),
            (None, Some(t), _, _) => format!("first version {}", esc(t)),
            (_, Some(t), _, _) => format!("{}, unchanged version", esc(t)),
            _ => "no version".to_string(),
        };
        out.push_str(&format!("### {} ({versions})\n\n", esc(&s.spec)));
        if s.entries.is_empty() {
            out.push_str("- (no changelog entry added)\n");
        }
        for e in &s.entries {
            let date = e
                .date
                .as_deref()
                .map(|d| format!(" ({})", esc(d)))
                .unwrap_or_default();
            let file = e
                .file
                .as_deref()
                .map(|f| format!(" (in {})", esc(f)))
                .unwrap_or_default();
            out.push_str(&format!(
                "- **{}**{date}: {}{file}\n",
                esc(&e.version),
                esc(&one_line(&e.text))
            ));
        }
        out.push('\n');
    }
    out
}

/// Human output: the notes, then the verdict. Untrusted text is kept as written
/// but inert: control characters (line breaks, terminal escapes) are shown escaped,
/// so nothing from the repository starts a line of its own (specs/release.md RL-3).
pub fn human(r: &Release) -> String {
    human_styled(r, false)
}

/// Human output; `quiet` (`--quiet`): only a refusal and its reasons.
fn human_styled(r: &Release, quiet: bool) -> String {
    let esc = inert;
    if quiet {
        if r.failures.is_empty() {
            return String::new();
        }
        let mut out = String::from("specmoor release: refused\n");
        for f in &r.failures {
            out.push_str(&format!("  × {}\n", one_line(f)));
        }
        return out;
    }
    let mut out = notes(r, esc);
    for n in &r.notes {
        out.push_str(&format!("note: {}\n", esc(n)));
    }
    if r.failures.is_empty() {
        out.push_str(&format!(
            "specmoor release: ok — {} spec{} changed{}\n",
            r.specs.len(),
            crate::report::plural(r.specs.len()),
            if r.breaking {
                ", with breaking changes"
            } else {
                ""
            }
        ));
    } else {
        out.push_str("specmoor release: refused\n");
        for f in &r.failures {
            out.push_str(&format!("  × {}\n", one_line(f)));
        }
    }
    out
}

/// The release a pushed tag follows: the highest version tag on a strict ancestor of
/// `commit` (tags on `commit` itself, such as a refused local tag, do not count), so
/// a version that goes backwards along history is caught by the gate.
pub fn previous_tag(repo: &Repo, commit: gix::ObjectId) -> Result<Option<String>> {
    let mut best: Option<(semver::Version, String)> = None;
    for (name, id) in repo.tags()? {
        let Some(v) = version_of(&name) else { continue };
        if best.as_ref().is_some_and(|(b, _)| &v <= b) {
            continue;
        }
        if id != commit && repo.is_ancestor(id, commit) {
            best = Some((v, name));
        }
    }
    Ok(best.map(|(_, n)| n))
}

impl crate::report::Render for Release {
    fn render(&self, format: crate::report::Format, _color: bool) -> Option<String> {
        self.render_styled(format, &crate::report::Style::PLAIN)
    }

    fn render_styled(
        &self,
        format: crate::report::Format,
        style: &crate::report::Style,
    ) -> Option<String> {
        use crate::report::Format;
        match format {
            Format::Human => Some(human_styled(self, style.quiet)),
            Format::Markdown => Some(notes_markdown(self)),
            Format::Json => Some(crate::report::to_json(self)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_of_tags() {
        assert_eq!(version_of("v1.2.3").unwrap().to_string(), "1.2.3");
        assert_eq!(
            version_of("refs/tags/v2.0.0-rc.1").unwrap().to_string(),
            "2.0.0-rc.1"
        );
        assert!(version_of("main").is_none());
        assert!(version_of("v1.2").is_none());
        assert!(version_of("HEAD~1").is_none());
    }
}
