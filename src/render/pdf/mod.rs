//! PDF output: our own layout engine, with printpdf making the document around it.
//!
//! printpdf (without its heavy `html`/`text_layout` features) makes the document — fonts,
//! resources, pages; everything else is here, one concern per module: [`fonts`] (DejaVu faces, measuring, subsetting),
//! [`measure`] (widths, line breaking), [`layout`] (the page model), [`flow`] (pagination
//! with keep rules), [`columns`] (column sizing, the wide-table rule), [`table`] (rules,
//! spanned and repeated headers), [`prose`] (the section Markdown), [`document`]
//! (sections, the chapter with its contents, running headers, page numbers) and
//! [`content`] (each page's drawing, written directly as a content stream) and
//! [`paint`] (PDF bytes, metadata, reproducibility). [`style`] holds the look they all
//! read: paper, margins, sizes, spacing, rules, greys and page furniture.
//!
//! Like the other renderers it lays out the strings it is given — the section Markdown
//! and the formatted [`crate::view::TableView`]s — and never formats a figure itself.
//! The layout model is public so tests can check geometry without reading PDFs back.

mod chart;
pub mod columns;
mod content;
pub mod document;
pub(crate) mod flow;
pub(crate) mod fonts;
mod hash;
pub mod layout;
pub(crate) mod measure;
pub(crate) mod paint;
pub(crate) mod prose;
pub mod style;
pub(crate) mod table;

use super::{Chapter, Renderer};
use layout::{Mark, Page, Role};
use style::Style;

/// The PDF renderer, in the shipped look ([`Style::default`]).
pub struct Pdf;

impl Renderer for Pdf {
    fn extension(&self) -> &'static str {
        "pdf"
    }

    /// The section PDFs come with the chapter's: both are made from one layout of the
    /// sections (see [`Pdf::chapter`]).
    fn has_sections(&self) -> bool {
        false
    }

    fn section(&self, chapter: &Chapter, index: usize) -> Result<Vec<u8>, String> {
        let doc = document::section(chapter, index, &Style::default())?;
        section_bytes(chapter, index, doc)
    }

    /// Every section's PDF and `chapter.pdf`, from one layout of the sections' flowables,
    /// the section files painted in parallel.
    fn chapter(&self, chapter: &Chapter) -> Result<Vec<(String, Vec<u8>)>, String> {
        use rayon::prelude::*;
        let style = Style::default();
        let parts = document::section_parts(chapter, &style)?;
        let mut files: Vec<(String, Vec<u8>)> = (0..chapter.sections.len())
            .into_par_iter()
            .map(|i| {
                let id = &chapter.sections[i].id;
                let doc = document::section_document(chapter, i, &parts[i], &style)
                    .and_then(|doc| section_bytes(chapter, i, doc))
                    .map_err(|e| format!("section `{id}`: {e}"))?;
                Ok((format!("{id}.pdf"), doc))
            })
            .collect::<Result<_, String>>()?;
        let doc = document::chapter_document(chapter, parts, &style)?;
        let bytes = paint::render(
            doc.pages,
            &paint::Meta {
                title: chapter.title.clone(),
                lang: chapter.lang,
                date: &chapter.date,
                outline: &doc.outline,
                links: &doc.links,
            },
        )?;
        files.push(("chapter.pdf".into(), bytes));
        Ok(files)
    }
}

/// The bytes of section `index`'s laid-out document.
fn section_bytes(
    chapter: &Chapter,
    index: usize,
    doc: document::Document,
) -> Result<Vec<u8>, String> {
    let section = &chapter.sections[index];
    paint::render(
        doc.pages,
        &paint::Meta {
            title: format!("{} — {}", section.title, chapter.title),
            lang: chapter.lang,
            date: &chapter.date,
            outline: &doc.outline,
            links: &doc.links,
        },
    )
}

/// Geometry faults of laid-out pages: text outside its area (the text box for body
/// content, the page less its furniture edge for running headers and page numbers), text boxes
/// overlapping each other, rules crossing text. Empty when the layout is clean.
pub fn geometry_faults(pages: &[Page]) -> Vec<String> {
    let mut faults = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let texts: Vec<_> = page
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text(t) if !t.text.trim().is_empty() => Some(t),
                _ => None,
            })
            .collect();
        for t in &texts {
            let area = match t.role {
                Role::Body => page.geometry.content_box(),
                Role::Furniture => page.geometry.printable_box(),
            };
            if !t.bbox().inside(&area) {
                faults.push(format!(
                    "page {}: {:?} lies outside {area:?}: {:?}",
                    p + 1,
                    t.text,
                    t.bbox()
                ));
            }
        }
        for (i, a) in texts.iter().enumerate() {
            for b in &texts[i + 1..] {
                if a.bbox().overlaps(&b.bbox()) {
                    faults.push(format!(
                        "page {}: {:?} overlaps {:?}",
                        p + 1,
                        a.text,
                        b.text
                    ));
                }
            }
        }
        for m in &page.marks {
            if let Mark::Rule {
                x0,
                y0,
                x1,
                y1,
                thickness,
                ..
            } = m
            {
                let r = layout::Rect {
                    x0: x0.min(*x1),
                    y0: y0.min(*y1) - thickness / 2.0,
                    x1: x0.max(*x1),
                    y1: y0.max(*y1) + thickness / 2.0,
                };
                for t in &texts {
                    if r.overlaps(&t.bbox()) {
                        faults.push(format!("page {}: a rule crosses {:?}", p + 1, t.text));
                    }
                }
            }
        }
    }
    faults
}

/// One table laid out alone in `style`, from the top of a page, as in a section.
pub fn table_pages(
    table: &crate::view::TableView,
    lang: crate::lang::Lang,
    style: &Style,
) -> Result<Vec<Page>, String> {
    let mut flow = flow::Flow::new();
    flow.set_running(Some(table.caption.clone()));
    flow.place_all(&[table::flowable(table, lang, style)?]);
    Ok(flow.pages)
}
