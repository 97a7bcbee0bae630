//! View: the typed, per-language values handed to templates and renderers. Every figure
//! is already formatted for one language, every label already chosen; [`chapter`]
//! gathers one language's sections, table views and the reconciliation [`appendix`].
//! Renderers lay these out and never format a number or pick a translation themselves.

mod appendix;
mod gri;

pub use appendix::{Appendix, Entry, EntryGroup, anchor, appendix, mark};
pub(crate) use gri::printed_codes;
pub use gri::{GRI_INDEX_ID, GriEntry, GriHeads, GriIndex, GriPlace, gri_index};

use crate::check::Findings;
use crate::compute::{Computed, Value, fact_figures};
use crate::lang::Lang;
use crate::locale::NumberStyle;
use crate::locale::plural::{Category, Plurals};
use crate::model::{Format, HeaderNode, Place, Report, RowKind, Table};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// One piece of a section, in order: what the template stage hands every renderer, so
/// none of them looks for slots in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Markdown prose between the slots.
    Prose(String),
    /// A table placed with `{{ table(id=…) }}`: its id.
    Table(String),
    /// A chart placed with `{{ chart(id=…) }}`: its id.
    Chart(String),
}

/// One section in one language, as the template stage rendered it.
#[derive(Clone, Debug)]
pub struct SectionText {
    pub id: String,
    pub title: String,
    pub parts: Vec<Part>,
    /// Ids of the tables placed in the section, in order.
    pub tables: Vec<String>,
    /// Ids of the charts placed in the section, in order.
    pub charts: Vec<String>,
}

/// One language of the chapter, everything a renderer needs.
#[derive(Clone, Debug)]
pub struct Chapter {
    pub lang: Lang,
    /// The languages whose pages the language switch links to.
    pub languages: Vec<Lang>,
    pub title: String,
    /// `YYYY-MM-DD`, or the date from `SOURCE_DATE_EPOCH`.
    pub date: String,
    pub sections: Vec<SectionText>,
    pub tables: BTreeMap<String, TableView>,
    /// Every chart's view and drawing, laid out once for all formats, by id.
    pub charts: BTreeMap<String, ChartFigure>,
    /// What this edition changes or assumes against the printed source, for readers.
    pub appendix: Appendix,
    /// The GRI content index; `None` when `data/gri.yaml` lists no disclosures.
    pub gri: Option<GriIndex>,
}

/// A chart in one language: its words and figures, and its drawing. Every renderer draws
/// the same [`crate::chart::Geometry`], so labels sit alike in HTML, Markdown and PDF.
#[derive(Clone, Debug)]
pub struct ChartFigure {
    pub view: crate::chart::ChartView,
    pub geometry: crate::chart::Geometry,
}

/// Every chart of the report in `style`'s language, laid out, by id.
pub fn chart_figures(
    report: &Report,
    computed: &Computed,
    style: &NumberStyle,
) -> BTreeMap<String, ChartFigure> {
    let views = crate::chart::chart_views(report, computed, style);
    let figure = |view: crate::chart::ChartView| {
        let geometry = crate::chart::layout(&view);
        (view.id.clone(), ChartFigure { view, geometry })
    };
    views.into_iter().map(figure).collect()
}

/// The file name (without extension) of the reconciliation appendix in each language's
/// folder; no section may take it.
pub const APPENDIX_ID: &str = "reconciliation";

/// One language's chapter: the template stage's `sections`, every table's view (with the
/// footnote marks of `findings`) and the reconciliation appendix. `languages` are those
/// the language switch links to; `date` is the document date.
pub(crate) fn chapter(
    report: &Report,
    computed: &Computed,
    findings: &Findings,
    style: &NumberStyle,
    sections: Vec<SectionText>,
    languages: &[Lang],
    date: &str,
) -> Chapter {
    let lang = style.lang;
    let marks = findings.marks();
    let draft = is_draft(report);
    let titled = |title: &str| match draft {
        true => format!("{} {title}", crate::locale::draft_mark(lang)),
        false => title.to_owned(),
    };
    let marked = |mut parts: Vec<Part>| {
        if draft {
            let banner = crate::locale::draft_banner(lang);
            match parts.first_mut() {
                Some(Part::Prose(first)) => *first = with_banner(first, banner),
                _ => parts.insert(0, Part::Prose(format!("{banner}\n"))),
            }
        }
        parts
    };
    let gri = gri::gri_index(report, &sections, lang);
    Chapter {
        lang,
        languages: languages.to_vec(),
        title: titled(report.title.get(lang)),
        date: date.to_owned(),
        sections: sections
            .into_iter()
            .map(|s| SectionText {
                parts: marked(s.parts),
                ..s
            })
            .collect(),
        tables: (0..report.tables.len())
            .map(|t| {
                let mut view = table_view(report, computed, t, style);
                add_marks(&mut view, t, &marks);
                (view.id.clone(), view)
            })
            .collect(),
        charts: chart_figures(report, computed, style),
        appendix: appendix(report, findings, style),
        gri,
    }
}

