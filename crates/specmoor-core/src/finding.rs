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

/// `v` rearranged so that its `i`th element is the one that was at `order[i]`
/// (`order` a permutation of `v`'s places), by swaps along each cycle.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for i in 0..v.len() {
        let mut j = i;
        while order[j] != DONE {
            let k = order[j];
            order[j] = DONE;
            if k == i {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

impl Report {
    /// Drop disabled findings and sort deterministically.
    pub fn finish(&mut self) {
        self.findings.retain(|f| f.severity != Severity::Off);
        // no dedup: two paths that display alike (non-UTF-8 bytes) are two findings
        // a stable sort of their places, then the findings moved there in place: a
        // stable sort of the findings themselves takes a buffer of up to 8 MB of them
        let f = &mut self.findings;
        let mut order: Vec<usize> = (0..f.len()).collect();
        order.sort_by(|&a, &b| f[a].sort_key().cmp(&f[b].sort_key()));
        permute(f, order);
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest::proptest! {
        /// In place, as collecting `v[order[i]]` for each `i` would.
        #[test]
        fn permute_moves_each_element_to_its_place(
            order in (0usize..200).prop_flat_map(|n| {
                Just((0..n).collect::<Vec<usize>>()).prop_shuffle()
            })
        ) {
            let v: Vec<String> = (0..order.len()).map(|i| format!("f{i}")).collect();
            let want: Vec<String> = order.iter().map(|&i| v[i].clone()).collect();
            let mut got = v.clone();
            permute(&mut got, order);
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn finish_keeps_the_order_of_findings_with_equal_keys() {
        let f = |msg: &str, sev: Severity| Finding {
            severity: sev,
            path: Some("a".into()),
            ..Finding::new(RuleCode::Unowned, msg.into())
        };
        let mut r = Report {
            base: None,
            head: String::new(),
            findings: vec![
                f("m", Severity::Warn),
                f("b", Severity::Error),
                f("m", Severity::Error),
                f("a", Severity::Warn),
            ],
            notes: Vec::new(),
            stats: Default::default(),
            sources: Default::default(),
        };
        r.finish();
        let got: Vec<(&str, Severity)> = r
            .findings
            .iter()
            .map(|f| (f.message.as_str(), f.severity))
            .collect();
        assert_eq!(
            got,
            [
                ("a", Severity::Warn),
                ("b", Severity::Error),
                ("m", Severity::Warn),
                ("m", Severity::Error)
            ]
        );
    }
}
