//! The section's prose: its Markdown (from the Tera template) parsed with pulldown-cmark
//! into blocks, then laid out as flowables. Table slots become tables; a GFM pipe table
//! written in prose goes through the same table layout; raw HTML is shown as text, never
//! interpreted, as in the HTML output.
//!
//! Text is ragged-right (no justification: PDF word spacing does not apply to the
//! two-byte font encoding, and even gaps extract better). Paragraphs keep at least two
//! lines together at each end of a page break; headings, and short all-bold paragraphs
//! that act as headings before a list, stay with what follows.

use super::flow::Flowable;
use super::fonts::Face;
use super::layout::{Align, Chunk, Geometry, Mark, line_marks};
use super::measure::{self, Span};
use super::style::Style;
use super::table;
use crate::lang::Lang;
use crate::view::{ChartFigure, RowStyle, RowView, TableView};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;

/// A block of the section's Markdown.
#[derive(Clone, Debug)]
pub(crate) enum Block {
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph {
        spans: Vec<Span>,
        indent: usize,
    },
    /// A list item's paragraph; `marker` is empty for its second and later paragraphs.
    Item {
        marker: String,
        depth: usize,
        spans: Vec<Span>,
    },
    /// A table slot: the id of a [`TableView`].
    Table(String),
    /// A chart slot: the id of a [`ChartFigure`].
    Chart(String),
    /// A pipe table written in the prose.
    Grid(TableView),
    Rule,
}

impl Block {
    /// The id of the table this block is the slot of.
    pub(crate) fn table_id(&self) -> Option<&str> {
        match self {
            Block::Table(id) => Some(id),
            _ => None,
        }
    }
}

#[derive(Default)]
struct Parse {
    blocks: Vec<Block>,
    spans: Vec<Span>,
    bold: usize,
    italic: usize,
    quote: usize,
    heading: Option<u8>,
    /// Next number of each open list (`None`: bullets).
    lists: Vec<Option<u64>>,
    marker: Option<String>,
    grid: Option<(Vec<String>, Vec<Vec<String>>)>,
    cell: Option<String>,
    row: Vec<String>,
}

impl Parse {
    fn face(&self) -> Face {
        Face::new(super::fonts::Family::Sans, self.bold > 0, self.italic > 0)
    }

    fn text(&mut self, text: &str) {
        if let Some(cell) = &mut self.cell {
            cell.push_str(text);
            return;
        }
        let face = self.face();
        match self.spans.last_mut() {
            Some(s) if s.face == face => s.text.push_str(text),
            _ => self.spans.push(Span::new(text, face)),
        }
    }

    fn flush(&mut self) {
        let spans = std::mem::take(&mut self.spans);
        if spans.iter().all(|s| s.text.trim().is_empty()) {
            return;
        }
        let block = if let Some(level) = self.heading {
            Block::Heading { level, spans }
        } else if !self.lists.is_empty() {
            Block::Item {
                marker: self.marker.take().unwrap_or_default(),
                depth: self.lists.len() - 1,
                spans,
            }
        } else {
            Block::Paragraph {
                spans,
                indent: self.quote,
            }
        };
        self.blocks.push(block);
    }
}

/// The blocks of `markdown`.
/// A section's parts as blocks: its prose parsed, its tables in their places.
pub(crate) fn parts(parts: &[crate::view::Part]) -> Vec<Block> {
    let mut blocks = Vec::new();
    for part in parts {
        match part {
            crate::view::Part::Prose(markdown) => blocks.extend(parse(markdown)),
            crate::view::Part::Table(id) => blocks.push(Block::Table(id.clone())),
            crate::view::Part::Chart(id) => blocks.push(Block::Chart(id.clone())),
        }
    }
    blocks
}

