//! The page model: everything is laid out before anything is drawn.
//!
//! A [`Page`] is a list of [`Mark`]s (text runs, rules, fills, vector paths) in points, origin top-left,
//! y downwards. Keeping the model separate from printpdf lets tests check the geometry
//! (nothing outside the printable area, no two text boxes overlapping) and lets the
//! chapter fill in its table of contents after the sections have been paginated.

use super::fonts::Face;
use super::measure::Line;

pub const PT_PER_MM: f32 = 72.0 / 25.4;
pub(super) const EPS: f32 = 0.01;

/// A page's size and margins, in points, as [`super::style::Style`] sets them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
    /// Page furniture stays this far inside the paper's edge.
    pub edge: f32,
}

impl Geometry {
    pub fn content_width(&self) -> f32 {
        self.width - self.left - self.right
    }

    pub fn content_right(&self) -> f32 {
        self.width - self.right
    }

    pub fn content_bottom(&self) -> f32 {
        self.height - self.bottom
    }

    /// Where body content may go.
    pub fn content_box(&self) -> Rect {
        Rect {
            x0: self.left,
            y0: self.top,
            x1: self.content_right(),
            y1: self.content_bottom(),
        }
    }

    /// Where running headers and page numbers may go: the page less its edge.
    pub fn printable_box(&self) -> Rect {
        let edge = self.edge;
        Rect {
            x0: edge,
            y0: edge,
            x1: self.width - edge,
            y1: self.height - edge,
        }
    }
}

/// An axis-aligned box, top-down coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    /// Whether the interiors intersect (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 - EPS
            && other.x0 < self.x1 - EPS
            && self.y0 < other.y1 - EPS
            && other.y0 < self.y1 - EPS
    }

    pub fn inside(&self, outer: &Rect) -> bool {
        self.x0 >= outer.x0 - EPS
            && self.y0 >= outer.y0 - EPS
            && self.x1 <= outer.x1 + EPS
            && self.y1 <= outer.y1 + EPS
    }
}

/// Body content or page furniture (running header, page number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Body,
    Furniture,
}

/// A run of text in one face on one baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct TextMark {
    pub x: f32,
    pub baseline: f32,
    pub size: f32,
    pub face: Face,
    pub text: String,
    pub width: f32,
    /// 0 black … 1 white.
    pub gray: f32,
    pub role: Role,
}

impl TextMark {
    /// The box the glyphs can occupy: advance width by the font's ascender and descender.
    pub fn bbox(&self) -> Rect {
        let m = self.face.metrics();
        Rect {
            x0: self.x,
            y0: self.baseline - m.ascent * self.size,
            x1: self.x + self.width,
            y1: self.baseline + m.descent * self.size,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    Text(TextMark),
    /// A straight line of `thickness` pt.
    Rule {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
        thickness: f32,
        gray: f32,
    },
    Fill {
        rect: Rect,
        gray: f32,
    },
    /// A vector drawing in colour (a chart's sectors, bars, axes). Separate from `Fill`
    /// and `Rule`, which stay grey and axis-aligned, so the pages without charts paint
    /// exactly as before.
    Path {
        /// Each ring is one subpath; its first point is where the pen starts.
        rings: Vec<Vec<PathPoint>>,
        paint: Paint,
    },
}

/// A step of a vector path, in page points (y downwards like every mark).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PathPoint {
    /// Straight to `(x, y)`; the first point of a ring is where it starts.
    Line { x: f32, y: f32 },
    /// A cubic Bézier from the previous point through two control points to `to`. Arcs
    /// are drawn this way: PDF has no arc operator.
    Curve {
        c1: (f32, f32),
        c2: (f32, f32),
        to: (f32, f32),
    },
}

impl PathPoint {
    /// Every point the step names, control points included: the curve stays inside
    /// their convex hull, so their box bounds the drawing.
    fn points(&self) -> Vec<(f32, f32)> {
        match *self {
            PathPoint::Line { x, y } => vec![(x, y)],
            PathPoint::Curve { c1, c2, to } => vec![c1, c2, to],
        }
    }

