//! The templates stage: renders each section's Tera template to the section's Markdown.
//!
//! In: `templates/<section>.<lang>.md.tera` and the formatted [`Figures`]. Out: one
//! [`SectionText`] per section and language. Templates print figures only through the
//! functions registered here (`fact`, `cell`, `table`, `chart`), so no number is typed or
//! formatted in a template. `table(id=…)` and `chart(id=…)` leave a slot line that this
//! stage turns into a typed [`Part`], which each renderer fills natively.

mod budget;
mod endings;
pub(crate) mod escape;
mod forms;
mod gri;
mod marks;
mod russian;

use crate::diag::{Code, Diagnostic, Diagnostics, Span, did_you_mean};
use crate::lang::Lang;
use crate::model::Report;
pub use crate::view::Part;
pub use crate::view::SectionText;
use crate::view::{Figures, Printed};
use escape::escape;
use forms::Forms;
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

const TABLE_SLOT: &str = "<!-- esep:table ";
const CHART_SLOT: &str = "<!-- esep:chart ";
const SLOT_SUFFIX: &str = " -->";

/// The line a `table()` call leaves in the Markdown.
pub fn table_slot(id: &str) -> String {
    format!("{TABLE_SLOT}{id}{SLOT_SUFFIX}")
}

/// The line a `chart()` call leaves in the Markdown.
pub fn chart_slot(id: &str) -> String {
    format!("{CHART_SLOT}{id}{SLOT_SUFFIX}")
}

/// The part a slot line stands for (a table or a chart), if `line` is one.
pub(crate) fn parse_slot(line: &str) -> Option<Part> {
    let inner = line.trim().strip_suffix(SLOT_SUFFIX)?;
    if let Some(id) = inner.strip_prefix(TABLE_SLOT) {
        Some(Part::Table(id.to_owned()))
    } else {
        inner
            .strip_prefix(CHART_SLOT)
            .map(|id| Part::Chart(id.to_owned()))
    }
}

/// What templates see of the report. Titles are data text going into Markdown, so they
/// arrive escaped ([`escape()`]): a title with `[x](javascript:…)` or `1. ` stays text.
#[derive(Serialize)]
struct ReportCtx {
    title: String,
    year: u32,
}

#[derive(Serialize)]
struct SectionCtx<'a> {
    id: &'a str,
    title: String,
}

pub(crate) fn template_name(section: &str, lang: Lang) -> String {
    format!("{section}.{}.md.tera", lang.code())
}

/// Renders every section in `lang`. Problems (missing template, syntax errors, unknown
/// figures, misplaced tables) go to `diags`.
pub fn render_sections(
    report: &Report,
    figures: Figures,
    lang: Lang,
    templates_dir: &Path,
    diags: &mut Diagnostics,
) -> Vec<SectionText> {
    let tera = match load(templates_dir, figures, report, lang, diags) {
        Some(t) => Arc::new(t),
        None => return Vec::new(),
    };
    let mut out = Vec::new();
    for section in &report.sections {
        let name = template_name(&section.id, lang);
        let path = templates_dir.join(&name);
        if !tera.get_template_names().any(|n| n == name) {
            diags.push(
                Diagnostic::error(Some(section.span.clone()), format!("section `{}` has no `{lang}` template: {} is missing", section.id, path.display()))
                    .with_hint("every section needs a template per language; a missing translation is an error")
                    .with_code(Code::Template),
            );
            continue;
        }
        let mut ctx = tera::Context::new();
        ctx.insert(
            "report",
            &ReportCtx {
                title: escape(report.title.get(lang)),
                year: report.year,
            },
        );
        let title = section.title.get(lang);
        ctx.insert(
            "section",
            &SectionCtx {
                id: &section.id,
                title: escape(title),
            },
        );
        ctx.insert("lang", lang.code());
        match budget::render(&tera, &name, ctx, budget::Limits::DEFAULT) {
            budget::Rendered::Text(markdown) => {
                let parts = match parts(&marks::link(&markdown)) {
                    Ok(parts) => parts,
                    Err(slot) => {
                        diags.push(slot_not_alone(templates_dir, &path, &slot));
                        continue;
                    }
                };
                let ids = |table: bool| {
                    let ids = parts.iter().filter_map(|p| match (p, table) {
                        (Part::Table(id), true) | (Part::Chart(id), false) => Some(id.clone()),
                        _ => None,
                    });
                    ids.collect()
                };
                out.push(SectionText {
                    id: section.id.clone(),
                    title: title.to_owned(),
                    tables: ids(true),
                    charts: ids(false),
                    parts,
                });
            }
            budget::Rendered::Failed(e) => diags.push(tera_diagnostic(&e, templates_dir)),
            budget::Rendered::Stopped(why) => diags.push(stopped(&path, why)),
        }
    }
    check_placement(report, lang, &out, templates_dir, diags);
    match lang {
        Lang::Ru => russian::check(report, &out, templates_dir, diags),
        Lang::Kk => endings::check(report, templates_dir, diags),
    }
    out
}

