//! A page's content stream, written directly as bytes.
//!
//! printpdf turns each drawing operation into a lopdf operation with boxed operands and
//! then into text; on a 2,500-table build that conversion was a third of all CPU time
//! (BENCHMARKS.md). This writer makes the same operators in the same order straight into
//! one buffer, so no intermediate copy of a long document is held. printpdf still makes
//! the document around the streams: fonts, resources, pages.
//!
//! Numbers are written with at most three decimals ([`number`]): a thousandth of a point
//! is a third of a micrometre on paper, and a colour component is then within a seventh
//! of an 8-bit step. Formatting the shortest exact form of every `f32` (as lopdf does)
//! was the largest part of writing the streams.

use super::fonts::Face;
use super::layout::{Mark, Page, Paint, PathPoint};
use std::collections::BTreeMap;

/// Glyph ids of the embedded font subsets, by face and character: the codes text is
/// written in (the fonts are `Identity-H`, two bytes a glyph).
pub(crate) type Glyphs = BTreeMap<Face, BTreeMap<char, u16>>;

/// One page's content: fills and paths in document order (a chart's shapes overlap in the
/// order it drew them), then rules, then all text on top, a chart's labels included. The
/// rule and text passes set their colours afresh, so a path's colour never leaks into
/// them.
pub(crate) fn page(page: &Page, glyphs: &Glyphs) -> Vec<u8> {
    let mut s = Stream::default();
    let h = page.geometry.height;
    for m in &page.marks {
        match m {
            Mark::Fill { rect, gray } => {
                s.op(&[*gray], "g");
                let (w, ht) = (rect.x1 - rect.x0, rect.y1 - rect.y0);
                s.op(&[rect.x0, h - rect.y1, w, ht], "re");
                s.op(&[], "f");
            }
            Mark::Path { rings, paint } => path(&mut s, rings, *paint, h),
            Mark::Text(_) | Mark::Rule { .. } => {}
        }
    }
    rules(&mut s, page, h);
    text(&mut s, page, glyphs, h);
    s.bytes
}

/// The rules, setting the stroke only where it changes.
fn rules(s: &mut Stream, page: &Page, h: f32) {
    let mut stroke: Option<(f32, f32)> = None;
    for m in &page.marks {
        if let Mark::Rule {
            x0,
            y0,
            x1,
            y1,
            thickness,
            gray,
        } = *m
        {
            if stroke != Some((thickness, gray)) {
                s.op(&[gray], "G");
                s.op(&[thickness], "w");
                stroke = Some((thickness, gray));
            }
            s.op(&[x0, h - y0], "m");
            s.op(&[x1, h - y1], "l");
            s.op(&[], "S");
        }
    }
}

/// All text in one text object, setting font and colour only where they change.
fn text(s: &mut Stream, page: &Page, glyphs: &Glyphs, h: f32) {
    s.op(&[], "BT");
    let mut font: Option<(Face, f32)> = None;
    let mut fill: Option<f32> = None;
    let texts = page.marks.iter().filter_map(|m| match m {
        Mark::Text(t) => Some(t),
        _ => None,
    });
    for t in texts {
        if font != Some((t.face, t.size)) {
            s.start();
            s.bytes.push(b'/');
            s.bytes.extend_from_slice(t.face.resource_name().as_bytes());
            s.bytes.push(b' ');
            number(&mut s.bytes, t.size);
            s.bytes.extend_from_slice(b" Tf");
            font = Some((t.face, t.size));
        }
        if fill != Some(t.gray) {
            s.op(&[t.gray], "g");
            fill = Some(t.gray);
        }
        s.op(&[1.0, 0.0, 0.0, 1.0, t.x, h - t.baseline], "Tm");
        let codes = glyphs.get(&t.face);
        s.start();
        s.bytes.push(b'<');
        for c in t.text.chars() {
            let gid = codes.and_then(|m| m.get(&c)).copied().unwrap_or(0);
            s.bytes
                .extend(gid.to_be_bytes().iter().flat_map(|b| hex(*b)));
        }
        s.bytes.extend_from_slice(b"> Tj");
    }
    s.op(&[], "ET");
}

/// A [`Mark::Path`]: its colour, then one even-odd fill of all rings (so an inner ring is
/// a hole), or one stroke per ring.
fn path(s: &mut Stream, rings: &[Vec<PathPoint>], paint: Paint, h: f32) {
    match paint {
        Paint::Fill { rgb } => {
            s.op(&rgb, "rg");
            if rings.is_empty() {
                return;
            }
            for r in rings {
                ring(s, r, h);
            }
            s.op(&[], "h");
            s.op(&[], "f*");
        }
        Paint::Stroke { rgb, width, closed } => {
            s.op(&rgb, "RG");
            s.op(&[width], "w");
            for r in rings.iter().filter(|r| !r.is_empty()) {
                ring(s, r, h);
                if closed {
                    s.op(&[], "h");
                }
                s.op(&[], "S");
            }
        }
    }
}

