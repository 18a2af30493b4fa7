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
    /// Repository-relative file (`.specmoor.yml`, `specs/auth.md`), or `built-in default`.
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
    if p.as_bytes()
        .split(|b| *b == b'/')
        .any(|c| c != b"**" && c.windows(2).any(|w| w == b"**"))
    {
        return Err("`**` must be a whole path component (`dir/**`, `**/name`)".into());
    }
    let mut body = fix_negated_classes(p);
    if !anchored && !p.contains('/') && !p.starts_with("**") {
        body.insert_str(0, "**/");
    }
    let mut out = Vec::with_capacity(2);
    if !dir_only {
        out.push(body.clone());
    }
    if !(body.ends_with("/**") || body == "**") {
        let mut folder = String::with_capacity(body.len() + 3);
        folder.push_str(&body);
        folder.push_str("/**");
        out.push(folder);
    } else if dir_only {
        out.push(body);
    }
    Ok((negated, out))
}

/// `[!x]` / `[^x]` → `[!x/]`: a negated class must not match the separator.
fn fix_negated_classes(p: &str) -> String {
    let b = p.as_bytes();
    // most patterns have neither a class nor an escape: nothing to do
    if !b.iter().any(|c| matches!(c, b'[' | b'\\')) {
        return p.to_string();
    }
    let mut out = String::with_capacity(p.len() + 2);
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            let next = p[i + 1..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&p[i..i + 1 + next]);
            i += 1 + next;
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

/// How paths compare when matching: byte for byte (the default), or as a checkout
/// that folds case (`core.ignorecase`) and/or Unicode normalisation
/// (`core.precomposeunicode`) sees them, where `src/Auth/x` and `src/auth/x`, or an
/// NFC and an NFD spelling of `café`, are one file. Both the globs and the paths are
/// folded: lowercased (Unicode) and NFC-normalised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Fold {
    pub case: bool,
    pub nfc: bool,
}

impl Fold {
    /// Both foldings: what any checkout may treat as the same path.
    pub const ANY: Fold = Fold {
        case: true,
        nfc: true,
    };

    pub fn is_exact(self) -> bool {
        !self.case && !self.nfc
    }

    /// A path as this folding sees it (bytes that are not UTF-8 are only
    /// ASCII-lowercased).
    pub fn path(self, p: &[u8]) -> std::borrow::Cow<'_, [u8]> {
        use std::borrow::Cow;
        if self.is_exact() || (p.is_ascii() && !(self.case && p.iter().any(u8::is_ascii_uppercase)))
        {
            return Cow::Borrowed(p);
        }
        match std::str::from_utf8(p) {
            Ok(s) => Cow::Owned(self.text(s).into_bytes()),
            Err(_) if self.case => Cow::Owned(p.to_ascii_lowercase()),
            Err(_) => Cow::Borrowed(p),
        }
    }

    /// Text as this folding sees it.
    pub fn text(self, s: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let s = if self.case {
            s.to_lowercase()
        } else {
            s.to_string()
        };
        if self.nfc {
            s.nfc().collect()
        } else {
            s
        }
    }

    /// A normalised glob that matches the folded spelling of every path the glob
    /// matches: literal runs are folded; a character class keeps its members and
    /// gains their folded forms (`[A-Z]` → `[A-Za-z]`), so it still matches what it
    /// did, folded.
    fn glob(self, g: &str) -> String {
        if self.is_exact() {
            return g.to_string();
        }
        let meta = |c: char| matches!(c, '*' | '?' | '[' | ']' | '{' | '}' | ',' | '/' | '\\');
        let mut out = String::with_capacity(g.len());
        let mut run = String::new();
        let mut chars = g.chars().peekable();
        let flush = |run: &mut String, out: &mut String| {
            if !run.is_empty() {
                out.push_str(&self.text(run));
                run.clear();
            }
        };
        while let Some(c) = chars.next() {
            if !meta(c) {
                run.push(c);
                continue;
            }
            flush(&mut run, &mut out);
            match c {
                '\\' => {
                    if let Some(e) = chars.next() {
                        for f in self.text(&e.to_string()).chars() {
                            out.push('\\');
                            out.push(f);
                        }
                    } else {
                        out.push('\\');
                    }
                }
                '[' => {
                    // the class as written, up to its closing bracket
                    let mut class: Vec<char> = Vec::new();
                    let mut closed = false;
                    let mut first = true;
                    while let Some(&n) = chars.peek() {
                        chars.next();
                        if first && (n == '!' || n == '^') && class.is_empty() {
                            class.push(n);
                            continue;
                        }
                        if n == ']' && !first {
                            closed = true;
                            break;
                        }
                        first = false;
                        class.push(n);
                    }
                    out.push('[');
                    out.extend(class.iter());
                    if closed {
                        out.push_str(&self.class_extra(&class));
                        out.push(']');
                    }
                }
                _ => out.push(c),
            }
        }
        flush(&mut run, &mut out);
        out
    }

    /// The folded forms of a class's members not already in it (`class` without
    /// its brackets).
    fn class_extra(self, class: &[char]) -> String {
        let one = |c: char| {
            let f: Vec<char> = self.text(&c.to_string()).chars().collect();
            (f.len() == 1).then(|| f[0]).filter(|f| *f != c)
        };
        let special = |c: char| matches!(c, ']' | '-' | '!' | '^' | '\\' | '[');
        let mut extra = String::new();
        let body = match class.first() {
            Some('!' | '^') => &class[1..],
            _ => class,
        };
        let mut i = 0;
        while i < body.len() {
            let c = body[i];
            if i + 2 < body.len() && body[i + 1] == '-' {
                let (lo, hi) = (c, body[i + 2]);
                let (flo, fhi) = (one(lo).unwrap_or(lo), one(hi).unwrap_or(hi));
                if (flo, fhi) != (lo, hi) && flo <= fhi && !special(flo) && !special(fhi) {
                    extra.push(flo);
                    extra.push('-');
                    extra.push(fhi);
                }
                // members of the range whose folded form lies outside it
                if self.case && (hi as u32) - (lo as u32) <= 0x3000 {
                    for m in lo..=hi {
                        if let Some(f) = one(m).filter(|f| !special(*f)) {
                            if !(flo..=fhi).contains(&f) && !(lo..=hi).contains(&f) {
                                extra.push(f);
                            }
                        }
                    }
                }
                i += 3;
                continue;
            }
            if let Some(f) = one(c).filter(|f| !special(*f)) {
                extra.push(f);
            }
            i += 1;
        }
        extra
    }
}

/// Compile one normalised glob with our fixed options. A glob whose regex is long
/// enough that it might not fit globset's regex size limit on its own is built into
/// a matcher now, so that it is refused here (naming it) rather than later.
fn compile(glob: &str) -> Result<globset::Glob, String> {
    let run = longest_literal_run(glob);
    if run > LITERAL_RUN_MAX {
        return Err(format!(
            "the glob has {run} bytes of literal text in a row (at most {LITERAL_RUN_MAX}); \
             shorten it, or own the folder with `folder/**`"
        ));
    }
    let g = GlobBuilder::new(glob)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| e.kind().to_string())?;
    if g.regex().len() > ALONE_SAFE {
        GlobSetBuilder::new().add(g.clone()).build().map_err(|e| {
            format!(
                "the glob is too large to compile ({}); split it into several smaller globs",
                e.kind()
            )
        })?;
    }
    Ok(g)
}

/// Literal bytes in a row that a glob globset compiles may have. globset matches a
/// glob that is a literal path, prefix or suffix with an Aho-Corasick automaton,
/// whose construction grows with the square of a repetitive literal's length (a
/// 16 KB `**/a/a/…` glob took 1.3 s, 80 KB 23 s): a pull request could stall its
/// own check. No path a team owns by a glob has a run this long; the shapes matched
/// without globset (a literal path, `folder/**`) have no limit.
const LITERAL_RUN_MAX: usize = 1024;

/// The longest run of literal bytes in `glob`: outside `[…]` classes, between
/// metacharacters and the commas of `{…}` alternatives; an escaped byte is literal.
fn longest_literal_run(glob: &str) -> usize {
    let b = glob.as_bytes();
    let (mut longest, mut run, mut braces, mut i) = (0, 0, 0usize, 0);
    while i < b.len() {
        match b[i] {
            b'\\' => {
                run += 1;
                i += 1;
            }
            b'[' => {
                run = 0;
                // a `]` first in the class (after `!` or `^`) is one of its bytes
                i += 1;
                if matches!(b.get(i), Some(b'!' | b'^')) {
                    i += 1;
                }
                if b.get(i) == Some(&b']') {
                    i += 1;
                }
                while i < b.len() && b[i] != b']' {
                    i += 1;
                }
            }
            b'{' => {
                braces += 1;
                run = 0;
            }
            b'}' => {
                braces = braces.saturating_sub(1);
                run = 0;
            }
            b',' if braces > 0 => run = 0,
            b'*' | b'?' | b']' => run = 0,
            _ => run += 1,
        }
        longest = longest.max(run);
        i += 1;
    }
    longest
}

/// Regex text length under which one glob always compiles on its own: globset's
/// limit is 10 MiB of automaton, a few dozen bytes per byte of regex at most.
const ALONE_SAFE: usize = 16 * 1024;

/// Regex text compiled into one set at most (several sets are built for more): a
/// set of 10,000 ordinary globs (~450 KiB of regex) overflows globset's limit.
const CHUNK: usize = 64 * 1024;

/// Compile globs into sets, each under globset's size limit: a chunk that still
/// does not fit is split in two. One glob alone always fits ([`compile`] refused the
/// ones that do not), so no glob is ever dropped.
fn build_sets(globs: &[&globset::Glob]) -> Vec<GlobSet> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut len = 0;
    for (i, g) in globs.iter().enumerate() {
        let n = g.regex().len();
        if i > start && len + n > CHUNK {
            build_chunk(&globs[start..i], &mut out);
            start = i;
            len = 0;
        }
        len += n;
    }
    if start < globs.len() {
        build_chunk(&globs[start..], &mut out);
    }
    out
}

