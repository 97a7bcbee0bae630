//! `esep diff` through the binary: folders and git revisions, exit codes, and a work tree
//! that reading a revision never touches.

mod common;

use common::{Project, esep, stderr, stdout};
use std::path::Path;
use std::process::Command;

/// Runs git in `dir`; `None` when git is not installed (the revision tests then say so and
/// check nothing else: the test command must pass on a machine with only Rust).
fn git(dir: &Path, args: &[&str]) -> Option<()> {
    let o = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .ok()?;
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    Some(())
}

#[test]
fn two_folders_exit_1_with_the_change_and_0_without() {
    let old = Project::new();
    let new = Project::new();
    new.edit(
        "data/people/headcount.yaml",
        "south: [7, 1]",
        "south: [9, 1]",
    )
    .edit(
        "data/people/headcount.yaml",
        "south: [\"8\", \"7\", \"87,5\", \"1\", \"12,6\"]",
        "south: [\"10\", \"9\", \"90,0\", \"1\", \"10,0\"]",
    );
    let o = esep(
        &new.dir,
        &["diff", old.dir.join("data").to_str().unwrap(), "data"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Юг [south] · Мужчины / чел. [men.count]: 7 → 9  (+2; +28,6\u{a0}%)"),
        "{out}"
    );
    assert!(
        out.contains("Итого [total] · Всего [total]: 1\u{a0}023 → 1\u{a0}025"),
        "{out}"
    );
    let same = esep(&old.dir, &["diff", ".", "data"]);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    let bad = esep(&old.dir, &["diff", "no-such-thing"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn git_revisions_are_read_without_touching_the_work_tree() {
    let p = Project::new();
    if git(&p.dir, &["init", "-q"]).is_none() {
        eprintln!("git is not installed: the revision test is skipped");
        return;
    }
    git(&p.dir, &["add", "."]);
    git(&p.dir, &["commit", "-q", "-m", "2024 as printed"]);
    p.edit(
        "data/people/headcount.yaml",
        "ru: \"Итого\"",
        "ru: \"Всего по компании\"",
    );
    git(&p.dir, &["commit", "-q", "-a", "-m", "relabel"]);
    // Uncommitted: a count changed in the work tree.
    p.edit(
        "data/people/headcount.yaml",
        "north: [1000, 15]",
        "north: [1000, 16]",
    )
    .edit(
        "data/people/headcount.yaml",
        "north: [\"1 015\", \"1 000\", \"98,5\", \"15\", \"1,5\"]",
        "north: [\"1 016\", \"1 000\", \"98,4\", \"16\", \"1,6\"]",
    );
    let before = p.read("data/people/headcount.yaml");

    let o = p.run(&["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["figures"].as_array().unwrap().len(), 0, "{v}");
    assert_eq!(v["labels"][0]["new"], "Всего по компании");

    // The work tree against the last commit: the uncommitted count and what moved with it.
    let o = p.run(&["diff", "HEAD", "--lang", "kk"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("raw inputs (1)"), "{out}");
    assert!(out.contains("15 → 16"), "{out}");
    assert!(out.contains("1\u{a0}023 → 1\u{a0}024"), "{out}");
    assert_eq!(p.read("data/people/headcount.yaml"), before);
    let status = Command::new("git")
        .current_dir(&p.dir)
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    assert_eq!(stdout(&status), " M data/people/headcount.yaml\n");

    let o = p.run(&["diff", "HEAD~5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("neither a data folder nor a revision"),
        "{}",
        stderr(&o)
    );
}
