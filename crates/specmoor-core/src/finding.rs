//! Findings and the report they make: the result every renderer draws. Depends only
//! on the rule vocabulary ([`crate::codes`]).

use crate::codes::{RuleCode, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

/// Who waived a finding and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waived {
    pub by: String,
    pub reason: String,
}

/// One finding. Field order is the JSON contract (specs/cli.md CL-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: RuleCode,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub path: Option<String>,
    pub spec: Option<String>,
    pub section: Option<String>,
    /// Line in `spec` (or in `path` when the finding is about that file).
    pub line: Option<usize>,
    pub waived: Option<Waived>,
    /// The file `line` refers to (a document of the spec), for rendering.
    #[serde(skip)]
    pub line_file: Option<String>,
}

impl Finding {
    pub fn new(code: RuleCode, message: String) -> Finding {
        let info = code.info();
        Finding {
            code,
            rule: info.name,
            severity: info.default,
            message,
            path: None,
            spec: None,
            section: None,
            line: None,
            waived: None,
            line_file: None,
        }
    }

    fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.path,
            self.code,
            &self.spec,
            &self.section,
            self.line,
            &self.message,
        )
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub waived: usize,
}

/// Counts for the human summary line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub changed_paths: usize,
    pub code_paths: usize,
    pub owned_paths: usize,
    pub specs: usize,
    pub specs_touched: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The commit compared from (merge base for ranges; HEAD for staged), if any.
    pub base: Option<String>,
    /// The commit checked, or `INDEX`.
    pub head: String,
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
    pub stats: Stats,
    /// Text of files findings point into, for rendering.
    pub sources: BTreeMap<String, String>,
}

impl Report {
    /// Drop disabled findings and sort deterministically.
    pub fn finish(&mut self) {
        self.findings.retain(|f| f.severity != Severity::Off);
        // no dedup: two paths that display alike (non-UTF-8 bytes) are two findings
        self.findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for f in &self.findings {
            if f.waived.is_some() {
                s.waived += 1;
            } else if f.severity == Severity::Error {
                s.errors += 1;
            } else if f.severity == Severity::Warn {
                s.warnings += 1;
            }
        }
        s
    }

    /// 0 when no unwaived error, else 1.
    pub fn exit_code(&self) -> i32 {
        if self.summary().errors > 0 {
            1
        } else {
            0
        }
    }
}
