//! Tables: a [`TableView`] laid out as a flowable grid, in the style and column widths
//! [`super::columns`] chooses. Only the view's strings are used; nothing is recomputed or
//! reformatted here.
//!
//! Typography: a heavy rule above the header and below the table, a light rule under each
//! spanner (over exactly its columns) and under the header, hairlines between rows. Total
//! rows are bold with a rule above; group-heading rows are shaded and italic across the
//! full width. Figures and their column headers are right-aligned, spanners centred;
//! figures sit on the first line of their row, so a row reads as one line of text. The
//! caption (with its GRI references) stays with the header and at least two rows; a
//! table broken over pages closes with its bottom rule and repeats its header under
//! "Кестенің жалғасы" / "Продолжение таблицы". A row taller than a page (a label of
//! thousands of characters) is cut into lines that continue on the next pages, its figures
//! on the first: nothing is dropped.

use super::columns::{Choice, TableStyle, choose, header_grid, row_face};
use super::flow::Flowable;
use super::fonts::Face;
use super::layout::{Align, Chunk, Geometry, Mark, Rect, first_baseline, line_marks};
use super::measure::{self, Line, Span};
use super::style::{Style, Tables};
use crate::lang::Lang;
use crate::locale::{Ui, ui};
use crate::view::{RowStyle, RowView, TableView};

/// `t` as a flowable, in the table step of `style` the wide-table rule picks; an error if
/// the table is too wide for any step ([`choose`]).
pub(crate) fn flowable(t: &TableView, lang: Lang, style: &Style) -> Result<Flowable, String> {
    let choice = choose(t, style)?;
    Ok(flowable_with(t, lang, &choice, &style.table))
}

/// The column edges of a table: the left margin, then after each column.
fn column_edges(x0: f32, widths: &[f32]) -> Vec<f32> {
    let mut xs = vec![x0];
    for w in widths {
        xs.push(xs[xs.len() - 1] + w);
    }
    xs
}

pub(crate) fn flowable_with(t: &TableView, lang: Lang, choice: &Choice, look: &Tables) -> Flowable {
    let st = choice.style;
    let g = st.geometry();
    let xs = column_edges(g.left, &choice.widths);
    let (x0, x1) = (g.left, g.content_right());
    let mut chunks = caption_chunks(t, look, &g);
    let ncap = chunks.len();
    let header = header_chunk(t, &st, look, &xs);
    chunks.push(Chunk {
        keep_with_next: true,
        ..header.clone()
    });
    let cont = continued(lang, x1, look);
    // A row taller than this (the page less the repeated header) is cut into lines.
    let room = g.content_bottom() - g.top - cont.height - header.height;
    // How many chunks each row became.
    let mut row_chunks = Vec::with_capacity(t.rows.len());
    for r in 0..t.rows.len() {
        let whole = row_chunk(t, r, &st, look, &xs);
        let parts = if whole.height > room {
            by_line(whole, st.pad_y(), st.leading(), look.rule_heavy)
        } else {
            vec![whole]
        };
        row_chunks.push(parts.len());
        chunks.extend(parts);
    }
    let notes = note_chunks(t, &st, look);
    let note_lines = notes.len();
    chunks.extend(notes);
    // Air between the table (or its notes) and the text after it.
    if let Some(last) = chunks.last_mut() {
        last.height += look.space_after;
    }
    // Two rows, or two lines of a row cut into lines, with the caption and header at
    // the start; the same at the end with the notes.
    let two = |n: &usize| *n.min(&2);
    Flowable {
        geometry: g,
        space_before: look.space_before,
        chunks,
        min_first: ncap + 1 + row_chunks.iter().take(2).map(two).sum::<usize>(),
        min_last: row_chunks.iter().rev().take(2).map(two).sum::<usize>() + note_lines,
        keep_with_next: false,
        new_page: false,
        continuation: vec![cont, header],
        before_break: vec![Mark::hrule(x0, x1, 0.0, look.rule_heavy, look.rule_gray)],
    }
}

/// The caption with its GRI references, one chunk per line, the last with the gap under it.
fn caption_chunks(t: &TableView, look: &Tables, g: &Geometry) -> Vec<Chunk> {
    let (x0, x1, size) = (g.left, g.content_right(), look.caption_size);
    let mut spans = vec![Span::new(t.caption.as_str(), Face::SansBold)];
    if !t.gri.is_empty() {
        // Each reference stays on one line: `GRI 2-7` never splits after `GRI`.
        let refs: Vec<String> = t.gri.iter().map(|g| g.replace(' ', "\u{a0}")).collect();
        spans.push(Span::new(format!(" ({})", refs.join(", ")), Face::Sans));
    }
    let cap_lead = size * look.small_leading_em;
    let cap_lines = if t.caption.is_empty() && t.gri.is_empty() {
        Vec::new()
    } else {
        measure::wrap_spans(&spans, size, g.content_width())
    };
    let ncap = cap_lines.len();
    let chunk = |(k, line): (usize, &Line)| Chunk {
        height: cap_lead + if k + 1 == ncap { look.caption_gap } else { 0.0 },
        marks: line_marks(
            std::slice::from_ref(line),
            Align::Left,
            x0,
            x1,
            0.0,
            size,
            cap_lead,
        ),
        keep_with_next: true,
    };
    cap_lines.iter().enumerate().map(chunk).collect()
}

