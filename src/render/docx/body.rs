//! The body of `word/document.xml` as it is written: paragraphs with their properties,
//! bookmarks, the links of the document (a relationship for each external one), the
//! numbering instances of its lists, the headings the table of contents lists, and the
//! page orientation (a table too wide for portrait gets a landscape section of its own,
//! as in the PDF).
//!
//! Paragraph properties are written in the order the schema demands (Word refuses a file
//! whose `w:pPr` children are out of order): pStyle, keepNext, pageBreakBefore, numPr,
//! pBdr, spacing, ind, jc, rPr, sectPr.

use super::style::{Align, Look, mm_twips, twips};
use super::xml::{RunProps, esc, text_run};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The relationship id of the page-number footer.
pub(crate) const FOOTER_RID: &str = "rIdFooter";

/// The numbering instance of bulleted lists, and of the dashed lists of the appendix.
pub(crate) const BULLETS: u32 = 1;
pub(crate) const DASHES: u32 = 2;

/// Where a link in the prose goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A bookmark in this document.
    Anchor(String),
    /// A web address, or a file beside this one (another section's `.docx`).
    External(String),
    /// Nowhere this document can reach: the text is kept, the link is not.
    Plain,
}

/// The places a link can reach in one document: the bookmarks it has, and for a section
/// file the other sections (each its own file).
#[derive(Clone, Debug, Default)]
pub(crate) struct Targets {
    /// Section id → its bookmark (the chapter), or `None` (a section file: the section's
    /// own `.docx` beside it).
    pub sections: BTreeMap<String, Option<String>>,
    /// Table id → its caption's bookmark, for the tables in this document.
    pub tables: BTreeMap<String, String>,
    /// The reconciliation entries whose text is in this document (bookmark `r_N`).
    pub entries: BTreeSet<usize>,
    /// The bookmark of the reconciliation appendix's heading, if it is in this document.
    pub appendix: Option<String>,
}

/// The bookmark of reconciliation entry `n` (Word's bookmark names take letters, digits
/// and `_`, no `-`).
pub(crate) fn entry_bookmark(n: usize) -> String {
    format!("r_{n}")
}

impl Targets {
    /// Where `dest` (a Markdown link destination that [`crate::render::link::allowed`]
    /// passed) goes. The prose links other sections, the appendix and its entries as the
    /// Markdown files they are (`training.md`, `reconciliation.md#r-3`).
    pub(crate) fn resolve(&self, dest: &str) -> Target {
        let (path, fragment) = dest.split_once('#').unwrap_or((dest, ""));
        let relative = !path.contains([':', '/', '\\']);
        if !relative {
            return Target::External(dest.to_owned());
        }
        let stem = path.strip_suffix(".md").unwrap_or(path);
        if stem == crate::view::APPENDIX_ID || (stem.is_empty() && fragment.starts_with("r-")) {
            let entry = fragment
                .strip_prefix("r-")
                .and_then(|n| n.parse::<usize>().ok());
            return match entry {
                Some(n) if self.entries.contains(&n) => Target::Anchor(entry_bookmark(n)),
                Some(_) => Target::Plain,
                None => self.appendix.clone().map_or(Target::Plain, Target::Anchor),
            };
        }
        if stem.is_empty() {
            return match self.tables.get(fragment) {
                Some(b) => Target::Anchor(b.clone()),
                None => Target::Plain,
            };
        }
        match self.sections.get(stem) {
            Some(Some(bookmark)) => match self.tables.get(fragment) {
                Some(t) => Target::Anchor(t.clone()),
                None => Target::Anchor(bookmark.clone()),
            },
            Some(None) => Target::External(format!("{stem}.docx")),
            None if path.ends_with(".md") => Target::Plain,
            None => Target::External(dest.to_owned()),
        }
    }
}

/// A paragraph's own properties (beyond its style).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Para<'a> {
    pub style: Option<&'a str>,
    pub keep_next: bool,
    /// Numbering instance and level of a list item's first paragraph.
    pub num: Option<(u32, usize)>,
    /// Left indent, pt (a list item's later paragraphs, nested quotes).
    pub indent: Option<f64>,
    pub align: Option<Align>,
    /// A rule under the paragraph (a Markdown thematic break).
    pub rule: bool,
    /// On a landscape page (the caption and notes of a table set landscape).
    pub landscape: bool,
}

