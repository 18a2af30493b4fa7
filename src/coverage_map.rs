//! `specmoor coverage --format html` (specs/adoption.md AD-2): one self-contained page,
//! a treemap of the code at HEAD coloured by owning spec, unowned code hatched, drift
//! hot spots from an audit outlined, and the tables beneath it. No network: inline
//! CSS, inline SVG, a few lines of inline script, and a Content-Security-Policy that
//! forbids loading anything. Every name on the page is escaped (paths are chosen by
//! whoever writes to the repository).

use crate::coverage::Coverage;
use crate::error::{Fatal, FatalKind, Result};
use specmoor_core::treemap::{squarify, Rect};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The schema id of `specmoor audit --format json`.
pub const AUDIT_SCHEMA: &str = "specmoor.audit/1";

/// Most rectangles drawn: deeper folders are merged into their ancestors until the
/// map has at most this many.
const MAX_LEAVES: usize = 2000;
/// Most unowned files listed under the map.
const LIST: usize = 500;
const WIDTH: f64 = 1200.0;
const HEIGHT: f64 = 720.0;

/// Drift findings per path, from an audit report.
#[derive(Debug, Clone, Default)]
pub struct Hotspots {
    /// Where they were read, for the page.
    pub source: String,
    pub by_path: BTreeMap<String, usize>,
}

/// The SM001 drift findings of `specmoor audit --format json` output: every object
/// with `"code": "SM001"` (or `"rule": "drift"`) and a `path`, wherever the report
/// nests it. Another schema is exit 2.
pub fn read_audit(bytes: &[u8], display: &str) -> Result<Hotspots> {
    let fail = |why: String| -> Box<Fatal> {
        Fatal::new(FatalKind::Usage, format!("--audit {display}: {why}"))
            .with_help("give the output of `specmoor audit --format json`")
            .into()
    };
    let v: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| fail(format!("not JSON ({e})")))?;
    match v.get("schema").and_then(|s| s.as_str()) {
        Some(AUDIT_SCHEMA) => {}
        Some(other) => {
            return Err(fail(format!(
                "schema {other:?} is not an audit report ({AUDIT_SCHEMA})"
            )))
        }
        None => return Err(fail(format!("no `schema` ({AUDIT_SCHEMA} expected)"))),
    }
    let mut by_path = BTreeMap::new();
    let mut stack = vec![&v];
    while let Some(x) = stack.pop() {
        match x {
            serde_json::Value::Object(m) => {
                let drift = m.get("code").and_then(|c| c.as_str()) == Some("SM001")
                    || m.get("rule").and_then(|c| c.as_str()) == Some("drift");
                if let (true, Some(p)) = (drift, m.get("path").and_then(|p| p.as_str())) {
                    *by_path.entry(p.to_string()).or_insert(0) += 1;
                }
                stack.extend(m.values());
            }
            serde_json::Value::Array(a) => stack.extend(a.iter()),
            _ => {}
        }
    }
    Ok(Hotspots {
        source: display.to_string(),
        by_path,
    })
}

/// Text for HTML: element content and double-quoted attribute values
/// ([`crate::report::html_escape`]).
pub fn escape(s: &str) -> String {
    crate::report::html_escape(s)
}

/// A folder of the map: its subfolders and, per owning spec (`None`: unowned), the
/// code files directly in it (or below it, once merged).
#[derive(Default)]
struct Node {
    dirs: BTreeMap<String, Node>,
    groups: BTreeMap<Option<String>, usize>,
    total: usize,
    /// Files deeper than the map shows were merged into this folder.
    merged: bool,
}

impl Node {
    fn leaves(&self) -> usize {
        self.groups.len() + self.dirs.values().map(Node::leaves).sum::<usize>()
    }
}

/// The folder tree of `map`, folders deeper than `depth` merged into their ancestor.
fn tree(map: &[(String, Option<String>)], depth: usize) -> Node {
    let mut root = Node::default();
    for (path, owner) in map {
        let comps: Vec<&str> = path.split('/').collect();
        let dirs = &comps[..comps.len() - 1];
        let mut n = &mut root;
        n.total += 1;
        for d in dirs.iter().take(depth) {
            n = n.dirs.entry((*d).to_string()).or_default();
            n.total += 1;
        }
        n.merged |= dirs.len() > depth;
        *n.groups.entry(owner.clone()).or_insert(0) += 1;
    }
    root
}