/// Row `r` of `t` as one chunk: its text, its rules and (a group heading) its shading.
fn row_chunk(t: &TableView, r: usize, st: &TableStyle, look: &Tables, xs: &[f32]) -> Chunk {
    let row = &t.rows[r];
    let g = st.geometry();
    let (x0, x1) = (g.left, g.content_right());
    let (mut marks, height) = if row.style == RowStyle::Heading {
        heading_row(&row.label, st, look, x0, x1)
    } else {
        body_row(row, st, look, xs)
    };
    let next_total = t
        .rows
        .get(r + 1)
        .is_some_and(|n| n.style == RowStyle::Total);
    let nrows = t.rows.len();
    if r + 1 < nrows && !next_total {
        marks.push(Mark::hrule(
            x0,
            x1,
            height,
            look.hairline,
            look.hairline_gray,
        ));
    }
    if r + 1 == nrows {
        marks.push(Mark::hrule(x0, x1, height, look.rule_heavy, look.rule_gray));
    }
    Chunk {
        height,
        marks,
        keep_with_next: row.style == RowStyle::Heading,
    }
}

/// A group-heading row: its label across the full width, shaded.
fn heading_row(label: &str, st: &TableStyle, look: &Tables, x0: f32, x1: f32) -> (Vec<Mark>, f32) {
    let (size, leading, px, py) = (st.size, st.leading(), st.pad_x(), st.pad_y());
    let face = row_face(st, RowStyle::Heading);
    let lines = measure::wrap(label, face, size, x1 - x0 - 2.0 * px);
    let height = lines.len() as f32 * leading + 2.0 * py;
    let mut marks = vec![Mark::Fill {
        rect: Rect {
            x0,
            y0: 0.0,
            x1,
            y1: height,
        },
        gray: look.heading_fill,
    }];
    marks.extend(line_marks(
        &lines,
        Align::Left,
        x0 + px,
        x1 - px,
        py,
        size,
        leading,
    ));
    (marks, height)
}

/// A body or total row: the label left, the figures right-aligned in their columns.
fn body_row(row: &RowView, st: &TableStyle, look: &Tables, xs: &[f32]) -> (Vec<Mark>, f32) {
    let (size, leading, px, py) = (st.size, st.leading(), st.pad_x(), st.pad_y());
    let face = row_face(st, row.style);
    let label = measure::wrap(&row.label, face, size, xs[1] - xs[0] - 2.0 * px);
    let mut n = label.len();
    let mut marks = line_marks(
        &label,
        Align::Left,
        xs[0] + px,
        xs[1] - px,
        py,
        size,
        leading,
    );
    for (c, cell) in row.cells.iter().enumerate().take(xs.len() - 2) {
        let (l, r_) = (xs[c + 1] + px, xs[c + 2] - px);
        let lines = measure::wrap(cell, face, size, r_ - l);
        n = n.max(lines.len());
        marks.extend(line_marks(&lines, Align::Right, l, r_, py, size, leading));
    }
    let height = n.max(1) as f32 * leading + 2.0 * py;
    if row.style == RowStyle::Total {
        let g = st.geometry();
        let (x0, x1) = (g.left, g.content_right());
        marks.push(Mark::hrule(x0, x1, 0.0, look.rule_light, look.rule_gray));
    }
    (marks, height)
}

/// The notes under the table, one chunk per line, the first with the gap above it.
fn note_chunks(t: &TableView, st: &TableStyle, look: &Tables) -> Vec<Chunk> {
    let g = st.geometry();
    let (x0, x1) = (g.left, g.content_right());
    let note_size = st.size.min(look.note_size_max);
    let note_lead = note_size * look.small_leading_em;
    let face = Face::new(st.family, false, false);
    let mut chunks = Vec::new();
    for (i, note) in t.notes.iter().enumerate() {
        let lines = measure::wrap(note, face, note_size, g.content_width());
        for (k, line) in lines.iter().enumerate() {
            let gap = if i == 0 && k == 0 { look.note_gap } else { 0.0 };
            chunks.push(Chunk {
                height: note_lead + gap,
                marks: line_marks(
                    std::slice::from_ref(line),
                    Align::Left,
                    x0,
                    x1,
                    gap,
                    note_size,
                    note_lead,
                ),
                keep_with_next: false,
            });
        }
    }
    chunks
}

/// "Кестенің жалғасы" / "Продолжение таблицы", right-aligned at `x1`.
fn continued(lang: Lang, x1: f32, look: &Tables) -> Chunk {
    let (size, face) = (look.continued_size, Face::SansOblique);
    let label = ui(Ui::TableContinued, lang);
    let w = measure::width(face, size, label);
    Chunk {
        height: size * look.small_leading_em + look.continued_gap,
        marks: vec![Mark::text(
            x1 - w,
            first_baseline(face, size, size * look.small_leading_em),
            size,
            face,
            label,
            w,
        )],
        keep_with_next: true,
    }
}

