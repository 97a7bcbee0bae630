//! The shipped 2024 chapter, compiled into the binary: `esep init DIR` writes its `data/`
//! and `templates/` so a team can start next year's chapter from it, anywhere.

use std::io;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Writes the embedded `data/` and `templates/` under `dir`. Never overwrites: if either
/// directory already exists, nothing is written.
pub(crate) fn init(dir: &Path) -> io::Result<usize> {
    let files: Vec<(String, Vec<u8>)> = FILES
        .iter()
        .map(|(rel, bytes)| ((*rel).to_owned(), bytes.to_vec()))
        .collect();
    crate::files::write_new_project(dir, &files)?;
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    #[test]
    fn embeds_the_whole_shipped_chapter() {
        let paths: Vec<&str> = super::FILES.iter().map(|(p, _)| *p).collect();
        for want in [
            "data/report.yaml",
            "data/dimensions.yaml",
            "data/staff_structure/staff_by_age.yaml",
            "templates/html/style.css",
            "templates/docx/styles.yaml",
            "templates/training.ru.md.tera",
        ] {
            assert!(paths.contains(&want), "{want} is not embedded");
        }
        assert!(
            paths.windows(2).all(|w| w[0] < w[1]),
            "sorted, so builds are reproducible"
        );
    }
}
