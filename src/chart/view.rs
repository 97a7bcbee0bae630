//! One chart in one language: its words, and every figure both as it prints (through
//! [`NumberStyle`], rounded by the model's rules: half-up, or largest remainder where a
//! rounding group or column declares it) and as its exact value, which the geometry
//! draws. Categories are put in the order the chart declares here, once.

use crate::compute::{Computed, Value, fact_figures};
use crate::lang::Lang;
use crate::locale::NumberStyle;
use crate::model::chart::{ChartKind, Order, Role};
use crate::model::{Format, Place, Report};
use rust_decimal::prelude::ToPrimitive;

/// A chart ready to lay out.
#[derive(Clone, Debug)]
pub struct ChartView {
    pub id: String,
    pub lang: Lang,
    pub kind: ChartKind,
    pub title: String,
    /// Category labels, in drawing order.
    pub categories: Vec<String>,
    pub series: Vec<SeriesView>,
    /// How the axis ticks print: the format of the chart's first figure.
    pub axis_format: Format,
    pub style: NumberStyle,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SeriesView {
    pub label: Option<String>,
    pub role: Role,
    /// One point per category, in drawing order.
    pub points: Vec<Point>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// The figure as the chapter prints it (`75%`, `4 495`); for an unknown point the
    /// placeholder of a figure still to fill in.
    pub printed: String,
    /// The exact value, for drawing; `None` when there is nothing to draw (unknown,
    /// undefined).
    pub value: Option<f64>,
}

/// The view of `report.charts[chart]` in `style`'s language.
pub fn chart_view(
    report: &Report,
    computed: &Computed,
    chart: usize,
    style: &NumberStyle,
) -> ChartView {
    let c = &report.charts[chart];
    let facts = fact_figures(report, computed);
    let point = |place: &Option<Place>| -> Point {
        let Some(place) = *place else {
            return Point {
                printed: style.value(Value::Pending, 0, Format::Number, None),
                value: None,
            };
        };
        let (printed, exact) = match place {
            Place::Fact(f) => {
                let fact = &report.facts[f];
                (
                    style.value(facts[f], fact.precision, fact.format, None),
                    computed.facts[f],
                )
            }
            Place::Cell(t, r, col) => (
                crate::view::cell_text(&report.tables[t], computed, t, r, col, style),
                computed.tables[t][r][col],
            ),
            Place::Table(_) => (String::new(), Value::Blank),
        };
        Point {
            printed,
            value: exact.num().and_then(|d| d.to_f64()),
        }
    };
    let mut order: Vec<usize> = (0..c.categories.len()).collect();
    if c.order == Order::Descending
        && let Some(first) = c.series.first()
    {
        let key: Vec<f64> = first
            .points
            .iter()
            .map(|p| point(p).value.unwrap_or(f64::NEG_INFINITY))
            .collect();
        // A stable sort: equal values keep the written order.
        order.sort_by(|&a, &b| key[b].total_cmp(&key[a]));
    }
    let lang = style.lang;
    let axis_format = c
        .series
        .iter()
        .flat_map(|s| s.points.iter().flatten())
        .next()
        .map_or(Format::Number, |p| report.format(*p));
    ChartView {
        id: c.id.clone(),
        lang,
        kind: c.kind,
        title: c.title.get(lang).to_owned(),
        categories: order
            .iter()
            .map(|&i| c.categories[i].get(lang).to_owned())
            .collect(),
        series: c
            .series
            .iter()
            .map(|s| SeriesView {
                label: s.label.as_ref().map(|l| l.get(lang).to_owned()),
                role: s.role,
                points: order.iter().map(|&i| point(&s.points[i])).collect(),
            })
            .collect(),
        axis_format,
        style: style.clone(),
    }
}

/// Every chart of the report in `style`'s language, in the model's order.
pub fn chart_views(report: &Report, computed: &Computed, style: &NumberStyle) -> Vec<ChartView> {
    (0..report.charts.len())
        .map(|c| chart_view(report, computed, c, style))
        .collect()
}

impl ChartView {
    /// The figures in words, for `<desc>` and screen readers: `Title: A 75%; B 16%.`
    pub fn description(&self) -> String {
        let mut parts = Vec::new();
        for s in &self.series {
            let points: Vec<String> = self
                .categories
                .iter()
                .zip(&s.points)
                .map(|(c, p)| format!("{c} — {}", p.printed))
                .collect();
            match &s.label {
                Some(l) => parts.push(format!("{l}: {}", points.join("; "))),
                None => parts.push(points.join("; ")),
            }
        }
        format!("{}. {}.", self.title, parts.join(". "))
    }
}
