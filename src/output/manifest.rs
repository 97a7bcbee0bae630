//! The record of what esep wrote into `--out`: `.esep/manifest.json`.
//!
//! Ownership is by record, never by a file's name: esep replaces or removes a file only if
//! the manifest lists it *and* it still has the content esep wrote (a person who edits a
//! generated file makes it theirs). The manifest is deterministic (sorted, no times), so it
//! can be committed with the output and diffs quietly.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The folder inside `--out` that holds esep's own bookkeeping.
pub(crate) const DIR: &str = ".esep";
const FILE: &str = "manifest.json";
const VERSION: u32 = 1;

/// Largest output file esep will hash to decide whether it is unchanged. Anything larger
/// at a recorded path is not what esep wrote (esep's files are far smaller).
const MAX_HASHED_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    /// Format version of this file.
    pub esep_manifest: u32,
    /// Every file esep wrote, by path relative to `--out` (`/`-separated).
    pub files: BTreeMap<String, Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entry {
    /// SHA-256 of the bytes esep wrote.
    pub sha256: String,
    /// Fingerprint of the inputs (data, templates, esep version) the file was made from.
    pub inputs: String,
}

impl Manifest {
    pub(crate) fn new() -> Manifest {
        Manifest {
            esep_manifest: VERSION,
            ..Manifest::default()
        }
    }

    pub(crate) fn path(out: &Path) -> PathBuf {
        out.join(DIR).join(FILE)
    }

    /// Reads the manifest of `out`; a missing one is an empty record (esep owns nothing).
    /// A damaged one is an error: esep never guesses which files are its own.
    pub(crate) fn load(out: &Path) -> io::Result<Manifest> {
        let path = Manifest::path(out);
        let text = match read_regular(&path, 64 * 1024 * 1024) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Manifest::new()),
            Err(e) => return Err(e),
        };
        let damaged = |why: String| {
            io::Error::other(format!(
                "{} is damaged ({why}); esep will not guess which files are its own. \
                 Restore it (e.g. from git), or delete it: esep then owns nothing in {} and \
                 refuses to overwrite the files it finds there",
                path.display(),
                out.display()
            ))
        };
        let manifest: Manifest =
            serde_json::from_slice(&text).map_err(|e| damaged(e.to_string()))?;
        if manifest.esep_manifest != VERSION {
            return Err(damaged(format!(
                "version {} is not {VERSION}",
                manifest.esep_manifest
            )));
        }
        for p in manifest.files.keys() {
            if relative(p).is_none() {
                return Err(damaged(format!("`{p}` is not a path inside the output")));
            }
        }
        Ok(manifest)
    }

    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }

    /// Whether the file at `rel` is exactly what esep recorded writing there.
    pub(crate) fn unchanged(&self, out: &Path, rel: &str) -> bool {
        self.files
            .get(rel)
            .is_some_and(|e| file_sha256(&out.join(rel)).is_some_and(|h| h == e.sha256))
    }
}

/// A recorded path as a relative path with only normal components, or `None` (an absolute
/// path or `..` in a damaged manifest must never steer a write or a removal).
/// Only the normal form is accepted (`kk/a.md`, not `kk//a.md` or `kk/`), and nothing in
/// esep's own `.esep/` folder.
pub(crate) fn relative(p: &str) -> Option<PathBuf> {
    let path = Path::new(p);
    let ok = !p.is_empty()
        && !p.contains('\0')
        && path.components().all(|c| matches!(c, Component::Normal(_)))
        && key(path) == p
        && path.components().next() != Some(Component::Normal(DIR.as_ref()));
    ok.then(|| path.to_path_buf())
}

/// The `/`-separated key of a relative path.
pub(crate) fn key(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    crate::files::hex(&Sha256::digest(bytes))
}

/// SHA-256 of a regular file (not a link, FIFO or device), or `None`.
pub(crate) fn file_sha256(path: &Path) -> Option<String> {
    read_regular(path, MAX_HASHED_BYTES)
        .ok()
        .map(|b| sha256_hex(&b))
}

/// Reads `path` only if it is a regular file (a symbolic link, FIFO or device is never
/// opened, so reading cannot block or leave the directory), at most `cap` bytes.
pub(crate) fn read_regular(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(io::Error::other(format!(
            "{} is not a regular file",
            path.display()
        )));
    }
    crate::files::read_capped(std::fs::File::open(path)?, cap)?
        .ok_or_else(|| io::Error::other(format!("{} is larger than {cap} bytes", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_paths_must_stay_inside() {
        assert!(relative("kk/people.md").is_some());
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "kk/../../x",
            "./x",
            "kk/",
            "kk//a",
            ".esep/lock",
        ] {
            assert!(relative(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn hashes_match_the_standard_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn serialises_deterministically_and_reads_back() {
        let mut m = Manifest::new();
        m.files.insert(
            "kk/a.md".into(),
            Entry {
                sha256: "00".into(),
                inputs: "11".into(),
            },
        );
        let bytes = m.to_bytes();
        assert_eq!(bytes, m.clone().to_bytes());
        assert_eq!(serde_json::from_slice::<Manifest>(&bytes).unwrap(), m);
    }
}
