//! A chart in the PDF: the [`crate::chart::Geometry`] every format shares, drawn as
//! vector paths and DejaVu text, so the printed chart is as sharp as the text beside it
//! and its labels are the same searchable, selectable glyphs.
//!
//! The geometry has already decided where everything goes (and checked that no two texts
//! collide); this module only translates it: a uniform scale (down to the text width of a
//! portrait page, never up, so sizes stay those the geometry measured), a shift to the
//! text column's left edge, arcs as cubic Béziers. The chart is one unbreakable chunk: half a chart at
//! the foot of a page and half at the top of the next would read as two charts.

use super::flow::Flowable;
use super::fonts::Face;
use super::layout::{Chunk, Mark, Paint, PathPoint, Role, TextMark};
use super::measure;
use super::style::Style;
use crate::chart::geometry::{Anchor, Shape, Text};
use crate::chart::palette::Color;
use std::f64::consts::{FRAC_PI_2, TAU};

/// The white outline the SVG writer gives each sector: it parts neighbouring slices.
const SECTOR_OUTLINE: f64 = 0.75;
const WHITE: [f32; 3] = [1.0, 1.0, 1.0];

/// The chart `g` as a flowable on a portrait page of `style`: one chunk holding its
/// shapes, then its texts (painted on top), with the style's space above and below.
pub(crate) fn flowable(g: &crate::chart::Geometry, style: &Style) -> Flowable {
    let page = style.portrait();
    let place = Placement::new(g.width, page.left, page.content_width());
    let mut marks: Vec<Mark> = g.shapes.iter().flat_map(|s| place.shape(s)).collect();
    marks.extend(g.texts.iter().map(|t| place.text(t)));
    let chunk = Chunk {
        height: place.len(g.height) + style.charts.space_after,
        marks,
        keep_with_next: false,
    };
    Flowable {
        space_before: style.charts.space_before,
        ..Flowable::new(page, vec![chunk])
    }
}

/// Where the chart's canvas goes on the page: `x0` is the page x of the canvas's left
/// edge, the canvas top is the chunk's top, and every length is multiplied by `scale`.
#[derive(Clone, Copy, Debug)]
struct Placement {
    x0: f64,
    scale: f64,
}

impl Placement {
    /// A canvas `width` wide at the left of the text column (from `left`, `room` wide),
    /// scaled down if its drawing is wider than the column. Left, not centred: the chart
    /// titles are left-aligned text in the canvas, and so line up with each other and,
    /// since the canvas's empty outer margin hangs into the page margin, with the text
    /// column and the table captions, whatever each chart's width.
    fn new(width: f64, left: f32, room: f32) -> Placement {
        let (room, margin) = (f64::from(room), crate::chart::geometry::MARGIN);
        let drawing = width - 2.0 * margin;
        let scale = if drawing > room { room / drawing } else { 1.0 };
        Placement {
            x0: f64::from(left) - margin * scale,
            scale,
        }
    }

    fn len(&self, d: f64) -> f32 {
        (d * self.scale) as f32
    }

    fn at(&self, x: f64, y: f64) -> (f32, f32) {
        ((self.x0 + x * self.scale) as f32, (y * self.scale) as f32)
    }

    fn line_to(&self, x: f64, y: f64) -> PathPoint {
        let (x, y) = self.at(x, y);
        PathPoint::Line { x, y }
    }

