//! Whole documents: a section (`<section>.pdf`) or the chapter (`chapter.pdf`: title
//! block, table of contents with page numbers, every section from a new page, the
//! reconciliation appendix, the GRI content index with the pages of what it lists), paginated and given running headers and "N / M" page numbers.
//!
//! The table of contents needs the pages sections start on, which are only known after
//! pagination, so the chapter is laid out twice: the entries have a fixed-width number
//! column, so the second pass (with the real numbers) paginates exactly like the first.

use super::flow::{Flow, Flowable};
use super::fonts::Face;
use super::layout::{Align, Chunk, Geometry, Mark, Page, Rect, Role, first_baseline, line_marks};
use super::measure::{self, Span};
use super::prose::{self, Block};
use crate::locale::{Ui, ui};
use crate::render::Chapter;
use crate::view::{APPENDIX_ID, Entry, GriIndex, SectionText, TableView, mark};
use std::collections::{BTreeMap, BTreeSet};

/// Laid-out pages with their navigation.
pub struct Document {
    pub pages: Vec<Page>,
    /// Bookmarks in document order.
    pub outline: Vec<Bookmark>,
    /// Clickable areas (the contents entries).
    pub links: Vec<Link>,
}

/// An outline entry: `level` 0 is top level; `page` is 0-based.
#[derive(Clone, Debug, PartialEq)]
pub struct Bookmark {
    pub title: String,
    pub page: usize,
    pub level: usize,
}

/// A rectangle on `page` that jumps to `target` (0-based pages).
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub page: usize,
    pub rect: Rect,
    pub target: usize,
}

const FURNITURE_SIZE: f32 = 7.5;
const FURNITURE_GRAY: f32 = 0.35;

/// A part of a document: its title, its flowables, and the index and title of each
/// second-level heading among them (for the outline).
struct Part {
    title: String,
    items: Vec<Flowable>,
    headings: Vec<(usize, String)>,
    /// The index of each table slot among the flowables, with the table's id.
    tables: Vec<(usize, String)>,
}

fn part(
    title: &str,
    blocks: &[Block],
    tables: &BTreeMap<String, TableView>,
    chapter: &Chapter,
) -> Result<Part, String> {
    let headings = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Heading { level: 2, spans } => Some((i, prose::plain(spans))),
            _ => None,
        })
        .collect();
    let slots = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Table(id) => Some((i, id.clone())),
            _ => None,
        })
        .collect();
    Ok(Part {
        title: title.to_owned(),
        items: prose::flowables(blocks, tables, chapter.lang)?,
        headings,
        tables: slots,
    })
}

/// One section as its own document.
pub fn section(chapter: &Chapter, index: usize) -> Result<Document, String> {
    let s = &chapter.sections[index];
    let tables = marked_tables(chapter);
    let mut blocks = prose::parts(&s.parts);
    // The entries the section's footnote marks point to, at its end.
    let entries = marked_in(chapter, s);
    if !entries.is_empty() {
        blocks.push(heading(2, &chapter.appendix.title));
        blocks.extend(entry_blocks(&entries));
    }
    let part = part(&s.title, &blocks, &tables, chapter)?;
    let mut flow = Flow::new();
    flow.set_running(Some(s.title.clone()));
    let starts = flow.place_all(&part.items);
    if flow.pages.is_empty() {
        flow.new_page(Geometry::portrait());
    }
    let outline = part
        .headings
        .iter()
        .map(|(i, title)| Bookmark {
            title: title.clone(),
            page: starts[*i],
            level: 0,
        })
        .collect();
    decorate(&mut flow.pages, &chapter.title);
    Ok(Document {
        pages: flow.pages,
        outline,
        links: Vec::new(),
    })
}