/// Distinct colours for the first specs (no pure red: red marks drift).
const PALETTE: &[&str] = &[
    "#4e79a7", "#59a14f", "#edc948", "#b07aa1", "#76b7b2", "#f28e2b", "#9c755f", "#a0cbe8",
    "#8cd17d", "#d4a6c8", "#ffbe7d", "#499894", "#b6992d", "#86bcb6", "#fabfd2", "#79706e",
];

/// The colour of each spec, in name order: the palette, then hues spread around the
/// circle away from red.
fn colours(map: &[(String, Option<String>)]) -> BTreeMap<String, String> {
    let specs: std::collections::BTreeSet<&String> =
        map.iter().filter_map(|(_, o)| o.as_ref()).collect();
    specs
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let c = match PALETTE.get(i) {
                Some(c) => c.to_string(),
                None => {
                    let hue = 30.0 + (i as f64 * 137.508) % 300.0;
                    let light = [62, 72, 52][i % 3];
                    format!("hsl({hue:.0},50%,{light}%)")
                }
            };
            (s.clone(), c)
        })
        .collect()
}

struct Draw<'a> {
    svg: String,
    colours: &'a BTreeMap<String, String>,
    /// Drift findings per (folder as the map shows it, owning spec).
    drift: BTreeMap<(String, Option<String>), usize>,
    max_drift: usize,
}

fn label(s: &str, width: f64) -> String {
    let n = ((width - 6.0) / 7.0).floor().max(0.0) as usize;
    if s.chars().count() <= n {
        s.to_string()
    } else if n >= 2 {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    } else {
        String::new()
    }
}

impl Draw<'_> {
    fn node(&mut self, node: &Node, path: &str, r: Rect, depth: usize) {
        let mut inner = r;
        if depth > 0 {
            let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            let _ = write!(
                self.svg,
                "<rect class=\"dir\" data-dir=\"{}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{} — {} code file{}</title></rect>",
                escape(path),
                r.x,
                r.y,
                r.w,
                r.h,
                escape(path),
                node.total,
                crate::report::plural(node.total)
            );
            if r.h > 30.0 && r.w > 30.0 {
                let text = label(&format!("{name}/"), r.w);
                if !text.is_empty() {
                    let _ = write!(
                        self.svg,
                        "<text class=\"dirlabel\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                        r.x + 3.0,
                        r.y + 11.0,
                        escape(&text)
                    );
                }
                inner = Rect {
                    y: r.y + 14.0,
                    h: r.h - 14.0,
                    ..r
                };
            }
            inner = inner.inset(1.5);
        }
        // subfolders and this folder's own groups, largest first
        enum Item<'n> {
            Dir(&'n String, &'n Node),
            Group(&'n Option<String>, usize),
        }
        let mut items: Vec<(usize, String, Item)> = node
            .dirs
            .iter()
            .map(|(k, n)| (n.total, format!("d{k}"), Item::Dir(k, n)))
            .chain(node.groups.iter().map(|(o, c)| {
                (
                    *c,
                    format!("g{}", o.as_deref().unwrap_or("")),
                    Item::Group(o, *c),
                )
            }))
            .collect();
        items.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let sizes: Vec<f64> = items.iter().map(|i| i.0 as f64).collect();
        let rects = squarify(&sizes, inner);
        for ((_, _, item), rect) in items.iter().zip(rects) {
            match item {
                Item::Dir(k, n) => self.node(n, &format!("{path}{k}/"), rect, depth + 1),
                Item::Group(owner, count) => self.leaf(node, path, owner.as_deref(), *count, rect),
            }
        }
    }

    fn leaf(&mut self, node: &Node, path: &str, owner: Option<&str>, count: usize, r: Rect) {
        let folder = if path.is_empty() { "(top level)" } else { path };
        let below = if node.merged { " and below" } else { "" };
        let (kind, fill, whose) = match owner {
            Some(o) => (
                "owned",
                self.colours
                    .get(o)
                    .cloned()
                    .unwrap_or_else(|| "#999".into()),
                format!("owned by {o}"),
            ),
            None => (
                "unowned",
                "url(#hatch)".to_string(),
                "no spec owns them".to_string(),
            ),
        };
        let drift = self
            .drift
            .get(&(folder.to_string(), owner.map(str::to_string)))
            .copied()
            .unwrap_or(0);
        let mut extra = String::new();
        let mut class = format!("leaf {kind}");
        let mut drift_note = String::new();
        if drift > 0 {
            class.push_str(" hot");
            let width = 1.5 + 3.5 * drift as f64 / self.max_drift.max(1) as f64;
            let _ = write!(
                extra,
                " data-drift=\"{drift}\" style=\"stroke-width:{width:.1}px\""
            );
            drift_note = format!(
                " — {drift} drift finding{} in the audit",
                crate::report::plural(drift)
            );
        }
        let _ = write!(
            self.svg,
            "<rect class=\"{class}\" data-kind=\"{kind}\" data-folder=\"{}\" data-owner=\"{}\" data-files=\"{count}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"{extra}><title>{}{below} — {count} code file{} — {}{}</title></rect>",
            escape(folder),
            escape(owner.unwrap_or("")),
            r.x,
            r.y,
            r.w,
            r.h,
            fill,
            escape(folder),
            crate::report::plural(count),
            escape(&whose),
            drift_note
        );
        if r.w > 40.0 && r.h > 16.0 {
            let name = match owner {
                Some(o) => o.rsplit('/').next().unwrap_or(o).to_string(),
                None => "unowned".to_string(),
            };
            let text = label(&name, r.w);
            if !text.is_empty() {
                let _ = write!(
                    self.svg,
                    "<text class=\"leaflabel\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                    r.x + 3.0,
                    r.y + 12.0,
                    escape(&text)
                );
            }
        }
    }
}

