//! The line diff behind touched sections (specs/spec-model.md SM-4).
//!
//! Its result depends only on the two texts, never on time or CPU speed: a check
//! that ran out of a deadline used to degrade to one big replace, which marked an
//! untouched section between two rewritten ones as touched (a drift that passed).
//!
//! Common prefix and suffix are trimmed; then lines unique on both sides are matched
//! (patience diff: the longest increasing run of them, found in n log n) and the gaps
//! between them diffed the same way. A gap without unique common lines is exact when
//! small (Myers, with no deadline), a replace when its sides share no line at all (also
//! exact), and otherwise anchored on its rarest common line. Every step matches at
//! least one line, so the work is bounded by the sizes alone; past a budget
//! proportional to the input (reached only by crafted input) the rest of a gap is one
//! replace, the same on every machine.

use std::ops::Range;

/// A changed stretch: `old` lines replaced by `new` lines (0-based; either may be
/// empty, for a pure insertion or deletion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// Gaps up to this many lines (both sides) get an exact Myers diff: its cost is at
/// most the square of this.
const EXACT: usize = 2_000;

/// The changed stretches between `old` and `new`, in order.
pub fn diff<'t>(old: &[&'t str], new: &[&'t str]) -> Vec<Hunk> {
    // lines as small integers: equal lines, equal ids
    let mut ids: foldhash::HashMap<&'t str, u32> = Default::default();
    let mut intern = |lines: &[&'t str]| -> Vec<u32> {
        lines
            .iter()
            .map(|&l| {
                let n = ids.len() as u32;
                *ids.entry(l).or_insert(n)
            })
            .collect()
    };
    let a = intern(old);
    let b = intern(new);
    let mut budget = 64usize
        .saturating_mul(a.len() + b.len())
        .saturating_add(4 * EXACT * EXACT);
    let mut hunks = Vec::new();
    let mut stack = vec![(0..a.len(), 0..b.len())];
    while let Some((o, n)) = stack.pop() {
        gap(&a, &b, o, n, &mut stack, &mut hunks, &mut budget);
    }
    hunks.sort_by_key(|h| (h.old.start, h.new.start));
    // adjacent stretches make one
    let mut out: Vec<Hunk> = Vec::with_capacity(hunks.len());
    for h in hunks {
        if h.old.is_empty() && h.new.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(l) if l.old.end == h.old.start && l.new.end == h.new.start => {
                l.old.end = h.old.end;
                l.new.end = h.new.end;
            }
            _ => out.push(h),
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn gap(
    a: &[u32],
    b: &[u32],
    mut o: Range<usize>,
    mut n: Range<usize>,
    stack: &mut Vec<(Range<usize>, Range<usize>)>,
    out: &mut Vec<Hunk>,
    budget: &mut usize,
) {
    while !o.is_empty() && !n.is_empty() && a[o.start] == b[n.start] {
        o.start += 1;
        n.start += 1;
    }
    while !o.is_empty() && !n.is_empty() && a[o.end - 1] == b[n.end - 1] {
        o.end -= 1;
        n.end -= 1;
    }
    if o.is_empty() || n.is_empty() {
        out.push(Hunk { old: o, new: n });
        return;
    }
    let size = o.len() + n.len();
    if *budget < size {
        out.push(Hunk { old: o, new: n });
        return;
    }
    *budget -= size;
    // per line id: (count in old, count in new, first position in old, in new)
    let mut seen: foldhash::HashMap<u32, (u32, u32, usize, usize)> = Default::default();
    for i in o.clone() {
        let e = seen.entry(a[i]).or_insert((0, 0, i, usize::MAX));
        e.0 += 1;
    }
    for j in n.clone() {
        if let Some(e) = seen.get_mut(&b[j]) {
            if e.1 == 0 {
                e.3 = j;
            }
            e.1 += 1;
        }
    }
    // lines unique on both sides, in old order; the longest run increasing in new
    let mut unique: Vec<(usize, usize)> = seen
        .values()
        .filter(|e| e.0 == 1 && e.1 == 1)
        .map(|e| (e.2, e.3))
        .collect();
    let anchors = if !unique.is_empty() {
        unique.sort_unstable();
        longest_increasing(&unique)
    } else if !seen.values().any(|e| e.1 > 0) {
        // no line in common: nothing can be kept
        out.push(Hunk { old: o, new: n });
        return;
    } else if size <= EXACT {
        let ops =
            similar::capture_diff_slices(similar::Algorithm::Myers, &a[o.clone()], &b[n.clone()]);
        for op in ops {
            let (_, or, nr) = op.as_tag_tuple();
            if op.tag() != similar::DiffTag::Equal {
                out.push(Hunk {
                    old: o.start + or.start..o.start + or.end,
                    new: n.start + nr.start..n.start + nr.end,
                });
            }
        }
        return;
    } else {
        // the rarest common line (first in old among equals): its occurrences paired
        // in order
        let (&id, _) = seen
            .iter()
            .filter(|(_, e)| e.1 > 0)
            .min_by_key(|(_, e)| (e.0 + e.1, e.2))
            .expect("a common line");
        let xs = o.clone().filter(|&i| a[i] == id);
        let ys = n.clone().filter(|&j| b[j] == id);
        xs.zip(ys).collect()
    };
    let (mut oi, mut nj) = (o.start, n.start);
    for (i, j) in anchors {
        stack.push((oi..i, nj..j));
        oi = i + 1;
        nj = j + 1;
    }
    stack.push((oi..o.end, nj..n.end));
}

/// The longest subsequence of `pairs` (sorted by their first item) whose second items
/// increase: patience sorting, n log n.
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[k]: index into pairs of the smallest tail of a run of length k+1
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, y)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&t| pairs[t].1 < y);
        if at > 0 {
            prev[k] = Some(tails[at - 1]);
        }
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut cur = tails.last().copied();
    while let Some(k) = cur {
        run.push(pairs[k]);
        cur = prev[k];
    }
    run.reverse();
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Apply the hunks: what is outside them must be equal, and replacing them must
    /// give `new`.
    fn check(old: &[&str], new: &[&str]) -> Vec<Hunk> {
        let hunks = diff(old, new);
        let (mut i, mut j) = (0, 0);
        for h in &hunks {
            assert_eq!(h.old.start - i, h.new.start - j, "{hunks:?}");
            assert_eq!(old[i..h.old.start], new[j..h.new.start], "{hunks:?}");
            i = h.old.end;
            j = h.new.end;
        }
        assert_eq!(old[i..], new[j..], "{hunks:?}");
        hunks
    }

    fn lines(s: &str) -> Vec<&str> {
        s.split(' ').filter(|l| !l.is_empty()).collect()
    }

    #[test]
    fn small_diffs_are_exact() {
        let h = check(&lines("a b c d e"), &lines("a x c d y e"));
        assert_eq!(
            h,
            [
                Hunk {
                    old: 1..2,
                    new: 1..2
                },
                Hunk {
                    old: 4..4,
                    new: 4..5
                }
            ]
        );
        check(&lines("a b a b a b"), &lines("b a b a"));
        check(&lines(""), &lines("a b"));
        check(&lines("a b"), &lines(""));
        check(&lines("x x x y x x"), &lines("x y x x x x x"));
    }

    #[test]
    fn rewritten_neighbours_leave_the_middle_alone() {
        // two 20,000-line blocks rewritten around three untouched lines: the middle
        // stays equal, at once (no deadline to run into)
        let n = 20_000;
        let mut old = vec!["head".to_string()];
        let mut new = old.clone();
        old.extend((0..n).map(|i| format!("old {i}")));
        new.extend((0..n).map(|i| format!("new {i}")));
        for l in ["", "## FR-1", "kept", ""] {
            old.push(l.into());
            new.push(l.into());
        }
        old.extend((0..n).map(|i| format!("old b {i}")));
        new.extend((0..n).map(|i| format!("new b {i}")));
        let start = std::time::Instant::now();
        let (o, w): (Vec<&str>, Vec<&str>) = (
            old.iter().map(|s| s.as_str()).collect(),
            new.iter().map(|s| s.as_str()).collect(),
        );
        let h = check(&o, &w);
        assert_eq!(h.len(), 2, "{h:?}");
        assert_eq!(h[0].old, 1..n + 1);
        assert_eq!(h[1].old, n + 5..2 * n + 5);
        assert!(start.elapsed().as_secs() < 2, "{:?}", start.elapsed());
    }

    #[test]
    fn repeated_lines_in_large_gaps_are_still_matched() {
        // no line unique on either side, too large for Myers: anchored on the rarest
        let mut old = Vec::new();
        let mut new = Vec::new();
        for i in 0..3_000 {
            old.push(if i % 3 == 0 { "a" } else { "b" });
            new.push(if i % 3 == 1 { "a" } else { "c" });
        }
        old.extend(["m", "m", "z", "z"]);
        new.extend(["m", "m", "z", "z", "q"]);
        let h = check(&old, &new);
        assert!(
            h.iter().all(|h| h.old.is_empty() || h.old.end <= 3_000),
            "the common tail stays equal: {h:?}"
        );
    }

    #[test]
    fn the_result_is_the_same_whatever_the_order_of_work() {
        let old = lines("a b c a b c d e f g a");
        let new = lines("c a b x d e a f g a a");
        assert_eq!(check(&old, &new), diff(&old, &new));
    }
}
