//! Reproducible on another machine: the shipped chapter built twice, as two people would on
//! two machines — projects at absolute paths of different lengths, one built from inside
//! with the default paths, the other from elsewhere with absolute ones, under different
//! time zones, locales and current directories — gives the same files with the same bytes,
//! PDFs and the manifest included.

mod common;

use std::path::Path;
use std::process::Command;

/// A private copy of the shipped project (`data/`, `templates/`) at `dir`.
fn project(dir: &Path) {
    for part in ["data", "templates"] {
        common::copy_dir(&common::root().join(part), &dir.join(part));
    }
}

/// `esep build` in `cwd` with `args`, the environment of a machine set to `tz` and `locale`.
fn build(cwd: &Path, args: &[&str], tz: &str, locale: &str) {
    let o = Command::new(env!("CARGO_BIN_EXE_esep"))
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("TZ", tz)
        .env("LANG", locale)
        .env("LC_ALL", locale)
        .arg("build")
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "esep build failed:\n{}",
        common::stderr(&o)
    );
}

#[test]
fn two_machines_build_the_same_bytes() {
    let (a, b, elsewhere) = (common::temp_dir(), common::temp_dir(), common::temp_dir());
    let first = a.path().join("p");
    let second = b
        .path()
        .join("a-much-longer-folder-name-on-the-second-machine/chapter 2024 (копия)");
    project(&first);
    project(&second);

    build(&first, &[], "UTC", "C");
    let abs = |p: &str| second.join(p).to_str().unwrap().to_owned();
    let (data, templates, out) = (abs("data"), abs("templates"), abs("out"));
    let args = ["--data", &data, "--templates", &templates, "--out", &out];
    build(elsewhere.path(), &args, "Pacific/Kiritimati", "ru_RU.UTF-8");

    let (one, two) = (first.join("output"), second.join("out"));
    let files = common::files(&one);
    assert_eq!(
        files,
        common::files(&two),
        "the two builds made different files"
    );
    assert!(files.len() >= 80, "only {} files", files.len());
    for ext in ["md", "html", "pdf", "csv", "json"] {
        assert!(
            files
                .iter()
                .any(|f| f.extension().is_some_and(|e| e == ext)),
            "no .{ext} file"
        );
    }
    let differ: Vec<_> = files
        .iter()
        .filter(|f| std::fs::read(one.join(f)).unwrap() != std::fs::read(two.join(f)).unwrap())
        .collect();
    assert!(
        differ.is_empty(),
        "differ between the two machines: {differ:?}"
    );
}
