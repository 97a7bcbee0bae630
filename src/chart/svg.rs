//! The SVG writer: a [`Geometry`] as one `<svg>` element, for inline use in HTML and as a
//! `.svg` file beside the Markdown. Accessible (`role="img"`, `<title>` and a `<desc>`
//! that says every figure in words), fonts named DejaVu Sans (the PDF's, so the measured
//! boxes hold), every piece of data text escaped, coordinates written to 0.01 in one
//! fixed form, ids made from the chart id: the same chart gives the same bytes.

use super::geometry::{Anchor, Geometry, Shape};
use super::view::ChartView;
use std::f64::consts::{PI, TAU};
use std::fmt::Write;

/// Screen pixels per point of the drawing. The geometry is in points with 8.5 pt labels,
/// sized for the printed page; shown at one pixel a point on a screen they would be far
/// smaller than the 16 px body text. The page's stylesheet still caps the width at the
/// column (`max-width: 100%`).
const DISPLAY_SCALE: f64 = 1.3;

/// The chart as an SVG document fragment (an `<svg>` element, ending with a newline).
pub fn svg(g: &Geometry, view: &ChartView) -> String {
    let id = format!("chart-{}-{}", view.id, view.lang.code());
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="DejaVu Sans, sans-serif" lang="{lang}">"#,
        num(g.width * DISPLAY_SCALE),
        num(g.height * DISPLAY_SCALE),
        num(g.width),
        num(g.height),
        lang = view.lang.code(),
    );
    let _ = writeln!(
        out,
        r#"<title id="{id}-title">{}</title>"#,
        escape(&view.title)
    );
    let _ = writeln!(
        out,
        r#"<desc id="{id}-desc">{}</desc>"#,
        escape(&view.description())
    );
    for s in &g.shapes {
        shape(&mut out, s);
    }
    for t in &g.texts {
        let anchor = match t.anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let weight = if t.bold { r#" font-weight="bold""# } else { "" };
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" text-anchor="{anchor}" font-size="{}"{weight} fill="{}">{}</text>"#,
            num(t.x),
            num(t.y),
            num(t.size),
            t.fill.hex(),
            escape(&t.content)
        );
    }
    out.push_str("</svg>\n");
    out
}

fn shape(out: &mut String, s: &Shape) {
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
        } => {
            if end - start >= TAU - 1e-9 {
                ring(out, *cx, *cy, *outer, *inner, *start, &fill.hex());
            } else {
                sector(out, *cx, *cy, *outer, *inner, *start, *end, &fill.hex());
            }
        }
        Shape::Rect {
            x, y, w, h, fill, ..
        } => {
            let _ = writeln!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
                num(*x),
                num(*y),
                num(*w),
                num(*h),
                fill.hex()
            );
        }
        Shape::Circle {
            cx, cy, r, fill, ..
        } => {
            let _ = writeln!(
                out,
                r#"<circle cx="{}" cy="{}" r="{}" fill="{}"/>"#,
                num(*cx),
                num(*cy),
                num(*r),
                fill.hex()
            );
        }
        Shape::Line {
            x1,
            y1,
            x2,
            y2,
            stroke,
            width,
        } => {
            let _ = writeln!(
                out,
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>"#,
                num(*x1),
                num(*y1),
                num(*x2),
                num(*y2),
                stroke.hex(),
                num(*width)
            );
        }
        Shape::Polyline {
            points,
            stroke,
            width,
        } => {
            let pts: Vec<String> = points
                .iter()
                .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
                .collect();
            let _ = writeln!(
                out,
                r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{}"/>"#,
                pts.join(" "),
                stroke.hex(),
                num(*width)
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn sector(out: &mut String, cx: f64, cy: f64, outer: f64, inner: f64, a: f64, b: f64, fill: &str) {
    let at = |r: f64, t: f64| (cx + r * t.sin(), cy - r * t.cos());
    let large = if b - a > PI { 1 } else { 0 };
    let (p1, p2, p3, p4) = (at(outer, a), at(outer, b), at(inner, b), at(inner, a));
    let _ = writeln!(
        out,
        r##"<path d="M{} {}A{} {} 0 {large} 1 {} {}L{} {}A{} {} 0 {large} 0 {} {}Z" fill="{fill}" stroke="#ffffff" stroke-width="0.75"/>"##,
        num(p1.0),
        num(p1.1),
        num(outer),
        num(outer),
        num(p2.0),
        num(p2.1),
        num(p3.0),
        num(p3.1),
        num(inner),
        num(inner),
        num(p4.0),
        num(p4.1),
    );
}

/// A whole ring (one slice of 100 %). An arc cannot close on itself, and two half-ring
/// sectors would show their white outlines as seams at both ends, reading as two slices of
/// 50 %: it is one path, the outer circle and the inner one as an even-odd hole (as the
/// PDF draws it), each circle two half arcs from the slice's start.
fn ring(out: &mut String, cx: f64, cy: f64, outer: f64, inner: f64, a: f64, fill: &str) {
    let at = |r: f64, t: f64| (cx + r * t.sin(), cy - r * t.cos());
    let mut d = String::new();
    for r in [outer, inner].into_iter().filter(|r| *r > 0.0) {
        let ((x0, y0), (x1, y1)) = (at(r, a), at(r, a + PI));
        let (x0, y0, x1, y1, r) = (num(x0), num(y0), num(x1), num(y1), num(r));
        let _ = write!(
            d,
            "M{x0} {y0}A{r} {r} 0 0 1 {x1} {y1}A{r} {r} 0 0 1 {x0} {y0}Z"
        );
    }
    let _ = writeln!(
        out,
        r##"<path d="{d}" fill="{fill}" fill-rule="evenodd" stroke="#ffffff" stroke-width="0.75"/>"##
    );
}

/// A coordinate rounded to 0.01, without trailing zeros, never `-0`.
pub(crate) fn num(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    let r = if r == 0.0 { 0.0 } else { r };
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_owned()
}

/// Text as character data and attribute values: no data text becomes markup, and
/// characters XML 1.0 cannot hold (C0 controls, U+FFFE, U+FFFF) are dropped. The SVG
/// drawings and the Word files' XML (`render::docx::xml`) escape with it.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether XML 1.0 can hold `c` (its `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_one_form() {
        for (x, want) in [
            (0.0, "0"),
            (-0.001, "0"),
            (12.5, "12.5"),
            (12.345, "12.35"),
            (3.0, "3"),
            (-1.999, "-2"),
        ] {
            assert_eq!(num(x), want, "{x}");
        }
    }

    #[test]
    fn data_text_is_escaped() {
        assert_eq!(
            escape(r#"<b>"A&B"</b>'"#),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;&#39;"
        );
    }
}
