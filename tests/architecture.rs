//! The architecture, as a test: dependencies between the top-level modules of each
//! crate point one way (no circle), and the pure core does no I/O. Read from the
//! sources: a `crate::x` path or a `use crate::{x, ..}` makes module `x` a dependency
//! (test modules excluded).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The source without its `#[cfg(test)]` module (tests may reach anywhere).
fn without_tests(s: &str) -> &str {
    match s.find("#[cfg(test)]\nmod tests") {
        Some(i) => &s[..i],
        None => s,
    }
}

fn idents_after<'a>(s: &'a str, pat: &str) -> Vec<&'a str> {
    s.match_indices(pat)
        .map(|(i, _)| {
            let rest = &s[i + pat.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|x| !x.is_empty())
        .collect()
}

/// Top-level module → the top-level modules it uses.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let code = without_tests(&text);
        let mut deps: BTreeSet<String> = idents_after(code, "crate::")
            .into_iter()
            .map(String::from)
            .collect();
        for (i, _) in code.match_indices("use crate::{") {
            let rest = &code[i + "use crate::{".len()..];
            let group = &rest[..rest.find('}').unwrap_or(rest.len())];
            for item in group.split(',') {
                let m = item.trim().split("::").next().unwrap_or("").trim();
                if !m.is_empty() {
                    deps.insert(m.to_string());
                }
            }
        }
        deps.remove(&top);
        g.entry(top).or_default().extend(deps);
    }
    g
}

/// A circle of modules, if there is one.
fn circle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut c = path[i..].to_vec();
            c.push(n.to_string());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for d in g
            .get(n)
            .into_iter()
            .flatten()
            .filter(|d| g.contains_key(*d))
        {
            if let Some(c) = visit(d, g, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    g.keys()
        .find_map(|n| visit(n, g, &mut Vec::new(), &mut done))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_core_has_no_circle_between_its_modules() {
    let g = graph(&root().join("crates/specmoor-core/src"));
    assert!(g.contains_key("rules") && g.contains_key("codes"), "{g:?}");
    assert_eq!(circle(&g), None, "{g:#?}");
    // the vocabulary is a leaf
    assert!(g["codes"].is_empty(), "codes imports {:?}", g["codes"]);
}

#[test]
fn the_shell_has_no_circle_between_its_modules() {
    let g = graph(&root().join("src"));
    assert!(g.contains_key("check") && g.contains_key("cli"), "{g:?}");
    assert_eq!(circle(&g), None, "{g:#?}");
}

#[test]
fn the_core_does_no_io() {
    let mut files = Vec::new();
    rust_files(&root().join("crates/specmoor-core/src"), &mut files);
    let forbidden = [
        "std::fs",
        "std::env",
        "std::process",
        "std::net",
        "std::io::stdout",
        "std::io::stderr",
        "std::io::stdin",
        "println!",
        "eprintln!",
        "print!(",
        "eprint!(",
        "SystemTime",
        "Instant::now",
        "gix::",
    ];
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for bad in forbidden {
            assert!(
                !without_tests(&text).contains(bad),
                "{} uses {bad}: the core takes plain data; do I/O in the shell (src/)",
                f.display()
            );
        }
    }
}

#[test]
fn the_circle_finder_finds_a_circle() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("a".into());
    assert_eq!(circle(&g), Some(vec!["a".into(), "b".into(), "a".into()]));
}
