//! The PDF charts: every shipped chart fits the text width with its texts intact and
//! apart, arcs turn the right way and close, and a page with a chart paints curves, the
//! same bytes every time, text on top.

use super::*;
use crate::chart::geometry::{Geometry, Owner};
use crate::chart::palette::INK;
use crate::chart::{ChartView, chart_views, layout};
use crate::lang::Lang;
use crate::locale::NumberStyle;
use crate::render::pdf::flow::Flow;
use crate::render::pdf::layout::{EPS, Page, Rect};
use crate::render::pdf::paint;
use std::f64::consts::{FRAC_PI_2, PI};
use std::path::Path;

fn views(lang: Lang) -> Vec<ChartView> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inputs = crate::Inputs {
        data: root.join("data"),
        templates: root.join("templates"),
    };
    let mut diags = crate::Diagnostics::default();
    let a = crate::analyse(&inputs, &mut diags).expect("the shipped data computes");
    chart_views(
        &a.report,
        &a.computed,
        &NumberStyle::for_report(&a.report, lang),
    )
}

fn texts(marks: &[Mark]) -> Vec<&TextMark> {
    marks
        .iter()
        .filter_map(|m| match m {
            Mark::Text(t) => Some(t),
            _ => None,
        })
        .collect()
}

#[test]
fn every_shipped_chart_fits_the_text_width_with_its_texts_apart() {
    let style = Style::default();
    let page = style.portrait();
    for lang in [Lang::Kk, Lang::Ru] {
        let views = views(lang);
        assert!(views.len() >= 10, "{lang}: {} charts", views.len());
        for v in views {
            let g = layout(&v);
            let f = flowable(&g, &style);
            let name = format!("{} ({lang})", v.id);
            assert_eq!(f.chunks.len(), 1, "{name}: one unbreakable chunk");
            assert_eq!(f.space_before, style.charts.space_before);
            let chunk = &f.chunks[0];
            assert!(
                chunk.height <= page.content_bottom() - page.top,
                "{name} is taller than a page"
            );
            let bounds = Rect {
                x0: page.left,
                y0: 0.0,
                x1: page.content_right(),
                y1: chunk.height,
            };
            let marks = texts(&chunk.marks);
            let got: Vec<&str> = marks.iter().map(|t| t.text.as_str()).collect();
            let want: Vec<&str> = g.texts.iter().map(|t| t.content.as_str()).collect();
            assert_eq!(got, want, "{name}");
            for (t, src) in marks.iter().zip(&g.texts) {
                assert!(t.bbox().inside(&bounds), "{name}: {:?} outside", t.text);
                assert!(t.size <= src.size as f32 + EPS, "{name}: scaled up");
            }
            for (i, a) in marks.iter().enumerate() {
                for b in &marks[i + 1..] {
                    assert!(
                        !a.bbox().overlaps(&b.bbox()),
                        "{name}: {:?} overlaps {:?}",
                        a.text,
                        b.text
                    );
                }
            }
            let paths: Vec<Rect> = chunk.marks.iter().filter_map(Mark::path_bbox).collect();
            assert!(paths.len() >= g.shapes.len(), "{name}: a shape was dropped");
            for r in paths {
                assert!(r.inside(&bounds), "{name}: a path leaves the chunk: {r:?}");
            }
            let last_path = chunk
                .marks
                .iter()
                .rposition(|m| matches!(m, Mark::Path { .. }));
            let first_text = chunk.marks.iter().position(|m| matches!(m, Mark::Text(_)));
            assert!(last_path < first_text, "{name}: text before shapes");
        }
    }
}

/// One canvas `width` wide at scale 1, its left edge at x = 0.
fn unit() -> Placement {
    Placement {
        x0: 0.0,
        scale: 1.0,
    }
}

fn end_of(p: &PathPoint) -> (f32, f32) {
    match *p {
        PathPoint::Line { x, y } => (x, y),
        PathPoint::Curve { to, .. } => to,
    }
}

fn near(a: (f32, f32), b: (f32, f32)) -> bool {
    (a.0 - b.0).abs() < 1e-3 && (a.1 - b.1).abs() < 1e-3
}

/// The point at the middle of a cubic from `p0`.
fn midpoint(p0: (f32, f32), c: &PathPoint) -> (f32, f32) {
    let PathPoint::Curve { c1, c2, to } = *c else {
        panic!("not a curve: {c:?}")
    };
    let m = |a: f32, b: f32, c: f32, d: f32| (a + 3.0 * b + 3.0 * c + d) / 8.0;
    (m(p0.0, c1.0, c2.0, to.0), m(p0.1, c1.1, c2.1, to.1))
}

