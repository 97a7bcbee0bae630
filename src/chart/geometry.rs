//! A chart view → its drawing, once, for every format: sectors, rectangles, lines and
//! text with measured boxes, in points with y growing downwards (as in SVG; the PDF
//! writer flips it). The writers only translate shapes; every decision about where
//! something goes is taken here and checked by [`faults`]: no two text boxes overlap, no
//! text covers a filled shape it does not belong to, nothing leaves the canvas.
//!
//! Text widths come from the DejaVu metrics the PDF uses ([`measure`]), so the boxes are
//! the real ones. Axes use nice ticks (steps of 1, 2 or 5 × 10ⁿ, [`nice_ticks`]). Donut
//! labels sit outside the ring, pushed apart per side, with leader lines for small slices
//! and for labels moved from their slice. A last pass nudges any text that still
//! collides. The layout is a pure function of the view: same view, same geometry.

mod bars;
mod donut;

use super::palette::{Color, INK};
use super::view::ChartView;
use crate::model::chart::ChartKind;
use crate::render::pdf::fonts::Face;
use crate::render::pdf::measure;
use rust_decimal::Decimal;

/// Outer margin of the canvas: nothing is drawn in it.
pub const MARGIN: f64 = 8.0;
/// Size of the title, in points.
const TITLE_SIZE: f64 = 10.5;
/// Size of labels, ticks and the legend.
const LABEL_SIZE: f64 = 8.5;
/// The least room between two text boxes.
const TEXT_GAP: f64 = 1.5;

#[derive(Clone, Debug, PartialEq)]
pub struct Geometry {
    pub width: f64,
    pub height: f64,
    pub shapes: Vec<Shape>,
    pub texts: Vec<Text>,
}

/// The figure a shape or text stands for: series and category (in drawing order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owner {
    pub series: usize,
    pub category: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A ring sector; angles in radians clockwise from twelve o'clock.
    Sector {
        cx: f64,
        cy: f64,
        outer: f64,
        inner: f64,
        start: f64,
        end: f64,
        fill: Color,
        owner: Owner,
    },
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Color,
        owner: Option<Owner>,
    },
    Circle {
        cx: f64,
        cy: f64,
        r: f64,
        fill: Color,
        owner: Owner,
    },
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        stroke: Color,
        width: f64,
    },
    Polyline {
        points: Vec<(f64, f64)>,
        stroke: Color,
        width: f64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One line of text at a baseline point.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    pub x: f64,
    /// The baseline.
    pub y: f64,
    pub anchor: Anchor,
    pub size: f64,
    pub bold: bool,
    pub content: String,
    pub fill: Color,
    /// The figure it labels (a value label, a legend entry), if any.
    pub owner: Option<Owner>,
}

/// A box, top-left corner and size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BBox {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl BBox {
    fn overlaps(&self, o: &BBox) -> bool {
        self.x < o.x + o.w - 0.01
            && o.x < self.x + self.w - 0.01
            && self.y < o.y + o.h - 0.01
            && o.y < self.y + self.h - 0.01
    }
}

fn face(bold: bool) -> Face {
    if bold { Face::SansBold } else { Face::Sans }
}

/// The width of `text` in the chart's font.
pub(crate) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    f64::from(measure::width(face(bold), size as f32, text))
}

fn ascent(size: f64) -> f64 {
    f64::from(Face::Sans.metrics().ascent) * size
}

fn descent(size: f64) -> f64 {
    f64::from(Face::Sans.metrics().descent) * size
}

/// The height of one line of text.
fn line_height(size: f64) -> f64 {
    ascent(size) + descent(size)
}

impl Text {
    fn new(x: f64, y: f64, anchor: Anchor, size: f64, content: &str, owner: Option<Owner>) -> Text {
        Text {
            x,
            y,
            anchor,
            size,
            bold: false,
            content: content.to_owned(),
            fill: INK,
            owner,
        }
    }

