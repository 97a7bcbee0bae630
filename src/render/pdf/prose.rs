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
use super::table;
use crate::lang::Lang;
use crate::view::{RowStyle, RowView, TableView};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;

pub(crate) const BODY_SIZE: f32 = 9.5;
pub(crate) const BODY_LEADING: f32 = 13.5;
const LIST_INDENT: f32 = 14.0;

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
    /// A pipe table written in the prose.
    Grid(TableView),
    Rule,
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

/// A prose pipe table as a [`TableView`]: first column the labels, no caption.
fn grid_view(head: Vec<String>, rows: Vec<Vec<String>>) -> TableView {
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

/// Heading sizes, leading and space before, by level.
fn heading_style(level: u8) -> (f32, f32, f32) {
    match level {
        1 => (16.0, 20.0, 0.0),
        2 => (12.5, 16.0, 14.0),
        3 => (10.5, 14.0, 10.0),
        _ => (BODY_SIZE, BODY_LEADING, 8.0),
    }
}

/// The blocks laid out for a portrait page.
pub(crate) fn flowables(
    blocks: &[Block],
    tables: &BTreeMap<String, TableView>,
    lang: Lang,
) -> Result<Vec<Flowable>, String> {
    let g = Geometry::portrait();
    let (x0, x1) = (g.left, g.content_right());
    let mut out = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let flowable = match block {
            Block::Heading { level, spans } => {
                let (size, leading, before) = heading_style(*level);
                let bold: Vec<Span> = spans
                    .iter()
                    .map(|s| Span::new(s.text.as_str(), s.face.bold()))
                    .collect();
                let mut chunks = text_chunks(&bold, size, leading, x0, x1);
                if let Some(last) = chunks.last_mut() {
                    last.height += if *level == 1 { 8.0 } else { 2.0 };
                }
                chunks.iter_mut().for_each(|c| c.keep_with_next = true);
                Flowable {
                    space_before: before,
                    keep_with_next: true,
                    ..Flowable::new(g, chunks)
                }
            }
            Block::Paragraph { spans, indent } => {
                let left = x0 + *indent as f32 * LIST_INDENT;
                let chunks = text_chunks(spans, BODY_SIZE, BODY_LEADING, left, x1);
                let mut f = paragraph(g, chunks, 6.0);
                // A short all-bold paragraph, or one ending in a colon, introduces what
                // follows (a list, a table): keep them together.
                let all_bold = spans
                    .iter()
                    .all(|s| s.face.is_bold() || s.text.trim().is_empty());
                let intro = spans
                    .last()
                    .is_some_and(|s| s.text.trim_end().ends_with(':'));
                // A one-line GRI reference labels the text under it.
                let reference =
                    plain(spans).trim_start().starts_with("GRI ") && f.chunks.len() == 1;
                if (all_bold && f.chunks.len() <= 2) || intro || reference {
                    f.keep_with_next = true;
                    f.min_first = f.chunks.len();
                }
                f
            }
            Block::Item {
                marker,
                depth,
                spans,
            } => {
                let left = x0 + (*depth + 1) as f32 * LIST_INDENT;
                let mut chunks = text_chunks(spans, BODY_SIZE, BODY_LEADING, left, x1);
                if !marker.is_empty() {
                    let w = measure::width(Face::Sans, BODY_SIZE, marker);
                    let mx = if marker == "•" || marker == "–" {
                        left - 9.0
                    } else {
                        left - 4.0 - w
                    };
                    let baseline =
                        super::layout::first_baseline(Face::Sans, BODY_SIZE, BODY_LEADING);
                    chunks[0].marks.push(Mark::text(
                        mx,
                        baseline,
                        BODY_SIZE,
                        Face::Sans,
                        marker,
                        w,
                    ));
                }
                let first_of_list =
                    !matches!(blocks.get(i.wrapping_sub(1)), Some(Block::Item { .. }));
                paragraph(g, chunks, if first_of_list { 6.0 } else { 2.5 })
            }
            Block::Table(id) => {
                let t = tables
                    .get(id)
                    .ok_or_else(|| format!("no view for table `{id}`"))?;
                table::flowable(t, lang)?
            }
            Block::Grid(t) => table::flowable(t, lang)?,
            Block::Rule => Flowable {
                space_before: 6.0,
                ..Flowable::new(
                    g,
                    vec![Chunk {
                        height: 8.0,
                        marks: vec![Mark::hrule(x0, x1, 4.0, 0.5, 0.5)],
                        keep_with_next: false,
                    }],
                )
            },
        };
        out.push(flowable);
    }
    Ok(out)
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
