//! Charts on a value axis: vertical bars (grouped or stacked), lines, horizontal bars.
//! The axis runs over nice ticks that include zero; room for the value labels is kept
//! above the highest and below the lowest figure, so a label never leaves the plot. A
//! group is at least as wide as its widest value label per bar, so the labels of
//! neighbouring bars cannot meet.

use super::*;
use crate::chart::palette::{self, GRID};
use crate::chart::view::SeriesView;
use crate::model::chart::ChartKind;

const PLOT_H: f64 = 170.0;
const PLOT_W: f64 = 300.0;
const MIN_WIDTH: f64 = 420.0;

/// Tick `k`'s figure; `None` (the tick goes unlabelled) past what a decimal holds.
fn tick_label(view: &ChartView, t: &Ticks, k: i64) -> Option<String> {
    t.decimal(k)
        .map(|d| view.style.number(d, t.decimals(), view.axis_format))
}

/// The series' legend entries, when there is more than one series.
fn entries(view: &ChartView) -> Vec<(String, Color, Option<Owner>)> {
    if view.series.len() < 2 {
        return Vec::new();
    }
    view.series
        .iter()
        .map(|s| {
            (
                s.label.clone().unwrap_or_default(),
                palette::role(s.role),
                None,
            )
        })
        .collect()
}

fn widest_printed(series: &[SeriesView]) -> f64 {
    series
        .iter()
        .flat_map(|s| &s.points)
        .map(|p| text_width(&p.printed, LABEL_SIZE, false))
        .fold(0.0, f64::max)
}

/// The value range the axis covers (always with zero).
fn range(view: &ChartView) -> (f64, f64) {
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 0.0;
    let n = view.categories.len();
    if view.kind == ChartKind::StackedBar {
        for c in 0..n {
            let vals = view.series.iter().filter_map(|s| s.points[c].value);
            let (pos, neg): (Vec<f64>, Vec<f64>) = vals.partition(|v| *v >= 0.0);
            hi = hi.max(pos.iter().sum());
            lo = lo.min(neg.iter().sum());
        }
    } else {
        for v in view
            .series
            .iter()
            .flat_map(|s| &s.points)
            .filter_map(|p| p.value)
        {
            hi = hi.max(v);
            lo = lo.min(v);
        }
    }
    (lo, hi)
}

/// Vertical bars, stacked bars and lines.
pub(super) fn vertical(view: &ChartView) -> Geometry {
    let lh = line_height(LABEL_SIZE);
    let n = view.categories.len().max(1);
    let ns = view.series.len().max(1);
    let ticks = nice_ticks(range(view).0, range(view).1, 5);
    let tick_w = (ticks.first..=ticks.last)
        .filter_map(|k| tick_label(view, &ticks, k))
        .map(|label| text_width(&label, LABEL_SIZE, false))
        .fold(0.0, f64::max);
    let left = MARGIN + tick_w + 6.0;
    let label_w = widest_printed(&view.series) + 4.0;
    let per_group = match view.kind {
        ChartKind::VerticalBar => ns as f64 * label_w / 0.8,
        _ => label_w * 1.4,
    };
    let mut group = per_group.max(44.0);
    if left + n as f64 * group + MARGIN < MIN_WIDTH {
        group = (MIN_WIDTH - left - MARGIN) / n as f64;
    }
    let width = left + n as f64 * group + MARGIN;
    let mut g = Geometry {
        width,
        height: 0.0,
        shapes: Vec::new(),
        texts: Vec::new(),
    };
    let mut top = title(&mut g, view);
    let legend = entries(view);
    if !legend.is_empty() {
        top = legend_row(&mut g, &legend, MARGIN, top, width - 2.0 * MARGIN) + 8.0;
    }
    // The ticks span the plot less a label's room above and, with negatives, below.
    let pad_top = lh + 6.0;
    let pad_bottom = if ticks.lo() < 0.0 { lh + 6.0 } else { 0.0 };
    let (y_hi, y_lo) = (top + pad_top, top + pad_top + PLOT_H);
    let scale = |v: f64| y_lo - (v - ticks.lo()) / (ticks.hi() - ticks.lo()) * (y_lo - y_hi);
    let plot_bottom = y_lo + pad_bottom;
    for k in ticks.first..=ticks.last {
        let y = scale(ticks.value(k));
        let stroke = if k == 0 { INK } else { GRID };
        g.shapes.push(Shape::Line {
            x1: left,
            y1: y,
            x2: width - MARGIN,
            y2: y,
            stroke,
            width: 0.5,
        });
        if let Some(label) = tick_label(view, &ticks, k) {
            g.texts.push(Text::new(
                left - 4.0,
                y + ascent(LABEL_SIZE) / 2.0 - 0.5,
                Anchor::End,
                LABEL_SIZE,
                &label,
                None,
            ));
        }
    }
    // Category labels under the plot, wrapped to their group.
    let mut bottom = plot_bottom + 4.0;
    for (c, cat) in view.categories.iter().enumerate() {
        let x = left + (c as f64 + 0.5) * group;
        let mut y = plot_bottom + 4.0;
        for line in wrap(cat, LABEL_SIZE, false, group - 4.0) {
            y += ascent(LABEL_SIZE);
            g.texts
                .push(Text::new(x, y, Anchor::Middle, LABEL_SIZE, &line, None));
            y += descent(LABEL_SIZE) + 1.0;
        }
        bottom = bottom.max(y);
    }
    match view.kind {
        ChartKind::Line => lines(&mut g, view, group, left, &scale),
        ChartKind::StackedBar => stacked(&mut g, view, group, left, &scale),
        _ => grouped(&mut g, view, group, left, &scale),
    }
    g.height = bottom + MARGIN;
    g
}

