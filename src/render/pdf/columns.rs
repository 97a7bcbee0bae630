//! Column sizing and the wide-table rule: how wide each column of a table is, and in
//! which face, size and orientation the table is set.
//!
//! Columns are sized from content, as HTML's automatic table layout does: each column has
//! a minimum (its widest figure, its longest header word) and two preferred widths, with
//! headers on one line or, compact, on about two; spanners widen the columns under them
//! when they need to. The table always takes the full text width: with the one-line
//! preference if the figure columns can then all be as wide as the widest (a regular
//! grid reads better), else the compact one (evened out as far as possible), the label
//! column taking the rest; else the minimums plus a share of the room left, in
//! proportion to what each column still wants.
//!
//! **The wide-table rule.** The style's table steps ([`steps`]) are tried in order and the first style whose minimum
//! widths fit the text width wins: DejaVu Sans 8 pt; DejaVu Sans Condensed 8, 7, 6.5 pt;
//! then a landscape page in Condensed 8, 7, 6.5 pt. If even that fails, the last style is
//! used with the label and header minimums scaled down (their words break between letters,
//! with a hyphen); figure columns keep their widest figure. So a table never runs past the
//! margin, cells never overlap, and a figure never wraps. A table whose figures alone do
//! not fit a landscape page is an error, not a squeezed table.
//!
//! A word of a label or header counts towards its column's minimum only up to
//! [`WORD_CAP_EM`]: one absurdly long word (80 letters, no space) is broken with a hyphen
//! instead of pushing the whole table into a smaller face.

use super::fonts::{Face, Family};
use super::layout::Geometry;
use super::measure;
use super::style::Style;
use crate::view::{RowStyle, TableView};

/// A face family, a size and an orientation for a table, with the page and the cell
/// metrics of the [`Style`] it comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TableStyle {
    pub family: Family,
    pub size: f32,
    pub landscape: bool,
    /// The page the table is set on.
    pub page: Geometry,
    /// Cell padding left and right, in ems.
    pub pad_x_em: f32,
    /// Cell padding above and below, in ems.
    pub pad_y_em: f32,
    /// Cell leading, in ems.
    pub leading_em: f32,
}

/// The wide-table rule of `style`, in order of preference.
pub fn steps(style: &Style) -> Vec<TableStyle> {
    let t = &style.table;
    t.steps
        .iter()
        .map(|&(family, size, landscape)| TableStyle {
            family,
            size,
            landscape,
            page: if landscape {
                style.landscape()
            } else {
                style.portrait()
            },
            pad_x_em: t.pad_x_em,
            pad_y_em: t.pad_y_em,
            leading_em: t.leading_em,
        })
        .collect()
}

/// Text words wider than this many ems do not widen their column further; they break.
/// No word of the shipped chapter comes near it (the longest is about 10 em).
pub const WORD_CAP_EM: f32 = 20.0;

/// The label column never gets narrower than this share of the table (or its longest
/// label), so labels do not break after every word just to save figure columns.
pub const STUB_SHARE: f32 = 0.16;

impl TableStyle {
    pub fn geometry(&self) -> Geometry {
        self.page
    }

    pub(super) fn face(&self) -> Face {
        Face::new(self.family, false, false)
    }

    pub(super) fn pad_x(&self) -> f32 {
        self.pad_x_em * self.size
    }

    pub(super) fn pad_y(&self) -> f32 {
        self.pad_y_em * self.size
    }

    pub(super) fn leading(&self) -> f32 {
        self.leading_em * self.size
    }
}

/// A header cell with its grid position (column 0 is the label column).
#[derive(Clone, Debug, PartialEq)]
pub struct HeaderPos {
    pub level: usize,
    pub col: usize,
    pub colspan: usize,
    pub rowspan: usize,
    pub text: String,
}

