//! Squarified treemap layout (Bruls, Huizing and van Wijk, 2000) for the coverage map
//! (specs/adoption.md AD-2): rectangles whose areas are proportional to the sizes,
//! laid in rows that keep them as close to squares as the order allows.
//!
//! The `treemap` crate was looked at and not kept: it never lays out the last row when
//! the whole list fits in one (those items keep no bounds) and panics on a NaN size.

/// A rectangle: top-left corner, width, height.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    /// The rectangle shrunk by `d` on every side (never below zero size).
    pub fn inset(self, d: f64) -> Rect {
        let w = (self.w - 2.0 * d).max(0.0);
        let h = (self.h - 2.0 * d).max(0.0);
        Rect {
            x: self.x + (self.w - w) / 2.0,
            y: self.y + (self.h - h) / 2.0,
            w,
            h,
        }
    }
}

/// The worst aspect ratio of a row of `areas` laid along a side of length `side`.
fn worst(areas: &[f64], side: f64) -> f64 {
    let sum: f64 = areas.iter().sum();
    let max = areas.iter().cloned().fold(0.0, f64::max);
    let min = areas.iter().cloned().fold(f64::INFINITY, f64::min);
    if sum <= 0.0 || side <= 0.0 || min <= 0.0 {
        return f64::INFINITY;
    }
    let (s2, side2) = (sum * sum, side * side);
    (side2 * max / s2).max(s2 / (side2 * min))
}

/// Lay `sizes` (sorted largest first for the best shapes; non-positive sizes get an
/// empty rectangle) into `bounds`: one rectangle per size, in the same order, tiling
/// `bounds` with areas proportional to the sizes.
pub fn squarify(sizes: &[f64], bounds: Rect) -> Vec<Rect> {
    let clean: Vec<f64> = sizes
        .iter()
        .map(|s| if s.is_finite() && *s > 0.0 { *s } else { 0.0 })
        .collect();
    let total: f64 = clean.iter().sum();
    let mut out = vec![
        Rect {
            x: bounds.x,
            y: bounds.y,
            w: 0.0,
            h: 0.0
        };
        clean.len()
    ];
    if total <= 0.0 || bounds.w <= 0.0 || bounds.h <= 0.0 {
        return out;
    }
    let scale = bounds.w * bounds.h / total;
    let order: Vec<usize> = (0..clean.len()).filter(|i| clean[*i] > 0.0).collect();
    let areas: Vec<f64> = order.iter().map(|i| clean[*i] * scale).collect();
    let mut rest = bounds;
    let mut i = 0;
    while i < areas.len() {
        // grow the row while its worst aspect ratio does not get worse
        let side = rest.w.min(rest.h);
        let mut j = i + 1;
        let mut best = worst(&areas[i..j], side);
        while j < areas.len() {
            let w = worst(&areas[i..=j], side);
            if w > best {
                break;
            }
            best = w;
            j += 1;
        }
        // the last row takes what is left, so rounding never leaves a gap
        let row: f64 = if j == areas.len() {
            rest.w * rest.h
        } else {
            areas[i..j].iter().sum()
        };
        let row_sum: f64 = areas[i..j].iter().sum();
        if rest.w >= rest.h {
            // a column along the left side
            let cw = (row / rest.h).min(rest.w);
            let mut y = rest.y;
            for (k, a) in areas[i..j].iter().enumerate() {
                let h = rest.h * a / row_sum;
                out[order[i + k]] = Rect {
                    x: rest.x,
                    y,
                    w: cw,
                    h,
                };
                y += h;
            }
            rest = Rect {
                x: rest.x + cw,
                w: (rest.w - cw).max(0.0),
                ..rest
            };
        } else {
            // a row along the top
            let rh = (row / rest.w).min(rest.h);
            let mut x = rest.x;
            for (k, a) in areas[i..j].iter().enumerate() {
                let w = rest.w * a / row_sum;
                out[order[i + k]] = Rect {
                    x,
                    y: rest.y,
                    w,
                    h: rh,
                };
                x += w;
            }
            rest = Rect {
                y: rest.y + rh,
                h: (rest.h - rh).max(0.0),
                ..rest
            };
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(r: &Rect) -> f64 {
        r.w * r.h
    }

    #[test]
    fn areas_are_proportional_and_tile_the_bounds() {
        let sizes = [6.0, 6.0, 4.0, 3.0, 2.0, 2.0, 1.0];
        let b = Rect {
            x: 0.0,
            y: 0.0,
            w: 6.0,
            h: 4.0,
        };
        let rs = squarify(&sizes, b);
        assert_eq!(rs.len(), sizes.len());
        for (s, r) in sizes.iter().zip(&rs) {
            assert!((area(r) - s).abs() < 1e-9, "{s} {r:?}");
            assert!(r.x >= -1e-9 && r.y >= -1e-9);
            assert!(r.x + r.w <= 6.0 + 1e-9 && r.y + r.h <= 4.0 + 1e-9);
        }
        // no two overlap
        for (a, ra) in rs.iter().enumerate() {
            for rb in &rs[a + 1..] {
                let ox = (ra.x + ra.w).min(rb.x + rb.w) - ra.x.max(rb.x);
                let oy = (ra.y + ra.h).min(rb.y + rb.h) - ra.y.max(rb.y);
                assert!(ox <= 1e-9 || oy <= 1e-9, "{ra:?} {rb:?}");
            }
        }
        // the paper's example: the first row holds the two sixes
        assert!((rs[0].w - 3.0).abs() < 1e-9 && (rs[1].w - 3.0).abs() < 1e-9);
    }

    #[test]
    fn degenerate_inputs_give_empty_rectangles() {
        let b = Rect {
            x: 1.0,
            y: 1.0,
            w: 10.0,
            h: 10.0,
        };
        assert!(squarify(&[], b).is_empty());
        let rs = squarify(&[0.0, f64::NAN, -1.0, 5.0], b);
        assert_eq!(area(&rs[0]) + area(&rs[1]) + area(&rs[2]), 0.0);
        assert!((area(&rs[3]) - 100.0).abs() < 1e-9);
        let one = squarify(&[1.0], Rect { w: 0.0, ..b });
        assert_eq!(area(&one[0]), 0.0);
    }
}