pub(crate) fn parse(markdown: &str) -> Vec<Block> {
    let mut p = Parse::default();
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                p.flush();
                p.heading = Some(level as u8);
            }
            Event::End(TagEnd::Heading(_)) => {
                p.flush();
                p.heading = None;
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock) => p.flush(),
            Event::Start(Tag::List(first)) => {
                p.flush();
                p.lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                p.flush();
                p.lists.pop();
            }
            Event::Start(Tag::Item) => {
                p.flush();
                let nested = p.lists.len() > 1;
                p.marker = Some(match p.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}.", *n - 1)
                    }
                    _ if nested => "–".to_owned(),
                    _ => "•".to_owned(),
                });
            }
            Event::Start(Tag::BlockQuote(_)) => {
                p.flush();
                p.quote += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                p.flush();
                p.quote = p.quote.saturating_sub(1);
            }
            Event::Start(Tag::Strong) => p.bold += 1,
            Event::End(TagEnd::Strong) => p.bold = p.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => p.italic += 1,
            Event::End(TagEnd::Emphasis) => p.italic = p.italic.saturating_sub(1),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                p.flush();
                p.text(&format!("[{label}] "));
            }
            Event::End(TagEnd::FootnoteDefinition) => p.flush(),
            Event::FootnoteReference(label) => p.text(&format!("[{label}]")),
            Event::Text(t) | Event::Code(t) => p.text(&t),
            Event::SoftBreak => p.text(" "),
            Event::HardBreak => p.text("\n"),
            Event::TaskListMarker(done) => p.text(if done { "[x] " } else { "[ ] " }),
            Event::Rule => {
                p.flush();
                p.blocks.push(Block::Rule);
            }
            Event::Html(h) | Event::InlineHtml(h) => p.text(&h),
            Event::Start(Tag::Table(_)) => {
                p.flush();
                p.grid = Some((Vec::new(), Vec::new()));
            }
            Event::Start(Tag::TableCell) => p.cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let cell = p.cell.take().unwrap_or_default();
                p.row.push(cell);
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(g) = &mut p.grid {
                    g.0 = std::mem::take(&mut p.row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                let row = std::mem::take(&mut p.row);
                if let Some(g) = &mut p.grid {
                    g.1.push(row);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some((head, rows)) = p.grid.take() {
                    p.blocks.push(Block::Grid(grid_view(head, rows)));
                }
            }
            _ => {}
        }
    }
    p.flush();
    p.blocks
}

/// A prose pipe table as a [`TableView`]: first column the labels, no caption (also the
/// Word output's).
pub(crate) fn grid_view(head: Vec<String>, rows: Vec<Vec<String>>) -> TableView {
    let mut head = head.into_iter();
    TableView {
        id: String::new(),
        caption: String::new(),
        gri: Vec::new(),
        stub: head.next().unwrap_or_default(),
        header_rows: Vec::new(),
        flat_headers: head.collect(),
        rows: rows
            .into_iter()
            .map(|r| {
                let mut cells = r.into_iter();
                RowView {
                    style: RowStyle::Body,
                    label: cells.next().unwrap_or_default(),
                    cells: cells.collect(),
                    marks: Vec::new(),
                }
            })
            .collect(),
        notes: Vec::new(),
        caption_marks: Vec::new(),
    }
}

/// Lines of `spans` as chunks, one per line, text from `x0` to `x1`.
fn text_chunks(spans: &[Span], size: f32, leading: f32, x0: f32, x1: f32) -> Vec<Chunk> {
    measure::wrap_spans(spans, size, x1 - x0)
        .iter()
        .map(|line| Chunk {
            height: leading,
            marks: line_marks(
                std::slice::from_ref(line),
                Align::Left,
                x0,
                x1,
                0.0,
                size,
                leading,
            ),
            keep_with_next: false,
        })
        .collect()
}

fn paragraph(g: Geometry, chunks: Vec<Chunk>, space_before: f32) -> Flowable {
    Flowable {
        space_before,
        min_first: 2,
        min_last: 2,
        ..Flowable::new(g, chunks)
    }
}

/// The blocks laid out for a portrait page of `style`.
pub(crate) fn flowables(
    blocks: &[Block],
    tables: &BTreeMap<String, TableView>,
    charts: &BTreeMap<String, ChartFigure>,
    lang: Lang,
    style: &Style,
) -> Result<Vec<Flowable>, String> {
    let mut out = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let flowable = match block {
            Block::Heading { level, spans } => heading(*level, spans, style),
            Block::Paragraph { spans, indent } => body_paragraph(spans, *indent, style),
            Block::Item {
                marker,
                depth,
                spans,
            } => {
                let first_of_list =
                    !matches!(blocks.get(i.wrapping_sub(1)), Some(Block::Item { .. }));
                item(marker, *depth, spans, first_of_list, style)
            }
            Block::Table(id) => {
                let t = tables
                    .get(id)
                    .ok_or_else(|| format!("no view for table `{id}`"))?;
                table::flowable(t, lang, style)?
            }
            Block::Chart(id) => {
                let c = charts
                    .get(id)
                    .ok_or_else(|| format!("no view for chart `{id}`"))?;
                super::chart::flowable(&c.geometry, style)
            }
            Block::Grid(t) => table::flowable(t, lang, style)?,
            Block::Rule => thematic_rule(style),
        };
        out.push(flowable);
    }
    Ok(out)
}

/// A heading: bold, kept with what follows.
fn heading(level: u8, spans: &[Span], style: &Style) -> Flowable {
    let g = style.portrait();
    let h = style.heading(level);
    let bold: Vec<Span> = spans
        .iter()
        .map(|s| Span::new(s.text.as_str(), s.face.bold()))
        .collect();
    let mut chunks = text_chunks(&bold, h.size, h.leading, g.left, g.content_right());
    if let Some(last) = chunks.last_mut() {
        last.height += h.space_after;
    }
    chunks.iter_mut().for_each(|c| c.keep_with_next = true);
    Flowable {
        space_before: h.space_before,
        keep_with_next: true,
        ..Flowable::new(g, chunks)
    }
}