fn build_chunk(globs: &[&globset::Glob], out: &mut Vec<GlobSet>) {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add((*g).clone());
    }
    match b.build() {
        Ok(set) => out.push(set),
        Err(_) if globs.len() > 1 => {
            let (l, r) = globs.split_at(globs.len() / 2);
            build_chunk(l, out);
            build_chunk(r, out);
        }
        // `compile` built this glob alone already: it fits
        Err(e) => panic!("glob {:?} no longer compiles: {e}", globs[0].glob()),
    }
}

/// Check that a pattern is valid; the error says why not.
pub fn validate(pattern: &str) -> Result<(), String> {
    let (_, globs) = normalize(pattern)?;
    for g in globs {
        // as a list loads it ([`prepare`]): a fast shape is valid by construction
        if Fast::classify(&g).is_none() {
            compile(&g)?;
        }
    }
    Ok(())
}

/// A bad pattern: which list, which pattern, why.
#[derive(Debug, Clone)]
pub struct GlobError {
    pub list: usize,
    pub pattern: usize,
    pub message: String,
    /// The pattern as written, and where.
    pub text: String,
    pub origin: Origin,
}

/// Several lists of patterns (one per owner, say). A path is in a list when the last
/// pattern of that list that matches it is not negated.
///
/// Patterns are indexed by their literal directory prefix (`src/auth/**` under
/// `src/auth`), so a path is only tried against the patterns of its ancestor
/// directories, and each prefix's patterns are compiled into a small set the first
/// time a path needs them. 1,000 or 50,000 patterns cost about the same per path.
#[derive(Debug)]
pub struct Lists<T> {
    pub lists: Vec<(T, Vec<Pattern>)>,
    negated: Vec<Vec<bool>>,
    /// every normalised glob, with its (list, pattern)
    /// (normalised text, parsed glob for shapes the fast path cannot take, list, pattern)
    /// (boxed: most globs take a fast shape, and the vector stays small)
    globs: Vec<(String, Option<Box<globset::Glob>>, u32, u32)>,
    /// literal directory prefix → indexes into `globs`, and their lazily built set
    /// (the map holds each prefix's place in `buckets`: a small table, where
    /// buckets in it cost a cache miss per insert at 10,000 globs)
    index: foldhash::HashMap<Vec<u8>, u32>,
    /// the longest key of `index`: a longer folder of a path has no bucket, so a path
    /// thousands of folders deep is not hashed at every one of them
    longest_prefix: usize,
    /// a table of a few prefixes (the `ignore`, `not_code` and spec lists of most
    /// configs): its keys, shortest first, compared with a path's start instead of
    /// hashing every folder of the path ([`FEW`])
    few: Option<Box<[Vec<u8>]>>,
    /// whether answers are worked out afresh rather than remembered: a few prefixes
    /// and only byte-compared shapes, cheaper to match than to look up
    cheap: bool,
    buckets: Vec<Bucket>,
    /// answers of `matches` for paths `slots` has no number for ([`Lists::remember_for`])
    memo: Option<Box<[Shard; SHARDS]>>,
    /// answers of `matches` for the paths a check numbered ([`Lists::remember_for`])
    slots: Option<Slots>,
    /// how paths are compared (globs were folded the same way)
    fold: Fold,
}

/// Walks a folder for [`Lists::unmatched_with`]: `walk(folder, visit)`.
pub type Walk<'a> = dyn FnMut(&[u8], &mut dyn FnMut(&[u8]) -> bool) + 'a;

/// Remembered answers are split by a hash of the path over this many locks: rules
/// ask on every core at once, and one lock was taken twice per path by both.
const SHARDS: usize = 16;

/// A prefix table of at most this many keys is scanned rather than hashed into.
const FEW: usize = 8;

/// One lock's share of the remembered answers, on a cache line of its own.
#[derive(Default, Debug)]
#[repr(align(64))]
struct Shard(std::sync::Mutex<Memo>);

/// Answers of [`Lists::matches`] by path.
/// (boxed slices: a slot of the table is two words smaller than with vectors, and
/// a 20,000-path check fills four tables of 65,536 slots)
type Memo = foldhash::HashMap<Box<[u8]>, Box<[(usize, usize)]>>;

/// The paths a check asks about, numbered once: lists remember their answers for
/// them in slots by number ([`Lists::remember_for`]), read without a lock and
/// filled without copying the path, where a memo by path (kept for paths without a
/// number) copies every path it is asked about under a lock. At 20,000 changed paths
/// four lists were asked about each: 80,000 inserts and copies.
#[derive(Debug, Default)]
pub struct Asked(foldhash::HashMap<Box<[u8]>, u32>);

impl Asked {
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a [u8]>) -> std::sync::Arc<Asked> {
        let paths = paths.into_iter();
        let mut map = foldhash::HashMap::default();
        map.reserve(paths.size_hint().0);
        for p in paths {
            let n = map.len() as u32;
            map.entry(Box::from(p)).or_insert(n);
        }
        std::sync::Arc::new(Asked(map))
    }

    fn number(&self, path: &[u8]) -> Option<usize> {
        self.0.get(path).map(|&n| n as usize)
    }
}

/// A list's answers for the paths of an [`Asked`], by number.
#[derive(Debug)]
struct Slots {
    asked: std::sync::Arc<Asked>,
    answers: Box<[Slot]>,
}

/// The answer of [`Lists::matches`] for one numbered path, once known.
type Slot = std::sync::OnceLock<Box<[(usize, usize)]>>;

/// One distinct fast shape of a bucket.
#[derive(Debug)]
struct Shape {
    /// where it is in the bucket's `fast`
    at: u32,
    /// whether its folder prefix is the bucket's (`a/b/` in the bucket `a/b`), so a
    /// path tried here (always below the bucket's folder) needs no prefix
    /// comparison ([`Fast::is_match_below`])
    below: bool,
    /// the globs of this shape
    globs: Vec<u32>,
}

/// The distinct shapes of the fast globs of the bucket `key`, in their order.
fn shapes(key: &[u8], fast: &[(Fast, u32)]) -> Vec<Shape> {
    let mut out: Vec<Shape> = Vec::with_capacity(fast.len());
    // shape → its place in `out` (a bucket of one or two needs no map)
    let mut at: foldhash::HashMap<&Fast, usize> = foldhash::HashMap::default();
    for (i, (f, g)) in fast.iter().enumerate() {
        let known = match fast.len() {
            0..=2 => out.iter().position(|s| &fast[s.at as usize].0 == f),
            _ => at.get(f).copied(),
        };
        match known {
            Some(k) => out[k].globs.push(*g),
            None => {
                if fast.len() > 2 {
                    at.insert(f, out.len());
                }
                let below = f.folder().is_some_and(|p| {
                    p.is_empty() && key.is_empty()
                        || (p.len() == key.len() + 1 && p.starts_with(key) && p.ends_with(b"/"))
                });
                out.push(Shape {
                    at: i as u32,
                    below,
                    globs: vec![*g],
                });
            }
        }
    }
    out
}

#[derive(Debug, Default)]
struct Bucket {
    /// Globs matched by a simple byte test.
    fast: Vec<(Fast, u32)>,
    /// The distinct shapes of `fast`, each tried once per path for every glob of
    /// that shape (the specs of an area often share `area/**/*.rs`).
    shapes: Vec<Shape>,
    /// The rest, compiled into a set the first time a path needs them.
    members: Vec<u32>,
    /// What a path needs for any of `members` to match it, when every member needs
    /// something simple ([`needed`]): a path that meets none of them is not tried
    /// against the compiled sets (most paths, for `**/.kiro/specs/*/spec.json` or
    /// `LICENSE*`). `None` when some member needs nothing that simple.
    needs: Option<Vec<Need>>,
    /// `members` compiled into sets of consecutive members, each under globset's
    /// size limit; positions in each set continue where the previous set's ended.
    set: std::sync::OnceLock<Vec<GlobSet>>,
}

/// What any match of a compiled glob must meet.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Need {
    /// Its last component is literal: a path of that name ([`Fast::Basename`]), or,
    /// for a folder form `G/**` of such a `G`, a path inside a folder of that name
    /// ([`Fast::BasenameDir`]).
    Shape(Fast),
    /// A run of literal bytes without a `/` in the glob: every path it matches
    /// contains them (`LICENSE` for `**/LICENSE*`).
    Contains(Vec<u8>),
}

impl Need {
    fn is_met(&self, path: &[u8]) -> bool {
        match self {
            Need::Shape(f) => f.is_match(path),
            // paths are short: a scan for the first byte beats setting up memmem
            Need::Contains(lit) => lit.first().is_some_and(|&b0| {
                (0..path.len()).any(|i| path[i] == b0 && path[i..].starts_with(lit))
            }),
        }
    }
}

/// What any match of the compiled glob `glob` must meet, when that is simple.
fn needed(glob: &str) -> Option<Need> {
    let (rest, folder) = match glob.strip_suffix("/**") {
        Some(r) => (r, true),
        None => (glob, false),
    };
    let last = rest.rsplit('/').next()?;
    if plain(last) {
        let last = last.as_bytes().to_vec();
        return Some(Need::Shape(if folder {
            Fast::BasenameDir(last)
        } else {
            Fast::Basename(last)
        }));
    }
    // Without escapes, classes or alternatives a glob is literal bytes, `?`, `*` and
    // `**`: a literal byte matches only itself, and a run of them between
    // metacharacters is matched by consecutive bytes of the path. `**/` may match
    // nothing, so its slash is not required: runs are cut at every `/`.
    if glob
        .bytes()
        .any(|b| matches!(b, b'[' | b']' | b'{' | b'}' | b'\\'))
    {
        return None;
    }
    glob.split(['*', '?', '/'])
        .max_by_key(|run| run.len())
        .filter(|run| run.len() >= 2)
        .map(|run| Need::Contains(run.as_bytes().to_vec()))
}

