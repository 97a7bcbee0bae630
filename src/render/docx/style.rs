//! The look of the Word files, in one place: `templates/docx/styles.yaml`, read like every
//! other input (file:line:column, what was expected and a hint for a bad value), so the
//! team restyles the drafts without touching code, as `style.css` restyles the HTML.
//!
//! The file names Word styles (`Heading1`, `Caption`, `TableFigure`, …); what each style
//! *is* to Word — its built-in name, what it is based on, its outline level — is fixed
//! here in [`SPECS`], because the navigation pane and the table-of-contents field depend on
//! it. A style the file leaves out, or a whole group (`page`, `fonts`, `table`), takes the
//! built-in values, which are the shipped file itself ([`BUILT_IN`]); a project made before
//! Word output existed has no such file and gets them all, with a note.

use crate::diag::{Code, Diagnostic, Diagnostics, Severity, Span};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::Path;

/// The shipped style table, compiled in: the defaults of every value.
pub(crate) const BUILT_IN: &str = include_str!("../../../templates/docx/styles.yaml");

/// Where the style table lives under the templates directory.
pub(crate) const FILE: &str = "docx/styles.yaml";

/// Whether a style is applied to paragraphs or to runs of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Paragraph,
    Character,
}

/// What a style is to Word, which the style table cannot change.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spec {
    /// The style id the document refers to, and its key in the style table.
    pub id: &'static str,
    /// Word's name for it: built-in names (`heading 1`, `caption`, `toc 1`) make Word
    /// treat the style as its own (navigation pane, table of contents, captions).
    pub name: &'static str,
    pub kind: Kind,
    pub based_on: Option<&'static str>,
    /// Outline level of a heading (0 is level 1), which the TOC field collects.
    pub outline: Option<u8>,
}

const fn para(id: &'static str, name: &'static str, based_on: Option<&'static str>) -> Spec {
    Spec {
        id,
        name,
        kind: Kind::Paragraph,
        based_on,
        outline: None,
    }
}

const fn heading(id: &'static str, name: &'static str, level: u8) -> Spec {
    Spec {
        outline: Some(level),
        ..para(id, name, Some("Normal"))
    }
}

const fn character(id: &'static str, name: &'static str) -> Spec {
    Spec {
        kind: Kind::Character,
        ..para(id, name, None)
    }
}

const N: Option<&str> = Some("Normal");
const TEXT: Option<&str> = Some("TableText");
const FIGURE: Option<&str> = Some("TableFigure");

/// Every style the Word files use, in the order `styles.xml` lists them.
pub(crate) const SPECS: &[Spec] = &[
    para("Normal", "Normal", None),
    para("Title", "Title", N),
    heading("Heading1", "heading 1", 0),
    heading("Heading2", "heading 2", 1),
    heading("Heading3", "heading 3", 2),
    para("TOCHeading", "TOC Heading", N),
    para("TOC1", "toc 1", N),
    para("TOC2", "toc 2", N),
    para("TOC3", "toc 3", N),
    para("ListParagraph", "List Paragraph", N),
    para("Quote", "Quote", N),
    para("Caption", "caption", N),
    para("TableNote", "Table Note", N),
    para("TableText", "Table Text", N),
    para("TableFigure", "Table Figure", TEXT),
    para("TableHeader", "Table Header", TEXT),
    para("TableTotal", "Table Total", TEXT),
    para("TableTotalFigure", "Table Total Figure", FIGURE),
    para("TableGroup", "Table Group", TEXT),
    character("Hyperlink", "Hyperlink"),
    character("FootnoteMark", "Footnote Mark"),
    para("Footer", "footer", N),
];

/// Paragraph alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
    Center,
    Justify,
}

impl Align {
    const NAMES: [(&'static str, Align); 4] = [
        ("left", Align::Left),
        ("right", Align::Right),
        ("center", Align::Center),
        ("justify", Align::Justify),
    ];

    /// The value of `w:jc`.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Align::Left => "left",
            Align::Right => "right",
            Align::Center => "center",
            Align::Justify => "both",
        }
    }
}

/// One style's formatting; `None` leaves a property to the style it is based on.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Props {
    /// Font size, pt.
    pub size: Option<f64>,
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    pub underline: Option<bool>,
    /// RRGGBB.
    pub color: Option<String>,
    /// Space above and below, pt.
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// The least line height, pt.
    pub line: Option<f64>,
    /// Left indent, pt.
    pub indent: Option<f64>,
    pub align: Option<Align>,
    pub keep_next: Option<bool>,
}

