//! Unit tests of the style: the default is the shipped look, and the page furniture stays
//! clear of the body whatever the margins.

use super::*;

fn mm(x: f32) -> f32 {
    x * PT_PER_MM
}

#[test]
fn the_default_style_is_the_shipped_look() {
    let s = Style::default();
    let g = s.portrait();
    // A4 portrait, 20 mm at the sides and the bottom, 25 mm at the top.
    let want = [mm(210.0), mm(297.0), mm(20.0), mm(20.0), mm(25.0), mm(20.0)];
    assert_eq!([g.width, g.height, g.left, g.right, g.top, g.bottom], want);
    assert_eq!(g.printable_box().x0, mm(10.0));
    let l = s.landscape();
    assert_eq!((l.width, l.height, l.top), (g.height, g.width, g.top));
    // Header 20 pt above the body, page number 34 pt above the lower edge, exactly.
    assert_eq!(s.header_baseline(&g), g.top - 20.0);
    assert_eq!(s.footer_baseline(&g), g.height - 34.0);
    assert_eq!(s.footer_baseline(&l), l.height - 34.0);
    let f = &s.furniture;
    assert_eq!((f.size, f.number_size, f.gray), (7.5, 8.0, 0.35));
    assert_eq!(
        (s.body.size, s.body.leading, s.body.indent),
        (9.5, 13.5, 14.0)
    );
    let sizes: Vec<f32> = (1..=6).map(|l| s.heading(l).size).collect();
    assert_eq!(sizes, [16.0, 12.5, 10.5, 9.5, 9.5, 9.5]);
    let t = &s.table;
    assert_eq!(t.steps.len(), 7);
    assert_eq!(t.steps[0], (Family::Sans, 8.0, false));
    assert_eq!(t.steps[6], (Family::Condensed, 6.5, true));
    assert_eq!((t.rule_heavy, t.rule_light, t.hairline), (0.8, 0.4, 0.25));
    assert_eq!(t.rule_header, t.rule_light * 1.25);
}

/// The body box, the header band and the page-number band of a page with `margins` mm.
fn bands(margins: f32, landscape: bool) -> (Geometry, Rect, Rect, Rect) {
    let s = Style {
        paper: Paper::default().with_margins(margins),
        ..Style::default()
    };
    let g = if landscape {
        s.landscape()
    } else {
        s.portrait()
    };
    (g, g.content_box(), s.header_box(&g), s.footer_box(&g))
}

#[test]
fn furniture_never_overlaps_the_body_and_stays_on_the_paper() {
    for margins in [8.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0] {
        for landscape in [false, true] {
            let (g, body, header, footer) = bands(margins, landscape);
            let paper = Rect {
                x0: 0.0,
                y0: 0.0,
                x1: g.width,
                y1: g.height,
            };
            let at = format!("{margins} mm, landscape {landscape}");
            assert!(
                !header.overlaps(&body),
                "{at}: header {header:?} in {body:?}"
            );
            assert!(
                !footer.overlaps(&body),
                "{at}: number {footer:?} in {body:?}"
            );
            assert!(!header.overlaps(&footer), "{at}");
            assert!(header.y1 <= body.y0 && footer.y0 >= body.y1, "{at}");
            assert!(header.inside(&paper) && footer.inside(&paper), "{at}");
        }
    }
}

#[test]
fn furniture_follows_the_margins() {
    let style = |margins: f32| Style {
        paper: Paper::default().with_margins(margins),
        ..Style::default()
    };
    // A large margin keeps the furniture at its distance from the body and the edge…
    let (s, g) = (style(40.0), style(40.0).portrait());
    assert_eq!(s.header_baseline(&g), g.top - 20.0);
    assert_eq!(s.footer_baseline(&g), g.height - 34.0);
    // …a small one moves the header to the middle of the top margin and the page number
    // to its clearance below the body.
    let (s, g) = (style(8.0), style(8.0).portrait());
    assert_eq!(s.header_baseline(&g), g.top / 2.0);
    assert_eq!(s.footer_baseline(&g), g.content_bottom() + 12.0);
}
