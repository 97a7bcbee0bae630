//! File-system facts shared by the stages that touch files (reading inputs, writing
//! `--out`): what kind of thing is at a path, and reading with a cap that holds even when a
//! file's reported size is wrong.

use std::fs::FileType;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// "symbolic link", "folder", "FIFO", … for messages ("this is a FIFO").
pub(crate) fn kind(t: &FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_symlink() {
        "symbolic link"
    } else if t.is_dir() {
        "folder"
    } else if t.is_fifo() {
        "named pipe (FIFO)"
    } else if t.is_socket() {
        "socket"
    } else if t.is_block_device() || t.is_char_device() {
        "device"
    } else if t.is_file() {
        "file"
    } else {
        "special file"
    }
}

/// Lower-case hex of a digest, for the manifest's hashes and the inputs fingerprint.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// At most `cap` bytes of `r`, or `None` if it holds more: the cap holds even when the
/// reported size is wrong (devices, files growing while read).
pub(crate) fn read_capped(r: impl Read, cap: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    r.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= cap).then_some(bytes))
}

/// Writes a new project: `files` (paths relative to `dir`, under `data/` and `templates/`;
/// a path ending in `/` is an empty folder)
/// into `dir`, which may exist but must not hold `data/` or `templates/` yet. Nothing is
/// ever overwritten: each top folder is created with `create_dir` (an existing one stops
/// the write) and each file with `create_new`. If writing fails half-way, what this call
/// created is removed again, and only that.
/// Returns what it created, for [`unmake`].
pub(crate) fn write_new_project(
    dir: &Path,
    files: &[(String, Vec<u8>)],
) -> io::Result<Vec<PathBuf>> {
    for top in ["data", "templates"] {
        let path = dir.join(top);
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} already exists; esep never overwrites a project",
                    path.display()
                ),
            ));
        }
    }
    if let Ok(m) = std::fs::symlink_metadata(dir).map(|m| m.file_type())
        && !m.is_dir()
    {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is a {}, not a folder; name a new folder, or an existing one itself",
                dir.display(),
                kind(&m)
            ),
        ));
    }
    let mut made: Vec<PathBuf> = Vec::new();
    let mut missing = Vec::new();
    let mut parent = Some(dir);
    while let Some(p) =
        parent.filter(|p| !p.as_os_str().is_empty() && std::fs::symlink_metadata(p).is_err())
    {
        missing.push(p.to_path_buf());
        parent = p.parent();
    }
    let result = missing.into_iter().rev().try_for_each(|d| {
        std::fs::create_dir(&d)?;
        made.push(d);
        Ok(())
    });
    match result.and_then(|()| write_all(dir, files, &mut made)) {
        Ok(()) => Ok(made),
        Err(e) => {
            unmake(&made);
            Err(e)
        }
    }
}

/// Removes what [`write_new_project`] created, newest first, and nothing else: a file
/// or folder someone added meanwhile keeps its folder in place.
pub(crate) fn unmake(made: &[PathBuf]) {
    for path in made.iter().rev() {
        let _ = match path.is_dir() {
            true => std::fs::remove_dir(path),
            false => std::fs::remove_file(path),
        };
    }
}

fn write_all(dir: &Path, files: &[(String, Vec<u8>)], made: &mut Vec<PathBuf>) -> io::Result<()> {
    for (rel, bytes) in files {
        // `folder/`: an empty folder, made with its parents below.
        let folder = rel.ends_with('/');
        let path = dir.join(rel.trim_end_matches('/'));
        let mut missing = Vec::new();
        let mut parent = path.parent();
        while let Some(p) = parent.filter(|p| *p != dir && std::fs::symlink_metadata(p).is_err()) {
            missing.push(p.to_path_buf());
            parent = p.parent();
        }
        if folder {
            missing.insert(0, path.clone());
        }
        for d in missing.into_iter().rev() {
            std::fs::create_dir(&d)?;
            made.push(d);
        }
        if folder {
            continue;
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        made.push(path);
        file.write_all(bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_project_never_goes_over_an_existing_one() {
        let dir = std::env::temp_dir().join(format!("esep-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let files = vec![
            ("data/report.yaml".to_owned(), b"a".to_vec()),
            ("templates/x/y.tera".to_owned(), b"b".to_vec()),
        ];
        write_new_project(&dir, &files).unwrap();
        assert_eq!(std::fs::read(dir.join("templates/x/y.tera")).unwrap(), b"b");
        let again = write_new_project(&dir, &files).unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        // Half-way failure: `templates` is in the way as a file; `data/` made here goes.
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        let blocked = vec![
            ("data/report.yaml".to_owned(), b"a".to_vec()),
            ("data/report.yaml".to_owned(), b"twice".to_vec()),
        ];
        assert!(write_new_project(&dir, &blocked).is_err());
        assert!(!dir.join("data").exists(), "what this call made is gone");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_cap_holds_while_reading_an_endless_stream() {
        let endless = std::io::repeat(0);
        assert_eq!(read_capped(endless, 1000).unwrap(), None);
        assert_eq!(
            read_capped(&b"abc"[..], 3).unwrap().as_deref(),
            Some(&b"abc"[..])
        );
        assert_eq!(read_capped(&b"abcd"[..], 3).unwrap(), None);
    }

    #[test]
    fn a_link_in_place_of_the_folder_is_named_as_one() {
        let base = tempfile::tempdir().unwrap();
        std::fs::create_dir(base.path().join("real")).unwrap();
        let link = base.path().join("link");
        std::os::unix::fs::symlink(base.path().join("real"), &link).unwrap();
        let e = write_new_project(&link, &[("data/a".to_owned(), b"a".to_vec())]).unwrap_err();
        assert!(
            e.to_string().contains("is a symbolic link, not a folder"),
            "{e}"
        );
        assert!(
            std::fs::read_dir(base.path().join("real"))
                .unwrap()
                .next()
                .is_none()
        );
    }
}
