//! esep turns an annual report's source data (YAML) into finished bilingual report sections.
//!
//! The pipeline, one module per stage, in the order of the README's table:
//! [`source`] (load YAML) → [`model`] (validate, resolve references) → [`compute`] (exact
//! decimals) → [`check`] (against the printed source) → [`template`] (Tera → section
//! Markdown) → [`view`] (one language's chapter, every figure formatted by [`locale`]) →
//! [`render`] (Markdown, HTML, PDF per language; CSV once) → [`output`] (atomic write).

pub mod chart;
mod check;
mod cli;
mod compute;
mod date;
mod diag;
mod diff;
mod embedded;
mod files;
mod lang;
mod locale;
mod model;
mod next_year;
mod output;
mod render;
mod source;
#[doc(hidden)]
pub mod stages;
mod template;
mod view;
mod workload;

// The library's public face: what the `esep` binary, the benchmark and the integration
// tests use. Everything else is private to the crate, so the compiler reports dead code
// and `unreachable_pub` keeps `pub` honest.
pub use check::{Figure, Finding, Findings, Formula, FormulaOp, Kind, Term};
pub use cli::run;
pub use compute::{Computed, Value, round_half_up};
pub use date::document_date;
pub use diag::{Diagnostic, Diagnostics, IoFailure, Severity};
pub use lang::{Lang, ProperNames, kazakh_only_letter};
pub use locale::NumberStyle;
pub use locale::plural::Category;
pub use model::Report;
pub use render::{OutputFormat, Renderer};
pub use source::{parse_str, raw::RawTable};
pub use template::{Part, SectionText, chart_slot, render_sections, render_text, table_slot};
pub use view::{
    APPENDIX_ID, Appendix, Chapter, ChartFigure, Entry, EntryGroup, Figures, GRI_INDEX_ID,
    GriEntry, GriHeads, GriIndex, GriPlace, HeaderCell, Printed, RowStyle, RowView, TableView,
    anchor, appendix, cell_text, chart_figures, figures, gri_index, mark, table_view,
};

/// The PDF layout engine, for the tests that check its geometry.
pub mod pdf {
    pub use crate::render::pdf::{
        Pdf, columns, document, geometry_faults, layout, style, table_pages,
    };
}

/// Tiny projects read by the real loader, for the unit tests of compute, check and view.
#[cfg(test)]
mod test_project;

use output::Files;
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
    /// Render figures still to fill in as placeholders instead of refusing to build.
    pub draft: bool,
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
    /// The warnings and notes (the reconciliation's findings among them).
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// What load, model, compute and check make of the inputs.
pub struct Analysis {
    pub report: Report,
    pub computed: Computed,
    /// The reconciliation: what the printed source got wrong or leaves unproven.
    pub findings: Findings,
}

/// Load, validate, compute and check. Problems go to `diags`.
pub fn analyse(inputs: &Inputs, diags: &mut Diagnostics) -> Option<Analysis> {
    let dirs = [
        (inputs.data.as_path(), "--data"),
        (inputs.templates.as_path(), "--templates"),
    ];
    if !source::input_dirs(&dirs, diags) {
        return None;
    }
    let raw = source::load(&inputs.data, diags)?;
    source::unlisted_sections(&raw, &inputs.data, &inputs.templates, diags);
    analyse_raw(&raw, diags)
}

/// Load, validate, compute and check a data folder or a revision's data held in memory,
/// without templates (what `esep diff` compares).
pub(crate) fn analyse_tree(tree: &source::DataTree, diags: &mut Diagnostics) -> Option<Analysis> {
    let raw = source::load_tree(tree, diags)?;
    analyse_raw(&raw, diags)
}

fn analyse_raw(raw: &source::RawProject, diags: &mut Diagnostics) -> Option<Analysis> {
    if diags.has_errors() {
        // A file that did not parse would make every reference to it look wrong too.
        return None;
    }
    let report = model::build(raw, diags)?;
    let computed = compute::compute(&report, diags)?;
    let findings = check::check(&report, &computed, diags);
    Some(Analysis {
        report,
        computed,
        findings,
    })
}