/// A rendered section cut into its parts at the slot lines. `table()` and `chart()` write
/// their slot on a line of its own between blank lines, so a slot with text right before
/// or after it was called inside a sentence or a list: refused (`Err` with the slot's
/// part), since no renderer can know where that text belongs.
fn parts(markdown: &str) -> Result<Vec<Part>, Part> {
    let mut parts = Vec::new();
    let mut prose = String::new();
    let mut after_slot: Option<Part> = None;
    for line in markdown.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if let Some(slot) = parse_slot(line) {
            let before = prose.lines().next_back().unwrap_or_default();
            if !before.trim().is_empty() {
                return Err(slot);
            }
            if !prose.trim().is_empty() {
                parts.push(Part::Prose(std::mem::take(&mut prose)));
            }
            prose.clear();
            parts.push(slot.clone());
            after_slot = Some(slot);
            continue;
        }
        if let Some(slot) = after_slot.take().filter(|_| !blank) {
            return Err(slot);
        }
        prose.push_str(line);
    }
    if !prose.trim().is_empty() {
        parts.push(Part::Prose(prose));
    }
    Ok(parts)
}

/// The refusal of a slot with text around it, at the template's call if it can be found.
fn slot_not_alone(dir: &Path, path: &Path, slot: &Part) -> Diagnostic {
    let (function, id, code) = match slot {
        Part::Chart(id) => ("chart", id.as_str(), Code::ChartPlacement),
        Part::Table(id) | Part::Prose(id) => ("table", id.as_str(), Code::TablePlacement),
    };
    let span = call_span(dir, path, function, id, 0);
    Diagnostic::error(
        Some(span),
        format!("`{function}(id=\"{id}\")` is called inside a sentence or block: text touches it"),
    )
    .with_code(code)
    .with_hint(format!("put `{{{{ {function}(id=…) }}}}` on a line of its own, with a blank line before and after, so no text is cut or lost around the {function}"))
}

/// Where the template at `path` calls `function(id="id"` for the `nth` time (0-based), or
/// the file if that call cannot be found as written.
fn call_span(dir: &Path, path: &Path, function: &str, id: &str, nth: usize) -> Span {
    let text = crate::source::read_input(dir, path).unwrap_or_default();
    let call = ["\"", "'"].iter().find_map(|q| {
        let needle = format!("{function}(id={q}{id}{q}");
        let (at, _) = text.match_indices(&needle).nth(nth)?;
        let line = text[..at].matches('\n').count() + 1;
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        Some((line, text[start..at].chars().count() + 1))
    });
    match call {
        Some((line, column)) => Span::new(path, line as u64, column as u64),
        None => Span::file(path),
    }
}

/// A render stopped by its budget, as a diagnostic naming the template.
fn stopped(path: &Path, why: budget::Exceeded) -> Diagnostic {
    let limits = budget::Limits::DEFAULT;
    let (what, hint) = match why {
        budget::Exceeded::Time => (
            format!(
                "rendering took longer than {} s and was stopped",
                limits.time.as_secs()
            ),
            "look for loops over large ranges, nested `for` loops above all",
        ),
        budget::Exceeded::Memory => (
            format!(
                "rendering needed more than {} MiB of memory and was stopped",
                limits.memory >> 20
            ),
            "look for a value that grows in a loop, such as `{% set_global s = s ~ s %}`",
        ),
        budget::Exceeded::Output => (
            format!(
                "the rendered text is larger than {} MiB and was stopped",
                limits.output >> 20
            ),
            "a section's text is a few kilobytes; look for a loop printing too much",
        ),
    };
    Diagnostic::error(Some(Span::file(path)), what)
        .with_code(Code::TemplateBudget)
        .with_hint(hint)
}