/// A heading the table of contents lists: level (1–3), text, bookmark.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Heading {
    pub level: u8,
    pub text: String,
    pub bookmark: String,
}

/// What the next paragraph carries: a page break before it, bookmarks at its start, more
/// space above it (after a table or a list).
#[derive(Default)]
struct Pending {
    page_break: bool,
    bookmarks: Vec<String>,
    space: f64,
}

/// The properties of an empty paragraph that should take no room: no space, a line of
/// one point, a one-point paragraph mark (spacing, then rPr, in the schema's order).
const TINY: &str = "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/><w:rPr><w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/></w:rPr>";

/// The body being written.
pub(crate) struct Body<'a> {
    pub look: &'a Look,
    pub targets: &'a Targets,
    pub xml: String,
    /// External link targets in order; link `i` is relationship `rIdLink{i + 1}`.
    pub links: Vec<String>,
    /// Ordered-list instances after [`BULLETS`] and [`DASHES`]: (level, first number).
    pub numbers: Vec<(usize, u64)>,
    pub headings: Vec<Heading>,
    bookmarks: u32,
    pending: Pending,
    landscape: bool,
    /// The last thing written was a table (two tables in a row would merge in Word).
    after_table: bool,
}

impl<'a> Body<'a> {
    pub(crate) fn new(look: &'a Look, targets: &'a Targets) -> Body<'a> {
        Body {
            look,
            targets,
            xml: String::new(),
            links: Vec::new(),
            numbers: Vec::new(),
            headings: Vec::new(),
            bookmarks: 0,
            pending: Pending::default(),
            landscape: false,
            after_table: false,
        }
    }

    /// The next paragraph starts a page.
    pub(crate) fn page_break(&mut self) {
        self.pending.page_break = true;
    }

    /// The next paragraph carries bookmark `name`.
    pub(crate) fn bookmark(&mut self, name: String) {
        self.pending.bookmarks.push(name);
    }

    /// At least `pt` of space above the next paragraph.
    pub(crate) fn space(&mut self, pt: f64) {
        self.pending.space = self.pending.space.max(pt);
    }

    /// A numbering instance for an ordered list at `level` starting at `start`.
    pub(crate) fn ordered_list(&mut self, level: usize, start: u64) -> u32 {
        self.numbers.push((level, start));
        DASHES + self.numbers.len() as u32
    }

    /// The relationship id of an external link to `target`.
    fn link_rid(&mut self, target: &str) -> String {
        let i = match self.links.iter().position(|l| l == target) {
            Some(i) => i,
            None => {
                self.links.push(target.to_owned());
                self.links.len() - 1
            }
        };
        format!("rIdLink{}", i + 1)
    }

    /// The opening tag of a hyperlink to `target`, or `None` for [`Target::Plain`].
    pub(crate) fn link_open(&mut self, target: &Target) -> Option<String> {
        match target {
            Target::Anchor(name) => Some(format!(
                "<w:hyperlink w:anchor=\"{}\" w:history=\"1\">",
                esc(name)
            )),
            Target::External(url) => {
                let rid = self.link_rid(url);
                Some(format!("<w:hyperlink r:id=\"{rid}\" w:history=\"1\">"))
            }
            Target::Plain => None,
        }
    }

    /// Footnote marks leading to reconciliation entries `numbers`, as runs: each mark
    /// (the view's superscript digits) links to its entry when the entry is in this
    /// document.
    pub(crate) fn marks(&mut self, out: &mut String, numbers: &[usize], font: Option<(&str, u32)>) {
        let props = RunProps {
            style: Some("FootnoteMark"),
            font,
            ..RunProps::default()
        };
        for (i, &n) in numbers.iter().enumerate() {
            if i > 0 {
                text_run(out, "·", &props);
            }
            let target = match self.targets.entries.contains(&n) {
                true => Target::Anchor(entry_bookmark(n)),
                false => Target::Plain,
            };
            let open = self.link_open(&target);
            out.push_str(open.as_deref().unwrap_or_default());
            text_run(out, &crate::view::mark(&[n]), &props);
            if open.is_some() {
                out.push_str("</w:hyperlink>");
            }
        }
    }

    /// Writes a paragraph of `runs` (run XML) with `p`'s properties and what is pending.
    pub(crate) fn paragraph(&mut self, p: &Para, runs: &str) {
        self.orient(p.landscape);
        let pending = std::mem::take(&mut self.pending);
        let mut ppr = String::new();
        if let Some(s) = p.style {
            let _ = write!(ppr, "<w:pStyle w:val=\"{}\"/>", esc(s));
        }
        if p.keep_next {
            ppr.push_str("<w:keepNext/>");
        }
        if pending.page_break {
            ppr.push_str("<w:pageBreakBefore/>");
        }
        if let Some((num, level)) = p.num {
            let _ = write!(
                ppr,
                "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num}\"/></w:numPr>"
            );
        }
        if p.rule {
            let color = &self.look.table.hairline_color;
            let size = eighths(self.look.table.rule_light);
            let _ = write!(
                ppr,
                "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"{size}\" w:space=\"1\" w:color=\"{color}\"/></w:pBdr>"
            );
        }
        let style_before = self.look.before_of(p.style.unwrap_or("Normal"));
        if pending.space > style_before {
            let _ = write!(ppr, "<w:spacing w:before=\"{}\"/>", twips(pending.space));
        }
        if let Some(pt) = p.indent {
            let _ = write!(ppr, "<w:ind w:left=\"{}\"/>", twips(pt));
        }
        if let Some(a) = p.align {
            let _ = write!(ppr, "<w:jc w:val=\"{}\"/>", a.word());
        }
        self.xml.push_str("<w:p>");
        if !ppr.is_empty() {
            let _ = write!(self.xml, "<w:pPr>{ppr}</w:pPr>");
        }
        self.write_bookmarks(&pending.bookmarks);
        self.xml.push_str(runs);
        self.xml.push_str("</w:p>");
        self.after_table = false;
    }

    /// Bookmarks `names`, each a point at the start of the paragraph being written.
    fn write_bookmarks(&mut self, names: &[String]) {
        for name in names {
            self.bookmarks += 1;
            let id = self.bookmarks;
            let _ = write!(
                self.xml,
                "<w:bookmarkStart w:id=\"{id}\" w:name=\"{}\"/><w:bookmarkEnd w:id=\"{id}\"/>",
                esc(name)
            );
        }
    }

    /// A heading of `level` (1–3) from its runs; `text` is what the contents list shows.
    pub(crate) fn heading(&mut self, level: u8, runs: &str, text: &str) {
        let level = level.clamp(1, 3);
        let bookmark = format!("_Toc{:06}", self.headings.len() + 1);
        self.headings.push(Heading {
            level,
            text: text.to_owned(),
            bookmark: bookmark.clone(),
        });
        self.bookmark(bookmark);
        let style = ["Heading1", "Heading2", "Heading3"][usize::from(level) - 1];
        self.paragraph(
            &Para {
                style: Some(style),
                ..Para::default()
            },
            runs,
        );
    }

    /// A paragraph of one run of plain `text` in `style`.
    pub(crate) fn text(&mut self, style: Option<&str>, text: &str) {
        let mut runs = String::new();
        text_run(&mut runs, text, &RunProps::default());
        self.paragraph(
            &Para {
                style,
                ..Para::default()
            },
            &runs,
        );
    }

    /// Writes a table (`<w:tbl>…</w:tbl>`) on a page of the given orientation. What is
    /// pending, and a table right after another, get a paragraph of their own first. The
    /// caller asks for the space after it ([`Body::space`]) once its notes are written.
    pub(crate) fn table(&mut self, xml: &str, landscape: bool) {
        let pending = &self.pending;
        if self.after_table || pending.page_break || !pending.bookmarks.is_empty() {
            self.gap();
        }
        self.orient(landscape);
        self.xml.push_str(xml);
        self.after_table = true;
    }

    /// An empty paragraph, as small as Word allows: it holds what is pending, separates two
    /// tables, ends a section.
    fn gap(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let page_break = match pending.page_break {
            true => "<w:pageBreakBefore/>",
            false => "",
        };
        let _ = write!(self.xml, "<w:p><w:pPr>{page_break}{TINY}</w:pPr>");
        self.write_bookmarks(&pending.bookmarks);
        self.xml.push_str("</w:p>");
        self.pending.space = pending.space;
        self.after_table = false;
    }

    /// Ends the current section when the page must turn: the section break is an empty
    /// paragraph carrying the ending section's properties.
    fn orient(&mut self, landscape: bool) {
        if self.landscape == landscape {
            return;
        }
        let sect = sect_pr(self.look, self.landscape);
        let pending = std::mem::take(&mut self.pending);
        let _ = write!(self.xml, "<w:p><w:pPr>{TINY}{sect}</w:pPr></w:p>");
        // A new section starts a page anyway.
        self.pending = Pending {
            space: 0.0,
            page_break: false,
            ..pending
        };
        self.landscape = landscape;
        self.after_table = false;
    }

    /// The body's XML, closed with the last section's properties (and a paragraph after a
    /// closing table, which Word wants).
    pub(crate) fn finish(mut self) -> Finished {
        if self.after_table || !self.pending.bookmarks.is_empty() {
            self.gap();
        }
        let sect = sect_pr(self.look, self.landscape);
        self.xml.push_str(&sect);
        Finished {
            xml: self.xml,
            links: self.links,
            numbers: self.numbers,
            headings: self.headings,
        }
    }
}

