//! Tables: a [`TableView`] as a Word table, its strings as they are (nothing recomputed or
//! reformatted here).
//!
//! The caption is a paragraph in the `Caption` style (its GRI references in regular
//! weight, its footnote marks after it), kept with the table. Header rows repeat on every
//! page (`w:tblHeader`) and are never split; spanned header cells are real spans,
//! `w:gridSpan` across and `w:vMerge` down, so Word and its readers see the header's
//! structure. Labels, figures (right-aligned), total rows (bold) and group headings
//! (shaded) each have their own style; the notes follow in `TableNote`.
//!
//! Column widths and the wide-table rule are the PDF's ([`crate::render::pdf::columns`]),
//! scaled to the Word page: a table the PDF sets smaller, condensed or on a landscape page
//! is set so here too, so the two read alike and a figure does not wrap.

use super::body::{Body, Para, eighths};
use super::style::{Look, twips};
use super::xml::{RunProps, esc, text_run};
use crate::render::pdf::columns::{self, HeaderPos};
use crate::render::pdf::fonts::Family;
use crate::view::{ChartFigure, RowStyle, RowView, TableView};
use std::fmt::Write;

/// How a table is set: column widths (twips), orientation, and the face and scale of a
/// table the wide-table rule shrinks.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Layout {
    pub widths: Vec<u32>,
    pub landscape: bool,
    /// The face and the scale of the sizes, when not the styles' own.
    pub font: Option<(String, f64)>,
    /// Cell margins left and right, twips: the style table's padding scaled with the
    /// sizes, less half of [`SLACK`] each side.
    pub padding: u32,
}

/// Room a cell's text gets beyond what the PDF measured, pt: the columns are as wide as
/// the PDF's, exactly as wide as their widest figure, and Word and LibreOffice round
/// widths their own way; a figure must never wrap.
const SLACK: f64 = 1.0;

impl Layout {
    /// `t` laid out as the PDF lays it out, on `look`'s page. A table the PDF refuses (too
    /// wide for any step) gets even columns: the PDF's own error names it.
    pub(crate) fn of(t: &TableView, look: &Look) -> Layout {
        let style = crate::render::pdf::style::Style::default();
        let n = t.flat_headers.len() + 1;
        let padding = twips(look.table.padding_x);
        let Ok(choice) = columns::choose(&with_marks(t), &style) else {
            let width = look.text_width(false) / n as u32;
            return Layout {
                widths: vec![width; n],
                landscape: false,
                font: None,
                padding,
            };
        };
        let st = choice.style;
        let base = columns::steps(&style).first().map_or(st.size, |s| s.size);
        let scale = f64::from(st.size / base);
        let font = if st.family == Family::Condensed {
            Some((look.fonts.condensed.clone(), scale))
        } else if scale < 1.0 {
            Some((look.fonts.text.clone(), scale))
        } else {
            None
        };
        let padding = twips(look.table.padding_x * scale);
        let pdf_padding = 2.0 * f64::from(st.pad_x_em * st.size);
        // What each column holds, without the PDF's padding, on this page's text width.
        let total = look.text_width(st.landscape);
        let k = f64::from(total) / 20.0 / f64::from(st.page.content_width());
        let content: Vec<f64> = (choice.widths.iter())
            .map(|w| (f64::from(*w) - pdf_padding).max(0.0) * k)
            .collect();
        Layout {
            widths: widths(&content, 2 * padding, total),
            landscape: st.landscape,
            font,
            padding: padding.saturating_sub(twips(SLACK / 2.0)),
        }
    }

    /// The direct font of text in style `style`, when the table is set smaller.
    fn font<'l>(&'l self, look: &Look, style: &str) -> Option<(&'l str, u32)> {
        let (face, scale) = self.font.as_ref()?;
        let half_points = (look.size_of(style) * scale * 2.0).round().max(2.0) as u32;
        Some((face.as_str(), half_points))
    }
}