/// The shapes most ownership globs take, matched without a regex. Equivalent to
/// globset with `literal_separator(true)` for these shapes (tested below).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Fast {
    /// `a/b/c.rs`: exactly this path.
    Exact(Vec<u8>),
    /// `a/b/**`: anything below `a/b/` (the prefix includes the slash).
    Under(Vec<u8>),
    /// `a/**/*.rs` (or `**/*.rs` with an empty prefix): below the prefix, ending in `.rs`.
    UnderSuffix(Vec<u8>, Vec<u8>),
    /// `a/*.rs`: directly in `a/`, ending in `.rs` (`*.rs`, an empty prefix: at the
    /// top level).
    InDirSuffix(Vec<u8>, Vec<u8>),
    /// `**/name`: a path whose last component is `name`.
    Basename(Vec<u8>),
    /// `a/**/*.rs/**` (the folder form of `a/**/*.rs`): below `a/`, inside a
    /// folder whose name ends in `.rs`.
    UnderSuffixDir(Vec<u8>, Vec<u8>),
    /// `a/*.rs/**`: inside a folder directly in `a/` whose name ends in `.rs` (at
    /// the top level for an empty prefix).
    InDirSuffixDir(Vec<u8>, Vec<u8>),
    /// `**/name/**`: inside a folder named `name`, at any depth.
    BasenameDir(Vec<u8>),
}

fn plain(s: &str) -> bool {
    !s.is_empty() && !s.bytes().any(is_meta)
}

/// `p/` as bytes.
fn folder_bytes(p: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(p.len() + 1);
    v.extend_from_slice(p.as_bytes());
    v.push(b'/');
    v
}

/// A glob metacharacter (all ASCII, so a byte test suffices in UTF-8 text).
fn is_meta(b: u8) -> bool {
    matches!(b, b'*' | b'?' | b'[' | b']' | b'{' | b'}' | b'\\')
}

/// `s` split around the first occurrence of the ASCII `pat` (as `str::split_once`,
/// without the cost of setting up a substring searcher for a few bytes).
fn split_once_at<'a>(s: &'a str, pat: &str) -> Option<(&'a str, &'a str)> {
    let i = s
        .as_bytes()
        .windows(pat.len())
        .position(|w| w == pat.as_bytes())?;
    Some((&s[..i], &s[i + pat.len()..]))
}

/// `s` split around the last occurrence of the ASCII `pat` (as `str::rsplit_once`).
fn rsplit_once_at<'a>(s: &'a str, pat: &str) -> Option<(&'a str, &'a str)> {
    let i = s
        .as_bytes()
        .windows(pat.len())
        .rposition(|w| w == pat.as_bytes())?;
    Some((&s[..i], &s[i + pat.len()..]))
}

impl Fast {
    fn classify(g: &str) -> Option<Fast> {
        if plain(g) {
            return Some(Fast::Exact(g.as_bytes().to_vec()));
        }
        if let Some(inner) = g.strip_suffix("/**") {
            let one = |s: &str| plain(s) && !s.contains('/');
            if let Some(name) = inner.strip_prefix("**/") {
                if one(name) {
                    return Some(Fast::BasenameDir(name.as_bytes().to_vec()));
                }
                if let Some(ext) = name.strip_prefix('*').filter(|e| one(e)) {
                    return Some(Fast::UnderSuffixDir(Vec::new(), ext.as_bytes().to_vec()));
                }
            }
            if let Some((p, rest)) = split_once_at(inner, "/**/*") {
                if plain(p) && one(rest) {
                    return Some(Fast::UnderSuffixDir(
                        folder_bytes(p),
                        rest.as_bytes().to_vec(),
                    ));
                }
            }
            if let Some((p, rest)) = rsplit_once_at(inner, "/*") {
                if plain(p) && one(rest) {
                    return Some(Fast::InDirSuffixDir(
                        folder_bytes(p),
                        rest.as_bytes().to_vec(),
                    ));
                }
            }
            // `*.md/**` (an anchored `/*.md`'s folder form): a top-level folder
            if let Some(ext) = inner.strip_prefix('*').filter(|e| one(e)) {
                return Some(Fast::InDirSuffixDir(Vec::new(), ext.as_bytes().to_vec()));
            }
        }
        if let Some(p) = g.strip_suffix("/**") {
            if plain(p) {
                return Some(Fast::Under(folder_bytes(p)));
            }
        }
        if let Some(name) = g.strip_prefix("**/") {
            if plain(name) && !name.contains('/') {
                return Some(Fast::Basename(name.as_bytes().to_vec()));
            }
            if let Some(ext) = name.strip_prefix('*') {
                if plain(ext) && !ext.contains('/') {
                    return Some(Fast::UnderSuffix(Vec::new(), ext.as_bytes().to_vec()));
                }
            }
        }
        if let Some((p, rest)) = split_once_at(g, "/**/*") {
            if plain(p) && plain(rest) && !rest.contains('/') {
                return Some(Fast::UnderSuffix(folder_bytes(p), rest.as_bytes().to_vec()));
            }
        }
        if let Some((p, rest)) = rsplit_once_at(g, "/*") {
            if plain(p) && plain(rest) && !rest.contains('/') {
                return Some(Fast::InDirSuffix(folder_bytes(p), rest.as_bytes().to_vec()));
            }
        }
        // `*.md` (an anchored `/*.md`): a file at the top level
        if let Some(ext) = g.strip_prefix('*') {
            if plain(ext) && !ext.contains('/') {
                return Some(Fast::InDirSuffix(Vec::new(), ext.as_bytes().to_vec()));
            }
        }
        None
    }

    /// The folder prefix of a shape that has one (`a/b/` of `a/b/**/*.rs`; empty for
    /// `**/*.rs`), `None` for an exact path or a name at any depth.
    fn folder(&self) -> Option<&[u8]> {
        match self {
            Fast::Under(p)
            | Fast::UnderSuffix(p, _)
            | Fast::InDirSuffix(p, _)
            | Fast::UnderSuffixDir(p, _)
            | Fast::InDirSuffixDir(p, _) => Some(p),
            Fast::Exact(_) | Fast::Basename(_) | Fast::BasenameDir(_) => None,
        }
    }

    /// [`Self::is_match`] of a path known to lie below the shape's folder prefix
    /// ([`Self::folder`]): the prefix is not compared again (a path is tried
    /// against the globs of its ancestor folders only).
    fn is_match_below(&self, path: &[u8]) -> bool {
        debug_assert!(self.folder().is_none_or(|p| path.starts_with(p)));
        match self {
            Fast::Under(_) => true,
            Fast::UnderSuffix(p, sfx) => ends_with(path, sfx) && path.len() >= p.len() + sfx.len(),
            Fast::InDirSuffix(p, sfx) => {
                ends_with(path, sfx)
                    && path.len() >= p.len() + sfx.len()
                    && !path[p.len()..].contains(&b'/')
            }
            Fast::UnderSuffixDir(p, sfx) => folders(&path[p.len()..]).any(|c| ends_with(c, sfx)),
            Fast::InDirSuffixDir(p, sfx) => folders(&path[p.len()..])
                .next()
                .is_some_and(|c| ends_with(c, sfx)),
            Fast::Exact(_) | Fast::Basename(_) | Fast::BasenameDir(_) => self.is_match(path),
        }
    }

    fn is_match(&self, path: &[u8]) -> bool {
        match self {
            Fast::Exact(e) => path == e.as_slice(),
            Fast::Basename(n) => {
                path == n.as_slice()
                    || (ends_with(path, n)
                        && path.len() > n.len()
                        && path[path.len() - n.len() - 1] == b'/')
            }
            Fast::BasenameDir(n) => folders(path).any(|c| c == n.as_slice()),
            // the shapes with a folder prefix: below it, the rest
            _ => self.folder().is_some_and(|p| path.starts_with(p)) && self.is_match_below(path),
        }
    }
}

/// `path.ends_with(sfx)`, its last bytes compared first (most paths differ there,
/// and a short comparison is cheaper than a call to `memcmp`).
fn ends_with(path: &[u8], sfx: &[u8]) -> bool {
    match (path.last(), sfx.last()) {
        (Some(a), Some(b)) if a != b => false,
        _ => path.ends_with(sfx),
    }
}

/// The folder components of a path: every component but the last.
fn folders(path: &[u8]) -> impl Iterator<Item = &[u8]> {
    let end = path.iter().rposition(|c| *c == b'/').unwrap_or(0);
    path[..end].split(|c| *c == b'/').filter(move |_| end > 0)
}

/// Literal directory prefix of a normalised glob: its leading components without
/// glob metacharacters, the last component excluded (it may be the file itself).
pub fn glob_prefix(glob: &str) -> &str {
    let mut end = 0;
    let mut pos = 0;
    for comp in glob.split('/') {
        let next = pos + comp.len();
        if next >= glob.len() {
            break; // the last component
        }
        if comp.is_empty() || comp.bytes().any(is_meta) {
            break;
        }
        end = next;
        pos = next + 1;
    }
    &glob[..end]
}

