//! The shipped charts, end to end: figures as the model prints them, layouts without
//! collisions in both languages, the same bytes twice; and bad definitions refused.

use super::*;
use crate::lang::Lang;
use crate::locale::NumberStyle;
use crate::{Analysis, Inputs, analyse};
use std::path::Path;

fn shipped() -> Analysis {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inputs = Inputs {
        data: root.join("data"),
        templates: root.join("templates"),
    };
    let mut diags = crate::Diagnostics::default();
    analyse(&inputs, &mut diags).expect("the shipped data computes")
}

fn views(a: &Analysis, lang: Lang) -> Vec<ChartView> {
    chart_views(
        &a.report,
        &a.computed,
        &NumberStyle::for_report(&a.report, lang),
    )
}

#[test]
fn the_source_charts_are_defined() {
    let a = shipped();
    for id in [
        "staff_by_gender",
        "staff_by_category",
        "staff_by_employment",
        "staff_by_age",
        "staff_by_tenure",
        "staff_by_education",
        "staff_by_ethnicity",
        "staff_by_unit",
        "assessed_by_gender",
        "assessed_by_category",
        "srs_subindices",
        "staff_dynamics",
        "srs_index",
        "recruitment",
    ] {
        assert!(a.report.chart_index(id).is_some(), "{id}");
    }
}

#[test]
fn the_ethnicity_chart_prints_the_source_figures() {
    let a = shipped();
    let c = a.report.chart_index("staff_by_ethnicity").unwrap();
    let v = chart_view(
        &a.report,
        &a.computed,
        c,
        &NumberStyle::for_report(&a.report, Lang::Kk),
    );
    let printed: Vec<&str> = v.series[0]
        .points
        .iter()
        .map(|p| p.printed.as_str())
        .collect();
    assert_eq!(
        printed,
        ["75%", "16%", "3%", "2%", "1%", "1%", "1%", "1%", "0%"]
    );
    assert_eq!(v.categories[0], "Қазақтар");
}

#[test]
fn every_figure_is_the_models_printed_figure() {
    let a = shipped();
    for lang in [Lang::Kk, Lang::Ru] {
        let style = NumberStyle::for_report(&a.report, lang);
        let figures = crate::view::figures(&a.report, &a.computed, &style, &Default::default());
        for (chart, v) in a.report.charts.iter().zip(views(&a, lang)) {
            for (s, sv) in chart.series.iter().zip(&v.series) {
                let mut want: Vec<String> = s
                    .points
                    .iter()
                    .map(|p| match p.unwrap() {
                        crate::model::Place::Fact(f) => {
                            figures.facts[&a.report.facts[f].id].text.clone()
                        }
                        crate::model::Place::Cell(t, r, c) => crate::view::cell_text(
                            &a.report.tables[t],
                            &a.computed,
                            t,
                            r,
                            c,
                            &style,
                        ),
                        crate::model::Place::Table(_) => unreachable!(),
                    })
                    .collect();
                let mut got: Vec<String> = sv.points.iter().map(|p| p.printed.clone()).collect();
                // A descending chart reorders: compare the multisets.
                want.sort();
                got.sort();
                assert_eq!(got, want, "{}", chart.id);
            }
        }
    }
}

#[test]
fn no_shipped_chart_has_a_collision_in_either_language() {
    let a = shipped();
    for lang in [Lang::Kk, Lang::Ru] {
        for v in views(&a, lang) {
            let g = layout(&v);
            assert_eq!(faults(&g), Vec::<String>::new(), "{} ({lang})", v.id);
        }
    }
}

/// Each figure a chart holds is drawn as text for its own slice, bar or point (in a donut
/// at least in the legend), so no figure is shown by colour alone.
#[test]
fn every_figure_is_written_beside_what_it_measures() {
    let a = shipped();
    for lang in [Lang::Kk, Lang::Ru] {
        for v in views(&a, lang) {
            let g = layout(&v);
            for (series, s) in v.series.iter().enumerate() {
                for (category, p) in s.points.iter().enumerate() {
                    let owner = Some(geometry::Owner { series, category });
                    let shown = g
                        .texts
                        .iter()
                        .any(|t| t.owner == owner && t.content == p.printed);
                    assert!(shown, "{} ({lang}): {} not drawn", v.id, p.printed);
                }
            }
        }
    }
}

/// Leader lines from a run of small slices fan out over each other (the ethnicity donut
/// had eight): past two, small slices are named in the legend only.
#[test]
fn a_donut_draws_at_most_two_leader_lines_from_small_slices() {
    let a = shipped();
    for lang in [Lang::Kk, Lang::Ru] {
        for v in views(&a, lang)
            .iter()
            .filter(|v| v.kind == ChartKind::Donut)
        {
            let leaders = layout(v)
                .shapes
                .iter()
                .filter(|s| matches!(s, geometry::Shape::Line { .. }))
                .count();
            let want = match v.id.as_str() {
                "staff_by_ethnicity" => 0,
                "staff_by_employment" | "staff_by_age" => 1,
                _ => leaders,
            };
            assert!(leaders <= 2, "{} ({lang}): {leaders} leader lines", v.id);
            assert_eq!(leaders, want, "{} ({lang})", v.id);
        }
    }
}

