//! Standalone HTML pages: the template's prose through pulldown-cmark, each table slot
//! replaced by a native `<table>` with spanned headers. CSS is embedded (screen and print),
//! raw HTML in prose is shown as text, and every table row is one line.

use super::link::Inert;
use super::{Chapter, Renderer};
use crate::locale::{Ui, ui};
use crate::template::parse_table_slot;
use crate::view::{RowStyle, TableView};
use pulldown_cmark::{CowStr, Event, Options, Parser, html::push_html};
use std::collections::BTreeMap;

pub struct Html;

impl Renderer for Html {
    fn section(&self, chapter: &Chapter, index: usize) -> Result<Vec<u8>, String> {
        let section = &chapter.sections[index];
        let body = prose_html(&section.markdown, chapter.tables)?;
        let nav = section_nav(chapter, index);
        let file = format!("{}.html", section.id);
        Ok(page(
            chapter,
            &format!("{} — {}", section.title, chapter.title),
            &file,
            &format!("{nav}<main>\n{body}</main>\n{nav}"),
        )
        .into_bytes())
    }

    fn chapter(&self, chapter: &Chapter) -> Result<Vec<(String, Vec<u8>)>, String> {
        let mut body = format!(
            "<main>\n<h1>{}</h1>\n<h2>{}</h2>\n<ol class=\"toc\">\n",
            esc(chapter.title),
            ui(Ui::Contents, chapter.lang)
        );
        for s in chapter.sections {
            body.push_str(&format!(
                "<li><a href=\"{}.html\">{}</a></li>\n",
                esc(&s.id),
                esc(&s.title)
            ));
        }
        body.push_str("</ol>\n");
        if !chapter.data_notes.is_empty() {
            body.push_str(&format!(
                "<h2>{}</h2>\n<dl class=\"data-notes\">\n",
                ui(Ui::DataNotes, chapter.lang)
            ));
            for (caption, notes) in chapter.data_notes {
                body.push_str(&format!("<dt>{}</dt>\n", esc(caption)));
                for n in notes {
                    body.push_str(&format!("<dd>{}</dd>\n", esc(n)));
                }
            }
            body.push_str("</dl>\n");
        }
        body.push_str("</main>\n");
        Ok(vec![(
            "index.html".into(),
            page(chapter, chapter.title, "index.html", &body).into_bytes(),
        )])
    }
}

/// The section's Markdown as HTML, each table slot filled with its table. Raw HTML is
/// shown as text, never interpreted; links and images keep only safe destinations
/// ([`super::link`]).
fn prose_html(markdown: &str, tables: &BTreeMap<String, TableView>) -> Result<String, String> {
    let mut body = String::new();
    let mut inert = Inert::default();
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES)
        .filter_map(|e| inert.pass(e));
    let mut pending: Vec<Event> = Vec::new();
    for event in events {
        match event {
            Event::Html(ref h) | Event::InlineHtml(ref h)
                if h.lines().any(|l| parse_table_slot(l).is_some()) =>
            {
                push_html(&mut body, pending.drain(..));
                for id in h.lines().filter_map(parse_table_slot) {
                    let table = tables
                        .get(id)
                        .ok_or_else(|| format!("no view for table `{id}`"))?;
                    body.push_str(&table_html(table));
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                pending.push(Event::Text(CowStr::from(h.into_string())))
            }
            other => pending.push(other),
        }
    }
    push_html(&mut body, pending.into_iter());
    Ok(body)
}