/// The items of `sorted` (sorted by `path`) whose path lies under `folder` (every
/// item for the root, `""`): one range, found by a binary search.
pub fn under_folder<'a, T>(
    sorted: &'a [T],
    folder: &'a [u8],
    path: for<'x> fn(&'x T) -> &'x [u8],
) -> impl Iterator<Item = &'a T> + 'a {
    let start = sorted.partition_point(|t| path(t) < folder);
    sorted[start..]
        .iter()
        .take_while(move |t| path(t).starts_with(folder))
        .filter(move |t| folder.is_empty() || path(t).get(folder.len()) == Some(&b'/'))
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

/// A pattern made ready for its buckets: whether it is negated, and each of its
/// normalised globs (folded) with how it is matched; or why it is not a glob.
type Prepared = Result<(bool, Vec<(String, Kind)>), String>;

/// How one normalised glob is matched.
enum Kind {
    /// by a simple byte test
    Fast(Fast),
    /// by globset, with what any path it matches must meet ([`needed`])
    Compiled(Option<Need>, Box<globset::Glob>),
}

/// [`Prepared`] of the pattern `text` compared as `fold` sees paths.
fn prepare(text: &str, fold: Fold) -> Prepared {
    let (is_neg, normalized) = normalize(text)?;
    let mut out = Vec::with_capacity(normalized.len());
    for g in normalized {
        let g = if fold.is_exact() { g } else { fold.glob(&g) };
        // a fast shape is plain text around `/**`, `*`: valid by construction
        let kind = match Fast::classify(&g) {
            Some(f) => Kind::Fast(f),
            None => Kind::Compiled(needed(&g), Box::new(compile(&g)?)),
        };
        out.push((g, kind));
    }
    Ok((is_neg, out))
}

impl<T> Lists<T> {
    pub fn new(lists: Vec<(T, Vec<Pattern>)>) -> Result<Self, GlobError> {
        Self::folded(lists, Fold::default())
    }

    /// Lists whose paths are compared as `fold` sees them.
    pub fn folded(lists: Vec<(T, Vec<Pattern>)>, fold: Fold) -> Result<Self, GlobError> {
        // sized once: a pattern is one or two globs (`p`, `p/**`), and most globs
        // have a bucket of their own (growing them copied ~12 MB of fresh,
        // kernel-zeroed memory at 10,000 globs)
        let patterns: usize = lists.iter().map(|(_, p)| p.len()).sum();
        let mut globs = Vec::with_capacity(2 * patterns);
        let mut index: foldhash::HashMap<Vec<u8>, u32> =
            foldhash::HashMap::with_capacity_and_hasher(patterns, Default::default());
        let mut buckets: Vec<Bucket> = Vec::with_capacity(patterns);
        // each pattern normalised, classified and parsed on its own (on all cores
        // for many), then put in its bucket in order
        let prepare_all = |pats: &[Pattern]| -> Vec<Prepared> {
            pats.iter().map(|p| prepare(&p.text, fold)).collect()
        };
        let prepared: Vec<Vec<Prepared>> = if patterns >= 512 {
            use rayon::prelude::*;
            let per_list: Vec<&[Pattern]> = lists.iter().map(|(_, p)| p.as_slice()).collect();
            per_list
                .par_iter()
                .with_min_len(8)
                .map(|pats| prepare_all(pats))
                .collect()
        } else {
            lists.iter().map(|(_, p)| prepare_all(p)).collect()
        };
        let mut negated = Vec::with_capacity(lists.len());
        for (li, ((_, pats), prepared)) in lists.iter().zip(prepared).enumerate() {
            let mut neg = Vec::with_capacity(pats.len());
            for (pi, (pat, p)) in pats.iter().zip(prepared).enumerate() {
                let (is_neg, normalized) = p.map_err(|message| GlobError {
                    list: li,
                    pattern: pi,
                    message,
                    text: pat.text.clone(),
                    origin: pat.origin.clone(),
                })?;
                neg.push(is_neg);
                for (g, kind) in normalized {
                    let idx = globs.len() as u32;
                    let key = glob_prefix(&g).as_bytes();
                    let at = match index.get(key) {
                        Some(&at) => at as usize,
                        None => {
                            index.insert(key.to_vec(), buckets.len() as u32);
                            buckets.push(Bucket::default());
                            buckets.len() - 1
                        }
                    };
                    let bucket = &mut buckets[at];
                    let parsed = match kind {
                        Kind::Fast(f) => {
                            bucket.fast.push((f, idx));
                            None
                        }
                        Kind::Compiled(need, glob) => {
                            bucket.needs = match (bucket.members.is_empty(), need) {
                                (true, Some(n)) => Some(vec![n]),
                                (false, Some(n)) => bucket.needs.take().map(|mut v| {
                                    if !v.contains(&n) {
                                        v.push(n);
                                    }
                                    v
                                }),
                                (_, None) => None,
                            };
                            bucket.members.push(idx);
                            Some(glob)
                        }
                    };
                    globs.push((g, parsed, li as u32, pi as u32));
                }
            }
            negated.push(neg);
        }
        let mut keys: Vec<&[u8]> = vec![&[]; buckets.len()];
        for (key, &at) in &index {
            keys[at as usize] = key;
        }
        let shape = |(b, key): (&mut Bucket, &&[u8])| b.shapes = shapes(key, &b.fast);
        if buckets.len() >= 512 {
            use rayon::prelude::*;
            buckets.par_iter_mut().zip(&keys).for_each(shape);
        } else {
            buckets.iter_mut().zip(&keys).for_each(shape);
        }
        let few = (keys.len() <= FEW).then(|| {
            let mut few: Vec<Vec<u8>> = keys.iter().map(|k| k.to_vec()).collect();
            few.sort_by_key(|k| k.len());
            few.into_boxed_slice()
        });
        let cheap = few.is_some() && buckets.iter().all(|b| b.members.is_empty());
        Ok(Lists {
            lists,
            negated,
            globs,
            few,
            cheap,
            longest_prefix: keys.iter().map(|k| k.len()).max().unwrap_or(0),
            index,
            buckets,
            memo: None,
            slots: None,
            fold,
        })
    }

    /// The bucket of globs whose literal prefix is `prefix`.
    fn bucket(&self, prefix: &[u8]) -> Option<&Bucket> {
        self.index.get(prefix).map(|&at| &self.buckets[at as usize])
    }

    /// Remember the answer of [`Self::matches`] per path (a check asks about the same
    /// changed paths in several rules): for the paths of `asked` in slots by their
    /// number, for other paths in a memo; what was remembered is forgotten.
    pub fn remember_for(&mut self, asked: &std::sync::Arc<Asked>) {
        self.memo = Some(Box::new(std::array::from_fn(|_| Shard::default())));
        self.slots = Some(Slots {
            asked: asked.clone(),
            answers: (0..asked.0.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        });
    }

    fn bucket_sets<'a>(&'a self, b: &'a Bucket) -> &'a [GlobSet] {
        b.set.get_or_init(|| {
            let globs: Vec<&globset::Glob> = b
                .members
                .iter()
                .filter_map(|&m| self.globs[m as usize].1.as_deref())
                .collect();
            build_sets(&globs)
        })
    }

    /// Positions (into `b.members`) of the members that match `c`.
    fn bucket_matches(&self, b: &Bucket, c: &Candidate, out: &mut Vec<usize>) {
        let mut base = 0;
        for set in self.bucket_sets(b) {
            out.extend(set.matches_candidate(c).into_iter().map(|i| base + i));
            base += set.len();
        }
    }

    /// Every (list, pattern) whose glob matches `path`, negated or not.
    fn hits(&self, path: &[u8], out: &mut Vec<(usize, usize)>) {
        let mut cand: Option<Candidate> = None;
        let mut try_prefix = |prefix: &[u8]| {
            if let Some(b) = self.bucket(prefix) {
                for s in &b.shapes {
                    let f = &b.fast[s.at as usize].0;
                    let hit = if s.below {
                        f.is_match_below(path)
                    } else {
                        f.is_match(path)
                    };
                    if hit {
                        for g in &s.globs {
                            let (_, _, li, pi) = self.globs[*g as usize];
                            out.push((li as usize, pi as usize));
                        }
                    }
                }
                let needed = b
                    .needs
                    .as_ref()
                    .is_none_or(|ns| ns.iter().any(|n| n.is_met(path)));
                if !b.members.is_empty() && needed {
                    let c = cand.get_or_insert_with(|| candidate(path));
                    let mut pos = Vec::new();
                    self.bucket_matches(b, c, &mut pos);
                    for i in pos {
                        let (_, _, li, pi) = self.globs[b.members[i] as usize];
                        out.push((li as usize, pi as usize));
                    }
                }
            }
        };
        if let Some(few) = &self.few {
            // the same prefixes in the same order: the root, then each folder of the
            // path that has a bucket, shortest first
            for k in few.iter() {
                if k.is_empty() || (path.get(k.len()) == Some(&b'/') && path.starts_with(k)) {
                    try_prefix(k);
                }
            }
            return;
        }
        try_prefix(b"");
        let within = &path[..path.len().min(self.longest_prefix + 1)];
        for (i, c) in within.iter().enumerate() {
            if *c == b'/' {
                try_prefix(&path[..i]);
            }
        }
    }

    /// For each list containing `path`: (list index, index of the deciding pattern).
    pub fn matches(&self, path: &[u8]) -> Vec<(usize, usize)> {
        self.with_matches(path, <[(usize, usize)]>::to_vec)
    }

    /// `f` of [`Self::matches`], the remembered answer lent rather than copied.
    fn with_matches<R>(&self, path: &[u8], f: impl FnOnce(&[(usize, usize)]) -> R) -> R {
        if self.cheap {
            return f(&self.compute_matches(path));
        }
        if let Some(s) = &self.slots {
            if let Some(n) = s.asked.number(path) {
                let slot = &s.answers[n];
                if let Some(found) = slot.get() {
                    return f(found);
                }
                let m = self.compute_matches(path).into_boxed_slice();
                let out = f(&m);
                // asked on two cores at once: the answers are equal, either stays
                let _ = slot.set(m);
                return out;
            }
        }
        let Some(shards) = &self.memo else {
            return f(&self.compute_matches(path));
        };
        let shard = std::hash::BuildHasher::hash_one(&foldhash::fast::FixedState::default(), path);
        let memo = &shards[shard as usize % SHARDS].0;
        if let Ok(m) = memo.lock() {
            if let Some(found) = m.get(path) {
                return f(found);
            }
        }
        let m = self.compute_matches(path);
        let out = f(&m);
        if let Ok(mut memo) = memo.lock() {
            memo.insert(path.into(), m.into_boxed_slice());
        }
        out
    }

    /// How paths are compared.
    pub fn fold(&self) -> Fold {
        self.fold
    }

    fn compute_matches(&self, path: &[u8]) -> Vec<(usize, usize)> {
        let mut hits = Vec::new();
        self.hits(&self.fold.path(path), &mut hits);
        if hits.is_empty() {
            return hits;
        }
        // last matching pattern per list
        let mut last = Vec::with_capacity(hits.len());
        self.decide(&mut hits, &mut last);
        last
    }

    /// Whether any list contains `path`.
    pub fn is_match(&self, path: &[u8]) -> bool {
        self.with_matches(path, |m| !m.is_empty())
    }

    /// [`Self::is_match`] without remembering the answer: for paths asked about
    /// once (every file of a listing), which would only fill the memo.
    pub fn is_match_once(&self, path: &[u8]) -> bool {
        !self.compute_matches(path).is_empty()
    }

    /// [`Self::matches`] without remembering the answer (see [`Self::is_match_once`]).
    pub fn matches_once(&self, path: &[u8]) -> Vec<(usize, usize)> {
        self.compute_matches(path)
    }

    /// Indexes (list, pattern) of every pattern that matches `path`, regardless of
    /// negations.
    pub fn raw_hits(&self, path: &[u8], out: &mut Vec<(usize, usize)>) {
        self.hits(&self.fold.path(path), out);
    }

    /// Whether pattern `pi` of list `li` matches any of `sorted_paths` (sorted
    /// bytewise).
    pub fn pattern_matches_any(
        &self,
        li: usize,
        pi: usize,
        sorted_paths: &[bstr::BString],
    ) -> bool {
        self.unmatched(&[(li, pi)], sorted_paths).is_empty()
    }

    /// Of the `wanted` (list, pattern) pairs, those whose pattern matches none of
    /// `sorted_paths` (sorted bytewise). Each prefix bucket scans only the paths
    /// under its prefix, once, with its compiled set, and stops as soon as every
    /// wanted pattern in it has matched.
    pub fn unmatched(
        &self,
        wanted: &[(usize, usize)],
        sorted_paths: &[bstr::BString],
    ) -> Vec<(usize, usize)> {
        self.unmatched_with(wanted, &mut |folder, visit| {
            for p in under_folder(sorted_paths, folder, |p| p.as_slice()) {
                if visit(p) {
                    break;
                }
            }
        })
    }

    /// [`Self::unmatched`], finding paths with `walk`: `walk(folder, visit)` calls
    /// `visit` with paths of files under `folder` (every file, for the empty
    /// folder), in any order, until it has no more or `visit` returns `true`. Each
    /// folder is walked at most once, for all the globs filed under it, and only
    /// until every one of them has matched; a pattern is done as soon as any of its
    /// globs matches.
    pub fn unmatched_with(
        &self,
        wanted: &[(usize, usize)],
        walk: &mut Walk,
    ) -> Vec<(usize, usize)> {
        use std::collections::{BTreeMap, BTreeSet};
        let wanted_set: BTreeSet<(usize, usize)> = wanted.iter().copied().collect();
        let mut matched: foldhash::HashSet<(usize, usize)> = foldhash::HashSet::default();
        if !self.fold.is_exact() {
            // folded globs have folded prefixes, which need not be folders of the
            // tree: one walk of everything, each path folded
            let mut hits = Vec::new();
            walk(b"", &mut |p: &[u8]| {
                hits.clear();
                self.hits(&self.fold.path(p), &mut hits);
                for h in &hits {
                    if wanted_set.contains(h) {
                        matched.insert(*h);
                    }
                }
                matched.len() == wanted_set.len()
            });
            return wanted_set
                .into_iter()
                .filter(|k| !matched.contains(k))
                .collect();
        }
        let key_of = |g: u32| {
            let (_, _, li, pi) = self.globs[g as usize];
            (li as usize, pi as usize)
        };
        // the buckets of the wanted patterns' globs (`globs` is in (list, pattern)
        // order), shorter folders first: an exact path is found before its folder form
        let mut prefixes: Vec<&[u8]> = Vec::new();
        for &want in &wanted_set {
            let at =
                |g: &(String, Option<Box<globset::Glob>>, u32, u32)| (g.2 as usize, g.3 as usize);
            let start = self.globs.partition_point(|g| at(g) < want);
            for g in self.globs[start..].iter().take_while(|g| at(g) == want) {
                prefixes.push(glob_prefix(&g.0).as_bytes());
            }
        }
        prefixes.sort_unstable();
        prefixes.dedup();
        for prefix in prefixes {
            let Some(b) = self.bucket(prefix) else {
                continue;
            };
            // wanted patterns in this bucket: fast ones, and set position → (list, pattern)
            let mut fast: Vec<(&Fast, (usize, usize))> = Vec::new();
            for (f, g) in &b.fast {
                let key = key_of(*g);
                if wanted_set.contains(&key) && !matched.contains(&key) {
                    fast.push((f, key));
                }
            }
            let mut here: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
            for (pos, &g) in b.members.iter().enumerate() {
                let key = key_of(g);
                if wanted_set.contains(&key) && !matched.contains(&key) {
                    here.insert(pos, key);
                }
            }
            if here.is_empty() && fast.is_empty() {
                continue;
            }
            let slow = !here.is_empty();
            let mut pos = Vec::new();
            walk(prefix, &mut |p: &[u8]| {
                fast.retain(|(f, key)| {
                    if matched.contains(key) {
                        return false;
                    }
                    let hit = f.is_match(p);
                    if hit {
                        matched.insert(*key);
                    }
                    !hit
                });
                if slow {
                    here.retain(|_, key| !matched.contains(key));
                    if !here.is_empty() {
                        pos.clear();
                        self.bucket_matches(b, &candidate(p), &mut pos);
                        for i in &pos {
                            if let Some(key) = here.remove(i) {
                                matched.insert(key);
                            }
                        }
                    }
                }
                here.is_empty() && fast.is_empty()
            });
        }
        wanted_set
            .into_iter()
            .filter(|k| !matched.contains(k))
            .collect()
    }

    /// Indexes into `sorted_paths` (sorted bytewise) of the paths that a positive
    /// pattern of one of `lists` matches (negations not applied: a superset of the
    /// lists' members). Only the paths under each glob's literal prefix are tried.
    pub fn candidates_for<P: AsRef<[u8]>>(
        &self,
        lists: &[usize],
        sorted_paths: &[P],
    ) -> Vec<usize> {
        let wanted: std::collections::BTreeSet<usize> = lists.iter().copied().collect();
        if !self.fold.is_exact() {
            let mut hits = Vec::new();
            return (0..sorted_paths.len())
                .filter(|&i| {
                    hits.clear();
                    self.hits(&self.fold.path(sorted_paths[i].as_ref()), &mut hits);
                    hits.iter()
                        .any(|(li, pi)| wanted.contains(li) && !self.negated[*li][*pi])
                })
                .collect();
        }
        let mut hit = vec![false; sorted_paths.len()];
        for (g, parsed, li, pi) in &self.globs {
            let (li, pi) = (*li as usize, *pi as usize);
            if !wanted.contains(&li) || self.negated[li][pi] {
                continue;
            }
            let prefix = glob_prefix(g).as_bytes();
            let start = if prefix.is_empty() {
                0
            } else {
                sorted_paths.partition_point(|p| p.as_ref() < prefix)
            };
            let fast = Fast::classify(g);
            let slow = if fast.is_none() {
                parsed.as_ref().map(|p| p.compile_matcher())
            } else {
                None
            };
            for (i, p) in sorted_paths[start..].iter().enumerate() {
                let p = p.as_ref();
                if !prefix.is_empty() && !p.starts_with(prefix) {
                    break;
                }
                if !prefix.is_empty() && p.get(prefix.len()) != Some(&b'/') {
                    continue;
                }
                let m = match (&fast, &slow) {
                    (Some(f), _) => f.is_match(p),
                    (None, Some(m)) => m.is_match_candidate(&candidate(p)),
                    _ => false,
                };
                if m {
                    hit[start + i] = true;
                }
            }
        }
        hit.iter()
            .enumerate()
            .filter(|(_, h)| **h)
            .map(|(i, _)| i)
            .collect()
    }

    /// The literal directory prefixes of the positive globs of `lists` (sorted, nested
    /// ones dropped); `None` when one of them can match anywhere (an empty prefix).
    pub fn literal_prefixes(
        &self,
        lists: &std::collections::BTreeSet<usize>,
    ) -> Option<Vec<String>> {
        if !self.fold.is_exact() {
            return None; // folded prefixes name no folder of the tree
        }
        let mut out: Vec<String> = Vec::new();
        for (g, _, li, pi) in &self.globs {
            let (li, pi) = (*li as usize, *pi as usize);
            if !lists.contains(&li) || self.negated[li][pi] {
                continue;
            }
            let p = glob_prefix(g);
            if p.is_empty() {
                return None;
            }
            out.push(p.to_string());
        }
        out.sort();
        out.dedup();
        // a prefix inside another adds nothing
        let mut kept: Vec<String> = Vec::with_capacity(out.len());
        for p in out {
            if !kept.last().is_some_and(|k| p.starts_with(&format!("{k}/"))) {
                kept.push(p);
            }
        }
        Some(kept)
    }

    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// A matcher for many paths (a whole tree): [`Matcher::matches`] answers as
    /// [`Self::matches`] does, sharing the work between the files of one folder.
    pub fn matcher(&self) -> Matcher<'_, T> {
        Matcher {
            lists: self,
            plans: foldhash::HashMap::default(),
            plan_list: Vec::new(),
            last: None,
            dirs: foldhash::HashMap::default(),
            hits: Vec::new(),
            out: Vec::new(),
            pos: Vec::new(),
        }
    }

    /// The last matching pattern per list, negated lists dropped (`hits` is sorted
    /// in place).
    fn decide(&self, hits: &mut [(usize, usize)], out: &mut Vec<(usize, usize)>) {
        out.clear();
        hits.sort_unstable();
        for &(li, pi) in hits.iter() {
            match out.last_mut() {
                Some(e) if e.0 == li => e.1 = e.1.max(pi),
                _ => out.push((li, pi)),
            }
        }
        out.retain(|(li, pi)| !self.negated[*li][*pi]);
    }
}

/// Answers [`Lists::matches`] for many paths: the globs that can match in a folder
/// are gathered once per folder (the buckets of its ancestors), those whose answer
/// the folder decides (`dir/**`, `**/name/**`, a suffix glob of another folder) are
/// answered once for all its files, and only the rest are tried per file. One per
/// thread.
pub struct Matcher<'a, T> {
    lists: &'a Lists<T>,
    /// folder (as folded, no trailing slash) → its plan in `plan_list`
    plans: foldhash::HashMap<Vec<u8>, usize>,
    plan_list: Vec<Plan<'a>>,
    /// the folder asked about last, and its plan (files come folder by folder)
    last: Option<(Vec<u8>, usize)>,
    /// compiled glob → what its folder part needs of a folder
    dirs: foldhash::HashMap<u32, DirTest>,
    hits: Vec<(usize, usize)>,
    out: Vec<(usize, usize)>,
    pos: Vec<usize>,
}