/// Paper and margins, mm.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Page {
    pub width: f64,
    pub height: f64,
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
    pub footer: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Fonts {
    pub text: String,
    pub condensed: String,
    pub fallback: String,
}

/// Table rules, padding and shading; widths in pt, colours RRGGBB.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TableLook {
    pub padding_x: f64,
    pub padding_y: f64,
    pub rule: f64,
    pub rule_light: f64,
    pub hairline: f64,
    pub rule_color: String,
    pub hairline_color: String,
    pub group_fill: String,
    pub space_after: f64,
}

/// The whole look of the Word files.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Look {
    pub page: Page,
    pub fonts: Fonts,
    pub table: TableLook,
    /// Every style of [`SPECS`], by id.
    pub styles: BTreeMap<&'static str, Props>,
}

/// Twentieths of a point per millimetre.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

/// `pt` in twentieths of a point, as WordprocessingML measures spacing and widths.
pub(crate) fn twips(pt: f64) -> u32 {
    (pt * 20.0).round().max(0.0) as u32
}

/// `mm` in twentieths of a point.
pub(crate) fn mm_twips(mm: f64) -> u32 {
    (mm * TWIPS_PER_MM).round().max(0.0) as u32
}

impl Look {
    /// A style's formatting (the empty one for an id not in [`SPECS`]).
    pub(crate) fn style(&self, id: &str) -> Props {
        self.styles.get(id).cloned().unwrap_or_default()
    }

    /// A property of style `id`, or of the styles it is based on.
    fn inherited<T>(&self, id: &str, get: impl Fn(&Props) -> Option<T>) -> Option<T> {
        let mut at = Some(id);
        // SPECS has no cycles; the bound only guards against one being added.
        for _ in 0..SPECS.len() {
            let spec = SPECS.iter().find(|s| Some(s.id) == at)?;
            if let Some(v) = self.styles.get(spec.id).and_then(&get) {
                return Some(v);
            }
            at = spec.based_on;
        }
        None
    }

    /// The font size text of style `id` is set in, pt.
    pub(crate) fn size_of(&self, id: &str) -> f64 {
        self.inherited(id, |p| p.size).unwrap_or(10.0)
    }

    /// The space above a paragraph of style `id`, pt.
    pub(crate) fn before_of(&self, id: &str) -> f64 {
        self.inherited(id, |p| p.before).unwrap_or(0.0)
    }

    /// The text width of a portrait page, twips.
    pub(crate) fn text_width(&self, landscape: bool) -> u32 {
        let p = &self.page;
        let paper = if landscape { p.height } else { p.width };
        mm_twips(paper).saturating_sub(mm_twips(p.left) + mm_twips(p.right))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLook {
    page: Option<RawPage>,
    fonts: Option<RawFonts>,
    table: Option<RawTable>,
    #[serde(default)]
    styles: BTreeMap<String, Spanned<RawStyle>>,
}

type Num = Spanned<f64>;
type Text = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    width: Num,
    height: Num,
    top: Num,
    bottom: Num,
    left: Num,
    right: Num,
    footer: Num,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFonts {
    text: Text,
    condensed: Text,
    fallback: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    padding_x: Num,
    padding_y: Num,
    rule: Num,
    rule_light: Num,
    hairline: Num,
    rule_color: Text,
    hairline_color: Text,
    group_fill: Text,
    space_after: Num,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    size: Option<Num>,
    bold: Option<bool>,
    italic: Option<bool>,
    underline: Option<bool>,
    color: Option<Text>,
    before: Option<Num>,
    after: Option<Num>,
    line: Option<Num>,
    indent: Option<Num>,
    align: Option<Text>,
    keep_next: Option<bool>,
}

/// Reads `templates/docx/styles.yaml`, every value checked; the built-in look when the
/// file does not exist (with a note). `None` when it has errors (they are in `diags`).
pub(crate) fn load(templates: &Path, diags: &mut Diagnostics) -> Option<Look> {
    let base = built_in(diags)?;
    let path = templates.join(FILE);
    if path.symlink_metadata().is_err() {
        diags.push(Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(
                Some(Span::file(&path)),
                "no style table for the Word files; they take esep's built-in styles",
            )
            .with_code(Code::FileUnreadable)
            .with_hint(
                "to restyle them, copy templates/docx/styles.yaml from a project made by `esep init` and edit it",
            )
        });
        return Some(base);
    }
    match crate::source::read_input(templates, &path) {
        Ok(text) => parse(&path, &text, Some(&base), diags),
        Err(d) => {
            diags.push(d.with_hint("the Word files are styled by templates/docx/styles.yaml"));
            None
        }
    }
}

/// The shipped look ([`BUILT_IN`]).
pub(crate) fn built_in(diags: &mut Diagnostics) -> Option<Look> {
    parse(
        Path::new("<built-in templates/docx/styles.yaml>"),
        BUILT_IN,
        None,
        diags,
    )
}

/// The look written in `text` (the file `path`), taking what it leaves out from `base`.
pub(crate) fn parse(
    path: &Path,
    text: &str,
    base: Option<&Look>,
    diags: &mut Diagnostics,
) -> Option<Look> {
    let mut found = Diagnostics::default();
    let raw: Option<RawLook> = crate::source::parse_str(path, text, &mut found);
    // The loader's hints point data files to docs/data-format.md; this file documents itself.
    for d in found.sorted() {
        let hint = d.hint.clone().map(|h| {
            h.replace(
                "the fields of each file are in docs/data-format.md",
                "the fields are listed at the top of templates/docx/styles.yaml as shipped",
            )
            .replace(
                "docs/data-format.md",
                "the top of templates/docx/styles.yaml",
            )
        });
        diags.push(Diagnostic { hint, ..d });
    }
    let raw = raw?;
    let mut check = Check {
        path,
        errors: Vec::new(),
    };
    let look = check.look(raw, base);
    if check.errors.is_empty() {
        look
    } else {
        check.errors.into_iter().for_each(|d| diags.push(d));
        None
    }
}

/// Checks raw values, collecting every problem.
struct Check<'a> {
    path: &'a Path,
    errors: Vec<Diagnostic>,
}