/// A complete page: doctype, language, embedded CSS, the language switch.
fn page(chapter: &Chapter, title: &str, file: &str, body: &str) -> String {
    let lang = chapter.lang;
    let mut switch = String::new();
    for other in chapter.languages.iter().filter(|l| **l != lang) {
        switch.push_str(&format!(
            "<a class=\"lang\" href=\"../{code}/{file}\" hreflang=\"{tag}\" lang=\"{tag}\">{name}</a>",
            code = other.code(),
            tag = other.bcp47(),
            name = ui(Ui::LanguageName, *other),
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{tag}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{css}</style>\n</head>\n<body>\n<header><a href=\"index.html\">{report}</a>{switch}</header>\n{body}</body>\n</html>\n",
        tag = lang.bcp47(),
        title = esc(title),
        css = chapter.stylesheet,
        report = esc(chapter.title),
    )
}

fn section_nav(chapter: &Chapter, index: usize) -> String {
    let link = |i: usize, rel: &str, arrow: &str| {
        let s = &chapter.sections[i];
        format!(
            "<a rel=\"{rel}\" href=\"{}.html\">{arrow} {}</a>",
            esc(&s.id),
            esc(&s.title)
        )
    };
    let mut nav = String::from("<nav class=\"pager\">");
    if index > 0 {
        nav.push_str(&link(index - 1, "prev", "←"));
    }
    if index + 1 < chapter.sections.len() {
        nav.push_str(&link(index + 1, "next", "→"));
    }
    nav.push_str("</nav>\n");
    nav
}

/// A table with `<caption>`, spanned `<thead>`, row headers and right-aligned figures.
pub fn table_html(t: &TableView) -> String {
    let depth = t.header_rows.len().max(1);
    let mut out = format!(
        "<figure class=\"table\" id=\"{}\">\n<table>\n<caption>{}",
        esc(&t.id),
        esc(&t.caption)
    );
    if !t.gri.is_empty() {
        out.push_str(&format!(
            " <span class=\"gri\">{}</span>",
            esc(&t.gri.join(", "))
        ));
    }
    out.push_str("</caption>\n<thead>\n");
    for (level, cells) in t.header_rows.iter().enumerate() {
        out.push_str("<tr>");
        if level == 0 {
            out.push_str(&format!(
                "<th scope=\"col\"{}>{}</th>",
                span_attr("rowspan", depth),
                esc(&t.stub)
            ));
        }
        for c in cells {
            let scope = if c.colspan > 1 { "colgroup" } else { "col" };
            out.push_str(&format!(
                "<th scope=\"{scope}\"{}{}>{}</th>",
                span_attr("colspan", c.colspan),
                span_attr("rowspan", c.rowspan),
                esc(&c.text)
            ));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</thead>\n<tbody>\n");
    let width = t.flat_headers.len() + 1;
    for row in &t.rows {
        match row.style {
            RowStyle::Heading => out.push_str(&format!(
                "<tr class=\"heading\"><th scope=\"rowgroup\" colspan=\"{width}\">{}</th></tr>\n",
                esc(&row.label)
            )),
            style => {
                let class = if style == RowStyle::Total {
                    " class=\"total\""
                } else {
                    ""
                };
                out.push_str(&format!(
                    "<tr{class}><th scope=\"row\">{}</th>",
                    esc(&row.label)
                ));
                for c in &row.cells {
                    out.push_str(&format!("<td>{}</td>", esc(c)));
                }
                out.push_str("</tr>\n");
            }
        }
    }
    out.push_str("</tbody>\n</table>\n");
    for note in &t.notes {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", esc(note)));
    }
    out.push_str("</figure>\n");
    out
}

fn span_attr(name: &str, n: usize) -> String {
    if n > 1 {
        format!(" {name}=\"{n}\"")
    } else {
        String::new()
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::{HeaderCell, RowView};

    #[test]
    fn prose_links_keep_only_safe_destinations() {
        let html = prose_html(
            "Бет: [сайт](https://kegoc.kz), [x](javascript:alert(1)), [y](JaVa&#x09;ScRiPt:alert(1)), <vbscript:msgbox(1)>, ![z](data:image/png;base64,AA).\n",
            &BTreeMap::new(),
        )
        .unwrap();
        assert_eq!(
            html,
            "<p>Бет: <a href=\"https://kegoc.kz\">сайт</a>, x, y, vbscript:msgbox(1), z.</p>\n"
        );
    }

    #[test]
    fn spanned_header_and_escaped_text() {
        let t = TableView {
            id: "age".into(),
            caption: "Age <script>".into(),
            gri: vec!["GRI 405-1".into()],
            stub: "Unit".into(),
            header_rows: vec![
                vec![
                    HeaderCell {
                        text: "Total".into(),
                        colspan: 1,
                        rowspan: 2,
                    },
                    HeaderCell {
                        text: "Under 30".into(),
                        colspan: 2,
                        rowspan: 1,
                    },
                ],
                vec![
                    HeaderCell {
                        text: "people".into(),
                        colspan: 1,
                        rowspan: 1,
                    },
                    HeaderCell {
                        text: "%".into(),
                        colspan: 1,
                        rowspan: 1,
                    },
                ],
            ],
            flat_headers: vec![
                "Total".into(),
                "Under 30, people".into(),
                "Under 30, %".into(),
            ],
            rows: vec![RowView {
                style: RowStyle::Total,
                label: "All".into(),
                cells: vec!["4\u{a0}495".into(), "694".into(), "15,44".into()],
            }],
            notes: vec![],
        };
        let html = table_html(&t);
        assert!(html.contains(
            "<caption>Age &lt;script&gt; <span class=\"gri\">GRI 405-1</span></caption>"
        ));
        assert!(html.contains("<tr><th scope=\"col\" rowspan=\"2\">Unit</th><th scope=\"col\" rowspan=\"2\">Total</th><th scope=\"colgroup\" colspan=\"2\">Under 30</th></tr>\n"));
        assert!(html.contains("<tr class=\"total\"><th scope=\"row\">All</th><td>4\u{a0}495</td><td>694</td><td>15,44</td></tr>\n"));
    }
}