/// What the folder of a path must be for a compiled glob to match it.
enum DirTest {
    /// Anything, as far as this test knows.
    Any,
    /// The top level (a glob without `/`, such as `*.?s`).
    Root,
    /// A folder that this glob matches: the glob's folder part, when its last
    /// component is a plain component pattern (no `**`) and nothing in it can
    /// match a `/` (no classes, alternatives or escapes).
    Glob(globset::GlobMatcher),
    /// `G/**`: every file of a folder matches when the folder or one above it
    /// matches `G`, none otherwise (`/**` at the end is `/` then anything).
    Below(globset::GlobMatcher),
}

impl DirTest {
    fn of(g: &str) -> DirTest {
        if let Some(inner) = g.strip_suffix("/**") {
            if inner.is_empty() || inner.ends_with("**") || inner.contains(['{', '}']) {
                return DirTest::Any;
            }
            return match compile(inner) {
                Ok(d) => DirTest::Below(d.compile_matcher()),
                Err(_) => DirTest::Any,
            };
        }
        if g.contains(['{', '}', '[', ']', '\\']) {
            return DirTest::Any;
        }
        match g.rsplit_once('/') {
            None if g.contains("**") => DirTest::Any,
            None => DirTest::Root,
            Some((dir, last)) => {
                // `a/**/x` also matches `a/x`, which `a/**` does not
                if last.contains("**") || dir == "**" || dir.ends_with("/**") || dir.is_empty() {
                    return DirTest::Any;
                }
                match compile(dir) {
                    Ok(d) => DirTest::Glob(d.compile_matcher()),
                    Err(_) => DirTest::Any,
                }
            }
        }
    }
}

