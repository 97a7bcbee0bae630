//! Where the rendered files go inside `--out`, and so which of them a build owns:
//! `<lang>/<section>.<extension>` and the chapter-wide files of each language (`index.html`,
//! `chapter.pdf`, `chapter.docx`) in `<lang>/`; the language-independent CSV tables in `data/`.

use super::OutputFormat;
use crate::lang::Lang;
use std::path::{Path, PathBuf};

/// The extension of the chart drawings the Markdown links to; they belong to the
/// Markdown format (a build of `--format md` writes, replaces and removes them).
pub(crate) const CHART_EXTENSION: &str = "svg";

/// The folder of the language-independent files.
pub(crate) const DATA_DIR: &str = "data";

/// The folder of one language's files.
pub(crate) fn language_dir(lang: Lang) -> PathBuf {
    PathBuf::from(lang.code())
}

/// `<lang>/<section>.<extension>`.
pub(crate) fn section(lang: Lang, id: &str, extension: &str) -> PathBuf {
    language_dir(lang).join(format!("{id}.{extension}"))
}

/// `data/<table>.csv`.
pub(crate) fn table_csv(id: &str) -> PathBuf {
    PathBuf::from(DATA_DIR).join(format!("{id}.csv"))
}

/// `data/facts.csv`. No table can be called `facts`: `facts.yaml` is a section's facts.
pub(crate) fn facts_csv() -> PathBuf {
    PathBuf::from(DATA_DIR).join("facts.csv")
}

/// Whether a file esep recorded writing belongs to a build of these languages and formats
/// (so the build replaces it, or removes it when it no longer produces it). The CSV files
/// belong to every build.
pub(crate) fn owned_by_build(rel: &Path, langs: &[Lang], formats: &[OutputFormat]) -> bool {
    let mut parts = rel.components().filter_map(|c| c.as_os_str().to_str());
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or_default();
    match parts.next() {
        Some(DATA_DIR) => ext == "csv",
        Some(dir) => langs.iter().any(|l| l.code() == dir) && formats.iter().any(|f| f.owns(ext)),
        None => false,
    }
}

/// The languages whose pages the language switch links to: those built now (`built`),
/// and those with HTML pages among the files an earlier build wrote (`written`, paths
/// inside `--out` with `/` separators).
pub(crate) fn linked_languages<'a>(
    all: &[Lang],
    built: &[Lang],
    written: impl Iterator<Item = &'a str> + Clone,
) -> Vec<Lang> {
    all.iter()
        .copied()
        .filter(|l| {
            built.contains(l)
                || written
                    .clone()
                    .any(|k| k.starts_with(&format!("{}/", l.code())) && k.ends_with(".html"))
        })
        .collect()
}

/// What one build renders: every asked-for format of the asked-for languages and, when HTML
/// is among them, the HTML pages of the other languages whose pages an earlier build left
/// in `--out`, so that every page present links to every language present.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Each language rendered, with its formats, in the report's order.
    pub languages: Vec<(Lang, Vec<OutputFormat>)>,
    /// The languages the language switch links to.
    pub linked: Vec<Lang>,
}

impl Plan {
    pub(crate) fn new<'a>(
        all: &[Lang],
        built: &[Lang],
        formats: &[OutputFormat],
        written: impl Iterator<Item = &'a str> + Clone,
    ) -> Plan {
        let linked = linked_languages(all, built, written);
        let html = formats.contains(&OutputFormat::Html);
        let languages = all
            .iter()
            .filter_map(|&l| {
                if built.contains(&l) {
                    Some((l, formats.to_vec()))
                } else if html && linked.contains(&l) {
                    Some((l, vec![OutputFormat::Html]))
                } else {
                    None
                }
            })
            .collect();
        Plan { languages, linked }
    }

    /// Whether a recorded file is this build's to replace or remove.
    pub(crate) fn owns(&self, rel: &Path) -> bool {
        self.languages
            .iter()
            .any(|(lang, formats)| owned_by_build(rel, &[*lang], formats))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_owns_its_languages_formats_and_the_csv() {
        let owns = |p: &str| owned_by_build(Path::new(p), &[Lang::Kk], &[OutputFormat::Html]);
        assert!(owns("kk/people.html"));
        assert!(owns("data/headcount.csv"));
        assert!(!owns("ru/people.html"));
        assert!(!owns("kk/people.pdf"));
        assert!(!owns("notes.txt"));
    }

    #[test]
    fn html_of_a_language_left_in_the_output_is_rendered_again_for_its_links() {
        use OutputFormat::{Html, Md};
        let written = ["ru/index.html", "ru/people.md"];
        let plan = Plan::new(
            &Lang::ALL,
            &[Lang::Kk],
            &[Md, Html],
            written.iter().copied(),
        );
        assert_eq!(
            plan.languages,
            [(Lang::Kk, vec![Md, Html]), (Lang::Ru, vec![Html])]
        );
        assert!(plan.owns(Path::new("ru/index.html")));
        assert!(!plan.owns(Path::new("ru/people.md")));
        let md_only = Plan::new(&Lang::ALL, &[Lang::Kk], &[Md], written.iter().copied());
        assert_eq!(md_only.languages, [(Lang::Kk, vec![Md])]);
    }

    #[test]
    fn links_languages_built_now_or_left_with_pages() {
        let written = ["ru/index.html", "kk/chapter.pdf"];
        assert_eq!(
            linked_languages(&Lang::ALL, &[], written.iter().copied()),
            [Lang::Ru]
        );
        assert_eq!(
            linked_languages(&Lang::ALL, &[Lang::Kk], written.iter().copied()),
            Lang::ALL
        );
    }
}
