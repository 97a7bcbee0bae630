//! Helpers shared by the integration tests (each test file uses some of them).
#![allow(dead_code)]
// Shared by several test crates, each of which `mod common;` privately.
#![allow(unreachable_pub)]

pub mod agreement;
pub mod external;
pub mod markdown;
pub mod pdf_text;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// The repository root (the shipped `data/`, `templates/` and committed `output/`).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped chapter's `data/` and `templates/`.
pub fn shipped_inputs() -> esep::Inputs {
    esep::Inputs {
        data: root().join("data"),
        templates: root().join("templates"),
    }
}

/// The shipped chapter loaded, computed and checked, once per test binary.
pub fn shipped_analysis() -> &'static esep::Analysis {
    static CELL: std::sync::OnceLock<esep::Analysis> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let mut diags = esep::Diagnostics::default();
        esep::analyse(&shipped_inputs(), &mut diags)
            .unwrap_or_else(|| panic!("the shipped data does not load: {:?}", diags.sorted()))
    })
}

/// A fresh temporary directory, removed when the value is dropped, also when a test fails.
pub fn temp_dir() -> TempDir {
    tempfile::Builder::new()
        .prefix(concat!("esep-", env!("CARGO_CRATE_NAME"), "-"))
        .tempdir()
        .unwrap()
}

/// Copies a directory tree (a fixture project) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Every file under `dir`, by path inside it, except `.esep/lock` (it holds the PID of the
/// last build); everything else esep writes, the manifest included, is reproducible.
pub fn files(dir: &Path) -> std::collections::BTreeSet<PathBuf> {
    let mut out = std::collections::BTreeSet::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for e in std::fs::read_dir(dir.join(&rel)).unwrap() {
            let e = e.unwrap();
            let p = rel.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else if p != Path::new(".esep/lock") {
                out.insert(p);
            }
        }
    }
    out
}

/// Runs the `esep` binary in `dir` (without `SOURCE_DATE_EPOCH`, so the date is the data's).
pub fn esep(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_esep"))
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .args(args)
        .output()
        .unwrap()
}

/// A build of the shipped chapter into a fresh temporary directory, with more `args`
/// (`--lang`, `--format`); the directory goes when the value is dropped.
pub fn fresh_build(args: &[&str]) -> TempDir {
    let out = temp_dir();
    let mut all = vec!["build", "--out", out.path().to_str().unwrap()];
    all.extend(args);
    let o = esep(root(), &all);
    assert!(o.status.success(), "esep build failed:\n{}", stderr(&o));
    out
}

/// A private copy of the fixture project, removed when dropped.
pub struct Project {
    pub dir: PathBuf,
    _temp: TempDir,
}

impl Project {
    pub fn new() -> Project {
        let temp = temp_dir();
        copy_dir(&root().join("tests/fixtures/mini"), temp.path());
        Project {
            dir: temp.path().to_path_buf(),
            _temp: temp,
        }
    }

    /// Replaces the first occurrence of `from` in `file` (which must contain it).
    pub fn edit(&self, file: &str, from: &str, to: &str) -> &Project {
        let path = self.dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} does not contain {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self
    }

    pub fn run(&self, args: &[&str]) -> Output {
        esep(&self.dir, args)
    }

    pub fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.join(file)).unwrap()
    }
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What a run printed on stdout.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