/// Each table and each chart appears exactly once, in its own section's template.
fn check_placement(
    report: &Report,
    lang: Lang,
    sections: &[SectionText],
    dir: &Path,
    diags: &mut Diagnostics,
) {
    for table in &report.tables {
        let placeable = Placeable {
            function: "table",
            id: &table.id,
            section: &table.section,
            span: Span::file(&table.file),
            code: Code::TablePlacement,
        };
        placeable.check(lang, sections, |s| &s.tables, dir, diags);
    }
    for chart in &report.charts {
        let placeable = Placeable {
            function: "chart",
            id: &chart.id,
            section: &chart.section,
            span: chart.span.clone(),
            code: Code::ChartPlacement,
        };
        placeable.check(lang, sections, |s| &s.charts, dir, diags);
    }
}

/// A table or a chart: something a template places with a call of its own.
struct Placeable<'a> {
    function: &'static str,
    id: &'a str,
    section: &'a str,
    /// Where the data defines it.
    span: Span,
    code: Code,
}

impl Placeable<'_> {
    /// Errors if it is placed nowhere, in another section, or more than once; `placed`
    /// gives a section's placed ids of this kind.
    fn check(
        &self,
        lang: Lang,
        sections: &[SectionText],
        placed: impl Fn(&SectionText) -> &Vec<String>,
        dir: &Path,
        diags: &mut Diagnostics,
    ) {
        let (function, id) = (self.function, self.id);
        let places: Vec<&SectionText> = sections
            .iter()
            .filter(|s| placed(s).iter().any(|p| p == id))
            .collect();
        let count: usize = places
            .iter()
            .map(|s| placed(s).iter().filter(|p| *p == id).count())
            .sum();
        let template = dir.join(template_name(self.section, lang));
        let error =
            |span: Span, what: String| Diagnostic::error(Some(span), what).with_code(self.code);
        if places.is_empty() && sections.iter().any(|s| s.id == self.section) {
            diags.push(
                error(
                    self.span.clone(),
                    format!("{function} `{id}` is not placed in {}", template.display()),
                )
                .with_hint(format!(
                    "add {{{{ {function}(id=\"{id}\") }}}} where the {function} belongs"
                )),
            );
        } else if places.iter().any(|s| s.id != self.section) {
            diags.push(error(self.span.clone(), format!("{function} `{id}` belongs to section `{}` but is placed in another section's `{lang}` template", self.section)));
        } else if count > 1 {
            let second = call_span(dir, &template, function, id, 1);
            diags.push(
                error(second, format!("{function} `{id}` is placed {count} times"))
                    .with_hint(format!("a {function} appears once in the chapter: remove all but one `{function}(id=\"{id}\")`")),
            );
        }
    }
}

fn load(
    dir: &Path,
    figures: Figures,
    report: &Report,
    lang: Lang,
    diags: &mut Diagnostics,
) -> Option<tera::Tera> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(Vec::<&'static str>::new());
    register_functions(&mut tera, figures, report, lang);
    add_templates(&mut tera, dir, Some(report.year), diags).then_some(tera)
}

/// Parses every template without figures: `esep check` reports template syntax errors
/// even when the data has errors and no figure could be computed.
pub(crate) fn check_syntax(dir: &Path, diags: &mut Diagnostics) {
    let mut tera = tera::Tera::default();
    // Parsing calls no function, so the language and year given here are never used.
    register_figure_functions(
        &mut tera,
        Arc::new(Figures::default()),
        Vec::new(),
        Lang::Ru,
        0,
    );
    register_slot(&mut tera, "chart", Vec::new(), chart_slot);
    gri::register(&mut tera, gri::Codes::default());
    add_templates(&mut tera, dir, None, diags);
}