    /// The box the glyphs occupy: the advance width, ascender to descender.
    pub fn bbox(&self) -> BBox {
        let w = text_width(&self.content, self.size, self.bold);
        let x = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - w / 2.0,
            Anchor::End => self.x - w,
        };
        BBox {
            x,
            y: self.y - ascent(self.size),
            w,
            h: line_height(self.size),
        }
    }
}

/// `text` broken into lines no wider than `width`.
fn wrap(text: &str, size: f64, bold: bool, width: f64) -> Vec<String> {
    measure::wrap(text, face(bold), size as f32, width as f32)
        .iter()
        .map(|l| l.text())
        .collect()
}

/// The drawing of a chart view.
pub fn layout(view: &ChartView) -> Geometry {
    let mut g = match view.kind {
        ChartKind::Donut => donut::layout(view),
        ChartKind::HorizontalBar => bars::horizontal(view),
        ChartKind::VerticalBar | ChartKind::StackedBar | ChartKind::Line => bars::vertical(view),
    };
    settle(&mut g);
    g
}

/// Puts the wrapped title at the top of a canvas `width` wide; returns where the drawing
/// below it may start.
fn title(g: &mut Geometry, view: &ChartView) -> f64 {
    let mut y = MARGIN;
    for line in wrap(&view.title, TITLE_SIZE, true, g.width - 2.0 * MARGIN) {
        y += ascent(TITLE_SIZE);
        let mut t = Text::new(MARGIN, y, Anchor::Start, TITLE_SIZE, &line, None);
        t.bold = true;
        g.texts.push(t);
        y += descent(TITLE_SIZE) + 2.0;
    }
    y + 6.0
}

/// Ticks of a value axis: `first..=last` times `step`, where `step` is 1, 2 or 5 × 10ⁿ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ticks {
    pub first: i64,
    pub last: i64,
    /// 1, 2 or 5.
    pub mantissa: i64,
    pub exponent: i32,
}

impl Ticks {
    pub fn step(&self) -> f64 {
        self.mantissa as f64 * 10f64.powi(self.exponent)
    }

    pub fn value(&self, k: i64) -> f64 {
        k as f64 * self.step()
    }

    pub fn lo(&self) -> f64 {
        self.value(self.first)
    }

    pub fn hi(&self) -> f64 {
        self.value(self.last)
    }

    /// Tick `k` exactly, for formatting; `None` past the range of a [`Decimal`] (the top
    /// tick over a figure near 7.9 × 10²⁸, the largest a fact may hold), which then goes
    /// unlabelled. In `i128`, with checks: `10ⁿ` in an `i64` overflowed from 10¹⁹ on.
    pub fn decimal(&self, k: i64) -> Option<Decimal> {
        let units = i128::from(k) * i128::from(self.mantissa);
        let (units, scale) = if self.exponent >= 0 {
            let power = 10i128.checked_pow(self.exponent.unsigned_abs())?;
            (units.checked_mul(power)?, 0)
        } else {
            (units, self.exponent.unsigned_abs())
        };
        Decimal::try_from_i128_with_scale(units, scale).ok()
    }

    pub fn decimals(&self) -> u32 {
        if self.exponent < 0 {
            self.exponent.unsigned_abs()
        } else {
            0
        }
    }
}

/// Nice ticks covering `lo..=hi` with about `target` steps.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Ticks {
    let (lo, hi) = if hi - lo < 1e-9 {
        (lo, lo + 1.0)
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / target.max(1) as f64;
    let mut exponent = raw.log10().floor() as i32;
    let residual = raw / 10f64.powi(exponent);
    let mantissa = if residual <= 1.0 + 1e-9 {
        1
    } else if residual <= 2.0 + 1e-9 {
        2
    } else if residual <= 5.0 + 1e-9 {
        5
    } else {
        exponent += 1;
        1
    };
    let step = mantissa as f64 * 10f64.powi(exponent);
    Ticks {
        first: (lo / step + 1e-9).floor() as i64,
        last: (hi / step - 1e-9).ceil() as i64,
        mantissa,
        exponent,
    }
}

