//! The pipeline's stages one at a time, for the micro-benchmarks (`benches/stages.rs`):
//! each takes what the stage before it made, so a benchmark times one stage alone. Not a
//! stable API; the binary and the tests use [`crate::build`] and [`crate::analyse`].

use crate::diag::Diagnostics;
use crate::render::{self, OutputFormat, Renderer};
use crate::{Analysis, Chapter, Lang, Report};
use std::path::Path;

/// Loaded source files (the `source` stage's result).
pub struct Loaded(crate::source::RawProject);

/// Writes the generated benchmark project of `tables` tables under `dir`.
pub fn workload(dir: &Path, tables: usize) -> std::io::Result<usize> {
    crate::workload::write(dir, tables)
}

/// Reads and parses every data file.
pub fn load(data: &Path) -> Option<Loaded> {
    crate::source::load(data, &mut Diagnostics::default()).map(Loaded)
}

/// Validates the loaded files and resolves their references.
pub fn model(loaded: &Loaded) -> Option<Report> {
    crate::model::build(&loaded.0, &mut Diagnostics::default())
}

/// Computes every derived figure, then checks the report against itself and the source.
pub fn compute_and_check(report: Report) -> Option<Analysis> {
    let mut d = Diagnostics::default();
    let computed = crate::compute::compute(&report, &mut d)?;
    let findings = crate::check::check(&report, &computed, &mut d);
    Some(Analysis {
        report,
        computed,
        findings,
    })
}

/// One language's chapter: figures formatted, templates rendered, table views made.
pub fn chapter(analysis: &Analysis, lang: Lang, templates: &Path) -> Option<Chapter> {
    let langs = analysis.report.languages.clone();
    let plan = render::paths::Plan::new(&langs, &langs, &[], std::iter::empty());
    crate::language_chapter(analysis, &plan, lang, templates).0
}

/// The renderer of one format (its page template read from `templates`).
pub fn renderer(format: OutputFormat, templates: &Path) -> Box<dyn Renderer> {
    render::renderers(&[format], templates, &mut Diagnostics::default())
        .pop()
        .expect("one renderer per format")
}

/// Renders every file of one chapter in one format, one after the other; their total size.
pub fn render(renderer: &dyn Renderer, chapter: &Chapter) -> usize {
    render::jobs(renderer, chapter)
        .iter()
        .map(|j| j.run().map_or(0, |f| f.iter().map(|(_, b)| b.len()).sum()))
        .sum()
}

/// Formats every computed table figure for print at one decimal (grouping, decimal
/// comma, half-up rounding); the total length, so nothing is optimised away.
pub fn format_figures(style: &crate::NumberStyle, computed: &crate::Computed) -> usize {
    let number = crate::model::Format::Number;
    computed
        .tables
        .iter()
        .flatten()
        .flatten()
        .map(|v| style.value(*v, 1, number, None).len())
        .sum()
}