/// A written body and what the package needs to go with it.
pub(crate) struct Finished {
    pub xml: String,
    pub links: Vec<String>,
    pub numbers: Vec<(usize, u64)>,
    pub headings: Vec<Heading>,
}

/// A rule width in eighths of a point (at least the thinnest Word draws).
pub(crate) fn eighths(pt: f64) -> u32 {
    ((pt * 8.0).round() as u32).clamp(2, 96)
}

/// The section properties of a page in `look`, portrait or landscape (the paper turned,
/// the margins kept, as in the PDF), with the page-number footer.
pub(crate) fn sect_pr(look: &Look, landscape: bool) -> String {
    let p = &look.page;
    let (w, h) = (mm_twips(p.width), mm_twips(p.height));
    let size = match landscape {
        true => format!("<w:pgSz w:w=\"{h}\" w:h=\"{w}\" w:orient=\"landscape\"/>"),
        false => format!("<w:pgSz w:w=\"{w}\" w:h=\"{h}\"/>"),
    };
    format!(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"{FOOTER_RID}\"/>{size}<w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/></w:sectPr>",
        mm_twips(p.top),
        mm_twips(p.right),
        mm_twips(p.bottom),
        mm_twips(p.left),
        mm_twips(p.top / 2.0),
        mm_twips(p.footer),
    )
}