/// What is wrong with a geometry: overlapping text, text over a shape it does not label,
/// anything outside the canvas. Empty for a good layout.
pub fn faults(g: &Geometry) -> Vec<String> {
    let mut out = Vec::new();
    let boxes: Vec<BBox> = g.texts.iter().map(Text::bbox).collect();
    for (i, (t, b)) in g.texts.iter().zip(&boxes).enumerate() {
        if b.x < -0.01 || b.y < -0.01 || b.x + b.w > g.width + 0.01 || b.y + b.h > g.height + 0.01 {
            out.push(format!("`{}` leaves the canvas", t.content));
        }
        for (u, c) in g.texts.iter().zip(&boxes).skip(i + 1) {
            if b.overlaps(c) {
                out.push(format!("`{}` overlaps `{}`", t.content, u.content));
            }
        }
        for s in &g.shapes {
            if covers(s, b, t.owner) {
                out.push(format!("`{}` covers a shape it does not label", t.content));
            }
        }
    }
    out
}

/// How near and how far box `b` comes to the point `(cx, cy)`.
fn reach(b: &BBox, cx: f64, cy: f64) -> (f64, f64) {
    let near_x = cx.clamp(b.x, b.x + b.w) - cx;
    let near_y = cy.clamp(b.y, b.y + b.h) - cy;
    let far_x = (b.x - cx).abs().max((b.x + b.w - cx).abs());
    let far_y = (b.y - cy).abs().max((b.y + b.h - cy).abs());
    (near_x.hypot(near_y), far_x.hypot(far_y))
}

/// Whether shape `s` is filled somewhere inside box `b` and belongs to another figure
/// than `owner`. Sectors and circles are sampled on a half-point grid, once the box is
/// known to reach their ring or disc at all: sampling every shape for every text made a
/// chart of hundreds of categories take seconds to minutes.
fn covers(s: &Shape, b: &BBox, owner: Option<Owner>) -> bool {
    let sample = |inside: &dyn Fn(f64, f64) -> bool| {
        let (nx, ny) = ((b.w * 2.0).ceil() as usize, (b.h * 2.0).ceil() as usize);
        (0..=nx).any(|i| {
            (0..=ny).any(|j| {
                let x = b.x + b.w * i as f64 / nx.max(1) as f64;
                let y = b.y + b.h * j as f64 / ny.max(1) as f64;
                inside(x, y)
            })
        })
    };
    match *s {
        Shape::Rect {
            x,
            y,
            w,
            h,
            owner: o,
            ..
        } => (o.is_none() || o != owner) && b.overlaps(&BBox { x, y, w, h }),
        Shape::Sector {
            cx,
            cy,
            outer,
            inner,
            start,
            end,
            owner: o,
            ..
        } => {
            let (r_in, r_out) = (inner + 0.01, outer - 0.01);
            let (near, far) = reach(b, cx, cy);
            // Most boxes (the legend, labels outside the ring) cannot reach into the ring
            // at all; only the few that can are sampled point by point.
            Some(o) != owner
                && near < r_out
                && far > r_in
                && sample(&|x, y| {
                    let (dx, dy) = (x - cx, y - cy);
                    let r2 = dx * dx + dy * dy;
                    // Clockwise from twelve o'clock, in 0..2π; only inside the ring.
                    r2 > r_in * r_in && r2 < r_out * r_out && {
                        let a = dx.atan2(-dy).rem_euclid(std::f64::consts::TAU);
                        a > start && a < end
                    }
                })
        }
        Shape::Circle {
            cx,
            cy,
            r,
            owner: o,
            ..
        } => {
            Some(o) != owner
                && reach(b, cx, cy).0 < r
                && sample(&|x, y| (x - cx).hypot(y - cy) < r - 0.01)
        }
        Shape::Line { .. } | Shape::Polyline { .. } => false,
    }
}