/// Column widths in twips from what each column holds (`content`, pt, as the PDF measured
/// it): a figure column its content and `padding`, the label column the rest of `total`.
fn widths(content: &[f64], padding: u32, total: u32) -> Vec<u32> {
    let figures: Vec<u32> = (content.iter().skip(1))
        .map(|c| twips(*c) + padding)
        .collect();
    let label = total.saturating_sub(figures.iter().sum());
    std::iter::once(label.max(padding + twips(SLACK)))
        .chain(figures)
        .collect()
}

/// `t` with each footnote mark after its figure or caption, as the PDF measures it: the
/// mark takes room in its column.
fn with_marks(t: &TableView) -> std::borrow::Cow<'_, TableView> {
    let marked = t.rows.iter().any(|r| r.marks.iter().any(|m| !m.is_empty()));
    if !marked {
        return std::borrow::Cow::Borrowed(t);
    }
    let mut t = t.clone();
    for row in &mut t.rows {
        for (cell, m) in row.cells.iter_mut().zip(&row.marks) {
            cell.push_str(&crate::view::mark(m));
        }
    }
    std::borrow::Cow::Owned(t)
}

/// Writes `t` (caption, table, notes) into `body`.
pub(crate) fn write(body: &mut Body, t: &TableView) {
    let layout = Layout::of(t, body.look);
    caption(body, t, &layout);
    let mut xml = String::new();
    open(
        &mut xml,
        body.look,
        &layout.widths,
        layout.padding,
        &t.caption,
    );
    header(&mut xml, body.look, t, &layout);
    let n = layout.widths.len();
    let last = t.rows.len().saturating_sub(1);
    for (r, row) in t.rows.iter().enumerate() {
        // As in the PDF: the caption and header stay with two rows, the last two rows stay
        // together (Word keeps a row with the next when its paragraphs say so).
        let keep = (r < 2 || r + 1 >= last) && r < last;
        body_row(&mut xml, body, row, (n, keep), &layout);
    }
    xml.push_str("</w:tbl>");
    body.table(&xml, layout.landscape);
    for note in &t.notes {
        let mut runs = String::new();
        let props = RunProps {
            font: layout.font(body.look, "TableNote"),
            ..RunProps::default()
        };
        text_run(&mut runs, note, &props);
        let para = Para {
            style: Some("TableNote"),
            landscape: layout.landscape,
            ..Para::default()
        };
        body.paragraph(&para, &runs);
    }
    body.space(body.look.table.space_after);
}

/// The caption paragraph: the caption, its marks, its GRI references; nothing for a table
/// without one (a pipe table in the prose).
fn caption(body: &mut Body, t: &TableView, layout: &Layout) {
    if t.caption.is_empty() && t.gri.is_empty() {
        return;
    }
    let mut runs = String::new();
    text_run(&mut runs, &t.caption, &RunProps::default());
    body.marks(&mut runs, &t.caption_marks, None);
    if !t.gri.is_empty() {
        // Each reference stays on one line, as in the PDF: `GRI 2-7` never splits.
        let refs: Vec<String> = t.gri.iter().map(|g| g.replace(' ', "\u{a0}")).collect();
        let props = RunProps {
            not_bold: true,
            ..RunProps::default()
        };
        text_run(&mut runs, &format!(" ({})", refs.join(", ")), &props);
    }
    let para = Para {
        style: Some("Caption"),
        keep_next: true,
        landscape: layout.landscape,
        ..Para::default()
    };
    body.paragraph(&para, &runs);
}

/// `<w:tbl>`, its properties (fixed layout, the look's rules, `padding` left and right,
/// `caption` as the table's title for screen readers) and its grid.
pub(crate) fn open(xml: &mut String, look: &Look, widths: &[u32], padding: u32, caption: &str) {
    let t = &look.table;
    let total: u32 = widths.iter().sum();
    let rule = |side: &str, pt: f64, color: &str| {
        format!(
            "<w:{side} w:val=\"single\" w:sz=\"{}\" w:space=\"0\" w:color=\"{color}\"/>",
            eighths(pt)
        )
    };
    let none = |side: &str| format!("<w:{side} w:val=\"nil\"/>");
    let (px, py) = (padding, twips(t.padding_y));
    let _ = write!(
        xml,
        "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:tblBorders>{}{}{}{}{}{}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:top w:w=\"{py}\" w:type=\"dxa\"/><w:left w:w=\"{px}\" w:type=\"dxa\"/><w:bottom w:w=\"{py}\" w:type=\"dxa\"/><w:right w:w=\"{px}\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>",
        rule("top", t.rule, &t.rule_color),
        none("left"),
        rule("bottom", t.rule, &t.rule_color),
        none("right"),
        rule("insideH", t.hairline, &t.hairline_color),
        none("insideV"),
    );
    if !caption.is_empty() {
        let _ = write!(xml, "<w:tblCaption w:val=\"{}\"/>", esc(caption));
    }
    xml.push_str("</w:tblPr><w:tblGrid>");
    for w in widths {
        let _ = write!(xml, "<w:gridCol w:w=\"{w}\"/>");
    }
    xml.push_str("</w:tblGrid>");
}

