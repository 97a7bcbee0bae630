//! The output stage: writes the rendered files so that nothing a person owns is lost and no
//! build leaves a missing or half-written output.
//!
//! * **Ownership by record.** `.esep/manifest.json` lists every file esep wrote, with its
//!   hash. esep replaces or removes a file only if it is recorded *and* unchanged since;
//!   everything else in `--out` (files, folders, links, permissions) is never touched. A
//!   file at a path esep wants to write that it did not write is a conflict, reported
//!   before anything is replaced (unless it already holds exactly the new bytes).
//! * **One writer at a time.** [`lock`] serialises builds into one `--out`.
//! * **A swap that cannot lose the output.** Every new file is first written beside its
//!   target as `.<name>.esep-new` (this also proves every directory writable before
//!   anything is replaced); then a journal is marked committed and each file is renamed over
//!   its target, so at every instant each file is the old or the new one. `--out` itself is
//!   never renamed, so it may be a mount point. A build killed before the commit mark leaves
//!   debris the next build deletes; one killed after it is finished by the next build, from
//!   the journal: never by guesswork.
//! * A folder is removed only when removing esep's own files leaves it empty.

pub(crate) mod lock;
pub(crate) mod manifest;
mod paths;

pub(crate) use paths::{overlaps, resolve};

use manifest::{Entry, Manifest};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

/// The files of one build, by path relative to the output directory.
pub(crate) type Files = BTreeMap<PathBuf, Vec<u8>>;

const JOURNAL: &str = "journal.json";
const TEMP_SUFFIX: &str = ".esep-new";

/// What a build did to `--out`.
#[derive(Debug, Default)]
pub struct WriteReport {
    /// Files of this build (written, or already holding these bytes).
    pub written: usize,
    /// Recorded files this build no longer produces, removed.
    pub removed: Vec<PathBuf>,
    /// Recorded files outside this build's languages and formats, left as they were.
    pub kept: usize,
    /// Of `kept`, those made from other inputs than this build's.
    pub kept_from_other_inputs: usize,
    /// The formats (extensions) of the kept files.
    pub kept_formats: BTreeSet<String>,
    /// Recorded files that were changed by hand and are no longer produced: kept, and no
    /// longer esep's.
    pub released: Vec<PathBuf>,
}

/// An output directory, created if needed and locked for this build.
pub(crate) struct Output {
    out: PathBuf,
    manifest: Manifest,
    /// What was found and done on opening (an interrupted build finished, debris removed).
    pub notes: Vec<String>,
    created_out: bool,
    committed: bool,
    _lock: lock::Lock,
}

/// The plan of one commit, written down before anything changes so that a build killed
/// half-way can be finished (or undone) exactly by the next one.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal {
    /// Set once every new file is staged; from then on the commit is finished, never undone.
    committed: bool,
    /// Directories this build creates, shallowest first.
    new_dirs: Vec<String>,
    /// Files to rename from their staged name over their target.
    writes: Vec<String>,
    /// Recorded files to remove, with the hash they must still have.
    removes: Vec<(String, String)>,
    /// The manifest once the commit is done.
    manifest: Manifest,
}

impl Output {
    /// Creates (if needed) and locks `out`, then finishes or discards an interrupted
    /// build's commit. `on_wait` is told if another build holds the lock.
    pub(crate) fn open(out: &Path, on_wait: &dyn Fn(&str)) -> io::Result<Output> {
        let created_out = !out.exists();
        std::fs::create_dir_all(out)?;
        let esep_dir = out.join(manifest::DIR);
        paths::ensure_real_dir(&esep_dir)?;
        let lock = lock::acquire(&esep_dir, lock::WAIT, on_wait)?;
        let mut output = Output {
            out: out.to_path_buf(),
            manifest: Manifest::new(),
            notes: paths::legacy_debris(out),
            created_out,
            committed: false,
            _lock: lock,
        };
        output.recover()?;
        output.manifest = Manifest::load(out)?;
        Ok(output)
    }

    /// What esep wrote here before this build.
    pub(crate) fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Makes `files` the output of this build. `in_scope(path)` says whether a recorded
    /// file belongs to this build's languages and formats (and is removed when this build
    /// no longer produces it); `inputs` fingerprints the inputs.
    pub(crate) fn commit(
        mut self,
        files: &Files,
        in_scope: &dyn Fn(&Path) -> bool,
        inputs: &str,
    ) -> io::Result<WriteReport> {
        let (journal, report) = self.plan(files, in_scope, inputs)?;
        self.stage(&journal, files)?;
        self.committed = true;
        let mut journal = journal;
        journal.committed = true;
        self.save_journal(&journal)?;
        self.apply(journal)?;
        Ok(report)
    }

