//! The section prose (Markdown from the templates) as Word paragraphs: headings in Word's
//! heading styles (so the navigation pane and the contents field find them), lists on
//! Word numbering, bold and italic runs, links as hyperlinks (a footnote mark to its
//! reconciliation entry, another section to its bookmark or file, a web address as an
//! external relationship), a pipe table through the same table writer as the data tables.
//! Raw HTML is shown as text and unsafe link destinations are dropped, as in the HTML
//! output ([`crate::render::link`]).

use super::body::{BULLETS, Body, Para};
use super::xml::{RunProps, text_run};
use crate::render::link::Inert;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Writes the paragraphs of `markdown` into `body`.
pub(crate) fn write(body: &mut Body, markdown: &str) {
    let mut p = Prose::new(body);
    let mut inert = Inert::default();
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    for event in Parser::new_ext(markdown, options).filter_map(|e| inert.pass(e)) {
        p.event(event);
    }
    p.flush();
}

/// A pipe table being read: its header cells and rows.
type Grid = (Vec<String>, Vec<Vec<String>>);

/// The walk through one piece of prose.
struct Prose<'b, 'a> {
    body: &'b mut Body<'a>,
    /// Run XML of the paragraph being read, and its plain text.
    runs: String,
    /// Text not yet written as a run, and the properties it has: text of the same
    /// properties is one run, as Word itself would keep it.
    text: String,
    props: RunProps<'static>,
    plain: String,
    bold: usize,
    italic: usize,
    heading: Option<u8>,
    quote: usize,
    code: bool,
    /// The numbering instance of each open list.
    lists: Vec<u32>,
    /// The next paragraph is the first of a list item: it carries the number.
    item_start: bool,
    /// Each open link: whether it was written as a hyperlink, and its character style.
    links: Vec<(bool, &'static str)>,
    grid: Option<Grid>,
    cell: Option<String>,
    row: Vec<String>,
}

impl<'b, 'a> Prose<'b, 'a> {
    fn new(body: &'b mut Body<'a>) -> Self {
        Prose {
            body,
            runs: String::new(),
            text: String::new(),
            props: RunProps::default(),
            plain: String::new(),
            bold: 0,
            italic: 0,
            heading: None,
            quote: 0,
            code: false,
            lists: Vec::new(),
            item_start: false,
            links: Vec::new(),
            grid: None,
            cell: None,
            row: Vec::new(),
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                let text: &str = &t;
                // A code block's text ends with its last line's newline: no empty line.
                let text = if self.code {
                    text.trim_end_matches('\n')
                } else {
                    text
                };
                self.text(text);
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text("\n"),
            Event::FootnoteReference(label) => self.text(&format!("[{label}]")),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::Rule => {
                self.flush();
                let rule = Para {
                    rule: true,
                    ..Para::default()
                };
                self.body.paragraph(&rule, "");
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(level as u8);
            }
            Tag::List(first) => {
                self.flush();
                let num = match first {
                    Some(n) => self.body.ordered_list(self.lists.len(), n),
                    None => BULLETS,
                };
                self.lists.push(num);
            }
            Tag::Item => {
                self.flush();
                self.item_start = true;
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = true;
            }
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.text(&format!("[{label}] "));
            }
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::Link { dest_url, .. } => self.link(&dest_url),
            Tag::Table(_) => {
                self.flush();
                self.grid = Some((Vec::new(), Vec::new()));
            }
            Tag::TableCell => self.cell = Some(String::new()),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = None;
            }
            TagEnd::Paragraph | TagEnd::Item | TagEnd::FootnoteDefinition => self.flush(),
            TagEnd::CodeBlock => {
                self.flush();
                self.code = false;
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    let after = self.body.look.style("Normal").after.unwrap_or(0.0);
                    self.body.space(after);
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Link => {
                if let Some((true, _)) = self.links.pop() {
                    self.emit();
                    self.runs.push_str("</w:hyperlink>");
                }
            }
            TagEnd::TableCell => {
                let cell = self.cell.take().unwrap_or_default();
                self.row.push(cell);
            }
            TagEnd::TableHead => {
                if let Some(g) = &mut self.grid {
                    g.0 = std::mem::take(&mut self.row);
                }
            }
            TagEnd::TableRow => {
                let row = std::mem::take(&mut self.row);
                if let Some(g) = &mut self.grid {
                    g.1.push(row);
                }
            }
            TagEnd::Table => {
                if let Some((head, rows)) = self.grid.take() {
                    let view = crate::render::pdf::prose::grid_view(head, rows);
                    super::table::write(self.body, &view);
                }
            }
            _ => {}
        }
    }

