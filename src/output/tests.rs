//! The commit's promises, on small directories: ownership by record, conflicts refused
//! before anything changes, interrupted commits finished or undone exactly.

use super::*;
use std::os::unix::fs::{MetadataExt, PermissionsExt};

/// A fresh, empty base directory for one test, removed when dropped (also when it fails).
fn base() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("esep-out-")
        .tempdir()
        .unwrap()
}

fn files(list: &[(&str, &str)]) -> Files {
    list.iter()
        .map(|(p, b)| (PathBuf::from(p), b.as_bytes().to_vec()))
        .collect()
}

fn kk_only(p: &Path) -> bool {
    p.starts_with("kk")
}

fn build(out: &Path, list: &[(&str, &str)]) -> io::Result<WriteReport> {
    Output::open(out, &|_| {})?.commit(&files(list), &kk_only, "in1")
}

fn read(p: PathBuf) -> String {
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn files_esep_did_not_record_are_never_touched() {
    let base = base();
    let out = base.path().join("output");
    build(&out, &[("kk/a.md", "1"), ("kk/b.md", "1")]).unwrap();
    // A person's files, some named like esep's, a folder, a link, a hard link, a mode.
    std::fs::write(out.join("kk/my_commentary.md"), "mine").unwrap();
    std::fs::create_dir_all(out.join("kk/archive/empty")).unwrap();
    std::fs::write(out.join("kk/archive/people-2023.md"), "old").unwrap();
    std::os::unix::fs::symlink("a.md", out.join("kk/link.md")).unwrap();
    std::fs::hard_link(out.join("kk/my_commentary.md"), out.join("kk/hard.md")).unwrap();
    std::fs::set_permissions(
        out.join("kk/my_commentary.md"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    let report = build(&out, &[("kk/a.md", "2")]).unwrap();
    assert_eq!(report.removed, vec![PathBuf::from("kk/b.md")]);
    assert_eq!(read(out.join("kk/a.md")), "2");
    assert_eq!(read(out.join("kk/my_commentary.md")), "mine");
    assert_eq!(read(out.join("kk/archive/people-2023.md")), "old");
    assert!(out.join("kk/archive/empty").is_dir());
    assert_eq!(
        std::fs::read_link(out.join("kk/link.md")).unwrap(),
        Path::new("a.md")
    );
    let meta = std::fs::metadata(out.join("kk/my_commentary.md")).unwrap();
    assert_eq!(meta.nlink(), 2, "the hard link survives");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
}

#[test]
fn a_file_esep_did_not_write_is_a_conflict_and_nothing_changes() {
    let base = base();
    let out = base.path().join("output");
    build(&out, &[("kk/a.md", "1")]).unwrap();
    std::fs::write(out.join("kk/b.md"), "mine").unwrap();
    let err = build(&out, &[("kk/a.md", "2"), ("kk/b.md", "new")]).unwrap_err();
    assert!(
        err.to_string()
            .contains("kk/b.md: esep did not write this file"),
        "{err}"
    );
    assert_eq!(read(out.join("kk/a.md")), "1", "nothing was replaced");
    assert_eq!(read(out.join("kk/b.md")), "mine");
}

#[test]
fn a_recorded_file_changed_by_hand_is_not_overwritten_or_removed() {
    let base = base();
    let out = base.path().join("output");
    build(&out, &[("kk/a.md", "1"), ("kk/b.md", "1")]).unwrap();
    std::fs::write(out.join("kk/a.md"), "edited").unwrap();
    let err = build(&out, &[("kk/a.md", "2")]).unwrap_err();
    assert!(
        err.to_string()
            .contains("kk/a.md: changed since esep wrote it"),
        "{err}"
    );
    std::fs::write(out.join("kk/a.md"), "1").unwrap();
    std::fs::write(out.join("kk/b.md"), "edited").unwrap();
    let report = build(&out, &[("kk/a.md", "2")]).unwrap();
    assert_eq!(report.released, vec![PathBuf::from("kk/b.md")]);
    assert_eq!(read(out.join("kk/b.md")), "edited");
    assert!(!Manifest::load(&out).unwrap().files.contains_key("kk/b.md"));
}

#[test]
fn identical_files_without_a_record_are_adopted() {
    let base = base();
    let out = base.path().join("output");
    std::fs::create_dir_all(out.join("kk")).unwrap();
    std::fs::write(out.join("kk/a.md"), "1").unwrap();
    build(&out, &[("kk/a.md", "1")]).unwrap();
    assert!(Manifest::load(&out).unwrap().files.contains_key("kk/a.md"));
}

#[test]
fn links_and_special_files_in_the_way_are_conflicts_never_followed() {
    let base = base();
    let out = base.path().join("output");
    let elsewhere = base.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("kk")).unwrap();
    let err = build(&out, &[("kk/a.md", "1")]).unwrap_err();
    assert!(err.to_string().contains("kk: is a symbolic link"), "{err}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    std::fs::remove_file(out.join("kk")).unwrap();
    std::fs::create_dir(out.join("kk")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(out.join("kk/a.md"))
        .status()
        .unwrap();
    assert!(fifo.success());
    let err = build(&out, &[("kk/a.md", "1")]).unwrap_err();
    assert!(
        err.to_string()
            .contains("esep did not write this named pipe (FIFO)"),
        "{err}"
    );
}

#[test]
fn a_failure_while_staging_replaces_nothing_and_leaves_no_debris() {
    let base = base();
    let out = base.path().join("output");
    build(&out, &[("kk/a.md", "1"), ("kk/z.md", "1")]).unwrap();
    // Something in the way of the last staged file: as an unwritable folder would be.
    std::fs::create_dir(out.join("kk/.z.md.esep-new")).unwrap();
    let err = build(
        &out,
        &[("kk/a.md", "2"), ("kk/n/new.md", "2"), ("kk/z.md", "2")],
    );
    assert!(err.is_err());
    assert_eq!(read(out.join("kk/a.md")), "1");
    assert!(!out.join("kk/.a.md.esep-new").exists());
    assert!(
        !out.join("kk/n").exists(),
        "the new folder is removed again"
    );
    assert!(!out.join(".esep/journal.json").exists());
}

#[test]
fn a_commit_stopped_after_its_mark_is_finished_by_the_next_build() {
    let base = base();
    let out = base.path().join("output");
    build(
        &out,
        &[("kk/a.md", "1"), ("kk/b.md", "1"), ("kk/c.md", "1")],
    )
    .unwrap();
    // Stage and mark a commit, then stop before any rename, as a killed build would.
    let o = Output::open(&out, &|_| {}).unwrap();
    let new = files(&[("kk/a.md", "2"), ("kk/b.md", "2")]);
    let (mut journal, _) = o.plan(&new, &kk_only, "in2").unwrap();
    o.stage(&journal, &new).unwrap();
    journal.committed = true;
    o.save_journal(&journal).unwrap();
    drop(o);
    std::fs::rename(out.join("kk/.a.md.esep-new"), out.join("kk/a.md")).unwrap();
    let next = Output::open(&out, &|_| {}).unwrap();
    assert!(next.notes[0].contains("finished the interrupted replacement"));
    assert_eq!(read(out.join("kk/a.md")), "2");
    assert_eq!(read(out.join("kk/b.md")), "2");
    assert!(!out.join("kk/c.md").exists(), "its removals are done too");
    assert_eq!(next.manifest().files["kk/a.md"].inputs, "in2");
}

#[test]
fn a_commit_stopped_before_its_mark_is_undone_by_the_next_build() {
    let base = base();
    let out = base.path().join("output");
    build(&out, &[("kk/a.md", "1")]).unwrap();
    let o = Output::open(&out, &|_| {}).unwrap();
    let new = files(&[("kk/a.md", "2"), ("kk/new/b.md", "2")]);
    let (journal, _) = o.plan(&new, &kk_only, "in2").unwrap();
    o.stage(&journal, &new).unwrap();
    drop(o);
    let next = Output::open(&out, &|_| {}).unwrap();
    assert!(next.notes[0].contains("removed the unfinished files"));
    assert_eq!(read(out.join("kk/a.md")), "1");
    assert!(!out.join("kk/.a.md.esep-new").exists());
    assert!(!out.join("kk/new").exists());
}

#[test]
fn kept_files_are_counted_with_their_inputs() {
    let base = base();
    let out = base.path().join("output");
    Output::open(&out, &|_| {})
        .unwrap()
        .commit(
            &files(&[("kk/a.md", "1"), ("ru/a.md", "1")]),
            &|_| true,
            "in1",
        )
        .unwrap();
    let report = Output::open(&out, &|_| {})
        .unwrap()
        .commit(&files(&[("kk/a.md", "2")]), &kk_only, "in2")
        .unwrap();
    assert_eq!((report.kept, report.kept_from_other_inputs), (1, 1));
    assert!(report.kept_formats.contains("md"));
    assert_eq!(read(out.join("ru/a.md")), "1");
}

#[test]
fn folders_esep_made_go_when_empty_and_the_output_folder_stays() {
    let base = base();
    let out = base.path().join("output");
    build(&out, &[("kk/sub/a.md", "1")]).unwrap();
    let inode = std::fs::metadata(&out).unwrap().ino();
    build(&out, &[("kk/b.md", "1")]).unwrap();
    assert!(!out.join("kk/sub").exists());
    assert_eq!(
        std::fs::metadata(&out).unwrap().ino(),
        inode,
        "--out itself is never replaced (it may be a mount point)"
    );
}

#[test]
fn a_damaged_manifest_is_an_error_not_a_guess() {
    let base = base();
    let out = base.path().join("output");
    build(&out, &[("kk/a.md", "1")]).unwrap();
    std::fs::write(
        out.join(".esep/manifest.json"),
        r#"{"esep_manifest":1,"files":{"../../x":{"sha256":"","inputs":""}}}"#,
    )
    .unwrap();
    let err = Output::open(&out, &|_| {}).err().unwrap();
    assert!(
        err.to_string().contains("is not a path inside the output"),
        "{err}"
    );
}

#[test]
fn a_failed_build_into_a_new_folder_leaves_nothing() {
    let base = base();
    let out = base.path().join("output");
    drop(Output::open(&out, &|_| {}).unwrap());
    assert!(!out.exists());
}

#[test]
fn a_journal_never_leads_a_write_or_removal_through_a_link() {
    let tmp = base();
    let base = tmp.path();
    let out = base.join("output");
    build(&out, &[("kk/a.md", "1")]).unwrap();
    let outside = base.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("keep.txt"), "precious").unwrap();
    std::fs::write(outside.join(".target.txt.esep-new"), "overwritten").unwrap();
    std::os::unix::fs::symlink(&outside, out.join("kk/lnk")).unwrap();
    let manifest = Manifest::load(&out).unwrap();
    for committed in [true, false] {
        let journal = Journal {
            committed,
            new_dirs: Vec::new(),
            writes: vec!["kk/lnk/target.txt".into()],
            removes: vec![("kk/lnk/keep.txt".into(), manifest::sha256_hex(b"precious"))],
            manifest: manifest.clone(),
        };
        std::fs::write(
            out.join(".esep/journal.json"),
            serde_json::to_vec(&journal).unwrap(),
        )
        .unwrap();
        let err = Output::open(&out, &|_| {}).err().unwrap();
        assert!(err.to_string().contains("through a link"), "{err}");
        assert_eq!(read(outside.join("keep.txt")), "precious");
        assert_eq!(read(outside.join(".target.txt.esep-new")), "overwritten");
        assert!(!outside.join("target.txt").exists());
    }
}

#[test]
fn a_lock_file_that_is_a_link_is_refused_not_followed() {
    let tmp = base();
    let base = tmp.path();
    let out = base.join("output");
    build(&out, &[("kk/a.md", "1")]).unwrap();
    std::fs::write(base.join("target.txt"), "precious").unwrap();
    std::fs::remove_file(out.join(".esep/lock")).unwrap();
    std::os::unix::fs::symlink(base.join("target.txt"), out.join(".esep/lock")).unwrap();
    let err = Output::open(&out, &|_| {}).err().unwrap();
    assert!(err.to_string().contains("not esep's lock file"), "{err}");
    assert_eq!(read(base.join("target.txt")), "precious");
}

#[test]
fn a_file_named_like_a_staged_file_is_a_conflict_and_survives() {
    let tmp = base();
    let out = tmp.path().join("output");
    build(&out, &[("kk/a.md", "1")]).unwrap();
    std::fs::write(out.join("kk/.a.md.esep-new"), "my notes").unwrap();
    let err = build(&out, &[("kk/a.md", "2")]).unwrap_err();
    assert!(
        err.to_string().contains("kk/.a.md.esep-new: is in the way"),
        "{err}"
    );
    assert_eq!(read(out.join("kk/.a.md.esep-new")), "my notes");
    assert_eq!(read(out.join("kk/a.md")), "1");
}

#[test]
fn a_replaced_file_keeps_the_permissions_its_owner_gave_it() {
    let tmp = base();
    let out = tmp.path().join("output");
    build(&out, &[("kk/a.md", "1")]).unwrap();
    let private = std::fs::Permissions::from_mode(0o600);
    std::fs::set_permissions(out.join("kk/a.md"), private).unwrap();
    build(&out, &[("kk/a.md", "2")]).unwrap();
    let mode = std::fs::metadata(out.join("kk/a.md"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn one_cause_is_reported_once() {
    let tmp = base();
    let base = tmp.path();
    let out = base.join("output");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(base.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(base.join("elsewhere"), out.join("kk")).unwrap();
    let err = build(&out, &[("kk/a.md", "1"), ("kk/b.md", "1")]).unwrap_err();
    assert_eq!(
        err.to_string().matches("is a symbolic link").count(),
        1,
        "{err}"
    );
}