    /// Decides what to write, remove and keep; refuses (before anything changes) to
    /// overwrite a file esep did not write or that was changed since.
    fn plan(
        &self,
        files: &Files,
        in_scope: &dyn Fn(&Path) -> bool,
        inputs: &str,
    ) -> io::Result<(Journal, WriteReport)> {
        let old = &self.manifest;
        let mut report = WriteReport {
            written: files.len(),
            ..WriteReport::default()
        };
        let mut conflicts = BTreeSet::new();
        let mut journal = Journal {
            committed: false,
            new_dirs: Vec::new(),
            writes: Vec::new(),
            removes: Vec::new(),
            manifest: Manifest::new(),
        };
        let mut new_dirs = BTreeSet::new();
        for (rel, bytes) in files {
            let key = manifest::key(rel);
            let sha256 = manifest::sha256_hex(bytes);
            match paths::missing_dirs(&self.out, rel) {
                Ok(dirs) => new_dirs.extend(dirs),
                Err(why) => {
                    conflicts.insert(why);
                }
            }
            match self.target_state(&key, &sha256) {
                Target::Write => journal.writes.push(key.clone()),
                Target::Same => {}
                Target::Conflict(why) => {
                    conflicts.insert(format!("{key}: {why}"));
                }
            }
            if std::fs::symlink_metadata(staged(&self.out, &key)).is_ok() {
                conflicts.insert(format!(
                    "{}: is in the way (esep writes its new file under this name first)",
                    manifest::key(&staged_rel(rel))
                ));
            }
            let entry = Entry {
                sha256,
                inputs: inputs.to_owned(),
            };
            journal.manifest.files.insert(key, entry);
        }
        if !conflicts.is_empty() {
            return Err(conflict_error(&self.out, &conflicts));
        }
        for (key, entry) in &old.files {
            if journal.manifest.files.contains_key(key) {
                continue;
            }
            let rel = PathBuf::from(key);
            let exists = std::fs::symlink_metadata(self.out.join(&rel)).is_ok();
            if !in_scope(&rel) {
                if exists {
                    report.kept += 1;
                    report.kept_from_other_inputs += usize::from(entry.inputs != inputs);
                    if let Some(ext) = rel.extension() {
                        report
                            .kept_formats
                            .insert(ext.to_string_lossy().into_owned());
                    }
                    journal.manifest.files.insert(key.clone(), entry.clone());
                }
            } else if old.unchanged(&self.out, key) {
                journal.removes.push((key.clone(), entry.sha256.clone()));
                report.removed.push(rel);
            } else if exists {
                report.released.push(rel);
            }
        }
        journal.new_dirs = new_dirs.into_iter().collect();
        journal.new_dirs.sort_by_key(|d| d.matches('/').count());
        Ok((journal, report))
    }