/// The body XML `write` makes, on the shipped look, with reconciliation entries `entries`
/// in the document.
#[cfg(test)]
pub(crate) fn written(entries: &[usize], write: impl FnOnce(&mut Body)) -> String {
    let look = super::style::built_in(&mut Default::default()).expect("the built-in styles");
    let targets = Targets {
        entries: entries.iter().copied().collect(),
        ..Targets::default()
    };
    let mut body = Body::new(&look, &targets);
    write(&mut body);
    body.finish().xml
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(in_chapter: bool) -> Targets {
        let bookmark = |s: &str| in_chapter.then(|| format!("sec_{s}"));
        Targets {
            sections: [
                ("training", bookmark("training")),
                ("turnover", bookmark("turnover")),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
            tables: [("staff_by_age".to_owned(), "tbl_3".to_owned())].into(),
            entries: [3].into(),
            appendix: in_chapter.then(|| "appendix".to_owned()),
        }
    }

    #[test]
    fn links_go_to_bookmarks_here_or_to_the_files_beside() {
        let chapter = targets(true);
        let anchor = |s: &str| Target::Anchor(s.to_owned());
        assert_eq!(chapter.resolve("reconciliation.md#r-3"), anchor("r_3"));
        assert_eq!(chapter.resolve("reconciliation.md#r-4"), Target::Plain);
        assert_eq!(chapter.resolve("reconciliation.md"), anchor("appendix"));
        assert_eq!(chapter.resolve("training.md"), anchor("sec_training"));
        assert_eq!(chapter.resolve("turnover.md#staff_by_age"), anchor("tbl_3"));
        assert_eq!(chapter.resolve("#staff_by_age"), anchor("tbl_3"));
        assert_eq!(chapter.resolve("#nowhere"), Target::Plain);
        assert_eq!(chapter.resolve("nosuch.md"), Target::Plain);
        let web = "https://kegoc.kz/ru/";
        assert_eq!(chapter.resolve(web), Target::External(web.to_owned()));
        let section = targets(false);
        assert_eq!(
            section.resolve("training.md"),
            Target::External("training.docx".to_owned())
        );
        assert_eq!(section.resolve("reconciliation.md"), Target::Plain);
    }
}