    fn shifted(self, dy: f32) -> PathPoint {
        match self {
            PathPoint::Line { x, y } => PathPoint::Line { x, y: y + dy },
            PathPoint::Curve { c1, c2, to } => PathPoint::Curve {
                c1: (c1.0, c1.1 + dy),
                c2: (c2.0, c2.1 + dy),
                to: (to.0, to.1 + dy),
            },
        }
    }
}

/// How a [`Mark::Path`] is painted; colours are RGB components from 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Paint {
    /// Fill the rings, each closed, by the even-odd rule: a ring inside another is a hole,
    /// which is how a whole donut ring is drawn (outer circle, inner circle).
    Fill { rgb: [f32; 3] },
    /// Stroke the rings `width` pt wide; `closed` joins each ring's end to its start (a
    /// sector's outline), otherwise the ends stay open (a line, a polyline).
    Stroke {
        rgb: [f32; 3],
        width: f32,
        closed: bool,
    },
}

impl Mark {
    pub fn text(x: f32, baseline: f32, size: f32, face: Face, text: &str, width: f32) -> Mark {
        Mark::Text(TextMark {
            x,
            baseline,
            size,
            face,
            text: text.to_owned(),
            width,
            gray: 0.0,
            role: Role::Body,
        })
    }

    pub fn hrule(x0: f32, x1: f32, y: f32, thickness: f32, gray: f32) -> Mark {
        Mark::Rule {
            x0,
            y0: y,
            x1,
            y1: y,
            thickness,
            gray,
        }
    }

    pub(super) fn shifted(&self, dy: f32) -> Mark {
        let mut m = self.clone();
        match &mut m {
            Mark::Text(t) => t.baseline += dy,
            Mark::Rule { y0, y1, .. } => {
                *y0 += dy;
                *y1 += dy;
            }
            Mark::Fill { rect, .. } => {
                rect.y0 += dy;
                rect.y1 += dy;
            }
            Mark::Path { rings, .. } => {
                for p in rings.iter_mut().flatten() {
                    *p = p.shifted(dy);
                }
            }
        }
        m
    }

    /// The box a path can paint: its points and control points, widened by half the
    /// stroke. `None` for other marks and for an empty path.
    pub fn path_bbox(&self) -> Option<Rect> {
        let Mark::Path { rings, paint } = self else {
            return None;
        };
        let half = match paint {
            Paint::Fill { .. } => 0.0,
            Paint::Stroke { width, .. } => width / 2.0,
        };
        let mut points = rings.iter().flatten().flat_map(PathPoint::points);
        let (x, y) = points.next()?;
        let r = points.fold(
            Rect {
                x0: x,
                y0: y,
                x1: x,
                y1: y,
            },
            |r, (x, y)| Rect {
                x0: r.x0.min(x),
                y0: r.y0.min(y),
                x1: r.x1.max(x),
                y1: r.y1.max(y),
            },
        );
        Some(Rect {
            x0: r.x0 - half,
            y0: r.y0 - half,
            x1: r.x1 + half,
            y1: r.y1 + half,
        })
    }
}

/// One laid-out page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub geometry: Geometry,
    pub marks: Vec<Mark>,
    /// The section title for the running header; `None` for an undecorated page.
    pub running: Option<String>,
}

/// An unbreakable piece of content; mark y coordinates are relative to its top.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Chunk {
    pub height: f32,
    pub marks: Vec<Mark>,
    /// No page break directly after this chunk.
    pub keep_with_next: bool,
}

/// Baseline of the first line in a slot of `leading`, text box centred in it.
pub fn first_baseline(face: Face, size: f32, leading: f32) -> f32 {
    let m = face.metrics();
    (leading - (m.ascent + m.descent) * size) / 2.0 + m.ascent * size
}

/// Marks for `lines` in a box from `x0` to `x1`, first line's slot starting at `top`.
pub fn line_marks(
    lines: &[Line],
    align: Align,
    x0: f32,
    x1: f32,
    top: f32,
    size: f32,
    leading: f32,
) -> Vec<Mark> {
    let mut out = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        let dx = match align {
            Align::Left => x0,
            Align::Right => x1 - line.width,
            Align::Center => x0 + (x1 - x0 - line.width) / 2.0,
        };
        for run in &line.runs {
            let baseline = top + k as f32 * leading + first_baseline(run.face, size, leading);
            out.push(Mark::text(
                dx + run.x,
                baseline,
                size,
                run.face,
                &run.text,
                run.width,
            ));
        }
    }
    out
}

#[derive(Clone, Copy)]
pub enum Align {
    Left,
    Right,
    Center,
}
