//! SM007 unowned: a changed path no spec owns (and not ignored).

use super::Context;
use crate::model::display;
use crate::report::Finding;

pub fn check(ctx: &Context) -> Vec<Finding> {
    ctx.code_paths()
        .into_iter()
        .filter(|p| ctx.owners.matches(p).is_empty())
        .map(|p| {
            let path = display(p);
            Finding {
                path: Some(path.clone()),
                ..Finding::new(
                    "SM007",
                    format!(
                        "{path} changed and no spec owns it: add it to a spec's `owns:` (or `owners:` in .specmoor.yml), or to `ignore:` if it is not code a spec describes"
                    ),
                )
            }
        })
        .collect()
}
