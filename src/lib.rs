//! esep turns an annual report's source data (YAML) into finished bilingual report sections.
//!
//! The pipeline, one module per stage:
//! [`source`] (load YAML) → [`model`] (validate, resolve references) → [`compute`] (exact
//! decimals) → [`check`] (against the printed source) → [`template`] (Tera → section
//! Markdown) → [`render`] (Markdown, HTML, CSV) → [`output`] (atomic write).
//! [`locale`] is the one place figures become text; [`view`] hands renderers formatted data.

pub mod check;
pub mod cli;
pub mod compute;
pub mod diag;
pub mod embedded;
pub mod files;
pub mod lang;
pub mod locale;
pub mod model;
pub mod output;
pub mod render;
pub mod source;
pub mod template;
pub mod view;

use compute::Computed;
use diag::{Diagnostic, Diagnostics, Severity};
use lang::Lang;
use locale::NumberStyle;
use model::Report;
use output::Files;
use render::{Chapter, OutputFormat};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where the inputs are.
#[derive(Clone, Debug)]
pub struct Inputs {
    pub data: PathBuf,
    pub templates: PathBuf,
}

#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub inputs: Inputs,
    pub out: PathBuf,
    /// Languages to build; empty means all languages of the report.
    pub langs: Vec<Lang>,
    pub formats: Vec<OutputFormat>,
}

/// Why a command failed; decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the data or templates (exit code 1), with any warnings, and what was
    /// found on opening the output (an interrupted build finished, old debris).
    Data(Vec<Diagnostic>, Vec<String>),
    /// Reading or writing files failed (exit code 2).
    Io(diag::IoFailure),
}

pub struct BuildSummary {
    pub tables: usize,
    pub sections: usize,
    pub langs: Vec<Lang>,
    pub formats: Vec<OutputFormat>,
    /// What happened in `--out`: written, removed, kept from earlier builds.
    pub output: output::WriteReport,
    /// What was found on opening `--out` (an interrupted build finished, old debris).
    pub notes: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// Load, validate, compute and check. Problems go to `diags`.
pub fn analyse(inputs: &Inputs, diags: &mut Diagnostics) -> Option<(Report, Computed)> {
    let dirs = [
        (inputs.data.as_path(), "--data"),
        (inputs.templates.as_path(), "--templates"),
    ];
    if !source::input_dirs(&dirs, diags) {
        return None;
    }
    let raw = source::load(&inputs.data, diags)?;
    if diags.has_errors() {
        // A file that did not parse would make every reference to it look wrong too.
        return None;
    }
    let report = model::build(&raw, diags)?;
    let computed = compute::compute(&report, diags)?;
    check::check(&report, &computed, diags);
    Some((report, computed))
}

/// `esep check`: everything a build does except writing, with all problems found.
pub fn check(inputs: &Inputs) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::default();
    match analyse(inputs, &mut diags) {
        Some((report, computed)) => {
            let langs = report.languages.clone();
            let _ = render_files(
                &report,
                &computed,
                &langs,
                &langs,
                &[],
                &inputs.templates,
                &mut diags,
            );
        }
        // Without figures the templates cannot be rendered, but their syntax can be
        // checked, so one run still lists every problem.
        None if inputs.templates.is_dir() => template::check_syntax(&inputs.templates, &mut diags),
        None => {}
    }
    diags.sorted()
}

/// `esep build`: the whole pipeline, writing `out` only if everything succeeded.
/// `on_wait` is told when another build holds the lock on `out`.
pub fn build(opts: &BuildOptions, on_wait: &dyn Fn(&str)) -> Result<BuildSummary, Failure> {
    let started = Instant::now();
    refuse_output_inside_inputs(opts)?;
    let io = |e: std::io::Error| {
        Failure::Io(diag::IoFailure::Path {
            path: opts.out.clone(),
            source: e,
        })
    };
    let out = output::Output::open(&opts.out, on_wait).map_err(io)?;
    let mut diags = Diagnostics::default();
    let Some((report, computed)) = analyse(&opts.inputs, &mut diags) else {
        return Err(Failure::Data(diags.sorted(), out.notes.clone()));
    };
    let langs: Vec<Lang> = if opts.langs.is_empty() {
        report.languages.clone()
    } else {
        opts.langs.clone()
    };
    for l in &langs {
        if !report.languages.contains(l) {
            diags.error(
                None,
                format!("language `{l}` is not among the report's languages in report.yaml"),
            );
        }
    }
    let linked = linked_languages(&report.languages, &langs, out.manifest());
    let files = render_files(
        &report,
        &computed,
        &langs,
        &linked,
        &opts.formats,
        &opts.inputs.templates,
        &mut diags,
    );
    if diags.has_errors() {
        return Err(Failure::Data(diags.sorted(), out.notes.clone()));
    }
    let in_scope = |p: &Path| build_owns(p, &langs, &opts.formats);
    let fingerprint = source::fingerprint(&opts.inputs.data, &opts.inputs.templates);
    let notes = out.notes.clone();
    let written = out.commit(&files, &in_scope, &fingerprint).map_err(io)?;
    Ok(BuildSummary {
        tables: report.tables.len(),
        sections: report.sections.len(),
        langs,
        formats: opts.formats.clone(),
        output: written,
        notes,
        warnings: diags
            .sorted()
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect(),
        elapsed: started.elapsed(),
    })
}

