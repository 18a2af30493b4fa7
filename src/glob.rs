//! Gitignore-like glob semantics on top of globset, compiled once into one set.
//!
//! globset alone is not gitignore: `*` crosses `/` unless `literal_separator` is set,
//! `foo/**` does not match `foo`, a leading `/` is literal, `src/` has no directory
//! meaning, and `a[!b]c` matches `a/c`. [`normalize`] turns a gitignore-style pattern
//! into the globset patterns that mean the same thing:
//!
//! * `!pat` negates; within one list the last matching pattern wins;
//! * a leading `/` anchors at the repository root (and is removed); `./` is removed;
//! * a pattern with no `/` (other than a trailing one) matches at any depth (`**/pat`);
//! * a trailing `/` matches only a directory, i.e. everything below it;
//! * a pattern that names a directory also matches everything below it (`pat/**`);
//! * negated character classes never match `/`.

use globset::{Candidate, GlobBuilder, GlobSet, GlobSetBuilder};

/// Where a pattern was written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// Repository-relative file (`.specgate.yml`, `specs/auth.md`), or `built-in default`.
    pub file: String,
    /// 1-based line; 0 for built-in defaults.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
}

impl Origin {
    pub fn default_origin() -> Origin {
        Origin {
            file: "built-in default".into(),
            line: 0,
            column: 0,
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}", self.file, self.line)
        }
    }
}

/// One pattern as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub text: String,
    pub origin: Origin,
}

impl Pattern {
    pub fn new(text: impl Into<String>, origin: Origin) -> Self {
        Pattern {
            text: text.into(),
            origin,
        }
    }
    pub fn negated(&self) -> bool {
        self.text.trim_start().starts_with('!')
    }
}

/// Translate one gitignore-style pattern into globset patterns (all must be
/// tried; any match counts). Returns the negation flag too.
pub fn normalize(pattern: &str) -> Result<(bool, Vec<String>), String> {
    let mut p = pattern.trim();
    let negated = p.starts_with('!');
    if negated {
        p = &p[1..];
    }
    if p.is_empty() {
        return Err("empty pattern".into());
    }
    if p.contains('\0') {
        return Err("pattern contains a NUL byte".into());
    }
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    let anchored = p.starts_with('/');
    let p = p.trim_start_matches('/');
    let dir_only = p.ends_with('/');
    let p = p.trim_end_matches('/');
    if p.is_empty() {
        return Err("pattern names no path".into());
    }
    if p.split('/').any(|c| c.contains("**") && c != "**") {
        return Err("`**` must be a whole path component (`dir/**`, `**/name`)".into());
    }
    let mut body = fix_negated_classes(p);
    if !anchored && !p.contains('/') && !p.starts_with("**") {
        body = format!("**/{body}");
    }
    let mut out = Vec::with_capacity(2);
    if !dir_only {
        out.push(body.clone());
    }
    if !(body.ends_with("/**") || body == "**") {
        out.push(format!("{body}/**"));
    } else if dir_only {
        out.push(body);
    }
    Ok((negated, out))
}

/// `[!x]` / `[^x]` → `[!x/]`: a negated class must not match the separator.
fn fix_negated_classes(p: &str) -> String {
    let b = p.as_bytes();
    let mut out = String::with_capacity(p.len() + 2);
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            out.push_str(&p[i..i + 2]);
            i += 2;
            continue;
        }
        if b[i] == b'[' && i + 1 < b.len() && (b[i + 1] == b'!' || b[i + 1] == b'^') {
            // find the closing bracket (a `]` right after the negation is literal)
            let mut j = i + 2;
            if j < b.len() && b[j] == b']' {
                j += 1;
            }
            while j < b.len() && b[j] != b']' {
                j += 1;
            }
            if j < b.len() {
                out.push_str(&p[i..j]);
                out.push('/');
                out.push(']');
                i = j + 1;
                continue;
            }
        }
        let ch = p[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(ch);
        i += ch.len_utf8().max(1);
    }
    out
}

/// Compile one normalised glob with our fixed options.
fn compile(glob: &str) -> Result<globset::Glob, String> {
    GlobBuilder::new(glob)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| e.kind().to_string())
}

/// Check that a pattern is valid; the error says why not.
pub fn validate(pattern: &str) -> Result<(), String> {
    let (_, globs) = normalize(pattern)?;
    for g in globs {
        compile(&g)?;
    }
    Ok(())
}

/// A bad pattern: which list, which pattern, why.
#[derive(Debug, Clone)]
pub struct GlobError {
    pub list: usize,
    pub pattern: usize,
    pub message: String,
}

/// Several lists of patterns (one per owner, say), all compiled into one GlobSet.
/// A path is in a list when the last pattern of that list that matches it is not
/// negated.
#[derive(Debug, Clone)]
pub struct Lists<T> {
    pub lists: Vec<(T, Vec<Pattern>)>,
    negated: Vec<Vec<bool>>,
    set: GlobSet,
    /// glob index in `set` → (list, pattern)
    map: Vec<(u32, u32)>,
}

