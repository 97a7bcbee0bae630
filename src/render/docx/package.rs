//! The `.docx` package: a zip of the parts, the same bytes for the same parts.
//!
//! Entries go in one fixed order ([`ENTRIES`]), each dated 1980-01-01 00:00 (the zip
//! format's earliest date: never the clock), marked as written on Unix with permissions
//! 0644 (else the zip crate records the system it runs on), deflated at level 6 by flate2's
//! pure-Rust backend (the one the PDF streams use; its output does not depend on the CPU).

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// The parts of a package, in the order they are written.
pub(crate) const ENTRIES: [&str; 11] = [
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "docProps/app.xml",
    "word/document.xml",
    "word/styles.xml",
    "word/settings.xml",
    "word/fontTable.xml",
    "word/numbering.xml",
    "word/footer1.xml",
    "word/_rels/document.xml.rels",
];

/// The zip of `parts`, one text per name of [`ENTRIES`], in that order.
pub(crate) fn zip(parts: &[String; ENTRIES.len()]) -> Result<Vec<u8>, String> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .system(System::Unix);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let failed = |e: &dyn std::fmt::Display| format!("writing the .docx package: {e}");
    for (name, text) in ENTRIES.iter().zip(parts) {
        zip.start_file(*name, options).map_err(|e| failed(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| failed(&e))?;
    }
    let cursor = zip.finish().map_err(|e| failed(&e))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn fixed_order_dates_and_permissions_the_same_bytes_twice() {
        let parts: [String; ENTRIES.len()] =
            std::array::from_fn(|i| format!("<x>{}</x>", ENTRIES[i]));
        let bytes = zip(&parts).unwrap();
        assert_eq!(bytes, zip(&parts).unwrap());
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        for (i, name) in ENTRIES.iter().enumerate() {
            let mut file = archive.by_index(i).unwrap();
            assert_eq!(file.name().unwrap(), *name);
            assert_eq!(file.compression(), CompressionMethod::Deflated);
            assert_eq!(file.last_modified(), Some(DateTime::default()));
            assert_eq!(file.unix_mode().map(|m| m & 0o777), Some(0o644));
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            assert_eq!(text, parts[i]);
        }
    }
}