/// The collision pass: a text that overlaps an earlier text or a shape it does not
/// label moves up or down, to the nearest place that is free, within the canvas.
fn settle(g: &mut Geometry) {
    // Each box measured once; a move shifts it, since only y changes.
    let mut boxes: Vec<BBox> = g.texts.iter().map(Text::bbox).collect();
    for i in 0..g.texts.len() {
        let owner = g.texts[i].owner;
        let clashes = |b: &BBox| {
            b.y < 0.0
                || b.y + b.h > g.height
                || boxes[..i].iter().any(|u| u.overlaps(b))
                || g.shapes.iter().any(|s| covers(s, b, owner))
        };
        if !clashes(&boxes[i]) {
            continue;
        }
        let moved = (1..=40)
            .flat_map(|step| [f64::from(step), -f64::from(step)])
            .find(|dy| {
                !clashes(&BBox {
                    y: boxes[i].y + dy,
                    ..boxes[i]
                })
            });
        if let Some(dy) = moved {
            g.texts[i].y += dy;
            boxes[i].y += dy;
        }
    }
}

/// A legend in rows: a swatch and the label of each entry, flowing left to right from
/// `x` within `width`; returns the y below it.
fn legend_row(
    g: &mut Geometry,
    entries: &[(String, Color, Option<Owner>)],
    x: f64,
    y: f64,
    width: f64,
) -> f64 {
    let lh = line_height(LABEL_SIZE);
    let (mut cx, mut cy) = (x, y);
    for (label, color, owner) in entries {
        let lines = wrap(label, LABEL_SIZE, false, width - 14.0);
        let w = 14.0
            + lines
                .iter()
                .map(|l| text_width(l, LABEL_SIZE, false))
                .fold(0.0, f64::max);
        // A long label takes whole rows of its own.
        if cx > x && (cx + w > x + width || lines.len() > 1) {
            cx = x;
            cy += lh + 4.0;
        }
        g.shapes.push(Shape::Rect {
            x: cx,
            y: cy + (lh - 9.0) / 2.0,
            w: 9.0,
            h: 9.0,
            fill: *color,
            owner: *owner,
        });
        for (k, line) in lines.iter().enumerate() {
            let y = cy + k as f64 * (lh + 1.0) + ascent(LABEL_SIZE);
            g.texts.push(Text::new(
                cx + 13.0,
                y,
                Anchor::Start,
                LABEL_SIZE,
                line,
                *owner,
            ));
        }
        if lines.len() > 1 {
            cy += (lines.len() - 1) as f64 * (lh + 1.0);
            cx = x + width;
        } else {
            cx += w + 12.0;
        }
    }
    cy + lh
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_step_by_1_2_5() {
        let cases = [
            ((0.0, 87.0), (0, 5, 2, 1)),
            ((-446.0, 495.0), (-3, 3, 2, 2)),
            ((0.0, 0.65), (0, 4, 2, -1)),
            ((0.0, 4495.0), (0, 5, 1, 3)),
            ((0.0, 0.0), (0, 5, 2, -1)),
        ];
        for ((lo, hi), (first, last, mantissa, exponent)) in cases {
            let t = nice_ticks(lo, hi, 5);
            assert_eq!(
                (t.first, t.last, t.mantissa, t.exponent),
                (first, last, mantissa, exponent),
                "{lo}..{hi}"
            );
            assert!(t.lo() <= lo && t.hi() >= hi);
        }
        assert_eq!(
            nice_ticks(0.0, 0.65, 5).decimal(3).unwrap().to_string(),
            "0.6"
        );
    }

    #[test]
    fn overlapping_text_is_a_fault() {
        let t = Text::new(10.0, 20.0, Anchor::Start, LABEL_SIZE, "75%", None);
        let g = Geometry {
            width: 100.0,
            height: 40.0,
            shapes: Vec::new(),
            texts: vec![t.clone(), t],
        };
        assert_eq!(faults(&g).len(), 1);
    }
}
