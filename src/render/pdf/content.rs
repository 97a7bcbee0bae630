//! A page's content stream, written directly as bytes.
//!
//! printpdf turns each drawing operation into a lopdf operation with boxed operands and
//! then into text; on a 2,500-table build that conversion was a third of all CPU time
//! (BENCHMARKS.md). This writer makes the very same bytes — same operators, same order,
//! numbers in the same shortest form (`{}` of an `f32`, as lopdf writes them), glyph ids
//! as upper-case hex — straight into one buffer, so the PDFs are byte-identical to what
//! printpdf wrote and no intermediate copy of a long document is held. printpdf still
//! makes the document around the streams: fonts, resources, pages.

use super::fonts::Face;
use super::layout::{Mark, Page, Paint, PathPoint};
use std::collections::BTreeMap;
use std::io::Write;

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
            let _ = write!(s.bytes, "/{} {} Tf", t.face.resource_name(), t.size);
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
            let _ = write!(s.bytes, "{gid:04X}");
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
            let _ = write!(self.bytes, "{x} ");
        }
        self.bytes.extend_from_slice(operator.as_bytes());
    }
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
