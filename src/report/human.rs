//! Human output: one miette diagnostic per finding, pointing at the spec line, then
//! a summary line (none with `--quiet`).

use super::{plural, Finding, Report, Style};
use crate::error::line_span;
use crate::rules::Severity;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceSpan, SpanContents,
};

#[derive(Debug)]
struct FindingDiag<'a> {
    f: &'a Finding,
    /// Further SM001 findings of the same owner, rendered with `f` under its one
    /// snippet (specs/cli.md CL-3).
    more: Vec<&'a Finding>,
    src: Option<Window>,
    label: Option<LabeledSpan>,
}

/// The lines of a file around a finding's line, numbered as in the file. miette finds
/// a line by reading its source from the start, and each finding had a copy of its
/// whole spec: a report of 10,000 findings on a spec of 100,000 sections took
/// 10 s. Lines before and after the finding's are kept for miette's context (one).
#[derive(Debug)]
struct Window {
    name: String,
    text: String,
    /// how many lines of the file come before `text`
    first_line: usize,
}

/// Lines kept on each side of a finding's line (miette shows one).
const AROUND: usize = 3;

impl Window {
    /// The window of the 1-based `line` of `text`, whose line starts are `starts`,
    /// and the line's span in it; `None` for a line past the end.
    fn of(
        name: &str,
        text: &str,
        starts: &[usize],
        line: usize,
    ) -> Option<(Window, (usize, usize))> {
        let at = line.max(1) - 1;
        if at >= starts.len() {
            return None;
        }
        let first = at.saturating_sub(AROUND);
        let from = starts[first];
        let to = starts.get(at + AROUND + 1).copied().unwrap_or(text.len());
        let text = text[from..to].to_string();
        let span = line_span(&text, at - first + 1);
        Some((
            Window {
                name: name.to_string(),
                text,
                first_line: first,
            },
            span,
        ))
    }
}

impl miette::SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let c = self.text.as_bytes().read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            *c.span(),
            c.line() + self.first_line,
            c.column(),
            c.line_count(),
        )))
    }
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
    let mut group_of: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
    for f in order {
        match key(f) {
            Some(k) => match group_of.get(&k) {
                Some(&g) => groups[g].1.push(f),
                None => {
                    group_of.insert(k, groups.len());
                    groups.push((f, Vec::new()));
                }
            },
            None => groups.push((f, Vec::new())),
        }
    }
    // each file's line starts, found once
    let mut starts: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (f, more) in groups {
        let (src, label) = match (&f.line_file, f.line) {
            (Some(file), Some(line)) => match report.sources.get(file) {
                Some(text) => {
                    let starts = starts
                        .entry(file.as_str())
                        .or_insert_with(|| crate::spec::markdown::line_starts(text));
                    let label = match &f.section {
                        Some(s) => format!("section {s}"),
                        None => "here".to_string(),
                    };
                    let (window, span) = match Window::of(file, text, starts, line) {
                        Some(w) => w,
                        // past the end: the whole file, the label at its end
                        None => (
                            Window {
                                name: file.clone(),
                                text: text.clone(),
                                first_line: 0,
                            },
                            line_span(text, line),
                        ),
                    };
                    (
                        Some(window),
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