/// What decides the matches of the files of one folder.
struct Plan<'a> {
    /// (list, pattern) that match every file of the folder
    always: Vec<(usize, usize)>,
    /// the answer for a file no per-file test matches
    base: Vec<(usize, usize)>,
    /// tests that depend on the file's name, each once, with the hits it gives
    per_file: Vec<(&'a Fast, Vec<(usize, usize)>)>,
    /// buckets whose compiled globs are tried per file
    sets: Vec<&'a Bucket>,
}

impl Fast {
    /// The answer for every file directly in the folder `fs` (with its trailing
    /// slash; empty for the root), when the folder alone decides it; `probe` is a
    /// file in it (`fs` then `x`).
    fn for_folder(&self, fs: &[u8], probe: &[u8]) -> Option<bool> {
        match self {
            Fast::Exact(_) | Fast::Basename(_) => None,
            // these look only at folder components and at prefixes ending in `/`:
            // any file name gives the answer of all
            Fast::Under(_)
            | Fast::UnderSuffixDir(..)
            | Fast::InDirSuffixDir(..)
            | Fast::BasenameDir(_) => Some(self.is_match(probe)),
            // `p` is empty or ends in `/`, which a file name cannot contain
            Fast::UnderSuffix(p, _) => (!fs.starts_with(p)).then_some(false),
            Fast::InDirSuffix(p, _) => (fs != p.as_slice()).then_some(false),
        }
    }
}

impl<'a, T> Matcher<'a, T> {
    /// Whether a file in `folder` may match compiled glob `g`: `false` when its
    /// folder part (all but its last component) cannot match the folder.
    /// For a file in `folder` and compiled glob `g`: `Some(answer)` when the folder
    /// decides it for every file in it, `None` when the file must be tried.
    fn for_folder(
        lists: &Lists<T>,
        dirs: &mut foldhash::HashMap<u32, DirTest>,
        g: u32,
        folder: &[u8],
    ) -> Option<bool> {
        match dirs
            .entry(g)
            .or_insert_with(|| DirTest::of(&lists.globs[g as usize].0))
        {
            DirTest::Any => None,
            DirTest::Root => (!folder.is_empty()).then_some(false),
            DirTest::Glob(m) => {
                (folder.is_empty() || !m.is_match_candidate(&candidate(folder))).then_some(false)
            }
            DirTest::Below(m) => Some(
                !folder.is_empty()
                    && (m.is_match_candidate(&candidate(folder))
                        || folder.iter().enumerate().any(|(i, c)| {
                            *c == b'/' && m.is_match_candidate(&candidate(&folder[..i]))
                        })),
            ),
        }
    }

    fn plan(
        lists: &'a Lists<T>,
        dirs: &mut foldhash::HashMap<u32, DirTest>,
        folder: &[u8],
    ) -> Plan<'a> {
        let fs: Vec<u8> = if folder.is_empty() {
            Vec::new()
        } else {
            [folder, b"/"].concat()
        };
        let probe = [&fs[..], b"x"].concat();
        let mut always = Vec::new();
        let mut per_file: Vec<(&'a Fast, Vec<(usize, usize)>)> = Vec::new();
        let mut sets = Vec::new();
        let mut visit = |prefix: &[u8]| {
            let Some(b) = lists.bucket(prefix) else {
                return;
            };
            for (f, g) in &b.fast {
                let (_, _, li, pi) = lists.globs[*g as usize];
                let key = (li as usize, pi as usize);
                match f.for_folder(&fs, &probe) {
                    Some(true) => always.push(key),
                    Some(false) => {}
                    None => match per_file.iter_mut().find(|(x, _)| *x == f) {
                        Some((_, keys)) => keys.push(key),
                        None => per_file.push((f, vec![key])),
                    },
                }
            }
            let mut per_file = false;
            for &g in &b.members {
                match Self::for_folder(lists, dirs, g, folder) {
                    Some(true) => {
                        let (_, _, li, pi) = lists.globs[g as usize];
                        always.push((li as usize, pi as usize));
                    }
                    Some(false) => {}
                    None => per_file = true,
                }
            }
            // the set answers for all its members (a decided one again: no harm)
            if per_file {
                sets.push(b);
            }
        };
        // the buckets `Lists::hits` tries for a path in this folder
        visit(b"");
        for (i, c) in folder.iter().enumerate() {
            if *c == b'/' {
                visit(&folder[..i]);
            }
        }
        if !folder.is_empty() {
            visit(folder);
        }
        let mut base = Vec::new();
        lists.decide(&mut always.clone(), &mut base);
        Plan {
            always,
            base,
            per_file,
            sets,
        }
    }

    /// For each list containing `path`: (list index, index of the deciding pattern),
    /// as [`Lists::matches`].
    pub fn matches(&mut self, path: &[u8]) -> &[(usize, usize)] {
        let lists = self.lists;
        let path = lists.fold.path(path);
        let path: &[u8] = &path;
        let folder = &path[..path.iter().rposition(|c| *c == b'/').unwrap_or(0)];
        let at = match &self.last {
            Some((f, at)) if f.as_slice() == folder => *at,
            _ => {
                let at = match self.plans.get(folder) {
                    Some(at) => *at,
                    None => {
                        // files come folder by folder: plans of folders long left
                        // are rarely asked for again, and only cost memory
                        if self.plan_list.len() >= 512 {
                            self.plans.clear();
                            self.plan_list.clear();
                        }
                        let plan = Self::plan(lists, &mut self.dirs, folder);
                        self.plan_list.push(plan);
                        self.plans.insert(folder.to_vec(), self.plan_list.len() - 1);
                        self.plan_list.len() - 1
                    }
                };
                self.last = Some((folder.to_vec(), at));
                at
            }
        };
        let plan = &self.plan_list[at];
        self.hits.clear();
        for (f, keys) in &plan.per_file {
            if f.is_match(path) {
                self.hits.extend_from_slice(keys);
            }
        }
        if !plan.sets.is_empty() {
            let c = candidate(path);
            for b in &plan.sets {
                self.pos.clear();
                lists.bucket_matches(b, &c, &mut self.pos);
                for &i in &self.pos {
                    let (_, _, li, pi) = lists.globs[b.members[i] as usize];
                    self.hits.push((li as usize, pi as usize));
                }
            }
        }
        if self.hits.is_empty() {
            return &plan.base;
        }
        self.hits.extend_from_slice(&plan.always);
        lists.decide(&mut self.hits, &mut self.out);
        &self.out
    }

