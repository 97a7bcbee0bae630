//! `esep build` never loses what a person owns, never leaves a missing or half-replaced
//! output, and says what it left: each fault found by a tester, reproduced on a copy of the
//! fixture project (tests/fixtures/mini).

mod common;
use common::{Project, stderr};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Every file under `dir` and its bytes, esep's bookkeeping (`.esep/`) left out.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for e in std::fs::read_dir(dir.join(&rel)).unwrap() {
            let e = e.unwrap();
            let p = rel.join(e.file_name());
            let kind = e.file_type().unwrap();
            if p.starts_with(".esep") {
                continue;
            } else if kind.is_dir() {
                stack.push(p);
            } else if kind.is_file() {
                files.insert(p.clone(), std::fs::read(dir.join(&p)).unwrap());
            }
        }
    }
    files
}

fn ok(o: &std::process::Output) -> String {
    assert!(o.status.success(), "exit {:?}:\n{}", o.status, stderr(o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A data change that alters figures in every format of both languages (the printed
/// figures of that row are dropped, so they cannot disagree).
fn change_data(p: &Project, from: &str, to: &str) {
    let path = p.dir.join("data/people/headcount.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let old = format!("north: [{from}, 15]");
    assert!(text.contains(&old), "{old}");
    let text: String = text
        .replace(&old, &format!("north: [{to}, 15]"))
        .lines()
        .filter(|l| !l.starts_with("  north: [\""))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(path, text).unwrap();
}

/// The output a full, uninterrupted build of `p`'s current data gives.
fn reference(p: &Project, name: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    let out = p.dir.join(name);
    ok(&p.run(&["build", "--out", name]));
    let files = snapshot(&out);
    std::fs::remove_dir_all(out).unwrap();
    files
}

#[test]
fn files_a_person_put_in_the_output_are_never_removed() {
    let p = Project::new();
    ok(&p.run(&["build"]));
    let out = p.dir.join("output");
    std::fs::write(out.join("kk/my_commentary.md"), "mine").unwrap();
    std::fs::write(out.join("data/my_extra.csv"), "a,b\n").unwrap();
    std::fs::create_dir_all(out.join("ru/archive")).unwrap();
    std::fs::write(out.join("ru/archive/people-2023.pdf"), "%PDF old").unwrap();
    std::fs::create_dir_all(out.join("kk/empty")).unwrap();
    std::os::unix::fs::symlink("people.md", out.join("kk/link.md")).unwrap();
    std::fs::hard_link(out.join("kk/my_commentary.md"), out.join("kk/hard.md")).unwrap();
    change_data(&p, "1000", "1100");
    let o = p.run(&["build"]);
    ok(&o);
    assert!(!stderr(&o).contains("removed"), "{}", stderr(&o));
    assert_eq!(p.read("output/kk/my_commentary.md"), "mine");
    assert_eq!(p.read("output/kk/hard.md"), "mine");
    assert_eq!(p.read("output/data/my_extra.csv"), "a,b\n");
    assert_eq!(p.read("output/ru/archive/people-2023.pdf"), "%PDF old");
    assert!(out.join("kk/empty").is_dir());
    assert!(
        std::fs::symlink_metadata(out.join("kk/link.md"))
            .unwrap()
            .is_symlink()
    );
    assert!(p.read("output/kk/people.md").contains("1\u{a0}100"));
}

#[test]
fn an_output_spelt_through_dot_dot_or_a_link_into_the_inputs_is_refused() {
    let p = Project::new();
    std::fs::write(p.dir.join("data/mine.csv"), "x").unwrap();
    let name = p.dir.file_name().unwrap().to_str().unwrap().to_owned();
    let o = p.run(&["build", "--out", &format!("../{name}")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("over the inputs"), "{}", stderr(&o));
    std::os::unix::fs::symlink("data", p.dir.join("d2")).unwrap();
    let o = p.run(&["build", "--out", "d2/out"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = p.run(&["build", "--out", "nothing/../data"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!p.dir.join("data/out").exists());
    assert!(!p.dir.join("data/kk").exists());
    assert!(!p.dir.join("nothing").exists());
    assert_eq!(p.read("data/mine.csv"), "x");
}

#[test]
fn two_builds_at_once_into_one_output_leave_a_whole_output() {
    let p = Project::new();
    ok(&p.run(&["build", "--format", "md,html"]));
    for (round, (from, to)) in [("1000", "1100"), ("1100", "1200"), ("1200", "1300")]
        .into_iter()
        .enumerate()
    {
        change_data(&p, from, to);
        let spawn = |lang: &str| {
            Command::new(env!("CARGO_BIN_EXE_esep"))
                .current_dir(&p.dir)
                .args(["build", "--format", "md,html", "--lang", lang])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (kk, ru) = (spawn("kk"), spawn("ru"));
        for child in [kk, ru] {
            let o = child.wait_with_output().unwrap();
            assert!(o.status.success(), "round {round}: {}", stderr(&o));
        }
        let mut want = p.dir.join("want");
        let _ = std::fs::remove_dir_all(&want);
        ok(&p.run(&["build", "--format", "md,html", "--out", "want"]));
        let got = snapshot(&p.dir.join("output"));
        let expected = snapshot(&want);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>()
        );
        for (k, v) in &expected {
            assert!(got[k] == *v, "round {round}: {} differs", k.display());
        }
        want.push("..");
    }
}

#[test]
fn a_build_stopped_in_the_middle_of_replacing_is_finished_by_the_next() {
    let p = Project::new();
    ok(&p.run(&["build"]));
    let before = snapshot(&p.dir.join("output"));
    change_data(&p, "1000", "1100");
    let after = reference(&p, "want");
    let o = Command::new(env!("CARGO_BIN_EXE_esep"))
        .current_dir(&p.dir)
        .env("ESEP_CRASH_AFTER_RENAMES", "3")
        .arg("build")
        .output()
        .unwrap();
    assert!(!o.status.success(), "the crash hook works (debug builds)");
    let mut mid = snapshot(&p.dir.join("output"));
    let staged = mid
        .keys()
        .filter(|k| k.to_string_lossy().ends_with(".esep-new"))
        .count();
    mid.retain(|k, _| !k.to_string_lossy().ends_with(".esep-new"));
    assert!(staged > 0, "the rest is still staged");
    let new = mid
        .iter()
        .filter(|(k, v)| after.get(*k) == Some(*v) && before.get(*k) != Some(*v));
    assert_eq!(new.count(), 3, "stopped after three files");
    for (k, v) in &mid {
        assert!(
            before.get(k) == Some(v) || after.get(k) == Some(v),
            "{} is neither",
            k.display()
        );
    }
    // Even a build that fails on its data finishes the interrupted one first, and says so.
    p.edit(
        "data/people/headcount.yaml",
        "south: [7, 1]",
        "south: [7, x]",
    );
    let o = p.run(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("finished the interrupted replacement"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&p.dir.join("output")), after);
}

#[test]
fn builds_killed_at_random_moments_never_lose_or_mix_a_file() {
    let p = Project::new();
    std::fs::create_dir_all(p.dir.join("output")).unwrap();
    ok(&p.run(&["build"]));
    std::fs::write(p.dir.join("output/kk/mine.md"), "mine").unwrap();
    let versions = [("1000", "1100"), ("1100", "1000")];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..16 {
        let (from, to) = versions[round % 2];
        let before = snapshot(&p.dir.join("output"));
        change_data(&p, from, to);
        let mut after = reference(&p, "want");
        after.insert(PathBuf::from("kk/mine.md"), b"mine".to_vec());
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_millis(seed % 400);
        let mut child = Command::new(env!("CARGO_BIN_EXE_esep"))
            .current_dir(&p.dir)
            .arg("build")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let mid = snapshot(&p.dir.join("output"));
        for (k, v) in &before {
            let now = mid.get(k);
            assert!(
                now == Some(v) || now == after.get(k),
                "round {round} ({delay:?}): {} lost or mixed",
                k.display()
            );
        }
        ok(&p.run(&["build"]));
        let done = snapshot(&p.dir.join("output"));
        assert_eq!(
            done.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>()
        );
        assert!(
            done == after,
            "round {round}: a later build gives the full output"
        );
    }
}

#[test]
fn a_directory_that_cannot_be_written_replaces_nothing() {
    let p = Project::new();
    ok(&p.run(&["build", "--format", "md"]));
    change_data(&p, "1000", "1100");
    let before = snapshot(&p.dir.join("output"));
    // In the way of the last file to stage, as a read-only folder would be (root ignores
    // permission bits, so the test puts a folder where the staged file must go).
    std::fs::create_dir(p.dir.join("output/ru/.people.md.esep-new")).unwrap();
    let o = p.run(&["build", "--format", "md"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(snapshot(&p.dir.join("output")), before, "nothing replaced");
    assert!(!p.dir.join("output/kk/.people.md.esep-new").exists());
}

#[test]
fn a_partial_build_says_what_it_kept_and_whether_it_is_older() {
    let p = Project::new();
    ok(&p.run(&["build"]));
    change_data(&p, "1000", "1100");
    let line = ok(&p.run(&["build", "--format", "pdf"]));
    assert!(
        line.contains(
            "kept 12 files of an earlier build (html, md, svg), 12 made from other inputs"
        ),
        "{line}"
    );
    let line = ok(&p.run(&["build"]));
    assert!(!line.contains("kept"), "{line}");
}

#[test]
fn pages_link_to_the_other_language_whenever_its_pages_are_there() {
    let p = Project::new();
    ok(&p.run(&["build", "--format", "html"]));
    ok(&p.run(&["build", "--format", "html", "--lang", "ru"]));
    assert!(
        p.read("output/ru/people.html")
            .contains("href=\"../kk/people.html\"")
    );
    let q = Project::new();
    ok(&q.run(&["build", "--format", "html", "--lang", "ru"]));
    assert!(!q.read("output/ru/people.html").contains("../kk/"));
}

#[test]
fn a_file_edited_after_esep_wrote_it_is_not_overwritten() {
    let p = Project::new();
    ok(&p.run(&["build", "--format", "md"]));
    std::fs::write(p.dir.join("output/kk/people.md"), "my edits").unwrap();
    change_data(&p, "1000", "1100");
    let o = p.run(&["build", "--format", "md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("kk/people.md: changed since esep wrote it"),
        "{}",
        stderr(&o)
    );
    assert_eq!(p.read("output/kk/people.md"), "my edits");
}

#[test]
fn special_files_in_the_output_never_hang_the_build() {
    let p = Project::new();
    ok(&p.run(&["build", "--format", "md"]));
    let fifo = |path: &str| {
        let s = Command::new("mkfifo")
            .arg(p.dir.join(path))
            .status()
            .unwrap();
        assert!(s.success());
    };
    fifo("output/kk/notes.fifo");
    let started = Instant::now();
    ok(&p.run(&["build", "--format", "md"]));
    std::fs::remove_file(p.dir.join("output/ru/people.md")).unwrap();
    fifo("output/ru/people.md");
    let o = p.run(&["build", "--format", "md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("ru/people.md: changed since esep wrote it (it is now a named pipe (FIFO))"),
        "{}",
        stderr(&o)
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn a_closed_or_full_standard_output_is_an_io_error_not_a_panic() {
    let p = Project::new();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let o = Command::new(env!("CARGO_BIN_EXE_esep"))
        .current_dir(&p.dir)
        .args(["build", "--format", "md"])
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot write to standard output"),
        "{}",
        stderr(&o)
    );
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_esep"))
        .current_dir(&p.dir)
        .args(["check", "--format", "json"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn debris_of_an_older_esep_is_named_and_never_restored() {
    let p = Project::new();
    std::fs::create_dir_all(p.dir.join(".output.esep-old-123/kk")).unwrap();
    std::fs::write(p.dir.join(".output.esep-old-123/kk/people.md"), "stale").unwrap();
    let o = p.run(&["build", "--format", "md"]);
    ok(&o);
    assert!(
        stderr(&o).contains(".output.esep-old-123 was left by an older esep"),
        "{}",
        stderr(&o)
    );
    assert_ne!(p.read("output/kk/people.md"), "stale");
    assert!(
        p.dir.join(".output.esep-old-123").exists(),
        "not deleted either"
    );
}

#[test]
fn partial_builds_in_any_order_leave_every_page_linking_to_every_language_present() {
    let p = Project::new();
    ok(&p.run(&["build", "--out", "s", "--lang", "ru", "--format", "html"]));
    ok(&p.run(&["build", "--out", "s", "--lang", "kk"]));
    ok(&p.run(&["build", "--out", "s", "--lang", "ru", "--format", "md,pdf"]));
    let full = reference(&p, "full");
    let got = snapshot(&p.dir.join("s"));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        full.keys().collect::<Vec<_>>()
    );
    for (k, v) in &full {
        assert!(got[k] == *v, "{} differs from a full build", k.display());
    }
}
