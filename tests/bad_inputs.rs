//! The corpus of bad inputs: `tests/bad/<case>/` holds files that replace or add to the
//! mini fixture project (`overlay/…`) and the exact diagnostics `esep check` must print
//! (`expected.txt`, exit code on its first line). None may panic, hang or run away.
//!
//! To review changed messages: `UPDATE_SNAPSHOTS=1 cargo test --test bad_inputs`, then read
//! the diff of `tests/bad/*/expected.txt`.

mod common;
use common::copy_dir;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Cases whose input is too big to keep in the repository are made here.
fn generate(case: &str, project: &Path) {
    if case == "huge_file" {
        let f = std::fs::File::create(project.join("data/people/huge.yaml")).unwrap();
        f.set_len(50 * 1024 * 1024).unwrap();
    }
}

fn run_case(case: &Path) -> (String, Duration) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let name = case.file_name().unwrap().to_str().unwrap().to_owned();
    let project = std::env::temp_dir().join(format!("esep-bad-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&project);
    copy_dir(&root.join("tests/fixtures/mini"), &project);
    if case.join("overlay").exists() {
        copy_dir(&case.join("overlay"), &project);
    }
    generate(&name, &project);
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_esep"))
        .current_dir(&project)
        .arg("check")
        .output()
        .unwrap();
    let took = started.elapsed();
    std::fs::remove_dir_all(&project).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "{name}: esep panicked:\n{stderr}"
    );
    let code = out
        .status
        .code()
        .map_or("signal".to_owned(), |c| c.to_string());
    (format!("exit code: {code}\n{stderr}"), took)
}

#[test]
fn every_bad_input_gets_its_pinned_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "the corpus has {} cases", cases.len());
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let (got, took) = run_case(case);
        assert!(
            took < Duration::from_secs(20),
            "{}: took {took:?}",
            case.display()
        );
        let expected_path = case.join("expected.txt");
        if update {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if want != got {
            failures.push(format!(
                "--- {}\nwant:\n{want}\ngot:\n{got}",
                case.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