/// The header as a grid, the stub first. The view already placed every cell
/// ([`crate::view::HeaderCell::col`]); here the label column is prepended as column 0.
pub fn header_grid(t: &TableView) -> (usize, Vec<HeaderPos>) {
    let depth = t.header_rows.len().max(1);
    let stub = HeaderPos {
        level: 0,
        col: 0,
        colspan: 1,
        rowspan: depth,
        text: t.stub.clone(),
    };
    let cells: Vec<HeaderPos> = if t.header_rows.is_empty() {
        t.flat_headers
            .iter()
            .enumerate()
            .map(|(c, h)| HeaderPos {
                level: 0,
                col: c + 1,
                colspan: 1,
                rowspan: 1,
                text: h.clone(),
            })
            .collect()
    } else {
        t.header_rows
            .iter()
            .enumerate()
            .flat_map(|(level, cells)| {
                cells.iter().map(move |cell| HeaderPos {
                    level,
                    col: cell.col + 1,
                    colspan: cell.colspan,
                    rowspan: cell.rowspan,
                    text: cell.text.clone(),
                })
            })
            .collect()
    };
    (depth, std::iter::once(stub).chain(cells).collect())
}

/// Width bounds of each column, padding included: the minimum (no word cut), a compact
/// preference (headers on about two lines) and the full preference (headers on one line);
/// `figures` is the hard floor, the widest figure (0 for the label column).
#[derive(Clone, Debug, PartialEq)]
pub struct Bounds {
    pub min: Vec<f32>,
    pub compact: Vec<f32>,
    pub max: Vec<f32>,
    pub figures: Vec<f32>,
}

#[derive(Clone, Copy, PartialEq)]
enum Tier {
    Min,
    Compact,
    Max,
}

pub fn column_bounds(t: &TableView, st: &TableStyle, avail: f32) -> Bounds {
    let n = t.flat_headers.len() + 1;
    let (face, size, pad2) = (st.face(), st.size, 2.0 * st.pad_x());
    let word_cap = WORD_CAP_EM * size;
    // A label's longest word (up to the cap) is its column's minimum; a figure never
    // wraps, so its whole width is.
    let mut body_min = vec![0.0_f32; n];
    let mut body_max = vec![0.0_f32; n];
    for row in t.rows.iter().filter(|r| r.style != RowStyle::Heading) {
        let f = row_face(st, row.style);
        body_min[0] = body_min[0].max(measure::min_width(f, size, &row.label).min(word_cap));
        body_max[0] = body_max[0].max(measure::natural_width(f, size, &row.label));
        for (c, text) in row.cells.iter().take(n - 1).enumerate() {
            let w = measure::natural_width(f, size, text);
            body_min[c + 1] = body_min[c + 1].max(w);
            body_max[c + 1] = body_max[c + 1].max(w);
        }
    }
    let figures: Vec<f32> = body_min
        .iter()
        .enumerate()
        .map(|(c, w)| if c == 0 { 0.0 } else { w + pad2 })
        .collect();
    let (_, mut grid) = header_grid(t);
    grid.sort_by_key(|h| h.colspan);
    let header = |text: &str, tier: Tier, stub: bool| {
        let word = measure::min_width(face, size, text).min(word_cap);
        let line = measure::natural_width(face, size, text);
        match tier {
            Tier::Min => word,
            // The label column's header may take a line; figure headers prefer two.
            Tier::Compact if !stub => measure::two_line_width(face, size, text).max(word),
            _ => line,
        }
    };
    let stub_natural = body_max[0].max(header(&t.stub, Tier::Max, true)) + pad2;
    let widths = |tier: Tier| {
        let body = if tier == Tier::Min {
            &body_min
        } else {
            &body_max
        };
        let mut w: Vec<f32> = body.iter().map(|b| b + pad2).collect();
        // Spanners come after the leaves (sorted by colspan) and widen their columns
        // evenly if they need more than the columns give.
        for h in &grid {
            let need = header(&h.text, tier, h.col == 0) + pad2;
            let cols = h.col..h.col + h.colspan;
            let have: f32 = w[cols.clone()].iter().sum();
            if need > have {
                let add = (need - have) / h.colspan as f32;
                w[cols].iter_mut().for_each(|x| *x += add);
            }
        }
        if tier == Tier::Min {
            w[0] = w[0].max((avail * STUB_SHARE).min(stub_natural));
        }
        w
    };
    let min = widths(Tier::Min);
    let at_least = |w: Vec<f32>, floor: &[f32]| -> Vec<f32> {
        w.iter().zip(floor).map(|(a, b)| a.max(*b)).collect()
    };
    let compact = at_least(widths(Tier::Compact), &min);
    let max = at_least(widths(Tier::Max), &compact);
    Bounds {
        min,
        compact,
        max,
        figures,
    }
}

