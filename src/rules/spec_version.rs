//! SM008 spec-version: a changed or added spec has no version, an unparsable one, or
//! a lower one than at base.

use super::Context;
use crate::report::Finding;
use crate::spec::version;

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (u, head_doc) in super::versioned_specs(ctx) {
        let finding = |line: Option<usize>, message: String| Finding {
            path: Some(head_doc.path.clone()),
            spec: Some(u.id.clone()),
            line,
            line_file: Some(head_doc.path.clone()),
            ..Finding::new("SM008", message)
        };
        let Some(hv) = version::read(head_doc) else {
            let how = if head_doc.front_lines.is_some() {
                "add `version: 1.0.0` to its front matter"
            } else {
                "add a `**Version:** 1.0.0` line under its title (or `version: 1.0.0` front matter)"
            };
            let what = if u.added {
                "is new and has no version"
            } else {
                "changed and has no version"
            };
            out.push(finding(
                head_doc.sections.first().map(|s| s.line),
                format!("{} {what}: {how}, and a changelog entry for it", u.id),
            ));
            continue;
        };
        let h = match &hv.version {
            Ok(h) => h,
            Err(why) => {
                out.push(finding(
                    Some(hv.line),
                    format!(
                        "{}'s version cannot be read: {why}; write it as MAJOR.MINOR.PATCH",
                        u.id
                    ),
                ));
                continue;
            }
        };
        let base = u
            .base_main()
            .and_then(version::read)
            .and_then(|v| v.version.ok());
        if let Some(b) = base.filter(|b| h < b) {
            out.push(finding(
                Some(hv.line),
                format!(
                    "{}'s version went down from {b} to {h}: versions only increase; set it above {b}",
                    u.id
                ),
            ));
        }
    }
    out
}