/// Turn raw path bytes into a globset candidate (no UTF-8 requirement on Unix).
pub fn candidate(path: &[u8]) -> Candidate<'_> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Candidate::new(std::path::Path::new(std::ffi::OsStr::from_bytes(path)))
    }
    #[cfg(not(unix))]
    {
        Candidate::new(String::from_utf8_lossy(path).into_owned())
    }
}

impl<T> Lists<T> {
    pub fn new(lists: Vec<(T, Vec<Pattern>)>) -> Result<Self, GlobError> {
        let mut builder = GlobSetBuilder::new();
        let mut map = Vec::new();
        let mut negated = Vec::with_capacity(lists.len());
        for (li, (_, pats)) in lists.iter().enumerate() {
            let mut neg = Vec::with_capacity(pats.len());
            for (pi, pat) in pats.iter().enumerate() {
                let err = |message: String| GlobError {
                    list: li,
                    pattern: pi,
                    message,
                };
                let (is_neg, globs) = normalize(&pat.text).map_err(err)?;
                neg.push(is_neg);
                for g in globs {
                    builder.add(compile(&g).map_err(err)?);
                    map.push((li as u32, pi as u32));
                }
            }
            negated.push(neg);
        }
        let set = builder.build().map_err(|e| GlobError {
            list: 0,
            pattern: 0,
            message: e.to_string(),
        })?;
        Ok(Lists {
            lists,
            negated,
            set,
            map,
        })
    }

    /// For each list containing `path`: (list index, index of the deciding pattern).
    pub fn matches(&self, path: &[u8]) -> Vec<(usize, usize)> {
        let hits = self.set.matches_candidate(&candidate(path));
        if hits.is_empty() {
            return Vec::new();
        }
        // last matching pattern per list
        let mut last: Vec<(usize, usize)> = Vec::new();
        for h in hits {
            let (li, pi) = self.map[h];
            let (li, pi) = (li as usize, pi as usize);
            match last.iter_mut().find(|(l, _)| *l == li) {
                Some(e) => e.1 = e.1.max(pi),
                None => last.push((li, pi)),
            }
        }
        last.retain(|(li, pi)| !self.negated[*li][*pi]);
        last.sort_unstable();
        last
    }

    /// Whether any list contains `path`.
    pub fn is_match(&self, path: &[u8]) -> bool {
        !self.matches(path).is_empty()
    }

    /// Indexes (list, pattern) of every positive pattern that matches `path`,
    /// regardless of negations (used to find patterns that match nothing).
    pub fn raw_hits(&self, path: &[u8], out: &mut Vec<(usize, usize)>) {
        for h in self.set.matches_candidate(&candidate(path)) {
            let (li, pi) = self.map[h];
            out.push((li as usize, pi as usize));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(pats: &[&str]) -> Lists<()> {
        let o = Origin::default_origin();
        Lists::new(vec![(
            (),
            pats.iter().map(|p| Pattern::new(*p, o.clone())).collect(),
        )])
        .unwrap()
    }

    #[test]
    fn gitignore_semantics() {
        let l = one(&["src/auth/**"]);
        assert!(l.is_match(b"src/auth/login.rs"));
        assert!(l.is_match(b"src/auth/deep/x.rs"));
        assert!(!l.is_match(b"src/authz/x.rs"));

        let l = one(&["*.rs"]);
        assert!(l.is_match(b"a.rs") && l.is_match(b"deep/dir/a.rs"));

        let l = one(&["src/*.rs"]);
        assert!(l.is_match(b"src/a.rs"));
        assert!(!l.is_match(b"src/sub/a.rs"), "* must not cross /");

        let l = one(&["/build"]);
        assert!(l.is_match(b"build/x") && !l.is_match(b"sub/build/x"));

        let l = one(&["src/"]);
        assert!(l.is_match(b"src/x.rs") && l.is_match(b"a/src/x.rs"));

        let l = one(&["docs"]);
        assert!(l.is_match(b"docs/a.md") && l.is_match(b"x/docs/a.md"));

        let l = one(&["a[!b]c"]);
        assert!(l.is_match(b"axc"));
        assert!(!l.is_match(b"a/c"), "negated class must not match /");

        let l = one(&["./src/lib.rs"]);
        assert!(l.is_match(b"src/lib.rs"));
    }

    #[test]
    fn negation_last_match_wins() {
        let l = one(&["src/**", "!src/gen/**", "src/gen/keep.rs"]);
        assert!(l.is_match(b"src/a.rs"));
        assert!(!l.is_match(b"src/gen/x.rs"));
        assert!(l.is_match(b"src/gen/keep.rs"));
    }

    #[test]
    fn invalid_globs_are_errors() {
        assert!(validate("[abc").is_err());
        assert!(validate("a/**b").is_err());
        // globset 0.4.21 supports nested alternates: a valid pattern, matched right
        assert!(one(&["src/{a,{b,c}}.rs"]).is_match(b"src/c.rs"));
        assert!(validate("").is_err());
        assert!(validate("!").is_err());
        assert!(validate("src/**").is_ok());
    }

    #[test]
    fn non_utf8_paths_match_on_bytes() {
        let l = one(&["src/**"]);
        assert!(l.is_match(b"src/\xff\xfe.rs"));
    }
}