/// Column widths filling `avail` exactly, or `None` if the minimums do not fit: the
/// one-line preference if it fits with even figure columns, else the compact one, else
/// the minimums plus a share of the room left in proportion to what each column wants.
pub fn size_columns(b: &Bounds, avail: f32) -> Option<Vec<f32>> {
    let sum = |w: &[f32]| w.iter().sum::<f32>();
    if sum(&b.min) > avail + 0.01 {
        return None;
    }
    // A preference is taken whole only if the figure columns can then all be as wide as
    // the widest: one long header must not make one column much wider than the others.
    for preferred in [&b.max, &b.compact] {
        let widest = preferred[1..].iter().copied().fold(0.0, f32::max);
        if preferred[0] + widest * (preferred.len() - 1) as f32 <= avail {
            return Some(even_out(preferred, avail));
        }
    }
    if sum(&b.compact) <= avail {
        return Some(even_out(&b.compact, avail));
    }
    let ratio = (avail - sum(&b.min)) / (sum(&b.compact) - sum(&b.min));
    Some(
        b.min
            .iter()
            .zip(&b.compact)
            .map(|(lo, hi)| lo + (hi - lo) * ratio)
            .collect(),
    )
}

/// Raises the narrow figure columns towards the widest, as far as `avail` allows
/// (water-filling: a regular grid reads better); the label column takes what is left.
fn even_out(preferred: &[f32], avail: f32) -> Vec<f32> {
    let figures = &preferred[1..];
    let widest = figures.iter().copied().fold(0.0, f32::max);
    let room = avail - preferred[0];
    let fill = |level: f32| figures.iter().map(|w| w.max(level)).sum::<f32>();
    let (mut lo, mut hi) = (0.0_f32, widest);
    if fill(hi) <= room {
        lo = hi;
    } else {
        for _ in 0..40 {
            let mid = (lo + hi) / 2.0;
            if fill(mid) <= room {
                lo = mid;
            } else {
                hi = mid;
            }
        }
    }
    let mut w: Vec<f32> = std::iter::once(preferred[0])
        .chain(figures.iter().map(|x| x.max(lo)))
        .collect();
    w[0] += avail - w.iter().sum::<f32>();
    w
}

/// The chosen style and column widths for `t`.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub style: TableStyle,
    pub widths: Vec<f32>,
}

/// Applies the wide-table rule; an error if even the last style cannot give every figure
/// column its widest figure.
pub fn choose(t: &TableView, style: &Style) -> Result<Choice, String> {
    let steps = steps(style);
    for &st in &steps {
        let avail = st.geometry().content_width();
        if let Some(widths) = size_columns(&column_bounds(t, &st, avail), avail) {
            return Ok(Choice { style: st, widths });
        }
    }
    let st = *steps.last().ok_or("the style has no table steps")?;
    let avail = st.geometry().content_width();
    let b = column_bounds(t, &st, avail);
    last_resort(&b, avail)
        .map(|widths| Choice { style: st, widths })
        .ok_or_else(|| {
            let name = if t.id.is_empty() {
                "a pipe table in the prose".to_owned()
            } else {
                format!("table `{}`", t.id)
            };
            format!(
                "{name} is too wide for the PDF: its {} figure columns need {:.0} pt even in \
                 DejaVu Sans Condensed {} pt on a landscape page, which has {avail:.0} pt; \
                 split it into narrower tables",
                b.figures.len() - 1,
                b.figures.iter().sum::<f32>(),
                st.size,
            )
        })
}

/// Widths when even the minimums do not fit: every figure column keeps its widest figure,
/// and what is left goes to the text (labels, headers) in proportion to what it wants
/// beyond that. `None` if the figures alone do not fit.
fn last_resort(b: &Bounds, avail: f32) -> Option<Vec<f32>> {
    let hard: f32 = b.figures.iter().sum();
    if hard > avail + 0.01 {
        return None;
    }
    let want: f32 = b.min.iter().zip(&b.figures).map(|(m, f)| m - f).sum();
    let ratio = (avail - hard) / want;
    Some(
        b.min
            .iter()
            .zip(&b.figures)
            .map(|(m, f)| f + (m - f) * ratio)
            .collect(),
    )
}

pub(super) fn row_face(st: &TableStyle, style: RowStyle) -> Face {
    match style {
        RowStyle::Body => st.face(),
        RowStyle::Total => st.face().bold(),
        RowStyle::Heading => st.face().italic(),
    }
}
