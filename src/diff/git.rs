//! Reading a data folder as it was in a git revision, without checking anything out.
//!
//! `esep diff HEAD~1` must not touch the work tree (the user may have uncommitted changes),
//! so the revision's files are listed with `git ls-tree` and read with one
//! `git cat-file --batch`, into memory. git is asked, never linked: it is on every machine
//! that has a repository, and its plumbing commands are stable.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Most files read from a revision: a report's data has a few dozen.
const MAX_FILES: usize = 10_000;
/// Largest file read from a revision, as for files on disk.
const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// The data folder `data` (a path on disk, which need not exist now) as it is in `rev`:
/// its files by path relative to it.
pub(crate) fn read_tree(rev: &str, data: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>, String> {
    if rev.starts_with('-') || rev.is_empty() {
        return Err(format!("`{rev}` is not a revision"));
    }
    let top = PathBuf::from(git(None, &["rev-parse", "--show-toplevel"])?.trim_end());
    let commit = git(
        Some(&top),
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| {
        format!("`{rev}` is neither a data folder nor a revision of this git repository")
    })?;
    let commit = commit.trim_end();
    let prefix = in_repository(&top, data)?;
    let listing = git(
        Some(&top),
        &["ls-tree", "-r", "-z", "--full-tree", commit, "--", &prefix],
    )?;
    let mut blobs = Vec::new();
    for entry in listing.split('\0').filter(|e| !e.is_empty()) {
        let (head, path) = entry
            .split_once('\t')
            .ok_or("unexpected `git ls-tree` output")?;
        let fields: Vec<&str> = head.split(' ').collect();
        let [mode, kind, oid] = fields[..] else {
            return Err("unexpected `git ls-tree` output".to_owned());
        };
        // Links and submodules are not data: as on disk, only regular files are read.
        if kind == "blob" && mode != "120000" {
            let rel = Path::new(path)
                .strip_prefix(&prefix)
                .unwrap_or(Path::new(path));
            blobs.push((rel.to_path_buf(), oid.to_owned()));
        }
        if blobs.len() > MAX_FILES {
            return Err(format!(
                "more than {MAX_FILES} files under {prefix} in {rev}"
            ));
        }
    }
    if blobs.is_empty() {
        return Err(format!("{rev} has no files under `{prefix}`"));
    }
    cat_files(&top, blobs)
}

/// `data`'s path inside the repository at `top`, with `/` separators.
fn in_repository(top: &Path, data: &Path) -> Result<String, String> {
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let abs = std::fs::canonicalize(data).unwrap_or_else(|_| normalise(&cwd.join(data)));
    let top = std::fs::canonicalize(top).unwrap_or_else(|_| top.to_path_buf());
    let rel = abs.strip_prefix(&top).map_err(|_| {
        format!(
            "the data folder {} is not inside the git repository {}",
            data.display(),
            top.display()
        )
    })?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok(parts.join("/"))
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Every blob's bytes, read through one `git cat-file --batch`.
fn cat_files(
    top: &Path,
    blobs: Vec<(PathBuf, String)>,
) -> Result<BTreeMap<PathBuf, Vec<u8>>, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("cannot write to git")?;
    let names: String = blobs.iter().map(|(_, oid)| format!("{oid}\n")).collect();
    // Written from another thread: git answers while it reads, and a full pipe either way
    // would otherwise stop both.
    let writer = std::thread::spawn(move || stdin.write_all(names.as_bytes()));
    let mut out = BufReader::new(child.stdout.take().ok_or("cannot read from git")?);
    let mut files = BTreeMap::new();
    for (path, oid) in blobs {
        let mut header = String::new();
        out.read_line(&mut header).map_err(|e| e.to_string())?;
        let size: u64 = match header.trim_end().split(' ').collect::<Vec<_>>()[..] {
            [o, "blob", size] if o == oid => size.parse().map_err(|_| "bad git output")?,
            _ => return Err(format!("git cannot read {}", path.display())),
        };
        if size > MAX_BYTES {
            return Err(format!(
                "{} is {size} bytes; esep reads input files of at most {MAX_BYTES} bytes",
                path.display()
            ));
        }
        let mut bytes = vec![0; size as usize + 1];
        out.read_exact(&mut bytes).map_err(|e| e.to_string())?;
        bytes.pop(); // the newline after each object
        files.insert(path, bytes);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(files)
}

/// Runs git (in `dir`, or here) and returns its standard output.
fn git(dir: Option<&Path>, args: &[&str]) -> Result<String, String> {
    let mut cmd = Command::new("git");
    if let Some(dir) = dir {
        cmd.arg("-C").arg(dir);
    }
    let out = cmd
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git ({e}); reading a revision needs git"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(match err.trim() {
            "" => format!("git {} failed", args.join(" ")),
            e => e.lines().next().unwrap_or(e).to_owned(),
        });
    }
    String::from_utf8(out.stdout).map_err(|_| "git printed a path that is not UTF-8".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised_without_the_file_system() {
        assert_eq!(normalise(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }

    #[test]
    fn an_option_is_not_a_revision() {
        assert!(read_tree("--output=/tmp/x", Path::new("data")).is_err());
    }
}
