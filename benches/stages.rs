//! `cargo bench --bench stages`: each pipeline stage alone (divan), on the generated
//! workload (`esep workload`) of 25 and 250 tables: load, model, compute + check, the
//! template stage with figure formatting, and each renderer over one language's chapter.
//! `cargo bench --bench stages -- --test` runs each once (what CI does: does it still run).
//! The end-to-end timings against other tools are `bench/run.sh` (see BENCHMARKS.md).

use esep::stages::{self, Loaded};
use esep::{Analysis, Chapter, Lang, NumberStyle, OutputFormat};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

const SIZES: &[usize] = &[25, 250];

fn main() {
    divan::main();
}

/// One generated project and what each stage makes of it, built once per size.
struct Fixture {
    _dir: tempfile::TempDir,
    data: PathBuf,
    templates: PathBuf,
    loaded: Loaded,
    analysis: Analysis,
    chapter: Chapter,
}

fn fixture(tables: usize) -> &'static Fixture {
    static ALL: OnceLock<Mutex<BTreeMap<usize, &'static Fixture>>> = OnceLock::new();
    let mut all = ALL.get_or_init(Default::default).lock().unwrap();
    all.entry(tables).or_insert_with(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        stages::workload(dir.path(), tables).expect("the workload is written");
        let (data, templates) = (dir.path().join("data"), dir.path().join("templates"));
        let loaded = stages::load(&data).expect("the workload loads");
        let report = stages::model(&loaded).expect("the workload validates");
        let analysis = stages::compute_and_check(report).expect("the workload computes");
        let chapter = stages::chapter(&analysis, Lang::Ru, &templates).expect("templates");
        Box::leak(Box::new(Fixture {
            _dir: dir,
            data,
            templates,
            loaded,
            analysis,
            chapter,
        }))
    })
}

#[divan::bench(args = SIZES)]
fn load(b: divan::Bencher, tables: usize) {
    let f = fixture(tables);
    b.bench(|| stages::load(&f.data).expect("loads"));
}

#[divan::bench(args = SIZES)]
fn model(b: divan::Bencher, tables: usize) {
    let f = fixture(tables);
    b.bench(|| stages::model(&f.loaded).expect("validates"));
}

#[divan::bench(args = SIZES)]
fn compute_and_check(b: divan::Bencher, tables: usize) {
    let f = fixture(tables);
    b.with_inputs(|| stages::model(&f.loaded).expect("validates"))
        .bench_local_values(|report| stages::compute_and_check(report).expect("computes"));
}

/// Formatting the figures of 25 tables for print (grouping, decimal comma, rounding).
#[divan::bench]
fn format_figures(b: divan::Bencher) {
    let f = fixture(25);
    let style = NumberStyle::for_report(&f.analysis.report, Lang::Ru);
    b.bench(|| stages::format_figures(&style, &f.analysis.computed));
}

/// Figures formatted, templates rendered and table views made for one language.
#[divan::bench(args = SIZES)]
fn chapter(b: divan::Bencher, tables: usize) {
    let f = fixture(tables);
    b.bench(|| stages::chapter(&f.analysis, Lang::Ru, &f.templates).expect("renders"));
}

fn render(b: divan::Bencher, tables: usize, format: OutputFormat) {
    let f = fixture(tables);
    let renderer = stages::renderer(format, &f.templates);
    b.bench(|| stages::render(renderer.as_ref(), &f.chapter));
}

#[divan::bench(args = SIZES)]
fn render_md(b: divan::Bencher, tables: usize) {
    render(b, tables, OutputFormat::Md);
}

#[divan::bench(args = SIZES)]
fn render_html(b: divan::Bencher, tables: usize) {
    render(b, tables, OutputFormat::Html);
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn render_pdf(b: divan::Bencher, tables: usize) {
    render(b, tables, OutputFormat::Pdf);
}

#[divan::bench(args = SIZES)]
fn render_docx(b: divan::Bencher, tables: usize) {
    render(b, tables, OutputFormat::Docx);
}