/// A ring's segments, y flipped to PDF's upward axis: a move to its first point, then a
/// line or a cubic curve to each next one.
fn ring(s: &mut Stream, ring: &[PathPoint], h: f32) {
    for (i, p) in ring.iter().enumerate() {
        match *p {
            PathPoint::Line { x, y } if i == 0 => s.op(&[x, h - y], "m"),
            PathPoint::Line { x, y } => s.op(&[x, h - y], "l"),
            PathPoint::Curve { c1, c2, to } if i == 0 => {
                // A ring never starts with a curve; should one, it starts at the curve's
                // end, as a move there.
                let _ = (c1, c2);
                s.op(&[to.0, h - to.1], "m");
            }
            PathPoint::Curve { c1, c2, to } => {
                s.op(&[c1.0, h - c1.1, c2.0, h - c2.1, to.0, h - to.1], "c");
            }
        }
    }
}

/// Operators one to a line, each operand followed by a space.
#[derive(Default)]
struct Stream {
    bytes: Vec<u8>,
}

impl Stream {
    /// A new line before every operator but the first.
    fn start(&mut self) {
        if !self.bytes.is_empty() {
            self.bytes.push(b'\n');
        }
    }

    fn op(&mut self, operands: &[f32], operator: &str) {
        self.start();
        for x in operands {
            number(&mut self.bytes, *x);
            self.bytes.push(b' ');
        }
        self.bytes.extend_from_slice(operator.as_bytes());
    }
}

/// A byte as two upper-case hex digits.
fn hex(b: u8) -> [u8; 2] {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]]
}

