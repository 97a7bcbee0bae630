//! Charts: the drawings the printed chapter carries beside its tables.
//!
//! The pipeline, one file per step:
//!
//! 1. **data** — `data/<section>/charts.yaml` declares each chart: kind, title, order,
//!    categories, series with a colour role, and for every point a reference to a fact or
//!    table cell (`~` for a point still unknown). The load stage reads it
//!    ([`crate::source::chart`]), the model stage resolves it into
//!    [`crate::model::chart::Chart`] (`report.charts`), refusing unknown tables, rows,
//!    columns and facts with a hint, and any figure that is not the model's.
//! 2. **view** ([`view`]) — one chart in one language: labels, and each figure as it
//!    prints (formatted by [`crate::locale::NumberStyle`], rounded by the model's rules,
//!    largest remainder included) beside its exact value.
//! 3. **geometry** ([`geometry`]) — the view laid out once for every format: sectors,
//!    bars, axes with nice ticks, text with boxes measured in the PDF's DejaVu fonts,
//!    legend, leader lines, and a collision pass; [`faults`] checks the result.
//! 4. **writers** — [`svg()`] for HTML (inline) and Markdown (a `.svg` file beside it); the
//!    PDF draws the same [`Geometry`] with printpdf.
//!
//! Colours come from [`palette`] by role (slices in a fixed order), chosen to survive
//! greyscale printing and colour-vision deficiencies.

pub mod geometry;
pub mod palette;
pub mod svg;
pub mod view;

pub use crate::model::chart::{ChartKind, Order, Role};
pub use geometry::{Geometry, faults, layout};
pub use svg::svg;
pub use view::{ChartView, Point, SeriesView, chart_view, chart_views};

use crate::diag::{Code, Diagnostic, Span};

/// What a reader would stumble on in a laid-out chart, as warnings at its definition
/// (`span`): labels that still overlap after the collision pass (a line chart of many
/// series stacks its figures), and donut slices below zero, which a ring cannot draw.
pub fn warnings(view: &ChartView, geometry: &Geometry, span: &Span) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let lang = view.lang;
    let faults = faults(geometry);
    if let Some(first) = faults.first() {
        out.push(
            Diagnostic::warning(
                Some(span.clone()),
                format!("chart `{}` ({lang}): {} layout problems, e.g. {first}", view.id, faults.len()),
            )
            .with_code(Code::ChartLayout)
            .with_hint("fewer series or categories, shorter labels, or another kind of chart would read better"),
        );
    }
    if view.kind == ChartKind::Donut {
        let negative = view.series.iter().flat_map(|s| {
            let points = view.categories.iter().zip(&s.points);
            points.filter(|(_, p)| p.value.is_some_and(|v| v < 0.0))
        });
        for (category, p) in negative {
            out.push(
                Diagnostic::warning(
                    Some(span.clone()),
                    format!("chart `{}` ({lang}): the slice «{category}» is {}, below zero: a donut draws it as nothing", view.id, p.printed),
                )
                .with_code(Code::ChartLayout)
                .with_hint("a donut shows parts of a whole; draw figures that can be negative as bars"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests;