#[test]
fn arcs_turn_clockwise_from_twelve_and_stay_on_the_circle() {
    let (cx, cy, r) = (50.0, 60.0, 40.0);
    // A quarter from twelve o'clock (y downwards: above the centre) to three o'clock.
    let arc = unit().arc((cx, cy), r, 0.0, FRAC_PI_2);
    assert_eq!(arc.len(), 2);
    assert!(near(end_of(&arc[0]), (50.0, 20.0)), "{:?}", arc[0]);
    assert!(near(end_of(&arc[1]), (90.0, 60.0)), "{:?}", arc[1]);
    // Three quarters the other way: three pieces, ending at twelve.
    let back = unit().arc((cx, cy), r, 3.0 * FRAC_PI_2, 0.0);
    assert_eq!(back.len(), 4);
    assert!(near(end_of(&back[0]), (10.0, 60.0)));
    assert!(near(end_of(&back[3]), (50.0, 20.0)));
    for a in [arc, back] {
        for w in a.windows(2) {
            let (x, y) = midpoint(end_of(&w[0]), &w[1]);
            let off = (f64::from(x) - cx).hypot(f64::from(y) - cy) - r;
            assert!(off.abs() < r * 3e-4, "{off}");
        }
    }
}

fn sector(start: f64, end: f64) -> Shape {
    Shape::Sector {
        cx: 50.0,
        cy: 50.0,
        outer: 40.0,
        inner: 20.0,
        start,
        end,
        fill: INK,
        owner: Owner {
            series: 0,
            category: 0,
        },
    }
}

#[test]
fn a_whole_ring_is_two_closed_circles_filled_even_odd() {
    let marks = unit().shape(&sector(0.0, 2.0 * PI));
    let [fill, outline] = &marks[..] else {
        panic!("{marks:?}")
    };
    let Mark::Path {
        rings,
        paint: Paint::Fill { .. },
    } = fill
    else {
        panic!("{fill:?}")
    };
    assert_eq!(rings.len(), 2, "outer and inner circle");
    for ring in rings {
        assert_eq!(ring.len(), 5, "a start and four quarter curves");
        assert!(near(end_of(&ring[0]), end_of(&ring[4])), "closed: {ring:?}");
    }
    assert!(matches!(
        outline,
        Mark::Path {
            paint: Paint::Stroke { closed: true, .. },
            ..
        }
    ));
    // A slice is one ring: outer arc forwards, a step in, inner arc back.
    let slice = unit().shape(&sector(0.0, PI));
    let Mark::Path { rings, .. } = &slice[0] else {
        panic!()
    };
    assert_eq!(rings.len(), 1);
    let ring = &rings[0];
    assert!(near(end_of(&ring[0]), (50.0, 10.0)));
    assert!(
        near(end_of(&ring[2]), (50.0, 90.0)),
        "outer arc ends at six"
    );
    assert!(near(end_of(&ring[3]), (50.0, 70.0)), "then steps in");
    assert!(
        near(end_of(&ring[5]), (50.0, 30.0)),
        "inner arc back to twelve"
    );
}

#[test]
fn a_wide_chart_is_scaled_down_a_narrow_one_kept_both_at_the_left() {
    // The drawing (the canvas less its empty margin) fills the column from 50 to 530; the
    // margin hangs into the page margin, so the title starts where the text does.
    let m = crate::chart::geometry::MARGIN;
    let p = Placement::new(480.0 + 2.0 * m + 120.0, 50.0, 480.0);
    assert!((p.scale - 480.0 / 600.0).abs() < 1e-9);
    assert!(near(p.at(m, 10.0), (50.0, 8.0)));
    assert!((p.at(600.0 + m, 0.0).0 - 530.0).abs() < 1e-3);
    let p = Placement::new(400.0, 50.0, 480.0);
    assert_eq!(p.scale, 1.0);
    assert!(near(p.at(m, 0.0), (50.0, 0.0)));
}

fn label(anchor: Anchor, bold: bool, fill: Color) -> Text {
    Text {
        x: 50.0,
        y: 30.0,
        anchor,
        size: 10.0,
        bold,
        content: "75%".into(),
        fill,
        owner: None,
    }
}