    /// The marks of one shape, in the order the SVG writer paints them.
    fn shape(&self, s: &Shape) -> Vec<Mark> {
        match s {
            Shape::Sector {
                cx,
                cy,
                outer,
                inner,
                start,
                end,
                fill,
                ..
            } => self.sector((*cx, *cy), *outer, *inner, (*start, *end), *fill),
            Shape::Rect {
                x, y, w, h, fill, ..
            } => {
                let (x0, y0, x1, y1) = (*x, *y, x + w, y + h);
                let ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                    .map(|(x, y)| self.line_to(x, y))
                    .to_vec();
                vec![filled(vec![ring], *fill)]
            }
            Shape::Circle {
                cx, cy, r, fill, ..
            } => vec![filled(vec![self.arc((*cx, *cy), *r, 0.0, TAU)], *fill)],
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
                width,
            } => vec![self.stroked(&[(*x1, *y1), (*x2, *y2)], *stroke, *width)],
            Shape::Polyline {
                points,
                stroke,
                width,
            } => vec![self.stroked(points, *stroke, *width)],
        }
    }

    /// An open line through `points`.
    fn stroked(&self, points: &[(f64, f64)], stroke: Color, width: f64) -> Mark {
        Mark::Path {
            rings: vec![points.iter().map(|&(x, y)| self.line_to(x, y)).collect()],
            paint: Paint::Stroke {
                rgb: stroke.unit(),
                width: self.len(width),
                closed: false,
            },
        }
    }

    /// A ring sector from angle `a` to `b` (clockwise from twelve o'clock), filled and
    /// outlined in white. A whole ring cannot be one closed outline that runs round and
    /// back: it is the outer circle with the inner circle as an even-odd hole.
    fn sector(
        &self,
        c: (f64, f64),
        outer: f64,
        inner: f64,
        (a, b): (f64, f64),
        fill: Color,
    ) -> Vec<Mark> {
        let rings = if b - a >= TAU - 1e-9 {
            let mut rings = vec![self.arc(c, outer, a, a + TAU)];
            if inner > 0.0 {
                rings.push(self.arc(c, inner, a, a + TAU));
            }
            rings
        } else {
            let mut ring = self.arc(c, outer, a, b);
            ring.extend(self.arc(c, inner, b, a));
            vec![ring]
        };
        let outline = Mark::Path {
            rings: rings.clone(),
            paint: Paint::Stroke {
                rgb: WHITE,
                width: self.len(SECTOR_OUTLINE),
                closed: true,
            },
        };
        vec![filled(rings, fill), outline]
    }

    /// An arc of radius `r` round `c` from angle `from` to `to` (either direction):
    /// a straight step to its start, then one cubic Bézier per piece of at most 90°,
    /// whose control points lie on the tangents at `4/3·tan(θ/4)·r` (error under
    /// 0.03 % of the radius). A radius of zero is the centre point.
    fn arc(&self, (cx, cy): (f64, f64), r: f64, from: f64, to: f64) -> Vec<PathPoint> {
        // Clockwise from twelve o'clock with y downwards: sin for x, −cos for y.
        let at = |t: f64| (cx + r * t.sin(), cy - r * t.cos());
        let tangent = |t: f64| (t.cos(), t.sin());
        let (x, y) = at(from);
        let mut out = vec![self.line_to(x, y)];
        if r <= 0.0 {
            return out;
        }
        let pieces = ((to - from).abs() / FRAC_PI_2 - 1e-9).ceil().max(1.0);
        let step = (to - from) / pieces;
        let k = 4.0 / 3.0 * (step / 4.0).tan() * r;
        for i in 0..pieces as usize {
            let (t0, t1) = (from + step * i as f64, from + step * (i + 1) as f64);
            let (p0, p1) = (at(t0), at(t1));
            let (d0, d1) = (tangent(t0), tangent(t1));
            out.push(PathPoint::Curve {
                c1: self.at(p0.0 + k * d0.0, p0.1 + k * d0.1),
                c2: self.at(p1.0 - k * d1.0, p1.1 - k * d1.1),
                to: self.at(p1.0, p1.1),
            });
        }
        out
    }

    /// A chart text as a text mark: its face, its size scaled, its anchor turned into a
    /// left edge with the width measured in that face and size.
    fn text(&self, t: &Text) -> Mark {
        let face = if t.bold { Face::SansBold } else { Face::Sans };
        let size = self.len(t.size);
        let width = measure::width(face, size, &t.content);
        let (x, baseline) = self.at(t.x, t.y);
        let x = match t.anchor {
            Anchor::Start => x,
            Anchor::Middle => x - width / 2.0,
            Anchor::End => x - width,
        };
        Mark::Text(TextMark {
            x,
            baseline,
            size,
            face,
            text: t.content.clone(),
            width,
            gray: gray(t.fill),
            role: Role::Body,
        })
    }
}

fn filled(rings: Vec<Vec<PathPoint>>, fill: Color) -> Mark {
    Mark::Path {
        rings,
        paint: Paint::Fill { rgb: fill.unit() },
    }
}

/// The grey a chart text is set in: the page's text is grey-only, and chart texts are
/// ink or white, both neutral, so their grey is exact. A coloured text (none today)
/// would take its luminance (Rec. 709 weights, as [`crate::chart::palette::on`] uses),
/// keeping its contrast with the fill under it.
fn gray(c: Color) -> f32 {
    let [r, g, b] = c.unit();
    if r == g && g == b {
        r
    } else {
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }
}

#[cfg(test)]
#[path = "chart_tests.rs"]
mod tests;
