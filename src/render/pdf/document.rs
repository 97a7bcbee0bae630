//! Whole documents: a section (`<section>.pdf`) or the chapter (`chapter.pdf`: title
//! block, table of contents with page numbers, every section from a new page, the
//! reconciliation appendix, the GRI content index with the pages of what it lists), paginated and given running headers and "N / M" page numbers.
//!
//! The table of contents needs the pages sections start on, which are only known after
//! pagination, so the chapter is laid out twice: the entries have a fixed-width number
//! column, so the second pass (with the real numbers) paginates exactly like the first.

use super::flow::{Flow, Flowable};
use super::fonts::Face;
use super::layout::{Align, Chunk, Mark, Page, Rect, Role, first_baseline, line_marks};
use super::measure::{self, Span};
use super::prose::{self, Block};
use super::style::Style;
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

/// A part of a document: its title, its flowables, and the index and title of each
/// second-level heading among them (for the outline).
#[derive(Clone)]
pub(crate) struct Part {
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
    style: &Style,
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
        items: prose::flowables(blocks, tables, &chapter.charts, chapter.lang, style)?,
        headings,
        tables: slots,
    })
}

/// One section as its own document, in `style`.
pub fn section(chapter: &Chapter, index: usize, style: &Style) -> Result<Document, String> {
    let blocks = prose::parts(&chapter.sections[index].parts);
    let tables = marked_tables(chapter, blocks.iter().filter_map(Block::table_id));
    let s = &chapter.sections[index];
    section_document(
        chapter,
        index,
        &part(&s.title, &blocks, &tables, chapter, style)?,
        style,
    )
}

/// The laid-out flowables of every section, made once for the section documents and the
/// chapter alike (laying out every table twice was a third of the PDF time), in parallel.
pub(crate) fn section_parts(chapter: &Chapter, style: &Style) -> Result<Vec<Part>, String> {
    use rayon::prelude::*;
    let tables = marked_tables(chapter, chapter.tables.keys().map(String::as_str));
    chapter
        .sections
        .par_iter()
        .map(|s| part(&s.title, &prose::parts(&s.parts), &tables, chapter, style))
        .collect()
}