/// A paragraph of body text, indented per block-quote level.
fn body_paragraph(spans: &[Span], indent: usize, style: &Style) -> Flowable {
    let (g, b) = (style.portrait(), &style.body);
    let left = g.left + indent as f32 * b.indent;
    let chunks = text_chunks(spans, b.size, b.leading, left, g.content_right());
    let mut f = paragraph(g, chunks, b.paragraph_space);
    // A short all-bold paragraph, or one ending in a colon, introduces what
    // follows (a list, a table): keep them together.
    let all_bold = spans
        .iter()
        .all(|s| s.face.is_bold() || s.text.trim().is_empty());
    let intro = spans
        .last()
        .is_some_and(|s| s.text.trim_end().ends_with(':'));
    // A one-line GRI reference labels the text under it.
    let reference = plain(spans).trim_start().starts_with("GRI ") && f.chunks.len() == 1;
    if (all_bold && f.chunks.len() <= 2) || intro || reference {
        f.keep_with_next = true;
        f.min_first = f.chunks.len();
    }
    f
}

/// A list item's paragraph, its marker (if any) hanging left of its text.
fn item(marker: &str, depth: usize, spans: &[Span], first: bool, style: &Style) -> Flowable {
    let (g, b) = (style.portrait(), &style.body);
    let left = g.left + (depth + 1) as f32 * b.indent;
    let mut chunks = text_chunks(spans, b.size, b.leading, left, g.content_right());
    if !marker.is_empty() {
        let w = measure::width(Face::Sans, b.size, marker);
        let mx = if marker == "•" || marker == "–" {
            left - b.bullet_offset
        } else {
            left - b.marker_gap - w
        };
        let baseline = super::layout::first_baseline(Face::Sans, b.size, b.leading);
        chunks[0]
            .marks
            .push(Mark::text(mx, baseline, b.size, Face::Sans, marker, w));
    }
    let space = if first {
        b.paragraph_space
    } else {
        b.item_space
    };
    paragraph(g, chunks, space)
}

/// A thematic break: a grey line through the middle of its band.
fn thematic_rule(style: &Style) -> Flowable {
    let (g, r) = (style.portrait(), &style.rule);
    let (x0, x1) = (g.left, g.content_right());
    Flowable {
        space_before: r.space_before,
        ..Flowable::new(
            g,
            vec![Chunk {
                height: r.band,
                marks: vec![Mark::hrule(x0, x1, r.band / 2.0, r.thickness, r.gray)],
                keep_with_next: false,
            }],
        )
    }
}

/// The text of styled spans, without the styles.
pub(crate) fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn parses_headings_lists_emphasis_slots_and_raw_html() {
        use crate::view::Part;
        let blocks = parts(&[
            Part::Prose(
                "# Тақырып\n\nМәтін **қалың** және *көлбеу*.\n\n- бір\n- екі\n  1. ішкі\n".into(),
            ),
            Part::Table("staff_by_age".into()),
            Part::Prose("<b>x</b> & y\n".into()),
        ]);
        assert!(
            matches!(&blocks[0], Block::Heading { level: 1, spans } if text(spans) == "Тақырып")
        );
        let Block::Paragraph { spans, .. } = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert_eq!(text(spans), "Мәтін қалың және көлбеу.");
        assert_eq!(spans[1].face, Face::SansBold);
        assert_eq!(spans[3].face, Face::SansOblique);
        assert!(
            matches!(&blocks[2], Block::Item { marker, depth: 0, spans } if marker == "•" && text(spans) == "бір")
        );
        assert!(matches!(&blocks[3], Block::Item { depth: 0, .. }));
        assert!(matches!(&blocks[4], Block::Item { marker, depth: 1, .. } if marker == "1."));
        assert!(matches!(&blocks[5], Block::Table(id) if id == "staff_by_age"));
        let Block::Paragraph { spans, .. } = &blocks[6] else {
            panic!("{blocks:?}")
        };
        assert_eq!(text(spans), "<b>x</b> & y");
    }

    #[test]
    fn pipe_tables_become_grids() {
        let blocks = parse("| Бөлімше | Саны |\n|---|---:|\n| Ақмола | 4\u{a0}495 |\n");
        let Block::Grid(t) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(t.stub, "Бөлімше");
        assert_eq!(t.flat_headers, ["Саны"]);
        assert_eq!(t.rows[0].cells, ["4\u{a0}495"]);
    }
}