impl SectionText {
    /// The section's prose, every part of it joined (for checks and searches over the
    /// text; renderers go part by part).
    pub fn prose(&self) -> String {
        let prose = self.parts.iter().filter_map(|p| match p {
            Part::Prose(text) => Some(text.as_str()),
            Part::Table(_) | Part::Chart(_) => None,
        });
        prose.collect::<Vec<_>>().join("\n")
    }
}

/// `markdown` with the paragraph `banner` under its first heading (or first, without one).
fn with_banner(markdown: &str, banner: &str) -> String {
    match markdown.split_once('\n') {
        Some((first, rest)) if first.starts_with('#') => format!("{first}\n\n{banner}\n{rest}"),
        _ => format!("{banner}\n\n{markdown}"),
    }
}

/// Whether figures are still to fill in (`~`): only a draft build renders such a report.
fn is_draft(report: &Report) -> bool {
    let mut rows = report.tables.iter().flat_map(|t| &t.rows);
    rows.any(|r| !r.to_fill.is_empty()) || report.facts.iter().any(|f| f.to_fill.is_some())
}

/// The footnote marks of table `t`'s cells and caption.
fn add_marks(view: &mut TableView, t: usize, marks: &BTreeMap<Place, Vec<usize>>) {
    view.caption_marks = marks.get(&Place::Table(t)).cloned().unwrap_or_default();
    for (r, row) in view.rows.iter_mut().enumerate() {
        let cells: Vec<Vec<usize>> = (0..row.cells.len())
            .map(|c| {
                marks
                    .get(&Place::Cell(t, r, c))
                    .cloned()
                    .unwrap_or_default()
            })
            .collect();
        if cells.iter().any(|m| !m.is_empty()) {
            row.marks = cells;
        }
    }
}

/// One table, ready to lay out in one language.
#[derive(Clone, Debug, Serialize)]
pub struct TableView {
    pub id: String,
    pub caption: String,
    /// `GRI 405-1`, …
    pub gri: Vec<String>,
    /// Header of the label column; it spans all header rows.
    pub stub: String,
    /// Header rows over the figure columns, outermost first.
    pub header_rows: Vec<Vec<HeaderCell>>,
    /// Each figure column's full header flattened (`30 жасқа дейін, адам`), for GFM and CSV.
    pub flat_headers: Vec<String>,
    pub rows: Vec<RowView>,
    pub notes: Vec<String>,
    /// Reconciliation entries about the whole table (their numbers).
    pub caption_marks: Vec<usize>,
}