#[test]
fn texts_keep_their_anchor_face_and_grey() {
    let p = Placement {
        x0: 0.0,
        scale: 0.5,
    };
    for (anchor, left) in [
        (Anchor::Start, 0.0),
        (Anchor::Middle, 0.5),
        (Anchor::End, 1.0),
    ] {
        let Mark::Text(t) = p.text(&label(anchor, true, INK)) else {
            panic!()
        };
        assert_eq!((t.face, t.size, t.baseline), (Face::SansBold, 5.0, 15.0));
        assert_eq!(t.width, measure::width(Face::SansBold, 5.0, "75%"));
        assert!((t.x + left * t.width - 25.0).abs() < EPS, "{anchor:?}");
        assert!((t.gray - 34.0 / 255.0).abs() < 1e-6);
    }
    let Mark::Text(white) = p.text(&label(Anchor::Start, false, Color(255, 255, 255))) else {
        panic!()
    };
    assert_eq!((white.face, white.gray), (Face::Sans, 1.0));
    // Not neutral: its luminance, so pure green is lighter than pure blue.
    assert!(gray(Color(0, 255, 0)) > 0.7 && gray(Color(0, 0, 255)) < 0.1);
}

/// What the shipped charts lack: a whole ring, a pie slice (no hole), a circle, white
/// text on a fill.
fn shapes() -> Geometry {
    let owner = Owner {
        series: 0,
        category: 0,
    };
    let white = Color(255, 255, 255);
    Geometry {
        width: 300.0,
        height: 120.0,
        shapes: vec![
            sector(0.0, 2.0 * PI),
            Shape::Sector {
                cx: 150.0,
                cy: 50.0,
                outer: 40.0,
                inner: 0.0,
                start: FRAC_PI_2,
                end: 1.5 * PI,
                fill: INK,
                owner,
            },
            Shape::Circle {
                cx: 250.0,
                cy: 50.0,
                r: 30.0,
                fill: INK,
                owner,
            },
        ],
        texts: vec![Text {
            x: 250.0,
            y: 53.0,
            fill: white,
            ..label(Anchor::Middle, true, white)
        }],
    }
}

/// Every chart, each placed by the flow as a section would place it. each chart placed by the flow as a section would place it.
fn pages(lang: Lang) -> Vec<Page> {
    let style = Style::default();
    let items: Vec<Flowable> = views(lang)
        .iter()
        .map(|v| flowable(&layout(v), &style))
        .chain([flowable(&shapes(), &style)])
        .collect();
    let mut flow = Flow::new();
    flow.place_all(&items);
    flow.pages
}

fn pdf(pages: &[Page], lang: Lang) -> Vec<u8> {
    paint::render(
        pages.to_vec(),
        &paint::Meta {
            title: "charts".into(),
            lang,
            date: "2025-01-31",
            outline: &[],
            links: &[],
        },
    )
    .unwrap()
}

#[test]
fn a_page_with_a_chart_paints_curves_under_its_text_the_same_every_time() {
    let pages = pages(Lang::Ru);
    assert!(pages.len() >= 3, "the charts fill pages");
    let page = &pages[..1];
    let bytes = pdf(page, Lang::Ru);
    assert_eq!(bytes, pdf(page, Lang::Ru), "same page, same bytes");
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let id = doc.get_pages()[&1];
    let content = lopdf::content::Content::decode(&doc.get_page_content(id)).unwrap();
    let ops: Vec<&str> = content
        .operations
        .iter()
        .map(|o| o.operator.as_str())
        .collect();
    let at = |op: &str| ops.iter().position(|o| *o == op);
    let last = |op: &str| ops.iter().rposition(|o| *o == op);
    assert!(at("c").is_some(), "arcs as Béziers: {ops:?}");
    for op in ["rg", "f*", "RG", "S", "Tj"] {
        assert!(at(op).is_some(), "{op} missing");
    }
    let text = at("BT").unwrap();
    assert!(
        last("c") < Some(text) && last("f*") < Some(text),
        "text on top"
    );
    assert_eq!(
        crate::render::pdf::geometry_faults(page),
        Vec::<String>::new()
    );
}

/// Not a check: writes every chart as a PDF and the same charts as SVG in HTML, to look
/// at. `ESEP_CHART_PREVIEW=/some/dir cargo test --lib preview_every_chart -- --ignored`.
#[test]
#[ignore = "writes preview files"]
fn preview_every_chart() {
    let dir = std::env::var("ESEP_CHART_PREVIEW").unwrap_or_else(|_| "/tmp".into());
    for lang in [Lang::Kk, Lang::Ru] {
        let base = Path::new(&dir).join(format!("charts-{lang}"));
        std::fs::write(base.with_extension("pdf"), pdf(&pages(lang), lang)).unwrap();
        let svgs: String = views(lang)
            .iter()
            .map(|v| crate::chart::svg(&layout(v), v))
            .collect();
        let html = format!("<!doctype html><meta charset=utf-8><body>{svgs}</body>");
        std::fs::write(base.with_extension("html"), html).unwrap();
    }
}
