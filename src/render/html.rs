//! Standalone HTML pages: the template's prose through pulldown-cmark, each table slot
//! replaced by a native `<table>` with spanned headers. The page around it (doctype,
//! embedded CSS, language switch, pager, the index page's contents and data notes) is
//! `templates/html/page.html.tera`, so the team restyles markup as it restyles
//! `style.css`; its context is the typed [`Page`], and every data string in it is
//! escaped by Tera's autoescaping. Raw HTML in prose is shown as text, and every table row
//! is one line.

use super::link::Inert;
use super::{Chapter, Renderer};
use crate::diag::Diagnostics;
use crate::lang::Lang;
use crate::locale::{Ui, ui};
use crate::view::{
    APPENDIX_ID, Appendix, ChartFigure, GRI_INDEX_ID, GriIndex, Part, RowStyle, TableView, anchor,
    mark,
};
use pulldown_cmark::{CowStr, Event, Options, Parser, html::push_html};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The HTML renderer with its page template and stylesheet, read from the templates
/// directory.
pub(crate) struct Html {
    page: Option<Arc<tera::Tera>>,
    stylesheet: String,
    templates: PathBuf,
}

/// The page template's name, also its path under the templates directory.
const PAGE: &str = "html/page.html.tera";

impl Html {
    /// Reads `html/page.html.tera` and `html/style.css` from `templates`; problems go to
    /// `diags` (and the renderer then writes nothing).
    pub(crate) fn load(templates: &Path, diags: &mut Diagnostics) -> Html {
        let stylesheet = read(templates, "style.css", diags).unwrap_or_default();
        let page = read(templates, "page.html.tera", diags).and_then(|text| {
            let mut tera = tera::Tera::default();
            tera.autoescape_on([".html.tera"]);
            tera.set_escape_fn(escape_for_tera);
            match tera.add_raw_template(PAGE, &text) {
                Ok(()) => Some(Arc::new(tera)),
                Err(e) => {
                    diags.push(crate::template::tera_diagnostic(&e, templates));
                    None
                }
            }
        });
        Html {
            page,
            stylesheet,
            templates: templates.to_owned(),
        }
    }

    fn page(&self, page: &Page) -> Result<Vec<u8>, String> {
        let tera = self.page.as_ref().ok_or("the page template did not load")?;
        let ctx = tera::Context::from_serialize(page).map_err(|e| e.to_string())?;
        crate::template::render_bounded(tera, PAGE, ctx, &self.templates)
            .map(String::into_bytes)
            .map_err(|d| match d.span {
                Some(place) => format!("{place}: {}", d.message),
                None => d.message,
            })
    }
}

/// Tera's autoescaping with the same escaper as the rest of the page.
fn escape_for_tera(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(out), text)
}

/// A file of `templates/html/`, read as every input is.
fn read(templates: &Path, name: &str, diags: &mut Diagnostics) -> Option<String> {
    let path = templates.join("html").join(name);
    crate::source::read_input(templates, &path)
        .map_err(|d| {
            let hint = format!("the HTML pages are made from templates/html/{name}");
            diags.push(if d.hint.is_none() {
                d.with_hint(hint)
            } else {
                d
            });
        })
        .ok()
}

/// What `page.html.tera` sees: one page, every text as data (escaped by Tera) except
/// `stylesheet` and a section's `body`, which are HTML made here.
#[derive(Serialize)]
pub(crate) struct Page<'a> {
    /// BCP 47 tag of the page's language.
    pub lang: &'a str,
    pub title: String,
    /// The report's title, linking to the index page.
    pub report: &'a str,
    /// The page's file name, for the links to the same page in other languages.
    pub file: String,
    pub stylesheet: &'a str,
    /// The other languages with pages.
    pub languages: Vec<LanguageLink>,
    /// Set on a section page.
    pub section: Option<SectionPage<'a>>,
    /// Set on the index page.
    pub index: Option<IndexPage<'a>>,
}

#[derive(Serialize)]
pub(crate) struct LanguageLink {
    pub code: &'static str,
    pub tag: &'static str,
    pub name: &'static str,
}

#[derive(Serialize)]
pub(crate) struct SectionLink<'a> {
    pub id: &'a str,
    pub title: &'a str,
}

#[derive(Serialize)]
pub(crate) struct SectionPage<'a> {
    pub prev: Option<SectionLink<'a>>,
    pub next: Option<SectionLink<'a>>,
    /// The section's prose and tables as HTML.
    pub body: String,
}

#[derive(Serialize)]
pub(crate) struct IndexPage<'a> {
    pub contents_title: &'static str,
    /// The sections, then the reconciliation appendix.
    pub sections: Vec<SectionLink<'a>>,
}