impl Check<'_> {
    fn fail<T>(&mut self, at: &Spanned<T>, message: String, hint: &str) {
        let span = Span::new(self.path, at.referenced.line(), at.referenced.column());
        self.errors.push(
            Diagnostic::error(Some(span), message)
                .with_code(Code::InvalidValue)
                .with_hint(hint),
        );
    }

    /// A number from `lo` to `hi`.
    fn num(&mut self, v: &Num, what: &str, (lo, hi): (f64, f64)) -> f64 {
        if !(lo..=hi).contains(&v.value) {
            let message = format!("{what} is {}, outside {lo}–{hi}", v.value);
            self.fail(v, message, "write a number in that range");
        }
        v.value
    }

    fn color(&mut self, v: &Text, what: &str) -> String {
        let ok = v.value.len() == 6 && v.value.chars().all(|c| c.is_ascii_hexdigit());
        if !ok {
            let message = format!("{what} is `{}`, not a colour", v.value);
            self.fail(
                v,
                message,
                "write six hex digits, RRGGBB, in quotes: \"1F4E79\"",
            );
        }
        v.value.to_ascii_uppercase()
    }

    fn font(&mut self, v: &Text, what: &str) -> String {
        let name = v.value.trim();
        let bad = name.is_empty()
            || name.chars().count() > 31
            || name.chars().any(crate::diag::is_control_or_bidi);
        if bad {
            let message = format!("{what} is not a font name");
            self.fail(
                v,
                message,
                "write the family name as Word lists it (at most 31 letters): DejaVu Sans",
            );
        }
        name.to_owned()
    }

    fn look(&mut self, raw: RawLook, base: Option<&Look>) -> Option<Look> {
        let page = match (raw.page, base) {
            (Some(p), _) => self.page(&p),
            (None, Some(b)) => b.page.clone(),
            (None, None) => return self.missing("page"),
        };
        let fonts = match (raw.fonts, base) {
            (Some(f), _) => Fonts {
                text: self.font(&f.text, "fonts.text"),
                condensed: self.font(&f.condensed, "fonts.condensed"),
                fallback: self.font(&f.fallback, "fonts.fallback"),
            },
            (None, Some(b)) => b.fonts.clone(),
            (None, None) => return self.missing("fonts"),
        };
        let table = match (raw.table, base) {
            (Some(t), _) => self.table(&t),
            (None, Some(b)) => b.table.clone(),
            (None, None) => return self.missing("table"),
        };
        let styles = self.styles(raw.styles, base);
        Some(Look {
            page,
            fonts,
            table,
            styles,
        })
    }

    fn missing(&mut self, group: &str) -> Option<Look> {
        self.errors.push(
            Diagnostic::error(
                Some(Span::file(self.path)),
                format!("the built-in styles have no `{group}`"),
            )
            .with_code(Code::MissingField),
        );
        None
    }

    fn page(&mut self, p: &RawPage) -> Page {
        let paper = (50.0, 1000.0);
        let margin = (0.0, 200.0);
        let page = Page {
            width: self.num(&p.width, "page.width", paper),
            height: self.num(&p.height, "page.height", paper),
            top: self.num(&p.top, "page.top", margin),
            bottom: self.num(&p.bottom, "page.bottom", margin),
            left: self.num(&p.left, "page.left", margin),
            right: self.num(&p.right, "page.right", margin),
            footer: self.num(&p.footer, "page.footer", margin),
        };
        // Both orientations must leave room for text: tables turn the page.
        let room = page.width.min(page.height) - page.left - page.right;
        if room < 20.0 {
            let message =
                format!("the margins leave {room} mm of text width; the page needs at least 20 mm");
            self.fail(&p.left, message, "make the left and right margins narrower");
        }
        page
    }

    fn table(&mut self, t: &RawTable) -> TableLook {
        let pad = (0.0, 30.0);
        let rule = (0.0, 6.0);
        TableLook {
            padding_x: self.num(&t.padding_x, "table.padding_x", pad),
            padding_y: self.num(&t.padding_y, "table.padding_y", pad),
            rule: self.num(&t.rule, "table.rule", rule),
            rule_light: self.num(&t.rule_light, "table.rule_light", rule),
            hairline: self.num(&t.hairline, "table.hairline", rule),
            rule_color: self.color(&t.rule_color, "table.rule_color"),
            hairline_color: self.color(&t.hairline_color, "table.hairline_color"),
            group_fill: self.color(&t.group_fill, "table.group_fill"),
            space_after: self.num(&t.space_after, "table.space_after", (0.0, 200.0)),
        }
    }

    /// Every style of [`SPECS`]: from the file, else from `base`. A name that is no style
    /// is an error naming the closest one.
    fn styles(
        &mut self,
        raw: BTreeMap<String, Spanned<RawStyle>>,
        base: Option<&Look>,
    ) -> BTreeMap<&'static str, Props> {
        for (name, style) in &raw {
            if !SPECS.iter().any(|s| s.id == name) {
                let ids = SPECS.iter().map(|s| s.id);
                let hint = crate::diag::did_you_mean(name, ids.clone()).unwrap_or_else(|| {
                    format!("the styles are {}", ids.collect::<Vec<_>>().join(", "))
                });
                self.fail(style, format!("no style is called `{name}`"), &hint);
            }
        }
        SPECS
            .iter()
            .map(|spec| {
                let props = match raw.get(spec.id) {
                    Some(s) => self.props(spec.id, &s.value),
                    None => base.map(|b| b.style(spec.id)).unwrap_or_default(),
                };
                (spec.id, props)
            })
            .collect()
    }

    fn props(&mut self, id: &str, s: &RawStyle) -> Props {
        let size = (1.0, 400.0);
        let space = (0.0, 1000.0);
        let mut num = |v: &Option<Num>, field: &str, range| {
            v.as_ref()
                .map(|v| self.num(v, &format!("styles.{id}.{field}"), range))
        };
        let props = Props {
            size: num(&s.size, "size", size),
            before: num(&s.before, "before", space),
            after: num(&s.after, "after", space),
            line: num(&s.line, "line", space),
            indent: num(&s.indent, "indent", space),
            bold: s.bold,
            italic: s.italic,
            underline: s.underline,
            keep_next: s.keep_next,
            color: None,
            align: None,
        };
        Props {
            color: s
                .color
                .as_ref()
                .map(|c| self.color(c, &format!("styles.{id}.color"))),
            align: s.align.as_ref().and_then(|a| self.align(a, id)),
            ..props
        }
    }

    fn align(&mut self, a: &Text, id: &str) -> Option<Align> {
        let found = Align::NAMES.iter().find(|(n, _)| *n == a.value);
        if found.is_none() {
            let names: Vec<&str> = Align::NAMES.iter().map(|(n, _)| *n).collect();
            let message = format!("styles.{id}.align is `{}`", a.value);
            self.fail(a, message, &format!("write one of {}", names.join(", ")));
        }
        found.map(|(_, al)| *al)
    }
}

#[cfg(test)]
#[path = "style_tests.rs"]
mod tests;