/// `esep check`: everything a build does except writing, with all problems found. A figure
/// still to fill in is an error, or a note with `draft`.
pub fn check(inputs: &Inputs, draft: bool) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::default();
    match analyse(inputs, &mut diags) {
        Some(analysis) => {
            check::unfilled(&analysis.report, &analysis.computed, draft, &mut diags);
            let langs = analysis.report.languages.clone();
            let plan = render::paths::Plan::new(&langs, &langs, &[], std::iter::empty());
            let _ = render_files(&analysis, &plan, &[], &inputs.templates, &mut diags);
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
    let Some(analysis) = analyse(&opts.inputs, &mut diags) else {
        return Err(Failure::Data(diags.sorted(), out.notes.clone()));
    };
    let report = &analysis.report;
    check::unfilled(report, &analysis.computed, opts.draft, &mut diags);
    let langs: Vec<Lang> = if opts.langs.is_empty() {
        report.languages.clone()
    } else {
        opts.langs.clone()
    };
    for l in &langs {
        if !report.languages.contains(l) {
            diags.push(
                Diagnostic::error(
                    None,
                    format!("language `{l}` is not among the report's languages in report.yaml"),
                )
                .with_code(diag::Code::UnknownLanguage),
            );
        }
    }
    let written = out.manifest().files.keys().map(String::as_str);
    let plan = render::paths::Plan::new(&report.languages, &langs, &opts.formats, written);
    let files = render_files(
        &analysis,
        &plan,
        &opts.formats,
        &opts.inputs.templates,
        &mut diags,
    );
    if diags.has_errors() {
        return Err(Failure::Data(diags.sorted(), out.notes.clone()));
    }
    let in_scope = |p: &Path| plan.owns(p);
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
            .filter(|d| d.severity != Severity::Error)
            .collect(),
        elapsed: started.elapsed(),
    })
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

/// Renders the CSV files and every language and format of the plan, in memory. Languages
/// go through the template stage side by side, then every file of every language and
/// format is rendered as its own job on every core; the files and any errors are
/// collected in the plan's order, so the result is the same whatever ran first.
fn render_files(
    analysis: &Analysis,
    plan: &render::paths::Plan,
    formats: &[OutputFormat],
    templates: &Path,
    diags: &mut Diagnostics,
) -> Files {
    use rayon::prelude::*;
    let renderers = render::renderers(formats, templates, diags);
    // A renderer that could not load its templates has said so where the file is wrong;
    // its jobs would only repeat that once per file. The section templates are still
    // rendered below, so their problems come in the same run.
    let unusable = diags.has_errors();
    let mut files: Files = renderers
        .iter()
        .flat_map(|r| r.report(&analysis.report, &analysis.computed))
        .collect();
    let (chapters, problems): (Vec<Option<Chapter>>, Vec<Diagnostics>) = plan
        .languages
        .par_iter()
        .map(|(lang, _)| language_chapter(analysis, plan, *lang, templates))
        .unzip();
    problems.into_iter().for_each(|p| diags.extend(p));
    if unusable {
        return files;
    }
    let mut jobs = Vec::new();
    for (chapter, (_, lang_formats)) in chapters.iter().zip(&plan.languages) {
        let Some(chapter) = chapter else { continue };
        for renderer in &renderers {
            if lang_formats
                .iter()
                .any(|f| f.extension() == renderer.extension())
            {
                jobs.extend(render::jobs(renderer.as_ref(), chapter));
            }
        }
    }
    // The chapter-wide files (a whole-chapter PDF is the longest job by far) start first,
    // so no core waits at the end for one long job started last. `files` is keyed by path
    // and diagnostics are sorted, so the order of jobs changes nothing in the result.
    jobs.sort_by_key(|j| !j.is_chapter());
    let rendered: Vec<render::Rendered> = jobs.par_iter().map(render::Job::run).collect();
    for r in rendered {
        match r {
            Ok(named) => files.extend(named),
            Err(d) => diags.push(d),
        }
    }
    files
}

/// One language's chapter: its figures, the template stage and the views; `None` (with
/// the problems in the diagnostics) when a template fails.
pub(crate) fn language_chapter(
    analysis: &Analysis,
    plan: &render::paths::Plan,
    lang: Lang,
    templates: &Path,
) -> (Option<Chapter>, Diagnostics) {
    let (report, computed) = (&analysis.report, &analysis.computed);
    let mut diags = Diagnostics::default();
    let style = NumberStyle::for_report(report, lang);
    let figures = view::figures(report, computed, &style, &analysis.findings.marks());
    let sections = template::render_sections(report, figures, lang, templates, &mut diags);
    if diags.has_errors() {
        return (None, diags);
    }
    let date = document_date(&report.date);
    let chapter = view::chapter(
        report,
        computed,
        &analysis.findings,
        &style,
        sections,
        &plan.linked,
        &date,
    );
    for c in &report.charts {
        if let Some(f) = chapter.charts.get(&c.id) {
            chart::warnings(&f.view, &f.geometry, &c.span)
                .into_iter()
                .for_each(|d| diags.push(d));
        }
    }
    (Some(chapter), diags)
}