impl Renderer for Html {
    fn extension(&self) -> &'static str {
        "html"
    }

    fn section(&self, chapter: &Chapter, index: usize) -> Result<Vec<u8>, String> {
        let section = &chapter.sections[index];
        let link = |i: usize| page_links(chapter).into_iter().nth(i);
        self.page(&Page {
            title: format!("{} — {}", section.title, chapter.title),
            file: format!("{}.html", section.id),
            section: Some(SectionPage {
                prev: index.checked_sub(1).and_then(link),
                next: link(index + 1),
                body: section_html(&section.parts, chapter)?,
            }),
            ..self.frame(chapter)
        })
    }

    fn chapter(&self, chapter: &Chapter) -> Result<Vec<(String, Vec<u8>)>, String> {
        let index = self.page(&Page {
            title: chapter.title.clone(),
            file: "index.html".into(),
            index: Some(IndexPage {
                contents_title: ui(Ui::Contents, chapter.lang),
                sections: page_links(chapter),
            }),
            ..self.frame(chapter)
        })?;
        // The appendix and the GRI index follow the sections in `page_links`.
        let at = chapter.sections.len();
        let link = |i: usize| page_links(chapter).into_iter().nth(i);
        let file = format!("{APPENDIX_ID}.html");
        let appendix = self.page(&Page {
            title: format!("{} — {}", chapter.appendix.title, chapter.title),
            file: file.clone(),
            section: Some(SectionPage {
                prev: at.checked_sub(1).and_then(link),
                next: link(at + 1),
                body: appendix_html(&chapter.appendix),
            }),
            ..self.frame(chapter)
        })?;
        let mut files = vec![("index.html".into(), index), (file, appendix)];
        if let Some(gri) = &chapter.gri {
            let file = format!("{GRI_INDEX_ID}.html");
            let page = self.page(&Page {
                title: format!("{} — {}", gri.title, chapter.title),
                file: file.clone(),
                section: Some(SectionPage {
                    prev: link(at),
                    next: None,
                    body: gri_html(gri),
                }),
                ..self.frame(chapter)
            })?;
            files.push((file, page));
        }
        Ok(files)
    }
}

/// Every page after the index in reading order: the sections, the appendix, the GRI index.
fn page_links(chapter: &Chapter) -> Vec<SectionLink<'_>> {
    chapter
        .sections
        .iter()
        .map(|s| SectionLink {
            id: &s.id,
            title: &s.title,
        })
        .chain(std::iter::once(SectionLink {
            id: APPENDIX_ID,
            title: &chapter.appendix.title,
        }))
        .chain(chapter.gri.iter().map(|g| SectionLink {
            id: GRI_INDEX_ID,
            title: &g.title,
        }))
        .collect()
}

impl Html {
    /// What every page of `chapter` shares.
    fn frame<'a>(&'a self, chapter: &'a Chapter) -> Page<'a> {
        Page {
            lang: chapter.lang.bcp47(),
            title: String::new(),
            report: &chapter.title,
            file: String::new(),
            stylesheet: &self.stylesheet,
            languages: chapter
                .languages
                .iter()
                .filter(|l| **l != chapter.lang)
                .map(|&l: &Lang| LanguageLink {
                    code: l.code(),
                    tag: l.bcp47(),
                    name: ui(Ui::LanguageName, l),
                })
                .collect(),
            section: None,
            index: None,
        }
    }
}

/// A section's parts as HTML: prose through [`prose_html`], each table and chart in its
/// place.
fn section_html(parts: &[Part], chapter: &Chapter) -> Result<String, String> {
    let mut body = String::new();
    for part in parts {
        match part {
            Part::Prose(markdown) => body.push_str(&prose_html(markdown)),
            Part::Table(id) => {
                let table = chapter
                    .tables
                    .get(id)
                    .ok_or_else(|| format!("no view for table `{id}`"))?;
                body.push_str(&table_html(table));
            }
            Part::Chart(id) => {
                let chart = chapter
                    .charts
                    .get(id)
                    .ok_or_else(|| format!("no view for chart `{id}`"))?;
                body.push_str(&chart_html(chart));
            }
        }
    }
    Ok(body)
}

