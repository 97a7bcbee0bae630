//! Render: one module per output format behind one small trait, [`Renderer`].
//!
//! Every language renderer gets the same input — one language's [`Chapter`]: the section
//! Markdown (prose from the template, with table slots) and the formatted table views —
//! and fills the slots natively: GFM pipe tables in Markdown, `<table>` with spanners in
//! HTML, laid-out grids in PDF. CSV depends on no language: it renders the computed report
//! once per build. [`paths`] says where each format's files go in `--out`.

pub(crate) mod csv;
pub(crate) mod html;
mod link;
pub(crate) mod markdown;
pub(crate) mod paths;
pub(crate) mod pdf;

use crate::compute::Computed;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::Report;
pub(crate) use crate::view::Chapter;
use std::path::{Path, PathBuf};

/// The output formats of `esep build --format`. CSV is not among them: every build
/// writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputFormat {
    Md,
    Html,
    Pdf,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 3] = [OutputFormat::Md, OutputFormat::Html, OutputFormat::Pdf];

    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Md => "md",
            OutputFormat::Html => "html",
            OutputFormat::Pdf => "pdf",
        }
    }

    /// Whether files with extension `ext` in a language folder are this format's: its
    /// own, and for Markdown the chart drawings it links to.
    pub fn owns(self, ext: &str) -> bool {
        ext == self.extension() || (self == OutputFormat::Md && ext == paths::CHART_EXTENSION)
    }

    pub fn parse(s: &str) -> Option<OutputFormat> {
        OutputFormat::ALL.into_iter().find(|f| f.extension() == s)
    }
}

/// The renderers of a build: CSV, then one per requested format. The HTML renderer reads
/// its page template and stylesheet from `templates`; problems go to `diags`.
pub(crate) fn renderers(
    formats: &[OutputFormat],
    templates: &Path,
    diags: &mut Diagnostics,
) -> Vec<Box<dyn Renderer>> {
    let mut out: Vec<Box<dyn Renderer>> = vec![Box::new(csv::Csv)];
    for format in formats {
        out.push(match format {
            OutputFormat::Md => Box::new(markdown::Markdown),
            OutputFormat::Html => Box::new(html::Html::load(templates, diags)),
            OutputFormat::Pdf => Box::new(pdf::Pdf),
        });
    }
    out
}

/// An output format. A renderer implements what applies to it: files of the whole build
/// (`report`), or files of one language (`section`, `chapter`).
pub trait Renderer: Sync {
    /// The extension of its files, and its name in messages.
    fn extension(&self) -> &'static str;

    /// Files that depend on no language, by path inside `--out`, made once per build.
    fn report(&self, _report: &Report, _computed: &Computed) -> Vec<(PathBuf, Vec<u8>)> {
        Vec::new()
    }

    /// Whether it writes one file per section, `<lang>/<section>.<extension>`.
    fn has_sections(&self) -> bool {
        true
    }

    /// The file of section `index`.
    fn section(&self, _chapter: &Chapter, _index: usize) -> Result<Vec<u8>, String> {
        Ok(Vec::new())
    }

    /// Chapter-wide files of one language (an index page, a whole-chapter document), by
    /// name inside the language's folder.
    fn chapter(&self, _chapter: &Chapter) -> Result<Vec<(String, Vec<u8>)>, String> {
        Ok(Vec::new())
    }
}

/// Everything `renderer` writes for one language, by path inside `--out`: every section,
/// then the chapter-wide files. A failure is an error in `diags` naming the format, the
/// language and the section.
pub(crate) fn language_files(
    renderer: &dyn Renderer,
    chapter: &Chapter,
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, Vec<u8>)> {
    let (ext, lang) = (renderer.extension(), chapter.lang);
    let mut files = Vec::new();
    if renderer.has_sections() {
        for (i, s) in chapter.sections.iter().enumerate() {
            match renderer.section(chapter, i) {
                Ok(bytes) => files.push((paths::section(lang, &s.id, ext), bytes)),
                Err(e) => diags.push(
                    Diagnostic::error(
                        None,
                        format!("rendering {ext} of section `{}` ({lang}): {e}", s.id),
                    )
                    .with_code(Code::Render),
                ),
            }
        }
    }
    match renderer.chapter(chapter) {
        Ok(named) => files.extend(
            named
                .into_iter()
                .map(|(name, bytes)| (paths::language_dir(lang).join(name), bytes)),
        ),
        Err(e) => diags.push(
            Diagnostic::error(None, format!("rendering the {ext} chapter ({lang}): {e}"))
                .with_code(Code::Render),
        ),
    }
    files
}