/// `x` rounded half away from zero to three decimals, without trailing zeros or a
/// negative zero: `12.5`, `0.263`, `-3`, `0`. A value that is not finite (never made by
/// the layout) is written as `0`, so the stream stays valid.
pub(crate) fn number(out: &mut Vec<u8>, x: f32) {
    let thousandths = if x.is_finite() {
        (f64::from(x) * 1000.0).round() as i64
    } else {
        0
    };
    if thousandths < 0 {
        out.push(b'-');
    }
    let t = thousandths.unsigned_abs();
    digits(out, t / 1000);
    let mut frac = t % 1000;
    if frac != 0 {
        out.push(b'.');
        let mut width = 3;
        while frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
        let mut buf = [b'0'; 3];
        for slot in buf[..width].iter_mut().rev() {
            *slot = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        out.extend_from_slice(&buf[..width]);
    }
}

/// `n` in decimal digits.
fn digits(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::layout::{Geometry, Rect, Role, TextMark};

    fn page(marks: Vec<Mark>) -> Page {
        Page {
            geometry: Geometry {
                width: 200.0,
                height: 100.0,
                left: 10.0,
                right: 10.0,
                top: 10.0,
                bottom: 10.0,
                edge: 5.0,
            },
            marks,
            running: None,
        }
    }

    fn text(s: &str, face: Face, gray: f32) -> Mark {
        Mark::Text(TextMark {
            x: 12.5,
            baseline: 20.0,
            size: 9.0,
            face,
            text: s.into(),
            width: 10.0,
            gray,
            role: Role::Body,
        })
    }

    fn written(marks: Vec<Mark>, glyphs: &Glyphs) -> String {
        String::from_utf8(super::page(&page(marks), glyphs)).unwrap()
    }

    fn num(x: f32) -> String {
        let mut out = Vec::new();
        number(&mut out, x);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_have_at_most_three_decimals_and_no_trailing_zeros() {
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (-0.0004, "0"),
            (1.0, "1"),
            (12.5, "12.5"),
            (0.25, "0.25"),
            (56.692913, "56.693"),
            (0.2627451, "0.263"),
            (0.0005, "0.001"),
            (-0.0005, "-0.001"),
            (-3.0, "-3"),
            (841.8898, "841.89"),
            (0.1, "0.1"),
            (100.05, "100.05"),
            (1.0e9, "1000000000"),
            (f32::NAN, "0"),
            (f32::INFINITY, "0"),
        ];
        for (x, want) in cases {
            assert_eq!(num(x), want, "{x}");
        }
    }

    #[test]
    fn numbers_read_back_within_half_a_thousandth() {
        for i in -20_000..20_000 {
            let x = i as f32 * 0.0137 + 0.00031;
            let back: f64 = num(x).parse().unwrap();
            assert!(
                (back - f64::from(x)).abs() <= 0.0005 + 1e-9,
                "{x} -> {back}"
            );
        }
    }

    #[test]
    fn hex_digits_are_upper_case() {
        assert_eq!(&hex(0x00), b"00");
        assert_eq!(&hex(0xA7), b"A7");
        assert_eq!(&hex(0xFF), b"FF");
    }

    #[test]
    fn fills_then_rules_then_text_with_y_flipped() {
        let glyphs = Glyphs::from([(Face::Sans, BTreeMap::from([('A', 36), ('Қ', 0x1A2)]))]);
        let marks = vec![
            text("AҚ", Face::Sans, 0.0),
            Mark::Rule {
                x0: 10.0,
                y0: 30.0,
                x1: 190.0,
                y1: 30.0,
                thickness: 0.5,
                gray: 0.25,
            },
            Mark::Fill {
                rect: Rect {
                    x0: 10.0,
                    y0: 40.0,
                    x1: 110.0,
                    y1: 50.5,
                },
                gray: 0.9,
            },
        ];
        assert_eq!(
            written(marks, &glyphs),
            "0.9 g\n10 49.5 100 10.5 re\nf\n\
             0.25 G\n0.5 w\n10 70 m\n190 70 l\nS\n\
             BT\n/F1 9 Tf\n0 g\n1 0 0 1 12.5 80 Tm\n<002401A2> Tj\nET"
        );
    }

    #[test]
    fn font_stroke_and_fill_are_set_only_where_they_change() {
        let glyphs = Glyphs::from([(Face::Sans, BTreeMap::from([('1', 20)]))]);
        let rule = |y| Mark::Rule {
            x0: 0.0,
            y0: y,
            x1: 1.0,
            y1: y,
            thickness: 1.0,
            gray: 0.0,
        };
        let s = written(
            vec![
                rule(1.0),
                rule(2.0),
                text("1", Face::Sans, 0.0),
                text("1", Face::Sans, 0.0),
                text("1", Face::Sans, 0.5),
            ],
            &glyphs,
        );
        assert_eq!(s.matches(" Tf").count(), 1, "{s}");
        assert_eq!(s.matches(" G\n").count(), 1, "{s}");
        assert_eq!(s.matches(" g\n").count(), 2, "{s}");
        assert_eq!(s.matches("<0014> Tj").count(), 3, "{s}");
    }

    #[test]
    fn a_character_without_a_code_is_glyph_zero() {
        let s = written(vec![text("ж", Face::Sans, 0.0)], &Glyphs::new());
        assert!(s.contains("<0000> Tj"), "{s}");
    }

    #[test]
    fn a_filled_ring_with_a_hole_is_one_even_odd_path_and_curves_are_cubic() {
        let ring = |r: f32| {
            vec![
                PathPoint::Line {
                    x: 50.0 - r,
                    y: 50.0,
                },
                PathPoint::Curve {
                    c1: (50.0 - r, 40.0),
                    c2: (50.0, 50.0 - r),
                    to: (50.0, 50.0 - r),
                },
                PathPoint::Line {
                    x: 50.0 + r,
                    y: 50.0,
                },
            ]
        };
        let fill = Mark::Path {
            rings: vec![ring(20.0), ring(10.0)],
            paint: Paint::Fill {
                rgb: [1.0, 0.5, 0.0],
            },
        };
        let s = written(vec![fill], &Glyphs::new());
        assert!(
            s.starts_with("1 0.5 0 rg\n30 50 m\n30 60 50 70 50 70 c\n70 50 l\n40 50 m\n"),
            "{s}"
        );
        assert!(s.ends_with("h\nf*\nBT\nET"), "{s}");
        assert_eq!(
            s.matches("\nh\n").count(),
            1,
            "one close for the whole path: {s}"
        );
    }

    #[test]
    fn strokes_close_each_ring_only_when_asked_and_skip_empty_ones() {
        let line = vec![
            PathPoint::Line { x: 0.0, y: 0.0 },
            PathPoint::Line { x: 1.0, y: 1.0 },
        ];
        let stroke = |closed| Mark::Path {
            rings: vec![line.clone(), Vec::new()],
            paint: Paint::Stroke {
                rgb: [0.0, 0.0, 0.0],
                width: 2.0,
                closed,
            },
        };
        let open = written(vec![stroke(false)], &Glyphs::new());
        assert_eq!(open, "0 0 0 RG\n2 w\n0 100 m\n1 99 l\nS\nBT\nET");
        let closed = written(vec![stroke(true)], &Glyphs::new());
        assert_eq!(closed, "0 0 0 RG\n2 w\n0 100 m\n1 99 l\nh\nS\nBT\nET");
    }
}