/// A header cell with its place in the grid of figure columns, so no renderer has to
/// rebuild the grid from the spans.
#[derive(Clone, Debug, Serialize)]
pub struct HeaderCell {
    pub text: String,
    /// The first figure column it heads (0 is the first column after the label column).
    pub col: usize,
    pub colspan: usize,
    pub rowspan: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowStyle {
    Body,
    Heading,
    Total,
}

#[derive(Clone, Debug, Serialize)]
pub struct RowView {
    pub style: RowStyle,
    pub label: String,
    /// Formatted figures, one per column (empty for a heading row).
    pub cells: Vec<String>,
    /// Per cell, the reconciliation entries it is marked with (empty: no cell is).
    pub marks: Vec<Vec<usize>>,
}

impl RowView {
    /// The reconciliation entries marking cell `c`.
    pub fn marks_of(&self, c: usize) -> &[usize] {
        self.marks.get(c).map_or(&[], Vec::as_slice)
    }
}

pub fn table_view(
    report: &Report,
    computed: &Computed,
    t: usize,
    style: &NumberStyle,
) -> TableView {
    let table = &report.tables[t];
    let lang = style.lang;
    let depth = table.header_depth();
    let mut header_rows = vec![Vec::new(); depth];
    let mut col = 0;
    for node in &table.header {
        col = header_cells(node, 0, col, depth, lang, &mut header_rows);
    }
    let rows = table
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| RowView {
            style: match row.kind {
                RowKind::Body => RowStyle::Body,
                RowKind::Heading => RowStyle::Heading,
                RowKind::Total => RowStyle::Total,
            },
            label: row.label.get(lang).to_owned(),
            cells: if row.kind == RowKind::Heading {
                Vec::new()
            } else {
                (0..table.columns.len())
                    .map(|c| cell_text(table, computed, t, r, c, style))
                    .collect()
            },
            marks: Vec::new(),
        })
        .collect();
    TableView {
        id: table.id.clone(),
        caption: table.title.get(lang).to_owned(),
        gri: table.gri.iter().map(|g| gri::printed_code(g)).collect(),
        stub: table.stub.get(lang).to_owned(),
        header_rows,
        flat_headers: table
            .columns
            .iter()
            .map(|c| {
                c.label_path
                    .iter()
                    .map(|l| l.get(lang))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect(),
        rows,
        notes: table.notes.iter().map(|n| n.get(lang).to_owned()).collect(),
        caption_marks: Vec::new(),
    }
}

/// A cell's text: the value at the row's (or else the column's) precision and format.
pub fn cell_text(
    table: &Table,
    computed: &Computed,
    t: usize,
    r: usize,
    c: usize,
    style: &NumberStyle,
) -> String {
    let col = &table.columns[c];
    let precision = table.rows[r].precision.unwrap_or(col.precision);
    style.value(
        computed.figure(t, r, c),
        precision,
        col.format,
        table.zero_mark.as_deref(),
    )
}

fn leaf_count(node: &HeaderNode) -> usize {
    if node.children.is_empty() {
        1
    } else {
        node.children.iter().map(leaf_count).sum()
    }
}

/// Places `node` at header row `level` from figure column `col`, then its children
/// under it; returns the column after it.
fn header_cells(
    node: &HeaderNode,
    level: usize,
    col: usize,
    depth: usize,
    lang: Lang,
    out: &mut [Vec<HeaderCell>],
) -> usize {
    let leaf = node.children.is_empty();
    let colspan = leaf_count(node);
    out[level].push(HeaderCell {
        text: node.label.get(lang).to_owned(),
        col,
        colspan,
        rowspan: if leaf { depth - level } else { 1 },
    });
    let mut child_col = col;
    for child in &node.children {
        child_col = header_cells(child, level + 1, child_col, depth, lang, out);
    }
    col + colspan
}

/// Every fact and table cell of the report, formatted for one language: what templates
/// can print through `fact()` and `cell()`, and agree words with through `word()`.
#[derive(Clone, Debug, Default)]
pub struct Figures {
    pub facts: BTreeMap<String, Printed>,
    /// table → row → column → figure
    pub cells: BTreeMap<String, BTreeMap<String, BTreeMap<String, Printed>>>,
}

/// One figure as a template receives it: its text, and the plural category of that text,
/// so a word agrees with what the reader sees (`21` one, `20,6` other), not with the
/// exact value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Printed {
    /// The formatted figure, possibly ending with a mark token.
    pub text: String,
    pub category: Category,
}

impl Printed {
    /// `value` printed at `precision` in `style`'s language, with its category.
    pub fn number(style: &NumberStyle, value: Decimal, precision: u32) -> Printed {
        Printed {
            text: style.number(value, precision, Format::Number),
            category: Plurals::new(style.lang).of_value(Value::Num(value), precision),
        }
    }
}

/// Each figure carries the reconciliation marks of `marks` as a [`MARK_OPEN`] …
/// [`MARK_CLOSE`] token, which the template stage turns into a footnote link.
pub fn figures(
    report: &Report,
    computed: &Computed,
    style: &NumberStyle,
    marks: &BTreeMap<Place, Vec<usize>>,
) -> Figures {
    let printed = fact_figures(report, computed);
    let plurals = Plurals::new(style.lang);
    let with_mark = |text: String, place: Place| match marks.get(&place) {
        Some(m) => format!("{text}{}", mark_token(m)),
        None => text,
    };
    let facts = report
        .facts
        .iter()
        .zip(printed)
        .enumerate()
        .map(|(f, (fact, value))| {
            let text = style.value(value, fact.precision, fact.format, None);
            let figure = Printed {
                text: with_mark(text, Place::Fact(f)),
                category: plurals.of_value(value, fact.precision),
            };
            (fact.id.clone(), figure)
        })
        .collect();
    let cells = report
        .tables
        .iter()
        .enumerate()
        .map(|(t, table)| {
            let rows = table
                .rows
                .iter()
                .enumerate()
                .filter(|(_, row)| row.kind != RowKind::Heading)
                .map(|(r, row)| {
                    let cols = table
                        .columns
                        .iter()
                        .enumerate()
                        .map(|(c, col)| {
                            let text = cell_text(table, computed, t, r, c, style);
                            let precision = row.precision.unwrap_or(col.precision);
                            let figure = Printed {
                                text: with_mark(text, Place::Cell(t, r, c)),
                                category: plurals.of_value(computed.figure(t, r, c), precision),
                            };
                            (col.key.clone(), figure)
                        })
                        .collect();
                    (row.key.clone(), cols)
                })
                .collect();
            (table.id.clone(), rows)
        })
        .collect();
    Figures { facts, cells }
}

/// Opens a mark token in a figure's text: private-use characters, which no figure has.
pub(crate) const MARK_OPEN: char = '\u{E000}';
pub(crate) const MARK_CLOSE: char = '\u{E001}';

/// `numbers` as a token: `\u{E000}3,12\u{E001}`.
fn mark_token(numbers: &[usize]) -> String {
    let list: Vec<String> = numbers.iter().map(usize::to_string).collect();
    format!("{MARK_OPEN}{}{MARK_CLOSE}", list.join(","))
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;