/// One cell of a row being written.
#[derive(Default)]
pub(crate) struct Cell<'a> {
    /// Its first grid column and how many it spans.
    pub col: usize,
    pub span: usize,
    pub vmerge: Option<&'static str>,
    /// Paragraph style and the paragraph's runs.
    pub style: &'a str,
    pub runs: String,
    pub align: Option<super::style::Align>,
    /// Rules over and under it (pt), the shading.
    pub top: Option<f64>,
    pub bottom: Option<f64>,
    pub fill: Option<&'a str>,
    pub bottom_align: bool,
    pub keep_next: bool,
}

/// Appends `<w:tc>` for `c` in a table of column `widths`.
pub(crate) fn cell(xml: &mut String, look: &Look, widths: &[u32], c: &Cell) {
    let end = (c.col + c.span.max(1)).min(widths.len());
    let width: u32 = widths.get(c.col..end).map_or(0, |w| w.iter().sum());
    let _ = write!(xml, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
    if c.span > 1 {
        let _ = write!(xml, "<w:gridSpan w:val=\"{}\"/>", c.span);
    }
    match c.vmerge {
        Some("restart") => xml.push_str("<w:vMerge w:val=\"restart\"/>"),
        Some(_) => xml.push_str("<w:vMerge/>"),
        None => {}
    }
    let t = &look.table;
    let side = |name: &str, pt: f64| {
        format!(
            "<w:{name} w:val=\"single\" w:sz=\"{}\" w:space=\"0\" w:color=\"{}\"/>",
            eighths(pt),
            t.rule_color
        )
    };
    if c.top.is_some() || c.bottom.is_some() {
        xml.push_str("<w:tcBorders>");
        xml.push_str(&c.top.map(|pt| side("top", pt)).unwrap_or_default());
        xml.push_str(&c.bottom.map(|pt| side("bottom", pt)).unwrap_or_default());
        xml.push_str("</w:tcBorders>");
    }
    if let Some(fill) = c.fill {
        let _ = write!(
            xml,
            "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>"
        );
    }
    if c.bottom_align {
        xml.push_str("<w:vAlign w:val=\"bottom\"/>");
    }
    let _ = write!(
        xml,
        "</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"{}\"/>",
        c.style
    );
    if c.keep_next {
        xml.push_str("<w:keepNext/>");
    }
    if let Some(a) = c.align {
        let _ = write!(xml, "<w:jc w:val=\"{}\"/>", a.word());
    }
    let _ = write!(xml, "</w:pPr>{}</w:p></w:tc>", c.runs);
}

/// A run of `text` in the table's face, if it has one of its own.
fn runs(text: &str, look: &Look, layout: &Layout, style: &str) -> String {
    let mut out = String::new();
    let props = RunProps {
        font: layout.font(look, style),
        ..RunProps::default()
    };
    text_run(&mut out, text, &props);
    out
}

/// The header rows, the label column's header first, spans as the view placed them.
fn header(xml: &mut String, look: &Look, t: &TableView, layout: &Layout) {
    use super::style::Align;
    let (depth, grid) = columns::header_grid(t);
    let n = layout.widths.len();
    let light = look.table.rule_light;
    for level in 0..depth {
        xml.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        let last = level + 1 == depth;
        let mut col = 0;
        while col < n {
            let start = grid.iter().find(|h| h.level == level && h.col == col);
            let above = || grid.iter().find(|h| covers(h, level, col));
            let (span, vmerge, text, leaf) = match (start, above()) {
                (Some(h), _) => {
                    let vmerge = (h.rowspan > 1).then_some("restart");
                    let leaf = h.level + h.rowspan >= depth;
                    (h.colspan, vmerge, h.text.as_str(), leaf)
                }
                (None, Some(h)) => (h.colspan, Some("continue"), "", true),
                (None, None) => (1, None, "", true),
            };
            let span = span.clamp(1, n - col);
            let align = match (col, leaf) {
                (0, _) => None,
                (_, true) => Some(Align::Right),
                (_, false) => Some(Align::Center),
            };
            let c = Cell {
                col,
                span,
                vmerge,
                style: "TableHeader",
                runs: runs(text, look, layout, "TableHeader"),
                align,
                bottom: (last || !leaf).then_some(light),
                bottom_align: true,
                keep_next: true,
                ..Cell::default()
            };
            cell(xml, look, &layout.widths, &c);
            col += span;
        }
        xml.push_str("</w:tr>");
    }
}

/// Whether header cell `h`, started on a row above, reaches down to `level` at `col`.
fn covers(h: &HeaderPos, level: usize, col: usize) -> bool {
    h.col == col && h.level < level && h.level + h.rowspan > level
}

/// A body row of a table of `n` columns: a group heading across the table, or the label
/// and its figures (bold in a total row), each figure followed by its footnote marks;
/// `keep` keeps it on the page of the next row.
fn body_row(
    xml: &mut String,
    body: &mut Body,
    row: &RowView,
    (n, keep): (usize, bool),
    layout: &Layout,
) {
    let look = body.look;
    xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    if row.style == RowStyle::Heading {
        let c = Cell {
            span: n,
            style: "TableGroup",
            runs: runs(&row.label, look, layout, "TableGroup"),
            fill: Some(&look.table.group_fill),
            keep_next: true,
            ..Cell::default()
        };
        cell(xml, look, &layout.widths, &c);
        xml.push_str("</w:tr>");
        return;
    }
    let total = row.style == RowStyle::Total;
    let (label, figure) = match total {
        true => ("TableTotal", "TableTotalFigure"),
        false => ("TableText", "TableFigure"),
    };
    let top = total.then_some(look.table.rule_light);
    let first = Cell {
        span: 1,
        style: label,
        runs: runs(&row.label, look, layout, label),
        top,
        keep_next: keep,
        ..Cell::default()
    };
    cell(xml, look, &layout.widths, &first);
    for col in 1..n {
        let text = row.cells.get(col - 1).map_or("", String::as_str);
        let mut r = runs(text, look, layout, figure);
        body.marks(&mut r, row.marks_of(col - 1), layout.font(look, figure));
        let c = Cell {
            col,
            span: 1,
            style: figure,
            runs: r,
            top,
            keep_next: keep,
            ..Cell::default()
        };
        cell(xml, look, &layout.widths, &c);
    }
    xml.push_str("</w:tr>");
}

/// A chart as the Word files show it: its data as a table (category, then a column per
/// series, each point as the chapter prints it) under the chart's title as caption.
pub(crate) fn chart_table(chart: &ChartFigure) -> TableView {
    use crate::locale::{Ui, ui};
    let v = &chart.view;
    TableView {
        id: v.id.clone(),
        caption: v.title.clone(),
        gri: Vec::new(),
        stub: ui(Ui::ChartCategory, v.lang).to_owned(),
        header_rows: Vec::new(),
        flat_headers: v
            .series
            .iter()
            .map(|s| s.label.clone().unwrap_or_else(|| v.title.clone()))
            .collect(),
        rows: v
            .categories
            .iter()
            .enumerate()
            .map(|(i, category)| RowView {
                style: RowStyle::Body,
                label: category.clone(),
                cells: v
                    .series
                    .iter()
                    .map(|s| {
                        s.points
                            .get(i)
                            .map(|p| p.printed.clone())
                            .unwrap_or_default()
                    })
                    .collect(),
                marks: Vec::new(),
            })
            .collect(),
        notes: Vec::new(),
        caption_marks: Vec::new(),
    }
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