/// Section `index` as its own document from its laid-out `section` part: the part, then
/// the entries its footnote marks point to.
pub(crate) fn section_document(
    chapter: &Chapter,
    index: usize,
    section: &Part,
    style: &Style,
) -> Result<Document, String> {
    let s = &chapter.sections[index];
    let entries = marked_in(chapter, s);
    let mut whole;
    let part = if entries.is_empty() {
        section
    } else {
        let mut blocks = vec![heading(2, &chapter.appendix.title)];
        blocks.extend(entry_blocks(&entries));
        let extra = part(&s.title, &blocks, &BTreeMap::new(), chapter, style)?;
        whole = section.clone();
        let at = whole.items.len();
        whole
            .headings
            .extend(extra.headings.into_iter().map(|(i, t)| (i + at, t)));
        whole.items.extend(extra.items);
        &whole
    };
    let mut flow = Flow::new();
    flow.set_running(Some(s.title.clone()));
    let starts = flow.place_all(&part.items);
    if flow.pages.is_empty() {
        flow.new_page(style.portrait());
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
    decorate(&mut flow.pages, &chapter.title, style);
    Ok(Document {
        pages: flow.pages,
        outline,
        links: Vec::new(),
    })
}

/// The whole chapter in one document, in `style`.
pub fn chapter(chapter: &Chapter, style: &Style) -> Result<Document, String> {
    chapter_document(chapter, section_parts(chapter, style)?, style)
}

/// The whole chapter from the sections' laid-out `parts`: front matter, the sections, the
/// appendix and the GRI index.
pub(crate) fn chapter_document(
    chapter: &Chapter,
    mut parts: Vec<Part>,
    style: &Style,
) -> Result<Document, String> {
    let lang = chapter.lang;
    let tables = BTreeMap::new();
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
        parts.push(part(&appendix.title, &blocks, &tables, chapter, style)?);
    }
    // The GRI index, last, prints the pages of the parts before it: it is made again in
    // each pass from the pages the pass before found.
    let fixed = parts.len();
    let mut pages = Pages::default();
    if let Some(gri) = &chapter.gri {
        parts.push(gri_part(gri, chapter, &pages, style)?);
    }
    let mut starts = vec![0; parts.len()];
    // The numbers have a fixed-width column, so the second pass already agrees; the bound
    // only guards against a layout change breaking that.
    for _ in 0..4 {
        if let Some(gri) = &chapter.gri {
            parts.truncate(fixed);
            parts.push(gri_part(gri, chapter, &pages, style)?);
        }
        let mut flow = Flow::new();
        flow.set_running(Some(ui(Ui::Contents, lang).to_owned()));
        let (title_block, entries) = front_matter(chapter, &parts, &starts, style);
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
            decorate(&mut flow.pages, &chapter.title, style);
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
fn gri_part(
    gri: &GriIndex,
    chapter: &Chapter,
    pages: &Pages,
    style: &Style,
) -> Result<Part, String> {
    let (g, ix) = (style.portrait(), &style.index);
    let blocks = vec![heading(1, &gri.title), paragraph(&gri.intro, Face::Sans)];
    let mut items = prose::flowables(
        &blocks,
        &BTreeMap::new(),
        &BTreeMap::new(),
        chapter.lang,
        style,
    )?;
    let (size, leading) = (style.body.size, style.body.leading);
    // The codes in a column of their own; titles and places hang beside them.
    let column = gri
        .entries
        .iter()
        .map(|e| measure::width(Face::SansBold, size, &e.code))
        .fold(0.0, f32::max)
        + ix.code_gap;
    for e in &gri.entries {
        let (x0, x1) = (g.left, g.content_right());
        let lines = measure::wrap(&e.title, Face::Sans, size, x1 - x0 - column);
        let mut marks = line_marks(&lines, Align::Left, x0 + column, x1, 0.0, size, leading);
        let cw = measure::width(Face::SansBold, size, &e.code);
        let baseline = first_baseline(Face::SansBold, size, leading);
        marks.push(Mark::text(x0, baseline, size, Face::SansBold, &e.code, cw));
        let f = Flowable {
            space_before: ix.entry_space,
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
            let line = (ix.place_size, ix.place_leading);
            let mut f = leader_entry(style, column, &text, &number, line);
            f.space_before = ix.place_space;
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
    style: &Style,
    indent: f32,
    text: &str,
    number: &str,
    (size, leading): (f32, f32),
) -> Flowable {
    let (g, fm) = (style.portrait(), &style.front);
    let (x0, x1) = (g.left + indent, g.content_right());
    let number_box = fm.number_box;
    let dot = measure::width(Face::Sans, size, ".");
    let lines = measure::wrap(text, Face::Sans, size, x1 - x0 - number_box);
    let n = lines.len();
    let mut marks = line_marks(&lines, Align::Left, x0, x1, 0.0, size, leading);
    let nw = measure::width(Face::Sans, size, number);
    let baseline = (n - 1) as f32 * leading + first_baseline(Face::Sans, size, leading);
    marks.push(Mark::text(x1 - nw, baseline, size, Face::Sans, number, nw));
    let from = x0 + lines.last().map_or(0.0, |l| l.width) + fm.leader_gap;
    let dots = ((x1 - nw - fm.leader_gap - from) / dot).floor().max(0.0) as usize;
    if dots > 2 {
        let leader = ".".repeat(dots);
        let lw = measure::width(Face::Sans, size, &leader);
        let x = x1 - nw - fm.leader_gap - lw;
        if let Mark::Text(mut t) = Mark::text(x, baseline, size, Face::Sans, &leader, lw) {
            t.gray = fm.leader_gray;
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
pub(crate) fn marked_in<'a>(chapter: &'a Chapter, s: &SectionText) -> Vec<&'a Entry> {
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

/// The table views of `ids` with each footnote mark appended to its cell or caption, as
/// the PDF prints them (the mark's width counts when columns are sized). Only the tables a
/// document shows are copied: a section copying all of them made PDF time quadratic.
fn marked_tables<'a>(
    chapter: &Chapter,
    ids: impl Iterator<Item = &'a str>,
) -> BTreeMap<String, TableView> {
    let mut tables: BTreeMap<String, TableView> = ids
        .filter_map(|id| Some((id.to_owned(), chapter.tables.get(id)?.clone())))
        .collect();
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
fn front_matter(
    chapter: &Chapter,
    parts: &[Part],
    starts: &[usize],
    style: &Style,
) -> (Flowable, Vec<Flowable>) {
    let fm = &style.front;
    let entries = parts
        .iter()
        .zip(starts)
        .map(|(part, start)| Flowable {
            space_before: fm.entry_space,
            ..leader_entry(
                style,
                0.0,
                &part.title,
                &(start + 1).to_string(),
                (fm.entry_size, fm.entry_leading),
            )
        })
        .collect();
    (title_block(chapter, style), entries)
}

/// Space, the chapter title, a rule and the contents heading, on one page.
fn title_block(chapter: &Chapter, style: &Style) -> Flowable {
    let (g, fm) = (style.portrait(), &style.front);
    let (x0, x1) = (g.left, g.content_right());
    let (size, leading) = (fm.title_size, fm.title_leading);
    let title = measure::wrap(&chapter.title, Face::SansBold, size, g.content_width());
    let line = |l: &measure::Line| Chunk {
        height: leading,
        marks: line_marks(
            std::slice::from_ref(l),
            Align::Left,
            x0,
            x1,
            0.0,
            size,
            leading,
        ),
        keep_with_next: true,
    };
    let mut chunks = vec![Chunk {
        height: fm.title_space,
        ..Chunk::default()
    }];
    chunks.extend(title.iter().map(line));
    let rule = Mark::hrule(
        x0,
        x1,
        fm.title_rule_drop,
        fm.title_rule,
        fm.title_rule_gray,
    );
    chunks.push(Chunk {
        height: fm.title_rule_band,
        marks: vec![rule],
        keep_with_next: true,
    });
    chunks.push(contents_heading(chapter, style));
    Flowable {
        min_first: chunks.len(),
        ..Flowable::new(g, chunks)
    }
}

/// "Мазмұны" / "Содержание" over the contents entries.
fn contents_heading(chapter: &Chapter, style: &Style) -> Chunk {
    let (x0, fm) = (style.portrait().left, &style.front);
    let contents = ui(Ui::Contents, chapter.lang);
    let size = fm.contents_size;
    let w = measure::width(Face::SansBold, size, contents);
    let baseline = first_baseline(Face::SansBold, size, fm.contents_leading);
    Chunk {
        height: fm.contents_band,
        marks: vec![Mark::text(x0, baseline, size, Face::SansBold, contents, w)],
        keep_with_next: true,
    }
}

/// Running header (report title left, section title right, a hairline) and "N / M" page
/// numbers on every page that has a running title, placed as `style` says.
pub fn decorate(pages: &mut [Page], report_title: &str, style: &Style) {
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        if let Some(running) = page.running.clone() {
            let number = format!("{} / {}", i + 1, total);
            let marks = furniture_marks(page, report_title, &running, &number, style);
            page.marks.extend(marks);
        }
    }
}

/// The running header, the page number and the header's hairline of one page.
fn furniture_marks(
    page: &Page,
    report_title: &str,
    running: &str,
    number: &str,
    style: &Style,
) -> Vec<Mark> {
    let (f, face, oblique) = (&style.furniture, Face::Sans, Face::SansOblique);
    let g = page.geometry;
    let (x0, x1) = (g.left, g.content_right());
    let baseline = style.header_baseline(&g);
    let right = fit(
        running,
        oblique,
        f.size,
        g.content_width() * f.running_share,
    );
    let rw = measure::width(oblique, f.size, &right);
    let left = fit(
        report_title,
        face,
        f.size,
        g.content_width() - rw - f.title_gap,
    );
    let lw = measure::width(face, f.size, &left);
    let nw = measure::width(face, f.number_size, number);
    let nx = g.left + (g.content_width() - nw) / 2.0;
    let footer = style.footer_baseline(&g);
    vec![
        furniture(x0, baseline, face, f.size, &left, lw, f.gray),
        furniture(x1 - rw, baseline, oblique, f.size, &right, rw, f.gray),
        furniture(nx, footer, face, f.number_size, number, nw, f.gray),
        Mark::hrule(x0, x1, baseline + f.rule_drop, f.rule, f.rule_gray),
    ]
}

fn furniture(
    x: f32,
    baseline: f32,
    face: Face,
    size: f32,
    text: &str,
    width: f32,
    gray: f32,
) -> Mark {
    Mark::Text(super::layout::TextMark {
        x,
        baseline,
        size,
        face,
        text: text.to_owned(),
        width,
        gray,
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