/// Reads and parses every `*.tera` file of `dir` into `tera`; `false` on any problem.
/// With the report `year`, a section template's bare years up to it are warnings.
fn add_templates(
    tera: &mut tera::Tera,
    dir: &Path,
    year: Option<u32>,
    diags: &mut Diagnostics,
) -> bool {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    None,
                    format!("cannot read the templates directory {}: {e}", dir.display()),
                )
                .with_code(Code::FileUnreadable),
            );
            return false;
        }
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tera"))
        .collect();
    files.sort();
    let mut templates = Vec::new();
    let mut ok = true;
    for path in files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        match crate::source::read_input(dir, &path) {
            Ok(text) => templates.push((name, text)),
            Err(d) => {
                diags.push(d);
                ok = false;
            }
        }
    }
    for (name, text) in &templates {
        if let Err(e) = tera.add_raw_template(name, text) {
            diags.push(tera_diagnostic(&e, dir));
            ok = false;
        }
        if let Some(year) = year.filter(|_| name.ends_with(".md.tera")) {
            literal_years(&dir.join(name), text, year, diags);
        }
    }
    ok
}

/// A warning for each bare year of a template's text that equals or precedes the report
/// year: next year it would print last year's.
fn literal_years(path: &Path, text: &str, year: u32, diags: &mut Diagnostics) {
    for (line, column, y) in crate::model::years::template_literal_years(text, year) {
        diags.push(
            Diagnostic::warning(
                Some(Span::new(path, line as u64, column as u64)),
                format!("the template names the year {y} as a literal"),
            )
            .with_code(Code::LiteralYear)
            .with_hint("write `{{ report.year }}` (or `{{ report.year - 1 }}`) in text and `col=\"y{year}\"` (or `y{year-1}`) in `cell()`, so the template carries over to next year; a year that is genuinely fixed is written `{{ 2003 }}`"),
        );
    }
    // `{year}` is the data's syntax; in a template's text it would print as typed.
    for (n, (line, _)) in crate::model::years::split_tags(text)
        .into_iter()
        .enumerate()
    {
        if let Some(at) = line.find("{year").or_else(|| line.find("{yaer")) {
            diags.push(
                Diagnostic::warning(
                    Some(Span::new(path, n as u64 + 1, line[..at].chars().count() as u64 + 1)),
                    "the template text has a data placeholder `{year…}`, which prints as typed",
                )
                .with_code(Code::LiteralYear)
                .with_hint("in a template, write `{{ report.year }}` (or `{{ report.year - 1 }}`); `{year}` is for data files and `cell()` arguments"),
            );
        }
    }
}

fn register_functions(tera: &mut tera::Tera, figures: Figures, report: &Report, lang: Lang) {
    let ids: Vec<String> = report.tables.iter().map(|t| t.id.clone()).collect();
    register_figure_functions(tera, Arc::new(figures), ids, lang, report.year);
    let charts = report.charts.iter().map(|c| c.id.clone()).collect();
    register_slot(tera, "chart", charts, chart_slot);
    gri::register(tera, gri::Codes::of(report));
}

/// `fact(id)`, `cell(table, row, col)`, `word(…)` and `table(id)`: the only way a template
/// prints a figure, agrees a word with one, or places a table. `lang` is the language of
/// the templates rendered, whose plural categories the word forms must cover; `year` fills
/// in `{year}` in cell arguments (`col="y{year}"`).
fn register_figure_functions(
    tera: &mut tera::Tera,
    figures: Arc<Figures>,
    ids: Vec<String>,
    lang: Lang,
    year: u32,
) {
    let f = Arc::clone(&figures);
    tera.register_function(
        "fact",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let figure = find_fact(&f, kwargs.must_get("id")?)?;
            with_word(figure, &kwargs, &["id", "case"], lang)
        },
    );
    let f = Arc::clone(&figures);
    tera.register_function(
        "cell",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let figure = find_cell(&f, &kwargs, year)?;
            with_word(figure, &kwargs, &CELL_ARGS, lang)
        },
    );
    let f = Arc::clone(&figures);
    tera.register_function(
        "word",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            word(&f, &kwargs, lang, year)
        },
    );
    register_slot(tera, "table", ids, table_slot);
}

