//! `word/document.xml` of a section and of the whole chapter.
//!
//! A section's file is its parts in order — prose, tables, charts as their data tables —
//! then, as in its PDF, the reconciliation entries its footnote marks point to, so every
//! mark links to its entry inside the same file. The chapter's file opens with the title,
//! "Мазмұны" / "Содержание" and a table-of-contents field (`TOC \o "1-3" \h`) whose
//! entries are already filled in, linked to the headings (Word adds page numbers when the
//! field is updated, F9); then every section from a new page, the reconciliation appendix
//! and the GRI content index with links to the places it lists.

use super::body::{BULLETS, Body, DASHES, Finished, Heading, Para, Targets, entry_bookmark};
use super::style::Look;
use super::table;
use super::xml::{RunProps, esc, text_run};
use crate::locale::{Ui, ui};
use crate::render::Chapter;
use crate::view::{Entry, GriIndex, Part, SectionText};
use std::fmt::Write;

/// The bookmark of the appendix's heading and of the GRI index's.
const APPENDIX: &str = "appendix";
const GRI: &str = "gri_index";

/// The bookmark of section `i`.
fn section_bookmark(i: usize) -> String {
    format!("sec_{i}")
}

/// The bookmark of every table's caption, by table id: `tbl_<k>`, `k` the table's place
/// among all the chapter's tables (ids can be longer than Word's 40-letter names).
fn table_bookmarks(chapter: &Chapter) -> Vec<(String, String)> {
    let ids = chapter.tables.keys();
    ids.enumerate()
        .map(|(k, id)| (id.clone(), format!("tbl_{k}")))
        .collect()
}

/// Section `index` as a document body.
pub(crate) fn section(chapter: &Chapter, index: usize, look: &Look) -> Result<Finished, String> {
    let s = &chapter.sections[index];
    let entries = crate::render::pdf::document::marked_in(chapter, s);
    let own = table_bookmarks(chapter)
        .into_iter()
        .filter(|(id, _)| s.tables.contains(id));
    let targets = Targets {
        sections: chapter
            .sections
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), (i == index).then(|| section_bookmark(i))))
            .collect(),
        tables: own.collect(),
        entries: entries.iter().map(|e| e.number).collect(),
        appendix: (!entries.is_empty()).then(|| APPENDIX.to_owned()),
    };
    let mut body = Body::new(look, &targets);
    body.bookmark(section_bookmark(index));
    parts(&mut body, chapter, s)?;
    if !entries.is_empty() {
        body.bookmark(APPENDIX.to_owned());
        heading(&mut body, 2, &chapter.appendix.title);
        entry_paragraphs(&mut body, &entries);
    }
    Ok(body.finish())
}

/// The whole chapter as a document body, its front matter first.
pub(crate) fn chapter(chapter: &Chapter, look: &Look) -> Result<Finished, String> {
    let appendix = &chapter.appendix;
    let with_appendix = !appendix.groups.is_empty();
    let targets = Targets {
        sections: chapter
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), Some(section_bookmark(i))))
            .collect(),
        tables: table_bookmarks(chapter).into_iter().collect(),
        entries: match with_appendix {
            true => appendix
                .groups
                .iter()
                .flat_map(|g| g.entries.iter().map(|e| e.number))
                .collect(),
            false => Default::default(),
        },
        appendix: with_appendix.then(|| APPENDIX.to_owned()),
    };
    let mut body = Body::new(look, &targets);
    for (i, s) in chapter.sections.iter().enumerate() {
        body.page_break();
        body.bookmark(section_bookmark(i));
        parts(&mut body, chapter, s)?;
    }
    if with_appendix {
        body.page_break();
        body.bookmark(APPENDIX.to_owned());
        heading(&mut body, 1, &appendix.title);
        body.text(None, &appendix.intro);
        for group in &appendix.groups {
            heading(&mut body, 2, &group.title);
            entry_paragraphs(&mut body, &group.entries.iter().collect::<Vec<_>>());
        }
    }
    if let Some(gri) = &chapter.gri {
        body.page_break();
        body.bookmark(GRI.to_owned());
        heading(&mut body, 1, &gri.title);
        body.text(None, &gri.intro);
        gri_table(&mut body, gri, &targets);
    }
    let mut done = body.finish();
    done.xml = front_matter(chapter, &done.headings) + &done.xml;
    Ok(done)
}

/// A section's parts in order: prose, tables (each with its caption's bookmark), charts.
fn parts(body: &mut Body, chapter: &Chapter, s: &SectionText) -> Result<(), String> {
    for part in &s.parts {
        match part {
            Part::Prose(markdown) => super::prose::write(body, markdown),
            Part::Table(id) => {
                let t = chapter
                    .tables
                    .get(id)
                    .ok_or_else(|| format!("no view for table `{id}`"))?;
                if let Some(b) = body.targets.tables.get(id) {
                    body.bookmark(b.clone());
                }
                table::write(body, t);
            }
            Part::Chart(id) => {
                let c = chapter
                    .charts
                    .get(id)
                    .ok_or_else(|| format!("no view for chart `{id}`"))?;
                table::write(body, &table::chart_table(c));
            }
        }
    }
    Ok(())
}

/// A heading of plain `text`.
fn heading(body: &mut Body, level: u8, text: &str) {
    let mut runs = String::new();
    text_run(&mut runs, text, &RunProps::default());
    body.heading(level, &runs, text);
}

