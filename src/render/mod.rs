//! Stage 6, render: one module per output format behind one small trait.
//!
//! Every renderer gets the same input — the section's Markdown (prose from the template,
//! with table slots) and the formatted [`TableView`]s — and fills the slots natively:
//! GFM pipe tables in Markdown, `<table>` with spanners in HTML, laid-out grids in PDF.

pub mod csv;
pub mod html;
mod link;
pub mod markdown;
pub mod pdf;

use crate::lang::Lang;
use crate::template::SectionText;
use crate::view::TableView;
use std::collections::BTreeMap;

/// The output formats of `esep build --format`.
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

    pub fn parse(s: &str) -> Option<OutputFormat> {
        OutputFormat::ALL.into_iter().find(|f| f.extension() == s)
    }

    pub fn renderer(self) -> &'static dyn Renderer {
        match self {
            OutputFormat::Md => &markdown::Markdown,
            OutputFormat::Html => &html::Html,
            OutputFormat::Pdf => &pdf::Pdf,
        }
    }
}

/// Everything needed to render one language of the chapter.
pub struct Chapter<'a> {
    pub lang: Lang,
    /// Languages being built, for the language switch.
    pub languages: &'a [Lang],
    pub title: &'a str,
    pub year: u32,
    /// `YYYY-MM-DD`, or the date from `SOURCE_DATE_EPOCH`.
    pub date: &'a str,
    pub sections: &'a [SectionText],
    pub tables: &'a BTreeMap<String, TableView>,
    /// Maintainers' notes on the data (typo fixes, undisclosed bases), per table caption.
    pub data_notes: &'a [(String, Vec<String>)],
    /// The pages' CSS, from `templates/html/style.css`.
    pub stylesheet: &'a str,
}

/// An output format.
pub trait Renderer: Sync {
    /// One file per section, named `<section>.<extension>`.
    fn section(&self, chapter: &Chapter, index: usize) -> Result<Vec<u8>, String>;
    /// Chapter-wide files (an index page, a whole-chapter document), by file name.
    fn chapter(&self, chapter: &Chapter) -> Result<Vec<(String, Vec<u8>)>, String>;
}
