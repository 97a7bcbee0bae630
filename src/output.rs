//! Stage 7, output: writes the rendered files so that a failed build loses nothing.
//!
//! Everything is written into a fresh directory beside `output/`, then swapped into place
//! with renames. Files of the previous output that this build does not own (another
//! language or format than the ones built, or files a person put there) are carried over;
//! files it owns but no longer produces are dropped and named in the summary.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// The files of one build, by path relative to the output directory.
pub type Files = BTreeMap<PathBuf, Vec<u8>>;

/// What the swap did.
#[derive(Debug, Default)]
pub struct WriteReport {
    pub written: usize,
    /// Stale files of the previous output that this build replaced by nothing.
    pub removed: Vec<PathBuf>,
}

/// Writes `files` as the new content of `out`. `owns(path)` says whether a previous file at
/// `path` is this build's to replace or drop.
pub fn write_atomically(
    out: &Path,
    files: &Files,
    owns: &dyn Fn(&Path) -> bool,
) -> io::Result<WriteReport> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.esep-new-{pid}"));
    let old = parent.join(format!(".{name}.esep-old-{pid}"));
    recover_interrupted(&parent, name, out)?;
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    let result = (|| {
        let mut report = WriteReport::default();
        for (rel, bytes) in files {
            let path = tmp.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, bytes)?;
            report.written += 1;
        }
        if out.exists() {
            for rel in list_files(out)? {
                if files.contains_key(&rel) {
                    continue;
                }
                if owns(&rel) {
                    report.removed.push(rel);
                } else {
                    let dest = tmp.join(&rel);
                    if let Some(dir) = dest.parent() {
                        std::fs::create_dir_all(dir)?;
                    }
                    std::fs::copy(out.join(&rel), dest)?;
                }
            }
        }
        Ok(report)
    })();
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    if out.exists() {
        std::fs::rename(out, &old)?;
        if let Err(e) = std::fs::rename(&tmp, out) {
            // Put the previous output back before reporting.
            let _ = std::fs::rename(&old, out);
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&tmp, out)?;
    }
    Ok(report)
}

/// A build killed between its two renames leaves the previous output as
/// `.<name>.esep-old-<pid>` and no `<name>`: put it back before anything else.
/// Leftover `.esep-new-<pid>` directories of builds no longer running are removed.
fn recover_interrupted(parent: &Path, name: &str, out: &Path) -> io::Result<()> {
    let mut olds = Vec::new();
    for entry in std::fs::read_dir(parent)? {
        let entry = entry?;
        let file = entry.file_name();
        let Some(file) = file.to_str() else { continue };
        if file.starts_with(&format!(".{name}.esep-old-")) {
            olds.push(entry.path());
        } else if let Some(pid) = file.strip_prefix(&format!(".{name}.esep-new-")) {
            // Another build's work in progress stays; a dead build's leftovers go.
            if !Path::new("/proc").join(pid).exists() {
                std::fs::remove_dir_all(entry.path())?;
            }
        }
    }
    olds.sort();
    if let Some(old) = olds.pop().filter(|_| !out.exists()) {
        std::fs::rename(old, out)?;
    }
    Ok(())
}

/// All files under `dir`, relative to it, sorted.
fn list_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(dir.join(&rel))? {
            let entry = entry?;
            let path = rel.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_owned_files_and_keeps_the_rest() {
        let base = std::env::temp_dir().join(format!("esep-output-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let out = base.join("output");
        std::fs::create_dir_all(out.join("kk")).unwrap();
        std::fs::write(out.join("kk/old.md"), "stale").unwrap();
        std::fs::write(out.join("NOTES.txt"), "mine").unwrap();
        let mut files = Files::new();
        files.insert(PathBuf::from("kk/a.md"), b"new".to_vec());
        let report = write_atomically(&out, &files, &|p: &Path| p.starts_with("kk")).unwrap();
        assert_eq!(report.written, 1);
        assert_eq!(report.removed, vec![PathBuf::from("kk/old.md")]);
        assert_eq!(std::fs::read_to_string(out.join("kk/a.md")).unwrap(), "new");
        assert_eq!(
            std::fs::read_to_string(out.join("NOTES.txt")).unwrap(),
            "mine"
        );
        assert!(!out.join("kk/old.md").exists());
        let leftovers: Vec<_> = std::fs::read_dir(&base).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary directories left behind");
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn an_interrupted_swap_is_recovered() {
        let base = std::env::temp_dir().join(format!("esep-output-recover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let old = base.join(".output.esep-old-1");
        std::fs::create_dir_all(old.join("kk")).unwrap();
        std::fs::write(old.join("NOTES.txt"), "mine").unwrap();
        std::fs::create_dir_all(base.join(".output.esep-new-999999999")).unwrap();
        let out = base.join("output");
        let mut files = Files::new();
        files.insert(PathBuf::from("kk/a.md"), b"new".to_vec());
        write_atomically(&out, &files, &|p: &Path| p.starts_with("kk")).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("NOTES.txt")).unwrap(),
            "mine"
        );
        assert_eq!(
            std::fs::read_dir(&base).unwrap().count(),
            1,
            "only output/ is left"
        );
        std::fs::remove_dir_all(&base).unwrap();
    }
}
