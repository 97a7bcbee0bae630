//! Paths inside `--out`: resolving them as the file system will, and the few primitive
//! writes the commit is made of. Nothing here follows a symbolic link inside `--out`.

use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// `path` as the file system will resolve it once its missing parts are created: the
/// longest existing prefix canonicalised (symbolic links followed), then the rest, with
/// `..` taken lexically (a `..` after a missing directory cancels it).
pub(crate) fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut resolved = PathBuf::from("/");
    let mut exists = true;
    for part in absolute.components() {
        match part {
            Component::RootDir | Component::Prefix(_) | Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if exists {
                    match resolved.canonicalize() {
                        Ok(real) => resolved = real,
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    Ok(resolved)
}

/// Whether two resolved directories are the same or one contains the other.
pub(crate) fn overlaps(a: &Path, b: &Path) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// Creates `dir` if missing; refuses a symbolic link or a file in its place.
pub(super) fn ensure_real_dir(dir: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(m) => Err(io::Error::other(format!(
            "{} is a {}; esep keeps its records there and needs a real folder",
            dir.display(),
            kind(&m.file_type())
        ))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => std::fs::create_dir(dir),
        Err(e) => Err(e),
    }
}

/// The directories between `out` and the file `rel` that do not exist yet. An existing one
/// that is not a real directory (a link that could lead out of `--out`, a file) is an error.
pub(super) fn missing_dirs(out: &Path, rel: &Path) -> Result<Vec<String>, String> {
    let mut missing = Vec::new();
    let mut key = String::new();
    let parents: Vec<Component> = rel
        .parent()
        .map_or(Vec::new(), |p| p.components().collect());
    for part in parents {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str(&part.as_os_str().to_string_lossy());
        match std::fs::symlink_metadata(out.join(&key)) {
            Ok(m) if m.is_dir() => {}
            Ok(m) => {
                return Err(format!(
                    "{key}: is a {} where esep needs a folder",
                    kind(&m.file_type())
                ));
            }
            Err(_) => missing.push(key.clone()),
        }
    }
    Ok(missing)
}

pub(super) use crate::files::kind;

/// Whether every folder between `out` and the recorded path `key` is a real folder (no
/// symbolic link on the way that could lead a write or a removal out of `--out`).
pub(super) fn within(out: &Path, key: &str) -> bool {
    let mut dir = out.to_path_buf();
    let parts: Vec<&str> = key.split('/').collect();
    parts[..parts.len().saturating_sub(1)].iter().all(|part| {
        dir.push(part);
        match std::fs::symlink_metadata(&dir) {
            Ok(m) => m.is_dir(),
            Err(_) => true, // missing: nothing to follow
        }
    })
}

/// Creates one directory (its parent exists); one that appeared meanwhile is fine.
pub(super) fn create_dir(dir: &Path) -> io::Result<()> {
    match std::fs::create_dir(dir) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        r => r,
    }
}

/// Writes a file that must not exist yet (never through a link, never over a file).
pub(super) fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    file.write_all(bytes)
}

/// The temporary name `replace` writes before renaming.
pub(super) fn temp_of(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}

/// Replaces `path` with `bytes` in one rename (esep's own bookkeeping files).
pub(super) fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = temp_of(path);
    let _ = std::fs::remove_file(&tmp);
    write_new(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Folders an esep before the manifest left beside `out` when it was stopped
/// (`.<out>.esep-old-PID`, `.<out>.esep-new-PID`). esep no longer uses or restores them;
/// it names them so a person can look and delete them.
pub(super) fn legacy_debris(out: &Path) -> Vec<String> {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return Vec::new();
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefix = format!(".{}.esep-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix))
        .map(|n| {
            format!(
                "{} was left by an older esep that was stopped; esep does not use it (look, then delete it)",
                parent.join(n).display()
            )
        })
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_links_and_dot_dots_like_the_file_system() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path();
        std::fs::create_dir_all(base.join("project/data")).unwrap();
        std::os::unix::fs::symlink(base.join("project/data"), base.join("d2")).unwrap();
        let data = resolve(&base.join("project/data")).unwrap();
        let via_link = resolve(&base.join("d2/out")).unwrap();
        assert!(overlaps(&via_link, &data), "{via_link:?}");
        let via_missing = resolve(&base.join("project/missing/../data/x")).unwrap();
        assert!(overlaps(&via_missing, &data), "{via_missing:?}");
        let project = resolve(&base.join("project/data/..")).unwrap();
        assert!(overlaps(&project, &data));
        let elsewhere = resolve(&base.join("project/output")).unwrap();
        assert!(!overlaps(&elsewhere, &data));
    }
}