#[test]
fn the_same_chart_gives_the_same_bytes() {
    let (a, b) = (shipped(), shipped());
    for (x, y) in views(&a, Lang::Ru).iter().zip(views(&b, Lang::Ru)) {
        let (sx, sy) = (svg(&layout(x), x), svg(&layout(&y), &y));
        assert_eq!(sx, sy);
        assert!(sx.contains("<title id=\"chart-") && sx.contains("<desc"));
        assert!(sx.contains("DejaVu Sans"));
    }
}

const FACTS: &str = "a: { value: 1 }\nb: { value: 3 }\n";

fn refused(charts: &str) -> Vec<String> {
    let (_, messages) = crate::test_project::run(&[("facts.yaml", FACTS), ("charts.yaml", charts)]);
    messages
        .into_iter()
        .filter(|m| m.starts_with("error"))
        .collect()
}

#[test]
fn bad_definitions_are_refused() {
    let head = "c:\n  title: { kk: \"Т\", ru: \"Т\" }\n  categories:\n    - { label: { kk: \"A\", ru: \"A\" } }\n    - { label: { kk: \"B\", ru: \"B\" } }\n";
    let cases = [
        (
            "  kind: pie\n  series:\n    - values: [\"#a\", \"#b\"]\n",
            "`pie` is not a kind of chart",
        ),
        (
            "  kind: donut\n  series:\n    - values: [\"#a\", \"#x\"]\n",
            "unknown fact `#x`",
        ),
        (
            "  kind: donut\n  series:\n    - values: [\"#a\", \"t/x@y\"]\n",
            "unknown table `t`",
        ),
        (
            "  kind: donut\n  series:\n    - values: [\"#a\", \"5\"]\n",
            "is not a fact or a table cell",
        ),
        (
            "  kind: donut\n  series:\n    - values: [\"#a\"]\n",
            "a series has 1 values for 2 categories",
        ),
        (
            "  kind: line\n  order: up\n  series:\n    - values: [\"#a\", \"#b\"]\n",
            "`order: up` is not an order",
        ),
        (
            "  kind: donut\n  series:\n    - values: [\"#a\", \"#b\"]\n    - values: [\"#a\", \"#b\"]\n",
            "a donut, which draws one series",
        ),
    ];
    for (tail, want) in cases {
        let errors = refused(&format!("{head}{tail}"));
        assert!(
            errors.iter().any(|e| e.contains(want)),
            "{want}: {errors:?}"
        );
    }
    // More slices than colours: two slices would look alike in the legend.
    let many: String = (0..13)
        .map(|i| format!("    - {{ label: {{ kk: \"K{i}\", ru: \"K{i}\" }} }}\n"))
        .collect();
    let values = vec!["\"#a\""; 13].join(", ");
    let errors = refused(&format!(
        "c:\n  title: {{ kk: \"Т\", ru: \"Т\" }}\n  categories:\n{many}  kind: donut\n  series:\n    - values: [{values}]\n"
    ));
    assert!(errors.iter().any(|e| e.contains("13 slices")), "{errors:?}");
    // An unknown point is allowed: the data leaves it to fill in.
    assert!(
        refused(&format!(
            "{head}  kind: line\n  series:\n    - values: [\"#a\", ~]\n"
        ))
        .is_empty()
    );
}

/// A category named after a member's columns (`under_30.count`) takes the member's label,
/// not the group spanner over all members.
#[test]
fn a_category_taken_from_a_column_is_named_by_its_member() {
    let a = shipped();
    for lang in Lang::ALL {
        let age = views(&a, lang)
            .into_iter()
            .find(|v| v.id == "staff_by_age")
            .unwrap();
        let mut names = age.categories.clone();
        names.dedup();
        assert_eq!(names.len(), 5, "{lang}: {:?}", age.categories);
        assert!(
            age.categories
                .iter()
                .all(|c| !c.contains("Соның ішінде") && !c.contains("В том числе")),
            "{:?}",
            age.categories
        );
    }
}