/// A chart: the inline SVG (its own `<title>` and `<desc>` name every figure), and the
/// same figures as a table in a `<details>` under it, for screen readers, text browsers,
/// copying, and readers who cannot tell the colours apart.
pub(crate) fn chart_html(chart: &ChartFigure) -> String {
    let v = &chart.view;
    let lang = v.lang;
    let mut out = format!(
        "<figure class=\"chart\" id=\"chart-{}\">\n{}",
        esc(&v.id),
        crate::chart::svg(&chart.geometry, v)
    );
    out.push_str(&format!(
        "<details class=\"chart-data\"><summary>{}</summary>\n<table>\n<thead>\n<tr><th scope=\"col\">{}</th>",
        ui(Ui::ChartData, lang),
        ui(Ui::ChartCategory, lang)
    ));
    for s in &v.series {
        let head = s.label.as_deref().unwrap_or(&v.title);
        out.push_str(&format!("<th scope=\"col\">{}</th>", esc(head)));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for (i, category) in v.categories.iter().enumerate() {
        out.push_str(&format!("<tr><th scope=\"row\">{}</th>", esc(category)));
        for s in &v.series {
            out.push_str(&format!("<td>{}</td>", esc(&s.points[i].printed)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</details>\n</figure>\n");
    out
}

/// Prose Markdown as HTML. Raw HTML is shown as text, never interpreted; links and images
/// keep only safe destinations ([`super::link`]).
fn prose_html(markdown: &str) -> String {
    let mut body = String::new();
    let mut inert = Inert::default();
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES)
        .filter_map(|e| inert.pass(e))
        .map(super::link::to_html_page)
        .map(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(CowStr::from(h.into_string())),
            other => other,
        });
    push_html(&mut body, events);
    body
}

/// A table with `<caption>`, spanned `<thead>`, row headers and right-aligned figures.
pub(crate) fn table_html(t: &TableView) -> String {
    let depth = t.header_rows.len().max(1);
    let mut out = format!(
        "<figure class=\"table\" id=\"{}\">\n<table>\n<caption>{}",
        esc(&t.id),
        esc(&t.caption)
    );
    out.push_str(&marks_html(&t.caption_marks));
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
                for (i, c) in row.cells.iter().enumerate() {
                    let m = marks_html(row.marks_of(i));
                    out.push_str(&format!("<td>{}{m}</td>", esc(c)));
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

/// Footnote links to the appendix entries `numbers`.
fn marks_html(numbers: &[usize]) -> String {
    numbers
        .iter()
        .map(|&n| {
            format!(
                "<a class=\"mark\" href=\"{APPENDIX_ID}.html#{}\">{}</a>",
                anchor(n),
                mark(&[n])
            )
        })
        .collect::<Vec<_>>()
        .join("·")
}

/// The reconciliation appendix as the body of a page: per section, a list of entries,
/// each with the id its footnote marks link to.
fn appendix_html(a: &Appendix) -> String {
    let mut out = format!("<h1>{}</h1>\n<p>{}</p>\n", esc(&a.title), esc(&a.intro));
    for g in &a.groups {
        out.push_str(&format!(
            "<h2>{}</h2>\n<div class=\"findings\">\n",
            esc(&g.title)
        ));
        for e in &g.entries {
            out.push_str(&format!(
                "<section class=\"finding\" id=\"{}\">\n<h3><span class=\"number\">{}.</span> {}</h3>\n",
                e.anchor,
                e.number,
                esc(&e.kind)
            ));
            if !e.place.is_empty() {
                out.push_str(&format!("<p class=\"place\">{}</p>\n", esc(&e.place)));
            }
            list(&mut out, &e.lines);
            if !e.why.is_empty() {
                out.push_str(&format!("<p>{}</p>\n", esc(&e.why)));
            }
            list(&mut out, &e.details);
            out.push_str("</section>\n");
        }
        out.push_str("</div>\n");
    }
    out
}

/// The GRI content index as the body of a page: one row per disclosure, its places linked
/// to the section's page (and the table's anchor in it).
fn gri_html(gri: &GriIndex) -> String {
    let h = &gri.heads;
    let mut out = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<table class=\"gri-index\">\n<thead>\n<tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr>\n</thead>\n<tbody>\n",
        esc(&gri.title),
        esc(&gri.intro),
        esc(&h.code),
        esc(&h.title),
        esc(&h.place)
    );
    for e in &gri.entries {
        let places: Vec<String> = e
            .places
            .iter()
            .map(|p| {
                let href = match &p.table {
                    Some(t) => format!("{}.html#{}", p.section, t),
                    None => format!("{}.html", p.section),
                };
                let text = match &p.item {
                    Some(item) => format!("{}: {item}", p.section_title),
                    None => p.section_title.clone(),
                };
                format!("<a href=\"{}\">{}</a>", esc(&href), esc(&text))
            })
            .collect();
        let places = if places.is_empty() {
            "–".to_owned()
        } else {
            places.join("<br>")
        };
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{places}</td></tr>\n",
            esc(&e.code),
            esc(&e.title)
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// `label: value` pairs as a list, the value in bold.
fn list(out: &mut String, pairs: &[(String, String)]) {
    if pairs.is_empty() {
        return;
    }
    out.push_str("<ul>\n");
    for (label, value) in pairs {
        out.push_str(&format!("<li>{}: <b>{}</b></li>\n", esc(label), esc(value)));
    }
    out.push_str("</ul>\n");
}

fn span_attr(name: &str, n: usize) -> String {
    if n > 1 {
        format!(" {name}=\"{n}\"")
    } else {
        String::new()
    }
}

/// Escapes text for HTML element content and attribute values (double-quoted), as
/// pulldown-cmark escapes the prose: `&`, `<`, `>` and `"`.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::{HeaderCell, RowView};

    /// The shipped page template, with data text that would be markup.
    #[test]
    fn the_page_template_escapes_every_data_string() {
        let templates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut diags = Diagnostics::default();
        let html = Html::load(&templates, &mut diags);
        assert!(!diags.has_errors());
        let evil = "<i>x</i> & \"y\"";
        let section = crate::template::SectionText {
            id: "s".into(),
            title: evil.into(),
            parts: vec![Part::Prose("Мәтін.\n".into())],
            tables: vec![],
            charts: vec![],
        };
        let chapter = Chapter {
            lang: Lang::Kk,
            languages: Lang::ALL.to_vec(),
            title: evil.into(),
            date: "2025-01-01".into(),
            sections: vec![section.clone(), section],
            tables: Default::default(),
            charts: Default::default(),
            gri: None,
            appendix: crate::view::Appendix {
                title: evil.into(),
                intro: evil.into(),
                groups: vec![crate::view::EntryGroup {
                    section: "s".into(),
                    title: evil.into(),
                    entries: vec![crate::view::Entry {
                        number: 1,
                        anchor: "r-1".into(),
                        kind: evil.into(),
                        place: evil.into(),
                        lines: vec![(evil.into(), evil.into())],
                        why: evil.into(),
                        details: vec![(evil.into(), evil.into())],
                    }],
                }],
            },
        };
        let escaped = "&lt;i&gt;x&lt;/i&gt; &amp; &quot;y&quot;";
        let page = String::from_utf8(html.section(&chapter, 0).unwrap()).unwrap();
        assert!(!page.contains("<i>"), "{page}");
        assert!(page.contains(&format!("<title>{escaped} — {escaped}</title>")));
        assert!(page.contains(&format!("<a rel=\"next\" href=\"s.html\">→ {escaped}</a>")));
        let (_, index) = html.chapter(&chapter).unwrap().remove(0);
        let index = String::from_utf8(index).unwrap();
        assert!(index.contains(&format!("<h1>{escaped}</h1>")));
        assert!(index.contains(&format!("<a href=\"reconciliation.html\">{escaped}</a>")));
        let (name, appendix) = html.chapter(&chapter).unwrap().remove(1);
        assert_eq!(name, "reconciliation.html");
        let appendix = String::from_utf8(appendix).unwrap();
        assert!(!appendix.contains("<i>"), "{appendix}");
        for part in [
            format!("<h1>{escaped}</h1>\n<p>{escaped}</p>"),
            format!("<h2>{escaped}</h2>"),
            format!("<span class=\"number\">1.</span> {escaped}</h3>"),
            format!("<p class=\"place\">{escaped}</p>"),
            format!("<li>{escaped}: <b>{escaped}</b></li>"),
        ] {
            assert!(appendix.contains(&part), "{part} in {appendix}");
        }
        assert!(appendix.contains("<section class=\"finding\" id=\"r-1\">"));
    }

    #[test]
    fn prose_links_keep_only_safe_destinations() {
        let html = prose_html(
            "Бет: [сайт](https://kegoc.kz), [x](javascript:alert(1)), [y](JaVa&#x09;ScRiPt:alert(1)), <vbscript:msgbox(1)>, ![z](data:image/png;base64,AA).\n",
        );
        assert_eq!(
            html,
            "<p>Бет: <a href=\"https://kegoc.kz\">сайт</a>, x, y, vbscript:msgbox(1), z.</p>\n"
        );
    }

    #[test]
    fn spanned_header_and_escaped_text() {
        let t = TableView {
            caption_marks: Vec::new(),
            id: "age".into(),
            caption: "Age <script>".into(),
            gri: vec!["GRI 405-1".into()],
            stub: "Unit".into(),
            header_rows: vec![
                vec![
                    HeaderCell {
                        text: "Total".into(),
                        col: 0,
                        colspan: 1,
                        rowspan: 2,
                    },
                    HeaderCell {
                        text: "Under 30".into(),
                        col: 1,
                        colspan: 2,
                        rowspan: 1,
                    },
                ],
                vec![
                    HeaderCell {
                        text: "people".into(),
                        col: 1,
                        colspan: 1,
                        rowspan: 1,
                    },
                    HeaderCell {
                        text: "%".into(),
                        col: 2,
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
                marks: Vec::new(),
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
