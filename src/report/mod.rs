//! Renderers: pure functions from a result to text, one file per format of the check
//! report, and [`Render`], the one switch every rendering command goes through.

pub mod audit;
pub mod github;
pub mod human;
pub mod json;
pub mod markdown;
pub mod owners;
pub mod sarif;

pub use crate::finding::{Finding, Report, Stats, Summary, Waived};

/// The English plural suffix for a count: `""` for one, `"s"` otherwise.
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Every output format. A command offers the formats its result renders in
/// ([`Render::render`] returns `None` for the others); `--format` lists only those,
/// each with what it is for that command ([`Format::parser`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for a terminal
    Human,
    /// The result as JSON (its schema is in the project's specs)
    Json,
    /// SARIF 2.1.0 (GitHub code scanning)
    Sarif,
    /// GitHub workflow-command annotations, plus the step summary when
    /// GITHUB_STEP_SUMMARY is set
    Github,
    /// Markdown
    Markdown,
    /// One self-contained HTML page
    Html,
}

impl Format {
    /// A `--format` parser that accepts only the formats of `allowed` and lists them
    /// with what each is for this command (its help text), not the generic one.
    pub fn parser(
        allowed: &'static [(Format, &'static str)],
    ) -> impl clap::builder::TypedValueParser<Value = Format> {
        use clap::builder::TypedValueParser;
        use clap::ValueEnum;
        clap::builder::PossibleValuesParser::new(
            allowed
                .iter()
                .filter_map(|(f, help)| f.to_possible_value().map(|v| v.help(*help))),
        )
        .map(|s| Format::from_str(&s, true).expect("a listed format"))
    }
}

/// A result a command prints: one implementation per result type, one arm per
/// format it has. `color` is for the human format on a terminal.
pub trait Render {
    fn render(&self, format: Format, color: bool) -> Option<String>;

    /// The result as the global flags want it (specs/cli.md CL-9): a result whose human
    /// output has a summary to drop (`--quiet`) or lines to wrap says so here.
    fn render_styled(&self, format: Format, style: &Style) -> Option<String> {
        self.render(format, style.color)
    }
}

/// How human output looks: colour, the width lines are wrapped to (`None`: never
/// wrapped, as when the output is not a terminal), and `--quiet` (findings and
/// refusals only: no notes, no summary line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub width: Option<usize>,
    pub quiet: bool,
}

impl Style {
    /// No colour, no wrapping, everything: for files and tests.
    pub const PLAIN: Style = Style {
        color: false,
        width: None,
        quiet: false,
    };
}

/// Pretty JSON with a final newline: the machine format of every result.
pub fn to_json<T: serde::Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("serialises");
    s.push('\n');
    s
}

impl Render for Report {
    fn render(&self, format: Format, color: bool) -> Option<String> {
        self.render_styled(
            format,
            &Style {
                color,
                ..Style::PLAIN
            },
        )
    }

    fn render_styled(&self, format: Format, style: &Style) -> Option<String> {
        Some(match format {
            Format::Human => human::render(self, style),
            Format::Json => json::render(self),
            Format::Sarif => sarif::render(self),
            Format::Markdown => markdown::render(self, usize::MAX),
            Format::Github => github::render(self),
            Format::Html => return None,
        })
    }
}

/// Text for HTML: element content and double-quoted attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // control characters would make the document invalid
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