/// The whole chapter in one document.
pub fn chapter(chapter: &Chapter) -> Result<Document, String> {
    let lang = chapter.lang;
    let tables = marked_tables(chapter);
    let mut parts = Vec::new();
    for s in &chapter.sections {
        parts.push(part(&s.title, &prose::parts(&s.parts), &tables, chapter)?);
    }
    let appendix = &chapter.appendix;
    if !appendix.groups.is_empty() {
        let mut blocks = vec![
            heading(1, &appendix.title),
            paragraph(&appendix.intro, Face::Sans),
        ];
        for group in &appendix.groups {
            blocks.push(heading(2, &group.title));
            blocks.extend(entry_blocks(&group.entries.iter().collect::<Vec<_>>()));
        }
        parts.push(part(&appendix.title, &blocks, &tables, chapter)?);
    }
    // The GRI index, last, prints the pages of the parts before it: it is made again in
    // each pass from the pages the pass before found.
    let fixed = parts.len();
    let mut pages = Pages::default();
    if let Some(gri) = &chapter.gri {
        parts.push(gri_part(gri, chapter, &pages)?);
    }
    let mut starts = vec![0; parts.len()];
    // The numbers have a fixed-width column, so the second pass already agrees; the bound
    // only guards against a layout change breaking that.
    for _ in 0..4 {
        if let Some(gri) = &chapter.gri {
            parts.truncate(fixed);
            parts.push(gri_part(gri, chapter, &pages)?);
        }
        let mut flow = Flow::new();
        flow.set_running(Some(ui(Ui::Contents, lang).to_owned()));
        let (title_block, entries) = front_matter(chapter, &parts, &starts);
        flow.place(&title_block, 0.0);
        let mut links = Vec::new();
        for (entry, target) in entries.iter().zip(&starts) {
            let page = flow.place(entry, 0.0);
            let (x0, x1) = (entry.geometry.left, entry.geometry.content_right());
            let bottom = flow.cursor();
            let rect = Rect {
                x0,
                y0: bottom - entry.height(),
                x1,
                y1: bottom,
            };
            links.push((page, rect, *target));
        }
        let mut found = Vec::new();
        let mut found_tables = BTreeMap::new();
        let mut outline = Vec::new();
        for p in &parts {
            flow.set_running(Some(p.title.clone()));
            let mut items = p.items.clone();
            if let Some(first) = items.first_mut() {
                first.new_page = true;
            }
            let at = flow.place_all(&items);
            let start = at.first().copied().unwrap_or(0);
            found.push(start);
            found_tables.extend(p.tables.iter().map(|(i, id)| (id.clone(), at[*i])));
            outline.push(Bookmark {
                title: p.title.clone(),
                page: start,
                level: 0,
            });
            outline.extend(p.headings.iter().map(|(i, title)| Bookmark {
                title: title.clone(),
                page: at[*i],
                level: 1,
            }));
        }
        let found_pages = Pages {
            sections: chapter
                .sections
                .iter()
                .zip(&found)
                .map(|(s, p)| (s.id.clone(), *p))
                .collect(),
            tables: found_tables,
        };
        if found == starts && found_pages == pages {
            if let Some(first) = flow.pages.first_mut() {
                first.running = None;
            }
            decorate(&mut flow.pages, &chapter.title);
            let links = links
                .into_iter()
                .map(|(page, rect, target)| Link { page, rect, target })
                .collect();
            return Ok(Document {
                pages: flow.pages,
                outline,
                links,
            });
        }
        starts = found;
        pages = found_pages;
    }
    Err("the table of contents does not settle on page numbers".into())
}

/// Where the sections and tables of the chapter start, 0-based pages.
#[derive(Debug, Default, PartialEq)]
struct Pages {
    sections: BTreeMap<String, usize>,
    tables: BTreeMap<String, usize>,
}

/// The GRI content index: per disclosure its code and title, then each place that reports
/// it with the page it starts on (1-based, from `pages`; 0 before the first pass).
fn gri_part(gri: &GriIndex, chapter: &Chapter, pages: &Pages) -> Result<Part, String> {
    let g = Geometry::portrait();
    let blocks = vec![heading(1, &gri.title), paragraph(&gri.intro, Face::Sans)];
    let mut items = prose::flowables(&blocks, &BTreeMap::new(), chapter.lang)?;
    let (size, leading) = (prose::BODY_SIZE, prose::BODY_LEADING);
    // The codes in a column of their own; titles and places hang beside them.
    let column = gri
        .entries
        .iter()
        .map(|e| measure::width(Face::SansBold, size, &e.code))
        .fold(0.0, f32::max)
        + 10.0;
    for e in &gri.entries {
        let (x0, x1) = (g.left, g.content_right());
        let lines = measure::wrap(&e.title, Face::Sans, size, x1 - x0 - column);
        let mut marks = line_marks(&lines, Align::Left, x0 + column, x1, 0.0, size, leading);
        let cw = measure::width(Face::SansBold, size, &e.code);
        let baseline = first_baseline(Face::SansBold, size, leading);
        marks.push(Mark::text(x0, baseline, size, Face::SansBold, &e.code, cw));
        let f = Flowable {
            space_before: 8.0,
            keep_with_next: !e.places.is_empty(),
            ..Flowable::new(
                g,
                vec![Chunk {
                    height: lines.len() as f32 * leading,
                    marks,
                    keep_with_next: true,
                }],
            )
        };
        items.push(f);
        for p in &e.places {
            let page = match &p.table {
                Some(t) => pages.tables.get(t),
                None => pages.sections.get(&p.section),
            };
            let number = page.map_or(String::new(), |n| (n + 1).to_string());
            let text = match &p.item {
                Some(item) => format!("{}: {item}", p.section_title),
                None => p.section_title.clone(),
            };
            let mut f = leader_entry(g, column, &text, &number, size - 1.0, leading - 1.5);
            f.space_before = 2.0;
            items.push(f);
        }
    }
    Ok(Part {
        title: gri.title.clone(),
        items,
        headings: Vec::new(),
        tables: Vec::new(),
    })
}