/// `function(id=…)`: the slot line of a known table or chart (`slot` writes it between
/// blank lines); an unknown id is an error with the nearest known one.
fn register_slot(
    tera: &mut tera::Tera,
    function: &'static str,
    ids: Vec<String>,
    slot: fn(&str) -> String,
) {
    tera.register_function(
        function,
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let id: &str = kwargs.must_get("id")?;
            if ids.iter().any(|t| t == id) {
                Ok(format!("\n{}\n", slot(id)))
            } else {
                let hint = did_you_mean(id, ids.iter().map(String::as_str))
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                Err(tera::Error::message(format!(
                    "unknown {function} `{id}`{hint}"
                )))
            }
        },
    );
}

const CELL_ARGS: [&str; 4] = ["table", "row", "col", "case"];

/// The figure's text, followed by the word agreeing with it when the call gives forms:
/// `57 работников`. A mark token stays right after the figure, before the word.
fn with_word(
    figure: &Printed,
    kwargs: &tera::Kwargs,
    known: &[&str],
    lang: Lang,
) -> tera::TeraResult<String> {
    let forms = Forms::read(kwargs, known)?;
    let text = match kwargs.get::<&str>("case")? {
        Some(case) => with_case(&figure.text, case, lang)?,
        None => figure.text.clone(),
    };
    if forms.is_empty() {
        return Ok(text);
    }
    let word = forms.choose(lang, figure.category)?;
    Ok(format!("{text} {word}"))
}

/// `case="ablative"`: the figure with the Kazakh case ending that agrees with it as read
/// (`6-дан`, `7-ден`), before its footnote mark. A figure that is not a number (`–`, a
/// draft's `[…]`) is printed as it is.
fn with_case(text: &str, case: &str, lang: Lang) -> tera::TeraResult<String> {
    use crate::locale::kk_case::{Case, ending};
    if lang != Lang::Kk {
        return Err(tera::Error::message(format!(
            "`case=` is for Kazakh figures; `{lang}` words agree through one=, few=, many="
        )));
    }
    let Some(case) = Case::parse(case) else {
        let names: Vec<&str> = Case::ALL.iter().map(|c| c.name()).collect();
        return Err(tera::Error::message(format!(
            "unknown case `{case}`; use one of {}",
            names.join(", ")
        )));
    };
    let (figure, mark) = text.split_at(text.find(crate::view::MARK_OPEN).unwrap_or(text.len()));
    Ok(match ending(figure, case) {
        Some(e) => format!("{figure}-{e}{mark}"),
        None => text.to_owned(),
    })
}

/// `word(id=…, forms…)` or `word(table=…, row=…, col=…, forms…)`: only the form agreeing
/// with the figure, for a verb or a noun that does not follow it.
fn word(f: &Figures, kwargs: &tera::Kwargs, lang: Lang, year: u32) -> tera::TeraResult<String> {
    let (figure, known): (&Printed, &[&str]) = match kwargs.get::<&str>("id")? {
        Some(id) => (find_fact(f, id)?, &["id"]),
        None if kwargs.get::<&str>("table")?.is_some() => (find_cell(f, kwargs, year)?, &CELL_ARGS),
        None => {
            return Err(tera::Error::message(
                "`word()` needs the figure it agrees with: id=\"…\" for a fact, or table=, row=, col= for a cell",
            ));
        }
    };
    let forms = Forms::read(kwargs, known)?;
    if forms.is_empty() {
        return Err(tera::Error::message(
            "`word()` needs the word's forms: one=\"…\", few=\"…\", many=\"…\"",
        ));
    }
    forms.choose(lang, figure.category).map(str::to_owned)
}

fn find_fact<'a>(f: &'a Figures, id: &str) -> tera::TeraResult<&'a Printed> {
    f.facts.get(id).ok_or_else(|| {
        let hint = did_you_mean(id, f.facts.keys().map(String::as_str))
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        tera::Error::message(format!(
            "unknown fact `{id}`{hint}; facts are defined in data/<section>/facts.yaml"
        ))
    })
}

