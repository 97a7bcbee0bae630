//! A fingerprint of everything a build reads: the data and templates directories (every
//! regular file, by relative path and content) and esep's version. The output manifest
//! records it with each file, so a later build can tell which kept files were made from
//! other inputs. It depends on nothing but those bytes: not on where the project lives,
//! on file times or on the machine.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Files larger than this are not read for the fingerprint (they are refused as inputs
/// anyway); their size stands in for their content.
const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// Hex SHA-256 over esep's version and each input file, in path order.
pub(crate) fn fingerprint(data: &Path, templates: &Path) -> String {
    let mut hash = Sha256::new();
    hash.update(concat!("esep ", env!("CARGO_PKG_VERSION"), "\n").as_bytes());
    for (name, root) in [("data", data), ("templates", templates)] {
        for rel in regular_files(root) {
            let path = root.join(&rel);
            hash.update(format!("{name}/{}\n", rel.display()).as_bytes());
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            if size <= MAX_BYTES {
                if let Ok(bytes) = std::fs::read(&path) {
                    hash.update(format!("{}\n", bytes.len()).as_bytes());
                    hash.update(&bytes);
                }
            } else {
                hash.update(format!("size {size}\n").as_bytes());
            }
        }
    }
    crate::files::hex(&hash.finalize()[..8])
}

/// Regular files under `root` (links, FIFOs and devices are never opened here: links
/// are not followed), sorted.
fn regular_files(root: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    #[test]
    fn changes_with_content_not_with_location() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path();
        for copy in ["a", "b"] {
            std::fs::create_dir_all(base.join(copy).join("data/people")).unwrap();
            std::fs::create_dir_all(base.join(copy).join("templates")).unwrap();
            std::fs::write(base.join(copy).join("data/people/x.yaml"), "n: 1").unwrap();
        }
        let fp = |c: &str| {
            super::fingerprint(&base.join(c).join("data"), &base.join(c).join("templates"))
        };
        assert_eq!(fp("a"), fp("b"));
        std::fs::write(base.join("b/data/people/x.yaml"), "n: 2").unwrap();
        assert_ne!(fp("a"), fp("b"));
    }
}
