//! A donut: one series as a ring from twelve o'clock, clockwise; each slice's figure
//! outside the ring on its side, the labels of a side pushed apart top to bottom and
//! kept off the ring; a leader line where a slice is small or its label had to move; the
//! legend to the right with each category's name and figure. Where more than
//! [`MAX_LEADERS`] slices are small (the ethnicity chart's 1 % groups), their leader lines
//! would fan out over each other: those slices are named and figured in the legend only.

use super::*;
use crate::chart::palette;
use crate::chart::view::SeriesView;
use std::f64::consts::TAU;

const OUTER: f64 = 78.0;
const INNER: f64 = 44.0;
/// Room between the ring and a label.
const GAP: f64 = 7.0;
/// A slice narrower than this (radians) gets a leader line.
const SMALL: f64 = 0.35;
const WIDTH: f64 = 500.0;
/// Room between a legend entry's name and its figure.
const FIGURE_GAP: f64 = 10.0;
/// The least room the legend keeps for a category's name: wide figures push the ring and
/// the legend right, and the canvas grows rather than squeeze the names to a letter a line.
const MIN_NAME: f64 = 120.0;
/// More small slices than this side by side make a fan of leader lines no one can follow:
/// then small slices are labelled in the legend only.
const MAX_LEADERS: usize = 2;

struct Label {
    category: usize,
    mid: f64,
    text: String,
    /// Top of the box, after the sweep.
    top: f64,
    natural: f64,
    small: bool,
}

pub(super) fn layout(view: &ChartView) -> Geometry {
    let lh = line_height(LABEL_SIZE);
    let series = view.series.first();
    let printed = |bold: bool| {
        series
            .iter()
            .flat_map(|s| &s.points)
            .map(|p| text_width(&p.printed, LABEL_SIZE, bold))
            .fold(0.0, f64::max)
    };
    let (widest, figure_w) = (printed(false), printed(true));
    let longest = view
        .categories
        .iter()
        .map(|c| text_width(c, LABEL_SIZE, false))
        .fold(0.0, f64::max);
    let cx = MARGIN + widest + GAP + 6.0 + OUTER;
    let lx = cx + OUTER + GAP + widest + 18.0;
    let width = WIDTH.max(lx + 13.0 + longest.min(MIN_NAME) + FIGURE_GAP + figure_w + MARGIN);
    let mut g = Geometry {
        width,
        height: 0.0,
        shapes: Vec::new(),
        texts: Vec::new(),
    };
    let top = title(&mut g, view);
    let Some(series) = series else {
        g.height = top + MARGIN;
        return g;
    };
    let values: Vec<f64> = series
        .points
        .iter()
        .map(|p| p.value.unwrap_or(0.0).max(0.0))
        .collect();
    let total: f64 = values.iter().sum();
    let n = values.len();
    // Enough height for the ring and for every label stacked on one side.
    let ring_h = 2.0 * (OUTER + GAP + lh);
    let stack_h = n as f64 * (lh + TEXT_GAP) + 2.0 * GAP;
    let plot_h = ring_h.max(stack_h);
    let cy = top + plot_h / 2.0;

    let mut labels = Vec::new();
    let mut angle = 0.0;
    for (i, (v, p)) in values.iter().zip(&series.points).enumerate() {
        let sweep = if total > 0.0 { v / total * TAU } else { 0.0 };
        let owner = Owner {
            series: 0,
            category: i,
        };
        if sweep > 0.0 {
            g.shapes.push(Shape::Sector {
                cx,
                cy,
                outer: OUTER,
                inner: INNER,
                start: angle,
                end: angle + sweep,
                fill: palette::slice(i),
                owner,
            });
        }
        let mid = angle + sweep / 2.0;
        let natural = cy - (OUTER + GAP) * mid.cos() - lh / 2.0;
        labels.push(Label {
            category: i,
            mid,
            text: p.printed.clone(),
            top: natural,
            natural,
            small: sweep < SMALL,
        });
        angle += sweep;
    }
    if labels.iter().filter(|l| l.small).count() > MAX_LEADERS {
        labels.retain(|l| !l.small);
    }
    // Right side: mid angle in [0, π]; left side the rest. Each side is swept separately.
    let (bottom_limit, top_limit) = (top + plot_h - lh, top);
    for right in [true, false] {
        let mut side: Vec<&mut Label> = labels
            .iter_mut()
            .filter(|l| (l.mid <= std::f64::consts::PI) == right)
            .collect();
        side.sort_by(|a, b| a.natural.total_cmp(&b.natural));
        let mut floor = top_limit;
        for l in side.iter_mut() {
            l.top = l.top.max(floor);
            floor = l.top + lh + TEXT_GAP;
        }
        let mut ceiling = bottom_limit;
        for l in side.iter_mut().rev() {
            l.top = l.top.min(ceiling);
            ceiling = l.top - lh - TEXT_GAP;
        }
    }
    let clear = OUTER + GAP;
    for l in &labels {
        let right = l.mid <= std::f64::consts::PI;
        // The nearest height of the box to the centre: the box stays outside the circle.
        let d = if l.top > cy {
            l.top - cy
        } else if l.top + lh < cy {
            cy - (l.top + lh)
        } else {
            0.0
        };
        let dx = (clear * clear - d * d).max(0.0).sqrt();
        let (x, anchor) = if right {
            (cx + dx, Anchor::Start)
        } else {
            (cx - dx, Anchor::End)
        };
        let owner = Owner {
            series: 0,
            category: l.category,
        };
        let moved = (l.top - l.natural).abs() > 2.0;
        if l.small || moved {
            let (sx, sy) = (
                cx + (OUTER + 1.0) * l.mid.sin(),
                cy - (OUTER + 1.0) * l.mid.cos(),
            );
            let ex = if right { x - 1.5 } else { x + 1.5 };
            g.shapes.push(Shape::Line {
                x1: sx,
                y1: sy,
                x2: ex,
                y2: l.top + lh / 2.0,
                stroke: palette::INK,
                width: 0.5,
            });
        }
        g.texts.push(Text::new(
            x,
            l.top + ascent(LABEL_SIZE),
            anchor,
            LABEL_SIZE,
            &l.text,
            Some(owner),
        ));
    }
    let y = legend(&mut g, view, series, lx, top);
    g.height = (top + plot_h).max(y) + MARGIN;
    g
}