    /// Whether the file at `key` may be replaced by content hashing to `sha256`.
    fn target_state(&self, key: &str, sha256: &str) -> Target {
        let path = self.out.join(key);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return Target::Write;
        };
        let on_disk = meta
            .file_type()
            .is_file()
            .then(|| manifest::file_sha256(&path))
            .flatten();
        match (self.manifest.files.get(key), on_disk) {
            (_, Some(h)) if h == sha256 => Target::Same,
            (Some(e), Some(h)) if h == e.sha256 => Target::Write,
            (Some(_), Some(_)) => Target::Conflict("changed since esep wrote it".to_owned()),
            (Some(_), None) => Target::Conflict(format!(
                "changed since esep wrote it (it is now a {})",
                paths::kind(&meta.file_type())
            )),
            (None, Some(_)) => Target::Conflict("esep did not write this file".to_owned()),
            (None, None) => Target::Conflict(format!(
                "esep did not write this {}",
                paths::kind(&meta.file_type())
            )),
        }
    }

    /// Writes the journal, then every new file under its staged name. On any failure the
    /// staged files and new directories are removed again and the output is as it was.
    fn stage(&self, journal: &Journal, files: &Files) -> io::Result<()> {
        self.save_journal(journal)?;
        let mut staged_now = Vec::new();
        let result = (|| -> io::Result<()> {
            for dir in &journal.new_dirs {
                paths::create_dir(&self.out.join(dir))?;
            }
            for key in &journal.writes {
                let tmp = staged(&self.out, key);
                paths::write_new(&tmp, &files[&PathBuf::from(key)])?;
                staged_now.push(key.clone());
                // A replaced file keeps the permissions its owner gave it.
                if let Ok(meta) = std::fs::symlink_metadata(self.out.join(key))
                    && meta.is_file()
                {
                    std::fs::set_permissions(&tmp, meta.permissions())?;
                }
            }
            Ok(())
        })();
        if let Err(e) = result {
            // Only what this build staged is taken back.
            let undo = Journal {
                writes: staged_now,
                ..journal.clone()
            };
            self.discard(&undo);
            return Err(io::Error::new(
                e.kind(),
                format!("nothing was replaced: cannot write the new files ({e})"),
            ));
        }
        Ok(())
    }

    /// Undoes a commit that was not marked committed: its staged files and new directories.
    fn discard(&self, journal: &Journal) {
        for key in journal
            .writes
            .iter()
            .filter(|k| paths::within(&self.out, k))
        {
            let tmp = staged(&self.out, key);
            if std::fs::symlink_metadata(&tmp).is_ok_and(|m| m.file_type().is_file()) {
                let _ = std::fs::remove_file(tmp);
            }
        }
        for dir in journal.new_dirs.iter().rev() {
            let _ = std::fs::remove_dir(self.out.join(dir));
        }
        let _ = std::fs::remove_file(self.journal_path());
    }

    /// Finishes a committed journal: renames staged files into place, removes the stale
    /// recorded files and the empty directories esep made, saves the manifest.
    fn apply(&mut self, journal: Journal) -> io::Result<()> {
        for (n, key) in journal.writes.iter().enumerate() {
            crash_point(n);
            let tmp = staged(&self.out, key);
            if std::fs::symlink_metadata(&tmp).is_ok_and(|m| m.is_file()) {
                std::fs::rename(&tmp, self.out.join(key))?;
            }
        }
        for (key, sha256) in &journal.removes {
            let path = self.out.join(key);
            if manifest::file_sha256(&path).as_deref() == Some(sha256.as_str()) {
                std::fs::remove_file(path)?;
            }
        }
        for (key, _) in &journal.removes {
            // A folder left empty by removing esep's files goes too; `--out` itself stays.
            let mut dir = Path::new(key).parent();
            while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
                if std::fs::remove_dir(self.out.join(d)).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        paths::replace(&Manifest::path(&self.out), &journal.manifest.to_bytes())?;
        std::fs::remove_file(self.journal_path())?;
        self.manifest = journal.manifest;
        Ok(())
    }

    /// A journal left by a killed build: finished if it was committed, else undone.
    fn recover(&mut self) -> io::Result<()> {
        let path = self.journal_path();
        let _ = std::fs::remove_file(paths::temp_of(&path));
        let bytes = match manifest::read_regular(&path, 64 * 1024 * 1024) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        let journal: Journal = serde_json::from_slice(&bytes).map_err(|e| {
            io::Error::other(format!(
                "{} is damaged ({e}); esep will not guess how to finish the interrupted \
                 build. Delete it and build again",
                path.display()
            ))
        })?;
        let all_inside = journal
            .writes
            .iter()
            .chain(&journal.new_dirs)
            .chain(journal.removes.iter().map(|(k, _)| k))
            .chain(journal.manifest.files.keys())
            .all(|k| manifest::relative(k).is_some() && paths::within(&self.out, k));
        if !all_inside {
            return Err(io::Error::other(format!(
                "{} names a path outside the output (or through a link); esep will not \
                 follow it. Delete that file and build again",
                path.display()
            )));
        }
        if journal.committed {
            let n = journal.writes.len();
            self.apply(journal)?;
            self.notes.push(format!(
                "finished the interrupted replacement of {n} files by an earlier build that was stopped"
            ));
        } else {
            self.discard(&journal);
            self.notes.push(
                "removed the unfinished files of an earlier build that was stopped before it replaced anything"
                    .to_owned(),
            );
        }
        Ok(())
    }

    fn journal_path(&self) -> PathBuf {
        self.out.join(manifest::DIR).join(JOURNAL)
    }

    fn save_journal(&self, journal: &Journal) -> io::Result<()> {
        let bytes = serde_json::to_vec(journal).map_err(io::Error::other)?;
        paths::replace(&self.journal_path(), &bytes)
    }
}

impl Drop for Output {
    /// A build that wrote nothing into an `--out` it created leaves no empty folder behind.
    fn drop(&mut self) {
        if self.created_out && !self.committed {
            let esep_dir = self.out.join(manifest::DIR);
            let _ = std::fs::remove_file(esep_dir.join("lock"));
            let _ = std::fs::remove_dir(&esep_dir);
            let _ = std::fs::remove_dir(&self.out);
        }
    }
}

enum Target {
    /// Missing, or recorded and unchanged: write it.
    Write,
    /// Already holds the new bytes.
    Same,
    Conflict(String),
}

/// The staged name of `key`: `.<name>.esep-new` in the target's own directory, so the final
/// rename never crosses a file system.
fn staged(out: &Path, key: &str) -> PathBuf {
    out.join(staged_rel(Path::new(key)))
}

fn staged_rel(rel: &Path) -> PathBuf {
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    rel.with_file_name(format!(".{name}{TEMP_SUFFIX}"))
}

fn conflict_error(out: &Path, conflicts: &BTreeSet<String>) -> io::Error {
    let list: Vec<String> = conflicts
        .iter()
        .map(|c| format!("  {}/{c}", out.display()))
        .collect();
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "nothing was written: esep never overwrites what it did not write\n{}\n  \
             hint: move these away (or delete them) and build again; esep's own files are \
             listed in {}",
            list.join("\n"),
            Manifest::path(out).display()
        ),
    )
}

/// Tests stop a debug build half-way through a commit (`ESEP_CRASH_AFTER_RENAMES=N`) to
/// prove the next build finishes it. Release builds have no such hook.
fn crash_point(renamed: usize) {
    if cfg!(debug_assertions)
        && std::env::var("ESEP_CRASH_AFTER_RENAMES").is_ok_and(|v| v == renamed.to_string())
    {
        std::process::abort();
    }
}

#[cfg(test)]
mod tests;