fn grouped(g: &mut Geometry, view: &ChartView, group: f64, left: f64, scale: &dyn Fn(f64) -> f64) {
    let ns = view.series.len().max(1) as f64;
    let bw = group * 0.8 / ns;
    for (s, series) in view.series.iter().enumerate() {
        for (c, p) in series.points.iter().enumerate() {
            let owner = Owner {
                series: s,
                category: c,
            };
            let x = left + c as f64 * group + group * 0.1 + s as f64 * bw;
            let cx = x + bw / 2.0;
            let Some(v) = p.value else {
                // Nothing to draw: the figure stands at the zero line.
                g.texts.push(Text::new(
                    cx,
                    scale(0.0) - 3.0 - descent(LABEL_SIZE),
                    Anchor::Middle,
                    LABEL_SIZE,
                    &p.printed,
                    Some(owner),
                ));
                continue;
            };
            let (y0, y1) = (scale(0.0), scale(v));
            g.shapes.push(Shape::Rect {
                x: x + 0.5,
                y: y0.min(y1),
                w: bw - 1.0,
                h: (y0 - y1).abs(),
                fill: palette::role(series.role),
                owner: Some(owner),
            });
            let y = if v >= 0.0 {
                y1 - 3.0 - descent(LABEL_SIZE)
            } else {
                y1 + 3.0 + ascent(LABEL_SIZE)
            };
            g.texts.push(Text::new(
                cx,
                y,
                Anchor::Middle,
                LABEL_SIZE,
                &p.printed,
                Some(owner),
            ));
        }
    }
}

fn stacked(g: &mut Geometry, view: &ChartView, group: f64, left: f64, scale: &dyn Fn(f64) -> f64) {
    let lh = line_height(LABEL_SIZE);
    let bw = group * 0.6;
    for c in 0..view.categories.len() {
        let (mut pos, mut neg) = (0.0, 0.0);
        let x = left + c as f64 * group + group * 0.2;
        for (s, series) in view.series.iter().enumerate() {
            let p = &series.points[c];
            let Some(v) = p.value else { continue };
            let owner = Owner {
                series: s,
                category: c,
            };
            let base = if v >= 0.0 { pos } else { neg };
            let (y0, y1) = (scale(base), scale(base + v));
            if v >= 0.0 {
                pos += v
            } else {
                neg += v
            }
            let h = (y0 - y1).abs();
            g.shapes.push(Shape::Rect {
                x,
                y: y0.min(y1),
                w: bw,
                h,
                fill: palette::role(series.role),
                owner: Some(owner),
            });
            // Inside the segment when it fits; the figure is in the description either way.
            if h >= lh + 2.0 && bw >= text_width(&p.printed, LABEL_SIZE, false) + 2.0 {
                let mut t = Text::new(
                    x + bw / 2.0,
                    (y0 + y1) / 2.0 + ascent(LABEL_SIZE) / 2.0 - 0.5,
                    Anchor::Middle,
                    LABEL_SIZE,
                    &p.printed,
                    Some(owner),
                );
                t.fill = palette::on(palette::role(series.role));
                g.texts.push(t);
            }
        }
    }
}

fn lines(g: &mut Geometry, view: &ChartView, group: f64, left: f64, scale: &dyn Fn(f64) -> f64) {
    let lh = line_height(LABEL_SIZE);
    // Per category, the labels of all series, pushed apart upwards from their points.
    let mut pending: Vec<Vec<Text>> = vec![Vec::new(); view.categories.len()];
    for (s, series) in view.series.iter().enumerate() {
        let color = palette::role(series.role);
        let mut run: Vec<(f64, f64)> = Vec::new();
        for (c, p) in series.points.iter().enumerate() {
            let x = left + (c as f64 + 0.5) * group;
            let Some(v) = p.value else {
                // An unknown point breaks the line.
                if run.len() > 1 {
                    g.shapes.push(Shape::Polyline {
                        points: std::mem::take(&mut run),
                        stroke: color,
                        width: 1.5,
                    });
                }
                run.clear();
                continue;
            };
            let y = scale(v);
            run.push((x, y));
            let owner = Owner {
                series: s,
                category: c,
            };
            g.shapes.push(Shape::Circle {
                cx: x,
                cy: y,
                r: 2.5,
                fill: color,
                owner,
            });
            pending[c].push(Text::new(
                x,
                y - 5.0 - descent(LABEL_SIZE),
                Anchor::Middle,
                LABEL_SIZE,
                &p.printed,
                Some(owner),
            ));
        }
        if run.len() > 1 {
            g.shapes.push(Shape::Polyline {
                points: run,
                stroke: color,
                width: 1.5,
            });
        }
    }
    for mut texts in pending {
        // Lowest first; each next one stays above the previous.
        texts.sort_by(|a, b| b.y.total_cmp(&a.y));
        let mut ceiling = f64::INFINITY;
        for t in &mut texts {
            t.y = t.y.min(ceiling);
            ceiling = t.y - lh - TEXT_GAP;
        }
        g.texts.extend(texts);
    }
}