    /// Opens a link: a footnote mark (its destination an entry of the appendix) in the
    /// mark's style, anything else as a hyperlink; a destination this document cannot
    /// reach keeps only its text.
    fn link(&mut self, dest: &str) {
        let target = self.body.targets.resolve(dest);
        let mark = dest.starts_with(&format!("{}.md#r-", crate::view::APPENDIX_ID));
        let style = if mark { "FootnoteMark" } else { "Hyperlink" };
        match self.body.link_open(&target) {
            Some(open) => {
                self.emit();
                self.runs.push_str(&open);
                self.links.push((true, style));
            }
            None => self.links.push((false, style)),
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(cell) = &mut self.cell {
            cell.push_str(text);
            return;
        }
        // Only a link that was written is styled as one.
        let style = self.links.last().filter(|(live, _)| *live).map(|(_, s)| *s);
        let props = RunProps {
            style,
            bold: self.bold > 0,
            italic: self.italic > 0,
            ..RunProps::default()
        };
        if props != self.props {
            self.emit();
            self.props = props;
        }
        self.text.push_str(text);
        self.plain.push_str(text);
    }

    /// Writes the text read so far as one run.
    fn emit(&mut self) {
        let text = std::mem::take(&mut self.text);
        text_run(&mut self.runs, &text, &self.props);
    }

    /// Writes the paragraph read so far, if it has any text.
    fn flush(&mut self) {
        self.emit();
        // A link cannot span paragraphs; close any left open so the XML stays whole.
        for (live, _) in &mut self.links {
            if std::mem::take(live) {
                self.runs.push_str("</w:hyperlink>");
            }
        }
        let runs = std::mem::take(&mut self.runs);
        let plain = std::mem::take(&mut self.plain);
        if plain.trim().is_empty() {
            return;
        }
        if let Some(level) = self.heading {
            self.body.heading(level, &runs, plain.trim());
            return;
        }
        let para = self.para(&plain);
        self.body.paragraph(&para, &runs);
    }

    /// The properties of a body paragraph with text `plain`, from where it stands.
    fn para(&mut self, plain: &str) -> Para<'static> {
        let look = self.body.look;
        // A paragraph ending in a colon introduces what follows: keep them together.
        let keep_next = plain.trim_end().ends_with(':');
        if let Some(&num) = self.lists.last() {
            let depth = self.lists.len() - 1;
            let first = std::mem::take(&mut self.item_start);
            let step = look.style("ListParagraph").indent.unwrap_or(0.0);
            return Para {
                style: Some("ListParagraph"),
                keep_next,
                num: first.then_some((num, depth)),
                indent: (!first).then_some(step * (depth + 1) as f64),
                ..Para::default()
            };
        }
        if self.quote > 0 {
            let step = look.style("Quote").indent.unwrap_or(0.0);
            return Para {
                style: Some("Quote"),
                keep_next,
                indent: (self.quote > 1).then_some(step * self.quote as f64),
                ..Para::default()
            };
        }
        Para {
            keep_next,
            ..Para::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_xml(markdown: &str) -> String {
        crate::render::docx::body::written(&[10], |body| write(body, markdown))
    }

    #[test]
    fn headings_lists_emphasis_and_links() {
        let xml = body_xml(
            "# Тақырып\n\nМәтін **қалың** және *көлбеу* [сайт](https://kegoc.kz), 4\u{a0}495[¹⁰](reconciliation.md#r-10).\n\n- бір\n- екі\n  1. ішкі\n\nСоңы <b>x</b> [y](javascript:alert(1))\n",
        );
        assert!(xml.contains("<w:pStyle w:val=\"Heading1\"/>"), "{xml}");
        assert!(xml.contains("w:name=\"_Toc000001\""));
        assert!(xml.contains("<w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">қалың"));
        assert!(xml.contains("<w:i/><w:iCs/></w:rPr><w:t xml:space=\"preserve\">көлбеу"));
        assert!(xml.contains("<w:hyperlink r:id=\"rIdLink1\" w:history=\"1\"><w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr><w:t xml:space=\"preserve\">сайт</w:t></w:r></w:hyperlink>"));
        assert!(xml.contains("<w:hyperlink w:anchor=\"r_10\" w:history=\"1\"><w:r><w:rPr><w:rStyle w:val=\"FootnoteMark\"/></w:rPr><w:t xml:space=\"preserve\">¹⁰</w:t></w:r></w:hyperlink>"));
        assert!(xml.contains("<w:numId w:val=\"1\"/>"));
        assert!(xml.contains("<w:ilvl w:val=\"1\"/><w:numId w:val=\"3\"/>"));
        assert!(xml.contains("Соңы &lt;b&gt;x&lt;/b&gt; y</w:t>"), "{xml}");
        assert!(!xml.contains("javascript"));
    }
}
