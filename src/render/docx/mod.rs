//! Word output (`--format docx`): each section and the whole chapter as `.docx`, for the
//! drafts that go round management, translators and the book's designers.
//!
//! WordprocessingML is written here by hand and zipped with the `zip` crate (the README
//! says why not a docx crate), one concern per module: [`style`] (the style table in
//! `templates/docx/styles.yaml`), [`xml`] (escaping, runs), [`body`] (paragraphs,
//! bookmarks, links, lists, page orientation), [`prose`] (the section Markdown),
//! [`table`] (table views, charts as their data), [`document`] (a section, the chapter
//! with its contents field), [`parts`] (styles, settings, fonts, numbering, footer,
//! relationships, properties) and [`package`] (the zip, byte for byte the same on a
//! rebuild).
//!
//! Like the other renderers it lays out the strings it is given — the section parts and
//! the formatted [`crate::view::TableView`]s — and never formats a figure itself.

mod body;
mod document;
mod package;
mod parts;
mod prose;
pub(crate) mod style;
mod table;
mod xml;

use super::{Chapter, Renderer};
use crate::diag::Diagnostics;
use std::path::Path;
use style::Look;

/// The Word renderer with its look, read from the templates directory.
pub(crate) struct Docx {
    /// `None` when the style table has errors (the build stops on them).
    look: Option<Look>,
}

impl Docx {
    /// Reads `docx/styles.yaml` from `templates`; problems go to `diags`.
    pub(crate) fn load(templates: &Path, diags: &mut Diagnostics) -> Docx {
        Docx {
            look: style::load(templates, diags),
        }
    }

    fn look(&self) -> Result<&Look, String> {
        self.look
            .as_ref()
            .ok_or_else(|| format!("templates/{} did not load", style::FILE))
    }
}

impl Renderer for Docx {
    fn extension(&self) -> &'static str {
        "docx"
    }

    fn section(&self, chapter: &Chapter, index: usize) -> Result<Vec<u8>, String> {
        let look = self.look()?;
        let body = document::section(chapter, index, look)?;
        let s = &chapter.sections[index];
        let title = format!("{} — {}", s.title, chapter.title);
        package(chapter, look, &title, body)
    }

    fn chapter(&self, chapter: &Chapter) -> Result<Vec<(String, Vec<u8>)>, String> {
        let look = self.look()?;
        let body = document::chapter(chapter, look)?;
        let bytes = package(chapter, look, &chapter.title, body)?;
        Ok(vec![("chapter.docx".to_owned(), bytes)])
    }
}

/// The `.docx` bytes of a written body.
fn package(
    chapter: &Chapter,
    look: &Look,
    title: &str,
    body: body::Finished,
) -> Result<Vec<u8>, String> {
    let lang = chapter.lang;
    package::zip(&[
        parts::content_types(),
        parts::package_rels(),
        parts::core(title, lang, &chapter.date),
        parts::app(),
        parts::document(&body.xml),
        parts::styles(look, lang),
        parts::settings(lang),
        parts::font_table(look),
        parts::numbering(look, &body.numbers),
        parts::footer(),
        parts::document_rels(&body.links),
    ])
}