/// A chart of `values` (one series; `None` is an unknown point) drawn by hand, with each
/// figure printed as the Kazakh chapter prints a number of precision 0.
fn hand_view(kind: ChartKind, values: &[Option<f64>]) -> ChartView {
    let style = NumberStyle::new(Lang::Kk, crate::locale::default_percent_pattern(Lang::Kk));
    let points = values
        .iter()
        .map(|v| Point {
            printed: match v {
                Some(v) => style.number(
                    rust_decimal::Decimal::from_f64_retain(*v)
                        .unwrap_or_default()
                        .round(),
                    0,
                    crate::model::Format::Number,
                ),
                None => "…".to_owned(),
            },
            value: *v,
        })
        .collect();
    ChartView {
        id: "hand".to_owned(),
        lang: Lang::Kk,
        kind,
        title: "Т".to_owned(),
        categories: (0..values.len()).map(|i| format!("c{i}")).collect(),
        series: vec![SeriesView {
            label: None,
            role: Role::Primary,
            points,
        }],
        axis_format: crate::model::Format::Number,
        style,
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A raw fact may hold any decimal up to 79 228 162 514 264 337 593 543 950 335: the axis
/// must still say its ticks exactly (once `10ⁿ` overflowed an `i64`: a panic, or in a
/// release build ticks of 8 955 976 040 786 690 048 on an axis that runs to 8 × 10²⁸).
#[test]
fn the_axis_of_the_largest_decimal_says_its_ticks_exactly() {
    let max = 79_228_162_514_264_337_593_543_950_335.0;
    for kind in [ChartKind::HorizontalBar, ChartKind::VerticalBar] {
        let g = layout(&hand_view(kind, &[Some(max), Some(1.0)]));
        let ticks: Vec<String> = g
            .texts
            .iter()
            .filter(|t| t.owner.is_none())
            .map(|t| digits(&t.content))
            .filter(|d| !d.is_empty())
            .collect();
        let want = format!("2{}", "0".repeat(28));
        assert!(ticks.contains(&want), "{kind:?}: {ticks:?}");
        assert_eq!(faults(&g), Vec::<String>::new(), "{kind:?}");
    }
}

/// A figure as wide as a long amount pushes the ring right; the legend beside it must still
/// fit on the canvas, not be squeezed to a letter a line past its edge.
#[test]
fn a_wide_figure_keeps_the_donut_legend_on_the_canvas() {
    let max = 79_228_162_514_264_337_593_543_950_335.0;
    let mut v = hand_view(ChartKind::Donut, &[Some(max), Some(1.0)]);
    v.series[0].points[0].printed = "79 228 162 514 264 337 593 543 950 335".to_owned();
    let g = layout(&v);
    assert_eq!(faults(&g), Vec::<String>::new());
    for c in ["c0", "c1"] {
        assert!(
            g.texts.iter().any(|t| t.content == c),
            "{c} not in the legend"
        );
    }
}

/// One slice of 100 % is a whole ring: drawn as two half-ring outlines it shows a white
/// seam at twelve and at six o'clock, which reads as two slices of 50 %.
#[test]
fn a_whole_ring_is_one_shape_without_a_seam() {
    let v = hand_view(ChartKind::Donut, &[Some(5.0), Some(0.0)]);
    let s = svg(&layout(&v), &v);
    assert_eq!(s.matches("<path").count(), 1, "{s}");
}

/// Hundreds of categories must lay out in a blink: the collision pass once sampled every
/// sector and point for every text (500 slices took 14 s in a release build).
#[test]
fn a_thousand_categories_lay_out_quickly() {
    for kind in [ChartKind::Donut, ChartKind::Line] {
        let values: Vec<Option<f64>> = (1..=1000).map(|i| Some(f64::from(i))).collect();
        let v = hand_view(kind, &values);
        let t = std::time::Instant::now();
        layout(&v);
        let took = t.elapsed();
        assert!(took.as_secs_f64() < 3.0, "{kind:?}: {took:?}");
    }
}

/// A line chart of many series stacks its figures over each other; the build says so
/// at the chart's definition instead of printing a drawing no one can read.
#[test]
fn a_crowded_chart_and_a_negative_slice_are_warned_about() {
    let span = crate::diag::Span::file(Path::new("data/s/charts.yaml"));
    let mut crowded = hand_view(ChartKind::Line, &[Some(10.0), Some(11.0), Some(12.0)]);
    let one = crowded.series[0].clone();
    crowded.series = (0..30)
        .map(|k| SeriesView {
            label: Some(format!("s{k}")),
            ..one.clone()
        })
        .collect();
    let w = warnings(&crowded, &layout(&crowded), &span);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].code(), "W-chart-layout");
    assert!(w[0].message.contains("layout problems"), "{}", w[0].message);
    let donut = hand_view(ChartKind::Donut, &[Some(5.0), Some(-2.0)]);
    let w = warnings(&donut, &layout(&donut), &span);
    assert!(
        w.iter()
            .any(|d| d.message.contains("«c1» is -2, below zero")),
        "{w:?}"
    );
    // The shipped charts draw cleanly: no warning.
    let a = shipped();
    for lang in [Lang::Kk, Lang::Ru] {
        for v in views(&a, lang) {
            assert!(warnings(&v, &layout(&v), &span).is_empty(), "{}", v.id);
        }
    }
}