/// The legend, one entry per line beside the ring and its right-hand labels: a swatch, the
/// category (wrapped), and its figure right-aligned in a column of its own, so every slice
/// reads as name and figure even where the ring carries no label. Returns its bottom.
fn legend(g: &mut Geometry, view: &ChartView, series: &SeriesView, lx: f64, top: f64) -> f64 {
    let lh = line_height(LABEL_SIZE);
    let figure_w = series
        .points
        .iter()
        .map(|p| text_width(&p.printed, LABEL_SIZE, true))
        .fold(0.0, f64::max);
    let room = g.width - MARGIN - lx - 13.0 - figure_w - FIGURE_GAP;
    let longest = view
        .categories
        .iter()
        .map(|c| text_width(c, LABEL_SIZE, false))
        .fold(0.0, f64::max);
    let right = lx + 13.0 + longest.min(room) + FIGURE_GAP + figure_w;
    let mut y = top;
    for (i, (cat, point)) in view.categories.iter().zip(&series.points).enumerate() {
        let owner = Some(Owner {
            series: 0,
            category: i,
        });
        g.shapes.push(Shape::Rect {
            x: lx,
            y: y + (lh - 9.0) / 2.0,
            w: 9.0,
            h: 9.0,
            fill: palette::slice(i),
            owner,
        });
        let mut figure = Text::new(
            right,
            y + ascent(LABEL_SIZE),
            Anchor::End,
            LABEL_SIZE,
            &point.printed,
            owner,
        );
        figure.bold = true;
        g.texts.push(figure);
        for line in wrap(cat, LABEL_SIZE, false, room) {
            g.texts.push(Text::new(
                lx + 13.0,
                y + ascent(LABEL_SIZE),
                Anchor::Start,
                LABEL_SIZE,
                &line,
                owner,
            ));
            y += lh + 1.0;
        }
        y += 3.0;
    }
    y
}