/// Horizontal bars: category names on the left, the bars and their figures to the right.
pub(super) fn horizontal(view: &ChartView) -> Geometry {
    let lh = line_height(LABEL_SIZE);
    let ns = view.series.len().max(1);
    let (lo, hi) = range(view);
    let ticks = nice_ticks(lo, hi, 4);
    let name_w = view
        .categories
        .iter()
        .map(|c| {
            wrap(c, LABEL_SIZE, false, 160.0)
                .iter()
                .map(|l| text_width(l, LABEL_SIZE, false))
                .fold(0.0, f64::max)
        })
        .fold(0.0, f64::max);
    let label_w = widest_printed(&view.series) + 4.0;
    let left = MARGIN + name_w + 8.0;
    let width = (left + PLOT_W + MARGIN).max(MIN_WIDTH);
    let (x_lo, x_hi) = (
        left + if ticks.lo() < 0.0 { label_w } else { 0.0 },
        width - MARGIN - label_w,
    );
    let scale = |v: f64| x_lo + (v - ticks.lo()) / (ticks.hi() - ticks.lo()) * (x_hi - x_lo);
    let mut g = Geometry {
        width,
        height: 0.0,
        shapes: Vec::new(),
        texts: Vec::new(),
    };
    let mut top = title(&mut g, view);
    let legend = entries(view);
    if !legend.is_empty() {
        top = legend_row(&mut g, &legend, MARGIN, top, width - 2.0 * MARGIN) + 8.0;
    }
    let bar_h = lh + 3.0;
    let mut y = top;
    let mut groups = Vec::new();
    for (c, cat) in view.categories.iter().enumerate() {
        let lines = wrap(cat, LABEL_SIZE, false, 160.0);
        let gh = (ns as f64 * bar_h).max(lines.len() as f64 * (lh + 1.0)) + 6.0;
        let mut ty = y + (gh - lines.len() as f64 * (lh + 1.0)) / 2.0;
        for line in &lines {
            g.texts.push(Text::new(
                left - 6.0,
                ty + ascent(LABEL_SIZE),
                Anchor::End,
                LABEL_SIZE,
                line,
                None,
            ));
            ty += lh + 1.0;
        }
        groups.push((c, y + (gh - ns as f64 * bar_h) / 2.0));
        y += gh;
    }
    let plot_bottom = y;
    for k in ticks.first..=ticks.last {
        let x = scale(ticks.value(k));
        let stroke = if k == 0 { INK } else { GRID };
        g.shapes.push(Shape::Line {
            x1: x,
            y1: top,
            x2: x,
            y2: plot_bottom,
            stroke,
            width: 0.5,
        });
        if let Some(label) = tick_label(view, &ticks, k) {
            g.texts.push(Text::new(
                x,
                plot_bottom + 3.0 + ascent(LABEL_SIZE),
                Anchor::Middle,
                LABEL_SIZE,
                &label,
                None,
            ));
        }
    }
    for (c, gy) in groups {
        for (s, series) in view.series.iter().enumerate() {
            let p = &series.points[c];
            let owner = Owner {
                series: s,
                category: c,
            };
            let by = gy + s as f64 * bar_h;
            let baseline = by + (bar_h + ascent(LABEL_SIZE) - descent(LABEL_SIZE)) / 2.0;
            let v = p.value.unwrap_or(0.0);
            let (x0, x1) = (scale(0.0), scale(v));
            if p.value.is_some() {
                g.shapes.push(Shape::Rect {
                    x: x0.min(x1),
                    y: by + 0.5,
                    w: (x1 - x0).abs(),
                    h: bar_h - 1.0,
                    fill: palette::role(series.role),
                    owner: Some(owner),
                });
            }
            let (x, anchor) = if v >= 0.0 {
                (x1 + 3.0, Anchor::Start)
            } else {
                (x1 - 3.0, Anchor::End)
            };
            g.texts.push(Text::new(
                x,
                baseline,
                anchor,
                LABEL_SIZE,
                &p.printed,
                Some(owner),
            ));
        }
    }
    g.height = plot_bottom + 3.0 + lh + MARGIN;
    g
}