/// A line of a list with page numbers: `text`, wrapped short of a fixed-width number column
/// (so the number never moves the text), dot leaders and `number` flush right.
fn leader_entry(
    g: Geometry,
    indent: f32,
    text: &str,
    number: &str,
    size: f32,
    leading: f32,
) -> Flowable {
    let (x0, x1) = (g.left + indent, g.content_right());
    let number_box = 36.0;
    let dot = measure::width(Face::Sans, size, ".");
    let lines = measure::wrap(text, Face::Sans, size, x1 - x0 - number_box);
    let n = lines.len();
    let mut marks = line_marks(&lines, Align::Left, x0, x1, 0.0, size, leading);
    let nw = measure::width(Face::Sans, size, number);
    let baseline = (n - 1) as f32 * leading + first_baseline(Face::Sans, size, leading);
    marks.push(Mark::text(x1 - nw, baseline, size, Face::Sans, number, nw));
    let from = x0 + lines.last().map_or(0.0, |l| l.width) + 4.0;
    let dots = ((x1 - nw - 4.0 - from) / dot).floor().max(0.0) as usize;
    if dots > 2 {
        let leader = ".".repeat(dots);
        let lw = measure::width(Face::Sans, size, &leader);
        if let Mark::Text(mut t) =
            Mark::text(x1 - nw - 4.0 - lw, baseline, size, Face::Sans, &leader, lw)
        {
            t.gray = 0.55;
            marks.push(Mark::Text(t));
        }
    }
    Flowable::new(
        g,
        vec![Chunk {
            height: n as f32 * leading,
            marks,
            keep_with_next: false,
        }],
    )
}

fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        spans: vec![Span::new(text, Face::Sans)],
    }
}

fn paragraph(text: &str, face: Face) -> Block {
    Block::Paragraph {
        spans: vec![Span::new(text, face)],
        indent: 0,
    }
}

/// A section's reconciliation entries: the number, kind and place in bold, then what was
/// printed and what this edition shows, then why.
fn entry_blocks(entries: &[&Entry]) -> Vec<Block> {
    let mut blocks = Vec::new();
    for e in entries {
        let mut spans = vec![Span::new(
            format!("{}. {}.", e.number, e.kind),
            Face::SansBold,
        )];
        if !e.place.is_empty() {
            spans.push(Span::new(format!(" {}.", e.place), Face::Sans));
        }
        blocks.push(Block::Paragraph { spans, indent: 0 });
        blocks.extend(e.lines.iter().map(|(label, value)| Block::Item {
            marker: "•".into(),
            depth: 0,
            spans: vec![
                Span::new(format!("{label}: "), Face::Sans),
                Span::new(value.as_str(), Face::SansBold),
            ],
        }));
        if !e.why.is_empty() {
            blocks.push(paragraph(&e.why, Face::Sans));
        }
        blocks.extend(e.details.iter().map(|(place, value)| Block::Item {
            marker: "–".into(),
            depth: 0,
            spans: vec![
                Span::new(format!("{place}: "), Face::Sans),
                Span::new(value.as_str(), Face::SansBold),
            ],
        }));
    }
    blocks
}

/// The entries a section's footnote marks point to (in its tables and its prose) and those
/// filed under it, in their order.
fn marked_in<'a>(chapter: &'a Chapter, s: &SectionText) -> Vec<&'a Entry> {
    let mut numbers: BTreeSet<usize> = BTreeSet::new();
    for t in s.tables.iter().filter_map(|id| chapter.tables.get(id)) {
        numbers.extend(&t.caption_marks);
        numbers.extend(t.rows.iter().flat_map(|r| r.marks.iter().flatten()));
    }
    let link = format!("{APPENDIX_ID}.md#r-");
    let prose = s.prose();
    for (at, _) in prose.match_indices(&link) {
        let digits: String = prose[at + link.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        numbers.extend(digits.parse::<usize>());
    }
    chapter
        .appendix
        .groups
        .iter()
        .flat_map(|g| g.entries.iter().map(move |e| (g, e)))
        .filter(|(g, e)| g.section == s.id || numbers.contains(&e.number))
        .map(|(_, e)| e)
        .collect()
}

