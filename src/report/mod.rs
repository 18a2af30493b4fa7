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
/// ([`Render::render`] returns `None` for the others); `--format` lists only those.
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
    /// Markdown: a pull-request comment, release notes, a coverage table
    Markdown,
    /// One self-contained HTML page (audit; coverage: a treemap of ownership), nothing
    /// loaded from the network
    Html,
}

impl Format {
    /// A `--format` parser that accepts only `allowed` (and lists only them).
    pub fn parser(
        allowed: &'static [Format],
    ) -> impl clap::builder::TypedValueParser<Value = Format> {
        use clap::builder::TypedValueParser;
        use clap::ValueEnum;
        clap::builder::PossibleValuesParser::new(
            allowed.iter().filter_map(|f| f.to_possible_value()),
        )
        .map(|s| Format::from_str(&s, true).expect("a listed format"))
    }
}

/// A result a command prints: one implementation per result type, one arm per
/// format it has. `color` is for the human format on a terminal.
pub trait Render {
    fn render(&self, format: Format, color: bool) -> Option<String>;
}

/// Pretty JSON with a final newline: the machine format of every result.
pub fn to_json<T: serde::Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("serialises");
    s.push('\n');
    s
}

impl Render for Report {
    fn render(&self, format: Format, color: bool) -> Option<String> {
        Some(match format {
            Format::Human => human::render(self, color),
            Format::Json => json::render(self),
            Format::Sarif => sarif::render(self),
            Format::Markdown => markdown::render(self, usize::MAX),
            Format::Github => github::render(self),
            Format::Html => return None,
        })
    }
}
