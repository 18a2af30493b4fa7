//! Findings, the report they make, and its renderers (one file per format).

pub mod github;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;

pub(crate) use crate::finding::plural;
pub use crate::finding::{Finding, Report, Stats, Summary, Waived};