/// The table views with each footnote mark appended to its cell or caption, as the PDF
/// prints them (the mark's width counts when columns are sized).
fn marked_tables(chapter: &Chapter) -> BTreeMap<String, TableView> {
    let mut tables = chapter.tables.clone();
    for t in tables.values_mut() {
        if !t.caption_marks.is_empty() {
            t.caption.push_str(&mark(&t.caption_marks));
        }
        for row in &mut t.rows {
            let marks = std::mem::take(&mut row.marks);
            for (cell, m) in row.cells.iter_mut().zip(&marks) {
                if !m.is_empty() {
                    cell.push_str(&mark(m));
                }
            }
        }
    }
    tables
}

/// The title block, and a contents entry per part; `starts` are 0-based pages of the parts.
fn front_matter(chapter: &Chapter, parts: &[Part], starts: &[usize]) -> (Flowable, Vec<Flowable>) {
    let g = Geometry::portrait();
    let (x0, x1) = (g.left, g.content_right());
    let title = measure::wrap(&chapter.title, Face::SansBold, 22.0, g.content_width());
    let mut chunks: Vec<Chunk> = title
        .iter()
        .map(|l| Chunk {
            height: 28.0,
            marks: line_marks(
                std::slice::from_ref(l),
                Align::Left,
                x0,
                x1,
                0.0,
                22.0,
                28.0,
            ),
            keep_with_next: true,
        })
        .collect();
    chunks.insert(
        0,
        Chunk {
            height: 90.0,
            ..Chunk::default()
        },
    );
    chunks.push(Chunk {
        height: 36.0,
        marks: vec![Mark::hrule(x0, x1, 12.0, 1.2, 0.0)],
        keep_with_next: true,
    });
    let contents = ui(Ui::Contents, chapter.lang);
    let w = measure::width(Face::SansBold, 14.0, contents);
    chunks.push(Chunk {
        height: 26.0,
        marks: vec![Mark::text(
            x0,
            first_baseline(Face::SansBold, 14.0, 18.0),
            14.0,
            Face::SansBold,
            contents,
            w,
        )],
        keep_with_next: true,
    });
    let title_block = Flowable {
        min_first: chunks.len(),
        ..Flowable::new(g, chunks)
    };
    let entries = parts
        .iter()
        .zip(starts)
        .map(|(part, start)| Flowable {
            space_before: 5.0,
            ..leader_entry(g, 0.0, &part.title, &(start + 1).to_string(), 10.5, 15.0)
        })
        .collect();
    (title_block, entries)
}

/// Running header (report title left, section title right, a hairline) and "N / M" page
/// numbers on every page that has a running title.
pub fn decorate(pages: &mut [Page], report_title: &str) {
    let total = pages.len();
    let face = Face::Sans;
    for (i, page) in pages.iter_mut().enumerate() {
        let Some(running) = page.running.clone() else {
            continue;
        };
        let g = page.geometry;
        let (x0, x1) = (g.left, g.content_right());
        let baseline = g.top - 20.0;
        let right = fit(
            &running,
            Face::SansOblique,
            FURNITURE_SIZE,
            g.content_width() * 0.5,
        );
        let rw = measure::width(Face::SansOblique, FURNITURE_SIZE, &right);
        let left = fit(
            report_title,
            face,
            FURNITURE_SIZE,
            g.content_width() - rw - 18.0,
        );
        let lw = measure::width(face, FURNITURE_SIZE, &left);
        let number = format!("{} / {}", i + 1, total);
        let nw = measure::width(face, FURNITURE_SIZE + 0.5, &number);
        let mut marks = vec![
            furniture(x0, baseline, face, FURNITURE_SIZE, &left, lw),
            furniture(
                x1 - rw,
                baseline,
                Face::SansOblique,
                FURNITURE_SIZE,
                &right,
                rw,
            ),
            furniture(
                g.left + (g.content_width() - nw) / 2.0,
                g.height - 34.0,
                face,
                FURNITURE_SIZE + 0.5,
                &number,
                nw,
            ),
        ];
        marks.push(Mark::hrule(x0, x1, baseline + 5.0, 0.3, 0.6));
        page.marks.extend(marks);
    }
}

fn furniture(x: f32, baseline: f32, face: Face, size: f32, text: &str, width: f32) -> Mark {
    Mark::Text(super::layout::TextMark {
        x,
        baseline,
        size,
        face,
        text: text.to_owned(),
        width,
        gray: FURNITURE_GRAY,
        role: Role::Furniture,
    })
}

/// `text`, shortened at a word boundary with "…" if it is wider than `max`.
fn fit(text: &str, face: Face, size: f32, max: f32) -> String {
    if measure::width(face, size, text) <= max {
        return text.to_owned();
    }
    let words: Vec<&str> = text.split(' ').collect();
    for n in (1..words.len()).rev() {
        let candidate = format!("{}…", words[..n].join(" "));
        if measure::width(face, size, &candidate) <= max {
            return candidate;
        }
    }
    "…".to_owned()
}