fn find_cell<'a>(
    f: &'a Figures,
    kwargs: &tera::Kwargs,
    year: u32,
) -> tera::TeraResult<&'a Printed> {
    // `col="y{year}"`: the report year's column, whatever the year.
    let expand = |arg: &str| -> tera::TeraResult<String> {
        let text: &str = kwargs.must_get(arg)?;
        crate::model::years::expand(text, year).map_err(|e| {
            tera::Error::message(format!("{e}; {}", crate::model::years::PLACEHOLDER_HINT))
        })
    };
    let (table, row, col) = (expand("table")?, expand("row")?, expand("col")?);
    let (table, row, col) = (table.as_str(), row.as_str(), col.as_str());
    let rows = f.cells.get(table).ok_or_else(|| {
        let hint = did_you_mean(table, f.cells.keys().map(String::as_str))
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        tera::Error::message(format!("unknown table `{table}`{hint}"))
    })?;
    let cols = rows.get(row).ok_or_else(|| {
        let hint = did_you_mean(row, rows.keys().map(String::as_str))
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        tera::Error::message(format!("table `{table}` has no row `{row}`{hint}"))
    })?;
    cols.get(col).ok_or_else(|| {
        let hint = did_you_mean(col, cols.keys().map(String::as_str))
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        tera::Error::message(format!("table `{table}` has no column `{col}`{hint}"))
    })
}

/// Renders `text` as a `lang` template printing `figures`, with the tables and charts of
/// `placeable` (ids) placeable: how the
/// integration tests put figures of their choosing (1, 21, 1,5 …) into the shipped
/// templates' calls. The context is that of a section with an empty title; `year` fills in
/// `{year}` in cell arguments.
pub fn render_text(
    text: &str,
    figures: Figures,
    placeable: Vec<String>,
    lang: Lang,
    year: u32,
) -> Result<String, String> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(Vec::<&'static str>::new());
    register_slot(&mut tera, "chart", placeable.clone(), chart_slot);
    register_figure_functions(&mut tera, Arc::new(figures), placeable, lang, year);
    gri::register(&mut tera, gri::Codes::stand_in());
    tera.add_raw_template("text", text)
        .map_err(|e| format!("{e:?}"))?;
    let mut ctx = tera::Context::new();
    ctx.insert(
        "report",
        &ReportCtx {
            title: String::new(),
            year: 2024,
        },
    );
    ctx.insert(
        "section",
        &SectionCtx {
            id: "",
            title: String::new(),
        },
    );
    ctx.insert("lang", lang.code());
    tera.render("text", &ctx).map_err(|e| format!("{e:?}"))
}

/// Renders template `name` of `tera` within the template budget (time, memory, output),
/// as the section templates are; a failure is a diagnostic naming the template.
pub(crate) fn render_bounded(
    tera: &Arc<tera::Tera>,
    name: &str,
    ctx: tera::Context,
    dir: &Path,
) -> Result<String, Diagnostic> {
    match budget::render(tera, name, ctx, budget::Limits::DEFAULT) {
        budget::Rendered::Text(text) => Ok(text),
        budget::Rendered::Failed(e) => Err(tera_diagnostic(&e, dir)),
        budget::Rendered::Stopped(why) => Err(stopped(&dir.join(name), why)),
    }
}

/// A Tera error as a diagnostic pointing at template, line and column.
pub(crate) fn tera_diagnostic(e: &tera::Error, dir: &Path) -> Diagnostic {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    match report {
        Some(r) => {
            let span = r.span();
            let mut message = r.message().to_owned();
            if let Some(source) = std::error::Error::source(e) {
                message = format!("{message}: {source}");
            }
            let hint = unquoted_argument(&message);
            if hint.is_some() {
                message = "quote the id: an unquoted name is read as a template variable, and there is none by that name".to_owned();
            }
            Diagnostic::error(
                Some(Span::new(
                    &dir.join(r.filename()),
                    span.start_line as u64,
                    span.start_col as u64 + 1,
                )),
                message,
            )
            .with_code(Code::Template)
            .with_hint_opt(hint)
        }
        // Other kinds (an unknown include, say) carry their place only in the text:
        // "error: Unknown template `x`\n --> people.kk.md.tera:6:12".
        None => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or_default();
            let message = first.trim_start_matches("error: ").to_owned();
            let place = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("--> "))
                .and_then(|p| {
                    let mut it = p.rsplitn(3, ':');
                    let col = it.next()?.parse::<u64>().ok()?;
                    let line = it.next()?.parse::<u64>().ok()?;
                    Some(Span::new(&dir.join(it.next()?), line, col))
                });
            Diagnostic::error(place, message).with_code(Code::Template)
        }
    }
}