/// Reconciliation entries: the number, kind and place (bookmarked, so the footnote marks
/// link here), what was printed and what this edition shows, then why.
fn entry_paragraphs(body: &mut Body, entries: &[&Entry]) {
    let bold = RunProps {
        bold: true,
        ..RunProps::default()
    };
    for e in entries {
        body.bookmark(entry_bookmark(e.number));
        let mut runs = String::new();
        text_run(&mut runs, &format!("{}. {}.", e.number, e.kind), &bold);
        if !e.place.is_empty() {
            text_run(&mut runs, &format!(" {}.", e.place), &RunProps::default());
        }
        let lead = Para {
            keep_next: true,
            ..Para::default()
        };
        body.paragraph(&lead, &runs);
        pairs(body, &e.lines, BULLETS);
        if !e.why.is_empty() {
            body.text(None, &e.why);
        }
        pairs(body, &e.details, DASHES);
    }
}

/// `label: value` pairs as list items of numbering `num`, the value in bold.
fn pairs(body: &mut Body, pairs: &[(String, String)], num: u32) {
    for (label, value) in pairs {
        let mut runs = String::new();
        text_run(&mut runs, &format!("{label}: "), &RunProps::default());
        let bold = RunProps {
            bold: true,
            ..RunProps::default()
        };
        text_run(&mut runs, value, &bold);
        let item = Para {
            style: Some("ListParagraph"),
            num: Some((num, 0)),
            ..Para::default()
        };
        body.paragraph(&item, &runs);
    }
    if !pairs.is_empty() {
        let after = body.look.style("Normal").after.unwrap_or(0.0);
        body.space(after);
    }
}

/// The GRI content index as a table: code, title, and the places reporting it, each a link
/// to its section or table.
fn gri_table(body: &mut Body, gri: &GriIndex, targets: &Targets) {
    use table::{Cell, cell};
    let look = body.look;
    let total = look.text_width(false);
    let widths = [total * 16 / 100, total * 42 / 100];
    let widths = [widths[0], widths[1], total - widths[0] - widths[1]];
    let mut xml = String::new();
    let padding = super::style::twips(look.table.padding_x);
    table::open(&mut xml, look, &widths, padding, &gri.title);
    let h = &gri.heads;
    xml.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (col, head) in [&h.code, &h.title, &h.place].into_iter().enumerate() {
        let mut runs = String::new();
        text_run(&mut runs, head, &RunProps::default());
        let c = Cell {
            col,
            span: 1,
            style: "TableHeader",
            runs,
            bottom: Some(look.table.rule_light),
            bottom_align: true,
            ..Cell::default()
        };
        cell(&mut xml, look, &widths, &c);
    }
    xml.push_str("</w:tr>");
    for e in &gri.entries {
        xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        let mut code = String::new();
        let bold = RunProps {
            bold: true,
            ..RunProps::default()
        };
        text_run(&mut code, &e.code, &bold);
        let mut title = String::new();
        text_run(&mut title, &e.title, &RunProps::default());
        let places = place_links(body, e, targets);
        for (col, runs) in [code, title, places].into_iter().enumerate() {
            let c = Cell {
                col,
                span: 1,
                style: "TableText",
                runs,
                ..Cell::default()
            };
            cell(&mut xml, look, &widths, &c);
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    body.table(&xml, false);
    body.space(look.table.space_after);
}

/// The places of a GRI disclosure as linked runs, one a line; `–` for none.
fn place_links(body: &mut Body, e: &crate::view::GriEntry, targets: &Targets) -> String {
    let mut out = String::new();
    if e.places.is_empty() {
        text_run(&mut out, "–", &RunProps::default());
    }
    let link = RunProps {
        style: Some("Hyperlink"),
        ..RunProps::default()
    };
    for (i, p) in e.places.iter().enumerate() {
        if i > 0 {
            out.push_str("<w:r><w:br/></w:r>");
        }
        let text = match &p.item {
            Some(item) => format!("{}: {item}", p.section_title),
            None => p.section_title.clone(),
        };
        let table = p.table.as_ref().and_then(|t| targets.tables.get(t));
        let bookmark = table.or_else(|| targets.sections.get(&p.section)?.as_ref());
        let open = bookmark.and_then(|b| body.link_open(&super::body::Target::Anchor(b.clone())));
        match open {
            Some(open) => {
                out.push_str(&open);
                text_run(&mut out, &text, &link);
                out.push_str("</w:hyperlink>");
            }
            None => text_run(&mut out, &text, &RunProps::default()),
        }
    }
    out
}

/// The title, the contents heading and the contents field, its entries filled in from
/// `headings` and linked to them.
fn front_matter(chapter: &Chapter, headings: &[Heading]) -> String {
    let mut out = String::new();
    let para = |out: &mut String, style: &str, runs: &str| {
        let _ = write!(
            out,
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{runs}</w:p>"
        );
    };
    let mut title = String::new();
    text_run(&mut title, &chapter.title, &RunProps::default());
    para(&mut out, "Title", &title);
    let mut contents = String::new();
    text_run(
        &mut contents,
        ui(Ui::Contents, chapter.lang),
        &RunProps::default(),
    );
    para(&mut out, "TOCHeading", &contents);
    let begin = "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>";
    let end = "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
    if headings.is_empty() {
        para(&mut out, "TOC1", &format!("{begin}{end}"));
        return out;
    }
    for (i, h) in headings.iter().enumerate() {
        let mut runs = String::new();
        if i == 0 {
            runs.push_str(begin);
        }
        let _ = write!(
            runs,
            "<w:hyperlink w:anchor=\"{}\" w:history=\"1\">",
            esc(&h.bookmark)
        );
        text_run(&mut runs, &h.text, &RunProps::default());
        runs.push_str("</w:hyperlink>");
        if i + 1 == headings.len() {
            runs.push_str(end);
        }
        para(&mut out, &format!("TOC{}", h.level), &runs);
    }
    out
}