    /// Whether any list contains `path`.
    pub fn is_match(&mut self, path: &[u8]) -> bool {
        !self.matches(path).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lists of 700 patterns (loaded on several threads, OW-3) answer as each list
    /// loaded alone (one thread), and report the first invalid pattern in order.
    #[test]
    fn many_lists_load_as_one_thread_would() {
        let o = Origin::default_origin();
        let pats = |i: usize| -> Vec<String> {
            vec![
                format!("src/m{i}/**"),
                format!("lib/m{}/**/*.rs", i % 7),
                format!("**/gen{}_*.py", i % 5),
                format!("!src/m{i}/skip/**"),
                format!("docs/[ab]{}/*.md", i % 3),
            ]
        };
        let lists = || -> Vec<((), Vec<Pattern>)> {
            (0..140)
                .map(|i| {
                    (
                        (),
                        pats(i)
                            .into_iter()
                            .map(|p| Pattern::new(p, o.clone()))
                            .collect(),
                    )
                })
                .collect()
        };
        let all = Lists::new(lists()).unwrap();
        let alone: Vec<Lists<()>> = (0..140)
            .map(|i| one(&pats(i).iter().map(|s| s.as_str()).collect::<Vec<_>>()))
            .collect();
        for path in [
            "src/m7/a.rs",
            "src/m7/skip/a.rs",
            "lib/m3/x/y.rs",
            "a/gen2_x.py",
            "docs/b1/r.md",
            "docs/c1/r.md",
            "src/m139/q",
        ] {
            let want: Vec<(usize, usize)> = alone
                .iter()
                .enumerate()
                .flat_map(|(li, l)| {
                    l.matches(path.as_bytes())
                        .into_iter()
                        .map(move |(_, p)| (li, p))
                })
                .collect();
            assert_eq!(all.matches(path.as_bytes()), want, "{path}");
        }
        // the first invalid pattern in list order is the one reported
        let mut lists = lists();
        lists[60].1[2] = Pattern::new("a**b", o.clone());
        lists[120].1[0] = Pattern::new("", o.clone());
        let e = Lists::new(lists).unwrap_err();
        assert_eq!((e.list, e.pattern, e.text.as_str()), (60, 2, "a**b"));
    }

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

    /// The fast shapes agree with globset on every path of a small universe.
    #[test]
    fn a_bucket_of_compiled_globs_skips_only_paths_without_their_literal() {
        // `**/.kiro/specs/*/spec.json` (excluded from every spec listing) is compiled:
        // a path not named spec.json, nor inside a folder of that name, is not tried
        let l = one(&["**/.kiro/specs/*/spec.json", "src/*/gen/**"]);
        for (p, want) in [
            (".kiro/specs/a/spec.json", true),
            ("x/.kiro/specs/b/spec.json", true),
            ("x/.kiro/specs/b/spec.json/inner", true),
            ("x/.kiro/specs/b/spec.jsonx", false),
            ("specs/area00/mod00.md", false),
            ("src/a/gen/x.rs", true),
            ("src/a/b/gen/x.rs", false),
        ] {
            assert_eq!(l.is_match(p.as_bytes()), want, "{p}");
        }
        let b = l.bucket(b"").unwrap();
        assert_eq!(
            b.needs,
            Some(vec![
                Need::Shape(Fast::Basename(b"spec.json".to_vec())),
                Need::Shape(Fast::BasenameDir(b"spec.json".to_vec()))
            ])
        );
        // a member with only a literal run: a path without it is not tried
        let l = one(&["LICENSE*"]);
        assert_eq!(
            l.bucket(b"").unwrap().needs,
            Some(vec![Need::Contains(b"LICENSE".to_vec())])
        );
        for (p, want) in [
            ("LICENSE", true),
            ("a/LICENSE-MIT", true),
            ("LICENSES/x.txt", true),
            ("a/LICENS", false),
            ("a/xLICENSE", false),
            ("src/main.rs", false),
        ] {
            assert_eq!(l.is_match(p.as_bytes()), want, "{p}");
        }
        // a member needing nothing that simple: every path is tried
        let l = one(&["**/.kiro/specs/*/spec.json", "**/[xy].rs"]);
        assert_eq!(l.bucket(b"").unwrap().needs, None);
        assert!(l.is_match(b"a/x.rs"));
    }

    #[test]
    fn fast_shapes_agree_with_globset() {
        let globs = [
            "src/a/b.rs",
            "src/a/**",
            "src/**/*.rs",
            "**/*.rs",
            "src/*.rs",
            "**/b.rs",
            "**/.rs",
            "src/a/*.tar.gz",
            "x/**",
            "**/a",
            "a/**/*.rs",
            "src/**/*.rs/**",
            "**/*.rs/**",
            "src/*.rs/**",
            "**/a/**",
            "**/b.rs/**",
            "*.rs",
            "*.rs/**",
            "*.tar.gz",
        ];
        let paths = [
            "src/a/b.rs",
            "src/a",
            "src/a/",
            "src/a/c/d.rs",
            "src/ab/c.rs",
            "src/x.rs",
            "src/x/y.rs",
            "b.rs",
            "a/b.rs",
            "x",
            "x/y",
            "a",
            "src/a/f.tar.gz",
            "src/a/d/f.tar.gz",
            ".rs",
            "src/.rs",
            "a/.rs",
            "a/x.rs",
            "a/y/x.rs",
            "ab/x.rs",
            "src/a/b.rsx",
            "src/x.rs/y",
            "src/x.rs/y/z",
            "src/d/x.rs/y",
            "src/.rs/y",
            "x.rs/y",
            "a/x",
            "b/a/x",
            "b/a",
            "ba/x",
            "a/b.rs/c",
            "src/b.rs/x.rs",
        ];
        for g in globs {
            let f = Fast::classify(g).unwrap_or_else(|| panic!("{g} should be fast"));
            let m = compile(g).unwrap().compile_matcher();
            for p in paths {
                assert_eq!(f.is_match(p.as_bytes()), m.is_match(p), "glob {g} path {p}");
            }
        }
        assert!(Fast::classify("src/[ab]/x").is_none());
        assert!(Fast::classify("src/*/x.rs").is_none());
        assert!(Fast::classify("src/a?.rs").is_none());
        assert!(Fast::classify("src/*/x.rs/**").is_none());
    }

    /// Fast shape number `shape` (0–11) around a literal and a folder prefix.
    fn fast_shape(shape: usize, lit: &str, pre: &str) -> String {
        match shape {
            0 => format!("{pre}/{lit}"),
            1 => format!("{pre}/**"),
            2 => format!("{pre}/**/*{lit}"),
            3 => format!("**/*{lit}"),
            4 => format!("{pre}/*{lit}"),
            5 => format!("**/{lit}"),
            6 => format!("{pre}/**/*{lit}/**"),
            7 => format!("**/*{lit}/**"),
            8 => format!("{pre}/*{lit}/**"),
            9 => format!("*{lit}"),
            10 => format!("*{lit}/**"),
            _ => format!("**/{lit}/**"),
        }
    }

    proptest::proptest! {
        /// Every fast shape agrees with globset, on paths built from a few
        /// components that collide with the globs' literals.
        #[test]
        fn fast_shapes_agree_with_globset_on_any_path(
            shape in 0usize..12,
            lit in "(a|b|x\\.rs|\\.rs|rs)",
            pre in "(a|a/b|x\\.rs)",
            comps in proptest::collection::vec("(a|b|x\\.rs|\\.rs|rs|ab\\.rs|c)", 1..6),
        ) {
            let g = fast_shape(shape, &lit, &pre);
            let f = Fast::classify(&g).expect("a fast shape");
            let m = compile(&g).unwrap().compile_matcher();
            let path = comps.join("/");
            proptest::prop_assert_eq!(f.is_match(path.as_bytes()), m.is_match(&path), "glob {} path {}", g, path);
            let under = format!("{pre}/{path}");
            proptest::prop_assert_eq!(f.is_match(under.as_bytes()), m.is_match(&under), "glob {} path {}", g, under);
        }
    }

    proptest::proptest! {
        /// A list answers as globset does for the globs its pattern normalises to,
        /// through the buckets (where a shape whose folder is the bucket's skips the
        /// prefix comparison), including a prefix with an empty component, which is
        /// filed under a shorter bucket than its folder.
        #[test]
        fn a_list_agrees_with_globset_through_its_buckets(
            shape in 0usize..20,
            lit in "(a|b|x\\.rs|\\.rs|rs)",
            pre in "(a|a/b|x\\.rs|a//b)",
            comps in proptest::collection::vec("(a|b|x\\.rs|\\.rs|rs|ab\\.rs|c)", 1..6),
        ) {
            // the fast shapes, an anchored `/*.ext`, a folder pattern `dir/`, and
            // compiled globs with and without a literal last component or a literal
            // run (a bucket of those skips the paths that lack it)
            let g = match shape {
                12 => format!("/*{lit}"),
                13 => format!("{pre}/"),
                14 => format!("**/{pre}/*/{lit}"),
                15 => format!("{pre}/*/{lit}/"),
                16 => format!("{pre}/**/x?{lit}"),
                17 => format!("**/a?/{lit}"),
                18 => format!("{lit}*"),
                19 => format!("**/?{lit}*{lit}"),
                _ => fast_shape(shape, &lit, &pre),
            };
            let list = one(&[g.as_str()]);
            let (_, normalized) = normalize(&g).unwrap();
            let ms: Vec<globset::GlobMatcher> = normalized
                .iter()
                .map(|n| compile(n).unwrap().compile_matcher())
                .collect();
            let path = comps.join("/");
            let near = format!("{pre}/ab/{lit}");
            for p in [path.clone(), format!("{pre}/{path}"), near.clone(), format!("{near}/{path}")] {
                let want = ms.iter().any(|m| m.is_match(&p));
                proptest::prop_assert_eq!(list.is_match(p.as_bytes()), want, "glob {} path {}", g, p);
            }
        }
    }

    proptest::proptest! {
        /// The per-folder matcher answers as `matches` does, for lists mixing every
        /// fast shape, compiled globs, negations and several lists, exact or folded.
        #[test]
        fn the_folder_matcher_agrees_with_matches(
            pats in proptest::collection::vec(
                (0usize..24, "(a|b|x\\.rs|\\.rs|rs)", "(a|a/b|x\\.rs|A)", proptest::bool::ANY, 0usize..3),
                1..12),
            paths in proptest::collection::vec(
                proptest::collection::vec("(a|b|x\\.rs|\\.rs|rs|ab\\.rs|c|A)", 1..5), 1..12),
            folded in proptest::bool::ANY,
        ) {
            let mut lists: Vec<(usize, Vec<Pattern>)> = (0..3).map(|i| (i, Vec::new())).collect();
            for (shape, lit, pre, neg, list) in pats {
                let g = match shape {
                    0..=8 => fast_shape(shape, &lit, &pre),
                    9 => fast_shape(11, &lit, &pre),
                    10 => format!("{pre}/[ab]*/{lit}"),
                    11 => format!("{pre}/"),
                    12 => lit.to_string(),
                    13 => format!("/{pre}/*/x?rs"),
                    14 => format!("**/{pre}/*/{lit}"),
                    15 => format!("*/{lit}"),
                    16 => format!("{pre}/**/x?{lit}"),
                    17 => format!("**/*/{lit}"),
                    18 => format!("/?/{lit}"),
                    19 => format!("/*{lit}"),
                    20 => format!("{pre}/**/b/*{lit}?"),
                    21 => format!("{lit}*"),
                    22 => format!("{pre}/{{a,b/c}}/{lit}"),
                    _ => format!("**/{pre}/[!a]"),
                };
                let g = if neg { format!("!{g}") } else { g };
                lists[list].1.push(Pattern::new(g, Origin::default_origin()));
            }
            let fold = if folded { Fold::ANY } else { Fold::default() };
            let l = Lists::folded(lists, fold).unwrap();
            let mut m = l.matcher();
            for comps in paths {
                for p in [comps.join("/"), format!("a/b/{}", comps.join("/")), format!("a/{}", comps.join("/"))] {
                    let want = l.matches(p.as_bytes());
                    proptest::prop_assert_eq!(m.matches(p.as_bytes()), want.as_slice(), "path {}", p);
                }
            }
        }
    }

    /// Answers remembered by a path's number ([`Lists::remember_for`]), and in the
    /// memo for paths not numbered, are the answers computed afresh: asked twice, on
    /// two threads at once, for numbered paths given twice.
    #[test]
    fn remembered_answers_are_the_answers() {
        let pats = |g: &[&str]| {
            g.iter()
                .map(|g| Pattern::new(*g, Origin::default_origin()))
                .collect()
        };
        let lists = || {
            vec![
                (0, pats(&["src/**", "!src/gen/**"])),
                (1, pats(&["src/**/*.rs", "docs/x.md"])),
                (2, pats(&["**/gen/**", "src/{a,b}/*.rs"])),
            ]
        };
        let fresh = Lists::new(lists()).unwrap();
        let paths: Vec<&[u8]> = vec![
            b"src/a/x.rs",
            b"src/gen/y.rs",
            b"docs/x.md",
            b"other/gen/z",
            b"src/b/w.rs",
            b"top",
        ];
        let asked = Asked::new(paths[..4].iter().copied().chain([&b"src/a/x.rs"[..]]));
        let mut remembered = Lists::new(lists()).unwrap();
        remembered.remember_for(&asked);
        for round in 0..2 {
            std::thread::scope(|s| {
                for _ in 0..2 {
                    s.spawn(|| {
                        for p in &paths {
                            let want = fresh.matches(p);
                            assert_eq!(remembered.matches(p), want, "round {round} path {p:?}");
                            assert_eq!(remembered.is_match(p), !want.is_empty());
                        }
                    });
                }
            });
        }
        assert_eq!(fresh.matches(b"src/gen/y.rs"), vec![(1, 0), (2, 0)]);
    }

    #[test]
    fn prefixes_and_range_search() {
        assert_eq!(glob_prefix("src/auth/**"), "src/auth");
        assert_eq!(glob_prefix("src/auth/login.rs"), "src/auth");
        assert_eq!(glob_prefix("**/x"), "");
        assert_eq!(glob_prefix("src/*/x/**"), "src");
        assert_eq!(glob_prefix("a"), "");
        let l = one(&["src/b/**", "src/*.rs", "docs/x.md", "*.lock"]);
        let files: Vec<bstr::BString> = ["Cargo.lock", "src/a.rs", "src/b/c.rs", "src/bb/d.rs"]
            .iter()
            .map(|s| (*s).into())
            .collect();
        assert!(l.pattern_matches_any(0, 0, &files));
        assert!(l.pattern_matches_any(0, 1, &files));
        assert!(!l.pattern_matches_any(0, 2, &files));
        assert!(l.pattern_matches_any(0, 3, &files));
        assert!(l.is_match(b"src/b/c.rs") && !l.is_match(b"src/bb/x.md"));
    }

    #[test]
    fn long_literal_runs_are_refused_only_where_globset_compiles_them() {
        let deep = "a/".repeat(20_000);
        // matched by byte comparison, no automaton: any length
        assert!(validate(&format!("{deep}**")).is_ok());
        assert!(validate(&format!("{deep}x.rs")).is_ok());
        assert!(one(&[&format!("{deep}**")]).is_match(format!("{deep}x.rs").as_bytes()));
        // compiled by globset: a literal suffix, a literal run in a regex
        let suffix = validate(&format!("**/{deep}x")).unwrap_err();
        assert!(suffix.contains("40002 bytes of literal text"), "{suffix}");
        assert!(validate(&format!("{deep}x*.rs")).is_err());
        assert_eq!(longest_literal_run("a[bcdef]g{hij,klmn}op\\*q*"), 4);
        assert_eq!(longest_literal_run("[]abc]x[!]y]zz"), 2);
        // `x*/b…b` is also matched as the folder `x*/b…b/**`: a run of `/b…b/`
        let edge = "b".repeat(LITERAL_RUN_MAX - 2);
        assert_eq!(validate(&format!("x*/{edge}")), Ok(()));
        assert!(validate(&format!("x*/{edge}b")).is_err());
        // the same answer when the list loads
        let o = Origin::default_origin();
        let err = Lists::new(vec![((), vec![Pattern::new(format!("**/{deep}x"), o)])]).unwrap_err();
        assert_eq!(err.message, suffix);
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

    /// 10,000 globs under one prefix overflow one globset (10 MiB regex limit): they
    /// are compiled into several sets, and every one of them still matches.
    #[test]
    fn a_glob_set_over_the_regex_limit_still_matches_every_glob() {
        let mut pats: Vec<String> = vec!["src/auth/*.{rs,ts}".into()];
        pats.extend((0..10_000).map(|i| format!("src/auth/**/name{i}.{{rs,ts}}")));
        let refs: Vec<&str> = pats.iter().map(String::as_str).collect();
        let l = one(&refs);
        assert_eq!(l.matches(b"src/auth/login.rs"), vec![(0, 0)]);
        assert_eq!(l.matches(b"src/auth/x/name9999.ts"), vec![(0, 10_000)]);
        assert!(!l.is_match(b"src/auth/x/name10000.ts"));
        let files: Vec<bstr::BString> = ["src/auth/a/name5000.rs", "src/auth/login.rs"]
            .iter()
            .map(|s| (*s).into())
            .collect();
        let unmatched = l.unmatched(&[(0, 0), (0, 5001), (0, 9999)], &files);
        assert_eq!(unmatched, vec![(0, 9999)]);
    }

    #[test]
    fn a_glob_too_large_to_compile_alone_is_an_error_naming_it() {
        let alts: Vec<String> = (0..200_000).map(|i| format!("n{i}x")).collect();
        let big = format!("src/{{{}}}/*.rs", alts.join(","));
        let err = Lists::new(vec![(
            (),
            vec![Pattern::new(big, Origin::default_origin())],
        )])
        .expect_err("too large");
        assert!(err.message.contains("too large"), "{}", err.message);
        // one brace glob of 2,000 alternatives is large but fits
        let alts: Vec<String> = (0..2_000).map(|i| format!("name{i}")).collect();
        let l = one(&[&format!("src/**/{{{}}}.rs", alts.join(","))]);
        assert!(l.is_match(b"src/a/name1999.rs") && !l.is_match(b"src/a/name2000.rs"));
    }

    #[test]
    fn folded_lists_match_case_and_unicode_spellings() {
        let fold = Fold::ANY;
        let o = Origin::default_origin();
        let l = |pats: &[&str]| {
            Lists::folded(
                vec![(
                    (),
                    pats.iter().map(|p| Pattern::new(*p, o.clone())).collect(),
                )],
                fold,
            )
            .unwrap()
        };
        assert!(l(&["src/Auth/**"]).is_match(b"src/auth/login.rs"));
        assert!(l(&["src/auth/**"]).is_match(b"SRC/AUTH/x"));
        assert!(l(&["src/caf\u{e9}/**"]).is_match("src/cafe\u{301}/a.rs".as_bytes()));
        assert!(l(&["src/cafe\u{301}/**"]).is_match("src/CAF\u{c9}/a.rs".as_bytes()));
        assert!(l(&["src/[A-Z]*.rs"]).is_match(b"src/Main.rs"));
        assert!(
            l(&["src/[A-z]?.rs"]).is_match(b"src/_a.rs"),
            "a class keeps its members"
        );
        assert!(l(&["src/[!A]*.rs"]).is_match(b"src/b.rs"));
        assert!(!l(&["src/[!A]*.rs"]).is_match(b"src/a.rs"));
        assert!(l(&["*.{MD,Txt}"]).is_match(b"docs/X.md"));
        assert!(l(&["src/\\Q.rs"]).is_match(b"src/q.rs"));
        assert!(!l(&["src/Auth/**"]).is_match(b"src/other/x"));
        // exact lists stay exact
        assert!(!one(&["src/Auth/**"]).is_match(b"src/auth/login.rs"));
        let files: Vec<bstr::BString> = ["SRC/Auth/x.rs"].iter().map(|s| (*s).into()).collect();
        let fl = l(&["src/auth/*.rs", "docs/*.md"]);
        assert_eq!(fl.unmatched(&[(0, 0), (0, 1)], &files), vec![(0, 1)]);
        assert_eq!(fl.candidates_for(&[0], &files), vec![0]);
    }

    #[test]
    fn non_utf8_paths_match_on_bytes() {
        let l = one(&["src/**"]);
        assert!(l.is_match(b"src/\xff\xfe.rs"));
    }
}
