//! Findings, the report they make, and its renderers (one file per format).

pub mod github;
pub mod human;
pub mod json;
pub mod markdown;
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