/// A row taller than a page as one chunk per line of text, so the flow can continue it
/// on the next page: each text mark goes with the line its baseline is on, rules with the
/// first or last line, a fill is cut at the line edges. The top padding `py` stays with
/// the first line, the bottom padding with the last; each line gets room above and below
/// it for the rules that close and reopen a page, so the row's lines stand a little apart.
fn by_line(row: Chunk, py: f32, leading: f32, gap: f32) -> Vec<Chunk> {
    let n = ((row.height - 2.0 * py) / leading).round().max(1.0) as usize;
    let edge = |k: usize| match k {
        0 => 0.0,
        k if k >= n => row.height,
        k => py + k as f32 * leading,
    };
    let line_of = |y: f32| (((y - py) / leading).floor().max(0.0) as usize).min(n - 1);
    let mut parts: Vec<Chunk> = (0..n)
        .map(|k| Chunk {
            height: edge(k + 1) - edge(k) + gap,
            marks: Vec::new(),
            keep_with_next: false,
        })
        .collect();
    for mark in row.marks {
        match &mark {
            Mark::Text(t) => {
                let k = line_of(t.baseline);
                parts[k].marks.push(mark.shifted(gap / 2.0 - edge(k)));
            }
            Mark::Rule { y0, .. } if *y0 <= 0.0 => parts[0].marks.push(mark),
            // A rule under the row: under its last line.
            Mark::Rule { .. } => parts[n - 1].marks.push(mark.shifted(gap - edge(n - 1))),
            Mark::Fill { rect, gray } => {
                for (k, part) in parts.iter_mut().enumerate() {
                    let (top, bottom) = (edge(k), edge(k + 1));
                    if rect.y1 <= top || rect.y0 >= bottom {
                        continue;
                    }
                    let y1 = if rect.y1 >= bottom {
                        part.height
                    } else {
                        rect.y1 - top
                    };
                    part.marks.push(Mark::Fill {
                        rect: Rect {
                            y0: rect.y0.max(top) - top,
                            y1,
                            ..*rect
                        },
                        gray: *gray,
                    });
                }
            }
            // Table rows draw no paths; one would stay with the row's first line.
            Mark::Path { .. } => parts[0].marks.push(mark),
        }
    }
    if let Some(last) = parts.last_mut() {
        last.keep_with_next = row.keep_with_next;
    }
    parts
}

/// The header rows as one chunk: top rule, cells, spanner rules, rule under the header.
fn header_chunk(t: &TableView, st: &TableStyle, look: &Tables, xs: &[f32]) -> Chunk {
    let (face, size, leading, px, py) = (st.face(), st.size, st.leading(), st.pad_x(), st.pad_y());
    let (depth, grid) = header_grid(t);
    let wrapped: Vec<Vec<Line>> = grid
        .iter()
        .map(|h| {
            let w = xs[h.col + h.colspan] - xs[h.col] - 2.0 * px;
            measure::wrap(&h.text, face, size, w)
        })
        .collect();
    let need = |lines: &[Line]| lines.len() as f32 * leading + 2.0 * py;
    let mut level_h = vec![0.0_f32; depth];
    for (h, lines) in grid.iter().zip(&wrapped) {
        if h.rowspan == 1 {
            level_h[h.level] = level_h[h.level].max(need(lines));
        }
    }
    for (h, lines) in grid.iter().zip(&wrapped) {
        let have: f32 = level_h[h.level..h.level + h.rowspan].iter().sum();
        if need(lines) > have {
            level_h[h.level + h.rowspan - 1] += need(lines) - have;
        }
    }
    let top_gap = look.header_top_gap;
    let mut ys = vec![top_gap];
    for h in &level_h {
        ys.push(ys[ys.len() - 1] + h);
    }
    let (x0, x1) = (xs[0], xs[xs.len() - 1]);
    let mut marks = vec![Mark::hrule(x0, x1, 0.0, look.rule_heavy, look.rule_gray)];
    for (h, lines) in grid.iter().zip(&wrapped) {
        let (cx0, cx1) = (xs[h.col] + px, xs[h.col + h.colspan] - px);
        let bottom = ys[h.level + h.rowspan];
        let top = bottom - py - lines.len() as f32 * leading;
        let align = match (h.col, h.colspan) {
            (0, _) => Align::Left,
            (_, 1) => Align::Right,
            _ => Align::Center,
        };
        marks.extend(line_marks(lines, align, cx0, cx1, top, size, leading));
        if h.colspan > 1 {
            marks.push(Mark::hrule(
                cx0 - px / 2.0,
                cx1 + px / 2.0,
                bottom,
                look.rule_light,
                look.rule_gray,
            ));
        }
    }
    let height = ys[depth] + look.header_bottom_gap;
    marks.push(Mark::hrule(
        x0,
        x1,
        height,
        look.rule_header,
        look.rule_gray,
    ));
    Chunk {
        height,
        marks,
        keep_with_next: false,
    }
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
