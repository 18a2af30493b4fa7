//! Human output: one miette diagnostic per finding, pointing at the spec line, then
//! a summary line (none with `--quiet`).

use super::{plural, Finding, Report, Style};
use crate::error::line_span;
use crate::rules::Severity;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

#[derive(Debug)]
struct FindingDiag<'a> {
    f: &'a Finding,
    /// Further SM001 findings of the same owner, rendered with `f` under its one
    /// snippet (specs/cli.md CL-3).
    more: Vec<&'a Finding>,
    src: Option<NamedSource<String>>,
    label: Option<LabeledSpan>,
}

impl std::fmt::Display for FindingDiag<'_> {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.more.is_empty() {
            return write!(out, "{}", self.f.message);
        }
        let what = match &self.f.section {
            Some(s) => format!("section {s} of {}", self.f.spec.as_deref().unwrap_or("")),
            None => self.f.spec.clone().unwrap_or_default(),
        };
        write!(
            out,
            "{} paths owned by {what} changed without it:",
            self.more.len() + 1
        )?;
        for f in std::iter::once(self.f).chain(self.more.iter().copied()) {
            write!(out, "\n  - {}", f.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for FindingDiag<'_> {}

impl Diagnostic for FindingDiag<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(format!("{} {}", self.f.code, self.f.rule)))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match (self.f.severity, &self.f.waived) {
            (_, Some(_)) => miette::Severity::Advice,
            (Severity::Error, _) => miette::Severity::Error,
            _ => miette::Severity::Warning,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        let w = self.f.waived.as_ref()?;
        Some(Box::new(format!("waived by {}: {}", w.by, w.reason)))
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.src.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.label
            .clone()
            .map(|l| Box::new(std::iter::once(l)) as Box<dyn Iterator<Item = _>>)
    }
}

/// The miette handler of every human diagnostic (findings, fatal errors): coloured or
/// not, wrapped to the terminal's width or, off a terminal, never wrapped, so that a
/// long path stays on one line of a CI log (specs/cli.md CL-9).
pub fn handler(style: &Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let h = GraphicalReportHandler::new_themed(theme);
    match style.width {
        Some(w) => h.with_width(w),
        None => h.with_width(usize::MAX / 4).with_wrap_lines(false),
    }
}

pub fn render(report: &Report, style: &Style) -> String {
    let handler = handler(style);
    let mut out = String::new();
    if !style.quiet {
        for n in &report.notes {
            out.push_str(&format!("note: {n}\n"));
        }
    }
    // errors first, then warnings, then waived findings
    let rank = |f: &Finding| match (&f.waived, f.severity) {
        (Some(_), _) => 2,
        (None, Severity::Error) => 0,
        _ => 1,
    };
    let mut order: Vec<&Finding> = report.findings.iter().collect();
    order.sort_by_key(|f| rank(f));
    // SM001 findings of one owner (same spec, section, line, severity and waiver)
    // share one snippet; the others stand alone
    let key = |f: &Finding| {
        (f.code == crate::rules::RuleCode::Drift && f.spec.is_some()).then(|| {
            (
                f.spec.clone(),
                f.section.clone(),
                f.line_file.clone(),
                f.line,
                f.severity,
                f.waived.as_ref().map(|w| (w.by.clone(), w.reason.clone())),
            )
        })
    };
    let mut groups: Vec<(&Finding, Vec<&Finding>)> = Vec::new();
    for f in order {
        let k = key(f);
        match groups.iter_mut().find(|(g, _)| k.is_some() && key(g) == k) {
            Some((_, more)) => more.push(f),
            None => groups.push((f, Vec::new())),
        }
    }
    for (f, more) in groups {
        let (src, label) = match (&f.line_file, f.line) {
            (Some(file), Some(line)) => match report.sources.get(file) {
                Some(text) => {
                    let span = line_span(text, line);
                    let label = match &f.section {
                        Some(s) => format!("section {s}"),
                        None => "here".to_string(),
                    };
                    (
                        Some(NamedSource::new(file, text.clone())),
                        Some(LabeledSpan::new(Some(label), span.0, span.1)),
                    )
                }
                None => (None, None),
            },
            _ => (None, None),
        };
        let d = FindingDiag {
            f,
            more,
            src,
            label,
        };
        let _ = handler.render_report(&mut out, &d);
    }
    let s = report.summary();
    let st = report.stats;
    if style.quiet {
        return out;
    }
    if report.findings.is_empty() {
        out.push_str(&format!(
            "specmoor: ok — {} changed path{}, {} owned by a spec, {} spec{} touched\n",
            st.changed_paths,
            plural(st.changed_paths),
            st.owned_paths,
            st.specs_touched,
            plural(st.specs_touched)
        ));
    } else {
        out.push_str(&format!(
            "specmoor: {} error{}, {} warning{}, {} waived — {} changed path{}, {} owned by a spec, {} spec{} touched\n",
            s.errors,
            plural(s.errors),
            s.warnings,
            plural(s.warnings),
            s.waived,
            st.changed_paths,
            plural(st.changed_paths),
            st.owned_paths,
            st.specs_touched,
            plural(st.specs_touched)
        ));
    }
    out
}
