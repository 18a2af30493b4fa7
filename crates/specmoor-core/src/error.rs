//! "Could not check" errors. Every one of them maps to exit code 2 and carries
//! enough context (a file, a line, a hint) for the user to act on it.

use miette::{Diagnostic, LabeledSpan, NamedSource};

/// What kind of problem stopped the check. Stable, so tests and wrappers can rely on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FatalKind {
    /// Bad command-line usage (unknown rule code, path outside the repository, ...).
    Usage,
    /// `.specmoor.yml` is unreadable or invalid.
    Config,
    /// A spec could not be parsed (for example malformed front matter).
    Spec,
    /// Not a repository, unknown revision, missing object, ...
    Git,
    /// History is cut (shallow clone) so the changeset cannot be determined.
    Shallow,
    /// Writing output failed.
    Io,
}

/// An error that means the check could not be made (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Fatal {
    pub kind: FatalKind,
    pub message: String,
    pub help: Option<String>,
    pub src: Option<NamedSource<String>>,
    pub labels: Vec<LabeledSpan>,
}

impl Diagnostic for Fatal {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        let code = match self.kind {
            FatalKind::Usage => "specmoor::usage",
            FatalKind::Config => "specmoor::config",
            FatalKind::Spec => "specmoor::spec",
            FatalKind::Git => "specmoor::git",
            FatalKind::Shallow => "specmoor::shallow",
            FatalKind::Io => "specmoor::io",
        };
        Some(Box::new(code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.src.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

impl Fatal {
    pub fn new(kind: FatalKind, message: impl Into<String>) -> Self {
        Fatal {
            kind,
            message: message.into(),
            help: None,
            src: None,
            labels: Vec::new(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(FatalKind::Usage, message)
    }

    pub fn git(message: impl Into<String>) -> Self {
        Self::new(FatalKind::Git, message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attach the file the problem is in, and point at byte range `span` with `label`.
    pub fn at(
        mut self,
        name: &str,
        text: &str,
        span: (usize, usize),
        label: impl Into<String>,
    ) -> Self {
        let start = span.0.min(text.len());
        let len = span.1.min(text.len().saturating_sub(start));
        self.src = Some(NamedSource::new(name, text.to_string()));
        self.labels
            .push(LabeledSpan::new(Some(label.into()), start, len));
        self
    }
}

pub type Result<T, E = Box<Fatal>> = std::result::Result<T, E>;

/// Byte offset of the start of 1-based `line` in `text` (clamped).
pub fn line_offset(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    let mut seen = 1;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            seen += 1;
            if seen == line {
                return i + 1;
            }
        }
    }
    text.len()
}

/// Byte span (start, len) of the whole 1-based `line` in `text`, without its line ending.
pub fn line_span(text: &str, line: usize) -> (usize, usize) {
    let start = line_offset(text, line);
    let rest = &text[start..];
    let len = rest.find('\n').unwrap_or(rest.len());
    let len = if rest[..len].ends_with('\r') {
        len - 1
    } else {
        len
    };
    (start, len)
}
