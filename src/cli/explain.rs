//! `specmoor explain [CODE]` (specs/cli.md CL-1).

use super::emit;
use crate::error::{Fatal, Result};
use crate::rules;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// SM001, drift, ...
    code: Option<String>,
}

pub fn run(a: &Args) -> Result<i32> {
    let Some(code) = a.code.as_deref() else {
        let mut s = String::new();
        for r in rules::RULES {
            s.push_str(&format!(
                "{}  {:<23} {:<5}  {}{}\n",
                r.code,
                r.name,
                r.default.as_str(),
                r.summary,
                if r.implemented {
                    ""
                } else {
                    " (not enforced yet)"
                }
            ));
        }
        emit(&s)?;
        return Ok(0);
    };
    let r = match rules::RuleCode::lookup(code) {
        Ok(c) => c.info(),
        Err(near) => {
            let hint = near
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            return Err(Fatal::usage(format!("unknown rule `{code}`"))
                .with_help(format!("{hint}`specmoor explain` lists every rule"))
                .into());
        }
    };
    let mut s = format!(
        "{} {} (default severity: {})\n\nFires when {}.\n\n",
        r.code,
        r.name,
        r.default.as_str(),
        r.summary
    );
    s.push_str(&wrap(r.explain, 88));
    s.push('\n');
    if !r.implemented {
        s.push_str("\nThis version of specmoor does not enforce this rule yet.\n");
    }
    emit(&s)?;
    Ok(0)
}

fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for w in text.split_whitespace() {
        if line > 0 && line + 1 + w.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(w);
        line += w.chars().count();
    }
    out
}