/// `fact(id=headcount)` passes the (undefined) variable `headcount`, not the id: Tera
/// says "expected `&str` but got `undefined`"; say what to write instead.
fn unquoted_argument(message: &str) -> Option<String> {
    message
        .contains("but got `undefined`")
        .then(|| "write `fact(id=\"headcount\")`; likewise `table(id=\"…\")` and `cell(table=\"…\", row=\"…\", col=\"…\")`".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::plural::Category;
    use std::collections::BTreeMap;

    fn tera_with(figures: Figures, tables: &[&str]) -> tera::Tera {
        tera_in(figures, tables, Lang::Kk)
    }

    fn tera_in(figures: Figures, tables: &[&str], lang: Lang) -> tera::Tera {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(Vec::<&'static str>::new());
        let f = Arc::new(figures);
        let ids = tables.iter().map(|s| s.to_string()).collect();
        register_figure_functions(&mut tera, f, ids, lang, 2024);
        tera
    }

    fn printed(text: &str, category: Category) -> Printed {
        Printed {
            text: text.to_owned(),
            category,
        }
    }

    fn figures() -> Figures {
        let mut cells = BTreeMap::new();
        let mut row = BTreeMap::new();
        row.insert("share".to_owned(), printed("14,87", Category::Other));
        row.insert("count".to_owned(), printed("22", Category::Few));
        let mut rows = BTreeMap::new();
        rows.insert("akmola_mes".to_owned(), row);
        cells.insert("age".to_owned(), rows);
        Figures {
            facts: [
                (
                    "headcount".to_owned(),
                    printed("4\u{a0}495", Category::Many),
                ),
                (
                    "marked".to_owned(),
                    printed("21\u{E000}5\u{E001}", Category::One),
                ),
            ]
            .into(),
            cells,
        }
    }

    fn render(tera: &mut tera::Tera, text: &str) -> Result<String, String> {
        tera.add_raw_template("t.md.tera", text)
            .map_err(|e| e.to_string())?;
        tera.render("t.md.tera", &tera::Context::new())
            .map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn a_section_is_cut_into_prose_and_tables_and_nothing_is_lost() {
        let md = format!(
            "# T\n\nText before.\n\n{}\n\nText after.\n\n{}\n",
            table_slot("a"),
            table_slot("b")
        );
        assert_eq!(
            parts(&md).unwrap(),
            [
                Part::Prose("# T\n\nText before.\n\n".into()),
                Part::Table("a".into()),
                Part::Prose("\nText after.\n\n".into()),
                Part::Table("b".into()),
            ]
        );
        // As `table()` leaves it when called inside a sentence: text on the lines around.
        let inside = format!("See \n{}\n below.\n", table_slot("a"));
        assert_eq!(parts(&inside).unwrap_err(), Part::Table("a".into()));
        let before = format!("A list:\n- item\n{}\n\n", chart_slot("b"));
        assert_eq!(parts(&before).unwrap_err(), Part::Chart("b".into()));
        let chart = format!("Text.\n\n{}\n\nMore.\n", chart_slot("c"));
        assert_eq!(
            parts(&chart).unwrap(),
            [
                Part::Prose("Text.\n\n".into()),
                Part::Chart("c".into()),
                Part::Prose("\nMore.\n".into()),
            ]
        );
    }

    #[test]
    fn functions_print_formatted_figures_and_table_slots() {
        let mut tera = tera_with(figures(), &["age"]);
        let got = render(
            &mut tera,
            "{{ fact(id=\"headcount\") }} / {{ cell(table=\"age\", row=\"akmola_mes\", col=\"share\") }}\n{{ table(id=\"age\") }}",
        )
        .unwrap();
        assert_eq!(got, "4\u{a0}495 / 14,87\n\n<!-- esep:table age -->\n");
        assert_eq!(
            parse_slot("<!-- esep:table age -->"),
            Some(Part::Table("age".into()))
        );
        assert_eq!(
            parse_slot(" <!-- esep:chart age -->\n"),
            Some(Part::Chart("age".into()))
        );
        assert_eq!(parse_slot("<!-- other -->"), None);
    }

    #[test]
    fn unknown_names_are_errors_with_suggestions() {
        for (text, want) in [
            (
                "{{ fact(id=\"headcont\") }}",
                "unknown fact `headcont` (did you mean `headcount`?)",
            ),
            (
                "{{ cell(table=\"ag\", row=\"x\", col=\"y\") }}",
                "unknown table `ag` (did you mean `age`?)",
            ),
            (
                "{{ cell(table=\"age\", row=\"akmola\", col=\"share\") }}",
                "has no row `akmola` (did you mean `akmola_mes`?)",
            ),
            (
                "{{ cell(table=\"age\", row=\"akmola_mes\", col=\"shares\") }}",
                "has no column `shares` (did you mean `share`?)",
            ),
            (
                "{{ table(id=\"aeg\") }}",
                "unknown table `aeg` (did you mean `age`?)",
            ),
        ] {
            let mut tera = tera_with(figures(), &["age"]);
            let err = render(&mut tera, text).unwrap_err();
            assert!(err.contains(want), "{text}: {err}");
        }
    }

    const WORKERS: &str = "one=\"работник\", few=\"работника\", many=\"работников\"";

    #[test]
    fn forms_agree_with_the_printed_figure() {
        let mut tera = tera_in(figures(), &[], Lang::Ru);
        let text = format!(
            "{{{{ fact(id=\"headcount\", {WORKERS}) }}}} / {{{{ cell(table=\"age\", row=\"akmola_mes\", col=\"count\", {WORKERS}) }}}} / {{{{ word(id=\"marked\", one=\"принял\", few=\"приняли\", many=\"приняли\") }}}} {{{{ fact(id=\"marked\", {WORKERS}) }}}} / {{{{ word(table=\"age\", row=\"akmola_mes\", col=\"share\", {WORKERS}) }}}}"
        );
        let got = render(&mut tera, &text).unwrap();
        assert_eq!(
            got,
            "4\u{a0}495 работников / 22 работника / принял 21\u{E000}5\u{E001} работник / работника"
        );
    }

    #[test]
    fn a_kazakh_case_ending_agrees_with_the_figure_and_goes_before_its_mark() {
        let mut tera = tera_with(figures(), &["age"]);
        let got = render(
            &mut tera,
            "{{ fact(id=\"headcount\", case=\"dative\") }} / {{ fact(id=\"marked\", case=\"ablative\") }} / {{ cell(table=\"age\", row=\"akmola_mes\", col=\"count\", case=\"locative\") }}",
        )
        .unwrap();
        assert_eq!(got, "4\u{a0}495-ке / 21-ден\u{E000}5\u{E001} / 22-де");
        let err = render(
            &mut tera_with(figures(), &[]),
            "{{ fact(id=\"headcount\", case=\"abl\") }}",
        )
        .unwrap_err();
        assert!(
            err.contains("unknown case `abl`; use one of genitive, dative"),
            "{err}"
        );
        let mut ru = tera_in(figures(), &[], Lang::Ru);
        let err = render(&mut ru, "{{ fact(id=\"headcount\", case=\"dative\") }}").unwrap_err();
        assert!(err.contains("`case=` is for Kazakh figures"), "{err}");
    }

    #[test]
    fn wrong_form_calls_are_errors_naming_the_problem() {
        for (text, want) in [
            (
                "{{ fact(id=\"headcount\", one=\"a\", many=\"c\") }}",
                "the `few` form is missing",
            ),
            (
                "{{ fact(id=\"headcount\", one=\"a\", fwe=\"b\", many=\"c\") }}",
                "unknown argument `fwe`",
            ),
            (
                "{{ fact(id=\"headcount\", one=1) }}",
                "must be a quoted word",
            ),
            (
                "{{ word(id=\"headcount\") }}",
                "`word()` needs the word's forms",
            ),
            (
                "{{ word(one=\"a\") }}",
                "`word()` needs the figure it agrees with",
            ),
            (
                "{{ word(table=\"age\", row=\"akmola_mes\", one=\"a\") }}",
                "col",
            ),
        ] {
            let mut tera = tera_in(figures(), &[], Lang::Ru);
            let err = render(&mut tera, text).unwrap_err();
            assert!(err.contains(want), "{text}: {err}");
        }
    }
}