/// The folder a path is drawn in at `depth` ("(top level)" for the root).
fn shown_folder(path: &str, depth: usize) -> String {
    let comps: Vec<&str> = path.split('/').collect();
    let dirs = &comps[..comps.len() - 1];
    if dirs.is_empty() || depth == 0 {
        return "(top level)".to_string();
    }
    let mut s = dirs[..dirs.len().min(depth)].join("/");
    s.push('/');
    s
}

const STYLE: &str = "
body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#1b1f24;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:14px;margin:14px 0 4px}
.summary{margin:0 0 12px;color:#444}
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;margin:0 0 10px;padding:0;list-style:none}
.legend li{display:flex;align-items:center;gap:6px;cursor:pointer;padding:1px 4px;border-radius:3px}
.legend li.on{outline:2px solid #1b1f24}
.sw{display:inline-block;width:14px;height:14px;border:1px solid #0003;border-radius:2px}
.sw.unowned{background:repeating-linear-gradient(45deg,#ddd 0 3px,#aaa 3px 5px)}
.sw.hot{border:3px solid #c8102e;width:10px;height:10px}
svg{display:block;max-width:100%;height:auto;border:1px solid #ccc;background:#f6f7f9}
rect.dir{fill:none;stroke:#59636e;stroke-width:1}
rect.leaf{stroke:#fff;stroke-width:.8}
rect.leaf.hot{stroke:#c8102e}
rect.leaf.dim{opacity:.15}
text{font:11px system-ui,sans-serif;pointer-events:none}
text.dirlabel{fill:#1b1f24;font-weight:600}text.leaflabel{fill:#1b1f24}
table{border-collapse:collapse;margin:0 0 8px}
th,td{border-bottom:1px solid #e1e4e8;padding:3px 10px;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
code{font:12px ui-monospace,monospace}
ul.files{columns:2;font:12px ui-monospace,monospace}
";

const SCRIPT: &str = "
(function(){
  var items=document.querySelectorAll('.legend li[data-spec]');
  items.forEach(function(li){
    li.addEventListener('click',function(){
      var spec=li.getAttribute('data-spec');
      var on=!li.classList.contains('on');
      items.forEach(function(x){x.classList.remove('on');});
      if(on){li.classList.add('on');}
      document.querySelectorAll('svg rect.leaf').forEach(function(r){
        r.classList.toggle('dim',on&&r.getAttribute('data-owner')!==spec);
      });
    });
  });
  document.body.setAttribute('data-map-ready','true');
})();
";

/// The page.
pub fn html(c: &Coverage, hot: Option<&Hotspots>) -> String {
    let colours = colours(&c.map);
    // the deepest folder level that keeps the map within MAX_LEAVES rectangles
    let max_depth = c
        .map
        .iter()
        .map(|(p, _)| p.matches('/').count())
        .max()
        .unwrap_or(0);
    let mut depth = max_depth;
    let mut root = tree(&c.map, depth);
    while depth > 1 && root.leaves() > MAX_LEAVES {
        depth -= 1;
        root = tree(&c.map, depth);
    }
    // drift per folder as drawn (files gone since are left out of the map, kept in
    // the table)
    let mut drift: BTreeMap<(String, Option<String>), usize> = BTreeMap::new();
    let mut drift_folders: BTreeMap<String, usize> = BTreeMap::new();
    if let Some(h) = hot {
        let code: BTreeMap<&str, &Option<String>> =
            c.map.iter().map(|(p, o)| (p.as_str(), o)).collect();
        for (p, n) in &h.by_path {
            let f = shown_folder(p, depth);
            *drift_folders.entry(f.clone()).or_insert(0) += n;
            if let Some(owner) = code.get(p.as_str()) {
                *drift.entry((f, (*owner).clone())).or_insert(0) += n;
            }
        }
    }
    let max_drift = drift.values().copied().max().unwrap_or(0);
    let mut d = Draw {
        svg: String::new(),
        colours: &colours,
        drift,
        max_drift,
    };
    d.node(
        &root,
        "",
        Rect {
            x: 0.0,
            y: 0.0,
            w: WIDTH,
            h: HEIGHT,
        },
        0,
    );

    let short = &c.head[..12.min(c.head.len())];
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n<title>specmoor coverage · {short}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    let t = &c.totals;
    let _ = write!(
        out,
        "<h1>specmoor coverage: {:.1}% of code owned by a spec</h1>\n<p class=\"summary\">{} files: {} code, {} owned, {} unowned; {} spec documents, {} ignored, {} not code · HEAD <code>{}</code> · config: {}{}</p>\n",
        t.percent,
        t.files,
        t.code,
        t.owned,
        t.unowned,
        t.specs,
        t.ignored,
        t.not_code,
        escape(short),
        escape(if c.config.is_empty() { "(not said)" } else { &c.config }),
        match hot {
            Some(h) => format!(" · drift from <code>{}</code>", escape(&h.source)),
            None => String::new(),
        }
    );
    // legend: each spec with its colour and files, then unowned and drift
    let mut per_spec: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, o) in &c.map {
        if let Some(o) = o {
            *per_spec.entry(o.as_str()).or_insert(0) += 1;
        }
    }
    out.push_str("<ul class=\"legend\">");
    for (spec, n) in &per_spec {
        let _ = write!(
            out,
            "<li data-spec=\"{}\" title=\"click to show this spec alone\"><span class=\"sw\" style=\"background:{}\"></span>{} <small>({n})</small></li>",
            escape(spec),
            colours.get(*spec).map(String::as_str).unwrap_or("#999"),
            escape(spec)
        );
    }
    let _ = write!(
        out,
        "<li><span class=\"sw unowned\"></span>unowned code <small>({})</small></li>",
        t.unowned
    );
    if hot.is_some() {
        out.push_str("<li><span class=\"sw hot\"></span>drift in the audit (thicker: more)</li>");
    }
    out.push_str("</ul>\n");
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-label=\"treemap of the code at HEAD by owning spec\" data-depth=\"{depth}\"><defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#dcdcdc\"/><rect width=\"2\" height=\"6\" fill=\"#a8a8a8\"/></pattern></defs>{}</svg>",
        d.svg
    );
    out.push_str(
        "<p class=\"summary\">Each rectangle is the code files of one folder owned by one spec (area: number of files); hover for details.</p>\n",
    );

    // specs
    out.push_str("<h2>Specs</h2>\n<table><tr><th>spec</th><th class=\"n\">code files owned</th><th class=\"n\">share of code</th></tr>\n");
    for (spec, n) in &per_spec {
        let _ = writeln!(
            out,
            "<tr><td><span class=\"sw\" style=\"background:{}\"></span> {}</td><td class=\"n\">{n}</td><td class=\"n\">{:.1}%</td></tr>",
            colours.get(*spec).map(String::as_str).unwrap_or("#999"),
            escape(spec),
            *n as f64 * 100.0 / t.code.max(1) as f64
        );
    }
    out.push_str("</table>\n");
    // folders
    out.push_str("<h2>Folders</h2>\n<table><tr><th>folder</th><th class=\"n\">files</th><th class=\"n\">code</th><th class=\"n\">owned</th><th class=\"n\">owned %</th><th class=\"n\">not code</th></tr>\n");
    let rows = c
        .folders
        .iter()
        .map(|f| (f.folder.as_str(), &f.counts))
        .chain(std::iter::once(("total", t)));
    for (name, k) in rows {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}%</td><td class=\"n\">{}</td></tr>",
            escape(name),
            k.files,
            k.code,
            k.owned,
            k.percent,
            k.not_code
        );
    }
    out.push_str("</table>\n");
    // drift hot spots
    if let Some(h) = hot {
        out.push_str("<h2>Drift hot spots</h2>\n");
        if drift_folders.is_empty() {
            let _ = writeln!(
                out,
                "<p>No drift finding in <code>{}</code>.</p>",
                escape(&h.source)
            );
        } else {
            out.push_str("<table><tr><th>folder</th><th class=\"n\">drift findings</th></tr>\n");
            let mut v: Vec<(&String, &usize)> = drift_folders.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
            for (f, n) in v.into_iter().take(50) {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"n\">{n}</td></tr>",
                    escape(f)
                );
            }
            out.push_str("</table>\n");
        }
    }
    out.push_str(&crate::requirements::html(&c.requirements, &c.tags));
    // unowned files
    let _ = writeln!(out, "<h2>Files no spec owns ({})</h2>", c.unowned.len());
    if !c.unowned.is_empty() {
        out.push_str("<ul class=\"files\">");
        for p in c.unowned.iter().take(LIST) {
            let _ = write!(out, "<li>{}</li>", escape(p));
        }
        out.push_str("</ul>\n");
        if c.unowned.len() > LIST {
            let _ = writeln!(
                out,
                "<p>… and {} more (<code>--format json</code> lists them all)</p>",
                c.unowned.len() - LIST
            );
        }
    }
    // findings
    if !c.findings.is_empty() {
        let _ = writeln!(out, "<h2>Findings ({})</h2>\n<ul>", c.findings.len());
        for f in &c.findings {
            let _ = writeln!(
                out,
                "<li><b>{} {}</b> ({}): {}</li>",
                f.code,
                f.rule,
                f.severity.as_str(),
                escape(&f.message)
            );
        }
        out.push_str("</ul>\n");
    }
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<img src=x onerror=\"a('b')\">&\u{1}"),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;\u{FFFD}"
        );
    }

    #[test]
    fn deep_folders_merge_into_their_ancestors() {
        let map = vec![
            ("a/b/c/x.rs".to_string(), Some("s".to_string())),
            ("a/b/y.rs".to_string(), Some("s".to_string())),
            ("a/z.rs".to_string(), None),
            ("top.rs".to_string(), None),
        ];
        assert_eq!(tree(&map, 3).leaves(), 4);
        let t = tree(&map, 1);
        assert_eq!(t.total, 4);
        assert_eq!(t.dirs["a"].groups[&Some("s".to_string())], 2);
        assert!(t.dirs["a"].merged);
        assert_eq!(t.leaves(), 3);
        assert_eq!(shown_folder("a/b/c/x.rs", 2), "a/b/");
        assert_eq!(shown_folder("top.rs", 2), "(top level)");
    }

    #[test]
    fn an_audit_of_another_schema_is_refused() {
        assert!(read_audit(b"{\"schema\":\"specmoor.report/1\"}", "a.json").is_err());
        assert!(read_audit(b"nope", "a.json").is_err());
        let h = read_audit(
            br#"{"schema":"specmoor.audit/1","commits":[{"findings":[{"code":"SM001","path":"src/a.rs"},{"code":"SM007","path":"src/b.rs"}]},{"findings":[{"rule":"drift","path":"src/a.rs"}]}]}"#,
            "a.json",
        )
        .unwrap();
        assert_eq!(h.by_path.len(), 1);
        assert_eq!(h.by_path["src/a.rs"], 2);
    }
}
