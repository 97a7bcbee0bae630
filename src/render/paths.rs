//! Where the rendered files go inside `--out`, and so which of them a build owns:
//! `<lang>/<section>.<extension>` and the chapter-wide files of each language (`index.html`,
//! `chapter.pdf`) in `<lang>/`; the language-independent CSV tables in `data/`.

use super::OutputFormat;
use crate::lang::Lang;
use std::path::{Path, PathBuf};

/// The folder of the language-independent files.
pub const DATA_DIR: &str = "data";

/// The folder of one language's files.
pub fn language_dir(lang: Lang) -> PathBuf {
    PathBuf::from(lang.code())
}

/// `<lang>/<section>.<extension>`.
pub fn section(lang: Lang, id: &str, extension: &str) -> PathBuf {
    language_dir(lang).join(format!("{id}.{extension}"))
}

/// `data/<table>.csv`.
pub fn table_csv(id: &str) -> PathBuf {
    PathBuf::from(DATA_DIR).join(format!("{id}.csv"))
}

/// Whether a file esep recorded writing belongs to a build of these languages and formats
/// (so the build replaces it, or removes it when it no longer produces it). The CSV files
/// belong to every build.
pub fn owned_by_build(rel: &Path, langs: &[Lang], formats: &[OutputFormat]) -> bool {
    let mut parts = rel.components().filter_map(|c| c.as_os_str().to_str());
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or_default();
    match parts.next() {
        Some(DATA_DIR) => ext == "csv",
        Some(dir) => {
            langs.iter().any(|l| l.code() == dir) && formats.iter().any(|f| f.extension() == ext)
        }
        None => false,
    }
}

/// The languages whose pages the language switch links to: those built now (`built`),
/// and those with HTML pages among the files an earlier build wrote (`written`, paths
/// inside `--out` with `/` separators).
pub fn linked_languages<'a>(
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
