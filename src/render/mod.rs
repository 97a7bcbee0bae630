//! Render: one module per output format behind one small trait, [`Renderer`].
//!
//! Every language renderer gets the same input — one language's [`Chapter`]: the section
//! Markdown (prose from the template, with table slots) and the formatted table views —
//! and fills the slots natively: GFM pipe tables in Markdown, `<table>` with spanners in
//! HTML, laid-out grids in PDF, Word tables with spanned header cells in DOCX. CSV depends on no language: it renders the computed report
//! once per build. [`paths`] says where each format's files go in `--out`.

pub(crate) mod csv;
pub(crate) mod docx;
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
    /// Word; not among the default formats of `esep build`.
    Docx,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 4] = [
        OutputFormat::Md,
        OutputFormat::Html,
        OutputFormat::Pdf,
        OutputFormat::Docx,
    ];

    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Md => "md",
            OutputFormat::Html => "html",
            OutputFormat::Pdf => "pdf",
            OutputFormat::Docx => "docx",
        }
    }

    /// The file of a language folder in which readers find the reconciliation appendix:
    /// a page of its own in Markdown and HTML, the end of the chapter in PDF and Word.
    pub fn appendix_file(self) -> String {
        match self {
            OutputFormat::Md | OutputFormat::Html => {
                format!("{}.{}", crate::view::APPENDIX_ID, self.extension())
            }
            OutputFormat::Pdf | OutputFormat::Docx => format!("chapter.{}", self.extension()),
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
/// its page template and stylesheet from `templates`, the Word renderer its style table;
/// problems go to `diags`.
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
            OutputFormat::Docx => Box::new(docx::Docx::load(templates, diags)),
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

/// One file (or the chapter-wide files) of one language in one format: a unit of work
/// the build runs on any core.
pub(crate) struct Job<'a> {
    renderer: &'a dyn Renderer,
    chapter: &'a Chapter,
    /// A section's index, or `None` for the chapter-wide files.
    section: Option<usize>,
}

/// What a job made, by path inside `--out`, or the error naming the format, the language
/// and the section.
pub(crate) type Rendered = Result<Vec<(PathBuf, Vec<u8>)>, Diagnostic>;

/// Everything `renderer` writes for one language, as jobs: every section, then the
/// chapter-wide files.
pub(crate) fn jobs<'a>(renderer: &'a dyn Renderer, chapter: &'a Chapter) -> Vec<Job<'a>> {
    let sections = renderer
        .has_sections()
        .then(|| (0..chapter.sections.len()).map(Some))
        .into_iter()
        .flatten();
    sections
        .chain([None])
        .map(|section| Job {
            renderer,
            chapter,
            section,
        })
        .collect()
}

impl Job<'_> {
    /// Whether it makes the chapter-wide files rather than one section's.
    pub(crate) fn is_chapter(&self) -> bool {
        self.section.is_none()
    }

    pub(crate) fn run(&self) -> Rendered {
        let (ext, lang) = (self.renderer.extension(), self.chapter.lang);
        let failed = |what: String, e: String| {
            Diagnostic::error(None, format!("rendering {what}: {e}")).with_code(Code::Render)
        };
        match self.section {
            Some(i) => {
                let id = &self.chapter.sections[i].id;
                let bytes = self
                    .renderer
                    .section(self.chapter, i)
                    .map_err(|e| failed(format!("{ext} of section `{id}` ({lang})"), e))?;
                Ok(vec![(paths::section(lang, id, ext), bytes)])
            }
            None => {
                let named = self
                    .renderer
                    .chapter(self.chapter)
                    .map_err(|e| failed(format!("the {ext} chapter ({lang})"), e))?;
                let dir = paths::language_dir(lang);
                Ok(named.into_iter().map(|(n, b)| (dir.join(n), b)).collect())
            }
        }
    }
}