/// Whether a file esep recorded writing belongs to this build's languages and formats (so
/// this build replaces it, or removes it when it no longer produces it). The CSV files
/// belong to every build.
fn build_owns(rel: &Path, langs: &[Lang], formats: &[OutputFormat]) -> bool {
    let mut parts = rel.components().filter_map(|c| c.as_os_str().to_str());
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or_default();
    match parts.next() {
        Some("data") => ext == "csv",
        Some(dir) => {
            langs.iter().any(|l| l.code() == dir) && formats.iter().any(|f| f.extension() == ext)
        }
        None => false,
    }
}

/// The languages whose pages the language switch links to: those built now, and those
/// whose pages an earlier build left in `--out`.
fn linked_languages(
    all: &[Lang],
    built: &[Lang],
    manifest: &output::manifest::Manifest,
) -> Vec<Lang> {
    all.iter()
        .copied()
        .filter(|l| {
            built.contains(l)
                || manifest
                    .files
                    .keys()
                    .any(|k| k.starts_with(&format!("{}/", l.code())) && k.ends_with(".html"))
        })
        .collect()
}

/// esep never writes into its inputs: an `--out` inside (or equal to) the data or
/// templates directory, or containing one of them, is a usage error. Paths are compared as
/// the file system resolves them (symbolic links followed, `..` taken), so no spelling of
/// a path gets round the rule.
fn refuse_output_inside_inputs(opts: &BuildOptions) -> Result<(), Failure> {
    let resolve = |p: &Path| {
        output::resolve(p).map_err(|e| {
            Failure::Io(diag::IoFailure::Path {
                path: p.to_path_buf(),
                source: e,
            })
        })
    };
    let out = resolve(&opts.out)?;
    for input in [&opts.inputs.data, &opts.inputs.templates] {
        if output::overlaps(&out, &resolve(input)?) {
            return Err(Failure::Io(diag::IoFailure::OutputOverInputs {
                out: opts.out.clone(),
                input: input.clone(),
            }));
        }
    }
    Ok(())
}

/// Renders every requested language and format (and the CSV files) in memory.
fn render_files(
    report: &Report,
    computed: &Computed,
    langs: &[Lang],
    linked: &[Lang],
    formats: &[OutputFormat],
    templates: &Path,
    diags: &mut Diagnostics,
) -> Files {
    let mut files = Files::new();
    for (t, table) in report.tables.iter().enumerate() {
        let path = PathBuf::from("data").join(format!("{}.csv", table.id));
        files.insert(
            path,
            render::csv::table_csv(report, computed, t).into_bytes(),
        );
    }
    let date = document_date(&report.date);
    let stylesheet = if formats.contains(&OutputFormat::Html) {
        read_stylesheet(templates, diags)
    } else {
        String::new()
    };
    for &lang in langs {
        let style = NumberStyle::new(lang, &report.percent_patterns[&lang]);
        let figures = view::figures(report, computed, &style);
        let sections = template::render_sections(report, figures, lang, templates, diags);
        let tables: BTreeMap<String, view::TableView> = (0..report.tables.len())
            .map(|t| {
                (
                    report.tables[t].id.clone(),
                    view::table_view(report, computed, t, &style),
                )
            })
            .collect();
        let data_notes: Vec<(String, Vec<String>)> = report
            .tables
            .iter()
            .filter(|t| !t.data_notes.is_empty())
            .map(|t| {
                (
                    t.title.get(lang).to_owned(),
                    t.data_notes
                        .iter()
                        .map(|n| n.get(lang).to_owned())
                        .collect(),
                )
            })
            .collect();
        if diags.has_errors() {
            continue;
        }
        let chapter = Chapter {
            lang,
            languages: linked,
            title: report.title.get(lang),
            year: report.year,
            date: &date,
            sections: &sections,
            tables: &tables,
            data_notes: &data_notes,
            stylesheet: &stylesheet,
        };
        let dir = PathBuf::from(lang.code());
        for format in formats {
            let renderer = format.renderer();
            for (i, s) in sections.iter().enumerate() {
                match renderer.section(&chapter, i) {
                    Ok(bytes) => {
                        files.insert(dir.join(format!("{}.{}", s.id, format.extension())), bytes);
                    }
                    Err(e) => diags.error(
                        None,
                        format!(
                            "rendering {} of section `{}` ({lang}): {e}",
                            format.extension(),
                            s.id
                        ),
                    ),
                }
            }
            match renderer.chapter(&chapter) {
                Ok(extra) => files.extend(
                    extra
                        .into_iter()
                        .map(|(name, bytes)| (dir.join(name), bytes)),
                ),
                Err(e) => diags.error(
                    None,
                    format!("rendering the {} chapter ({lang}): {e}", format.extension()),
                ),
            }
        }
    }
    files
}

/// The HTML pages' CSS, kept with the templates so the team can restyle the pages.
fn read_stylesheet(templates: &Path, diags: &mut Diagnostics) -> String {
    let path = templates.join("html").join("style.css");
    source::read_input(templates, &path).unwrap_or_else(|d| {
        let hint = d.hint.is_none();
        diags.push(if hint {
            d.with_hint("the HTML pages embed templates/html/style.css")
        } else {
            d
        });
        String::new()
    })
}

/// The document date: from `SOURCE_DATE_EPOCH` (reproducible builds) if set, else the
/// fixed date of `report.yaml`. Never the clock, so the same input gives the same bytes.
pub fn document_date(fixed: &str) -> String {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .map_or_else(|| fixed.to_owned(), civil_date)
}

/// `YYYY-MM-DD` of a Unix timestamp (UTC), by Howard Hinnant's days-to-civil algorithm.
fn civil_date(epoch: i64) -> String {
    let z = epoch.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_date(0), "1970-01-01");
        assert_eq!(super::civil_date(1_735_689_600), "2025-01-01");
        assert_eq!(super::civil_date(951_782_400), "2000-02-29");
    }
}
