//! The corpus of bad inputs: each `tests/bad/<case>/` breaks the mini fixture project
//! (`tests/fixtures/mini`) in one way and pins the exact diagnostics `esep check` must print
//! (`expected.txt`, exit code on its first line). None may panic, hang or run away.
//!
//! A case says what it changes in `edits.yaml`, a list of replacements:
//!
//! ```yaml
//! - file: data/people/headcount.yaml
//!   from: "south: [7, 1]"        # must occur exactly once (or give `all: true`)
//!   to: "south: [7.5, 1]"
//! ```
//!
//! Files that are genuinely new (or not text) are in `overlay/`, copied over the fixture;
//! inputs too big to keep, links and special files are made by [`generate`].
//!
//! To review changed messages: `UPDATE_SNAPSHOTS=1 cargo test --test bad_inputs`, then read
//! the diff of `tests/bad/*/expected.txt`.

mod common;
use common::copy_dir;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What the files outside the project that some cases link to contain; it must never
/// appear in a diagnostic.
const SECRET: &str = "TOP-SECRET-LINE: [\n";

/// Cases whose input is too big to keep in the repository, or is a symbolic link or a
/// special file, are made here. `outside` is a directory outside the project.
fn generate(case: &str, project: &Path, outside: &Path) {
    let data = project.join("data/people");
    let secret = outside.join("secret.txt");
    std::fs::write(&secret, SECRET).unwrap();
    match case {
        "huge_file" => {
            let f = std::fs::File::create(data.join("huge.yaml")).unwrap();
            f.set_len(50 * 1024 * 1024).unwrap();
        }
        "symlink_outside_data" => symlink(&secret, &data.join("leak.yaml")),
        "symlink_to_device" => symlink(Path::new("/dev/zero"), &data.join("zero.yaml")),
        "symlink_inside_data" => {
            let common = project.join("data/common");
            std::fs::create_dir_all(&common).unwrap();
            std::fs::rename(data.join("facts.yaml"), common.join("facts.yaml")).unwrap();
            symlink(Path::new("../common/facts.yaml"), &data.join("facts.yaml"));
        }
        "deep_derivation_chain" => {
            // f0 = f1 = … = f9999 = 1: evaluating f0 first walks the whole chain.
            let mut text = String::from(
                "headcount: { value: 1023 }\nwomen_share:\n  derive: { share: \"headcount/women.count@total\", of: \"#headcount\" }\n  precision: 2\n  format: percent\n",
            );
            for i in 0..9999 {
                text.push_str(&format!(
                    "f{i}: {{ derive: {{ sum: [\"#f{}\"] }} }}\n",
                    i + 1
                ));
            }
            text.push_str("f9999: { value: 1 }\n");
            std::fs::write(data.join("facts.yaml"), text).unwrap();
        }
        "missing_input_dirs" => {
            std::fs::remove_dir_all(project.join("data")).unwrap();
            std::fs::remove_dir_all(project.join("templates")).unwrap();
        }
        "fifo_in_data" => mkfifo(&data.join("pipe.yaml")),
        "fifo_in_templates" => mkfifo(&project.join("templates/pipe.md.tera")),
        "template_symlink_outside" => {
            std::fs::write(&secret, "TOP-SECRET-LINE {{ nope }}\n").unwrap();
            let t = project.join("templates/people.kk.md.tera");
            std::fs::remove_file(&t).unwrap();
            symlink(&secret, &t);
        }
        _ => {}
    }
}

/// One replacement of `edits.yaml`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    from: String,
    to: String,
    #[serde(default)]
    all: bool,
}

/// Applies the case's `edits.yaml`, if it has one, to the project copy.
fn apply_edits(case: &Path, project: &Path) {
    let Ok(text) = std::fs::read_to_string(case.join("edits.yaml")) else {
        return;
    };
    let edits: Vec<Edit> = serde_saphyr::from_str(&text)
        .unwrap_or_else(|e| panic!("{}/edits.yaml: {e}", case.display()));
    for e in edits {
        let path = project.join(&e.file);
        let before = std::fs::read_to_string(&path).unwrap();
        let found = before.matches(&e.from).count();
        let after = if e.all {
            assert!(
                found > 0,
                "{}: {:?} is not in {}",
                case.display(),
                e.from,
                e.file
            );
            before.replace(&e.from, &e.to)
        } else {
            assert_eq!(
                found,
                1,
                "{}: {:?} must occur once in {}",
                case.display(),
                e.from,
                e.file
            );
            before.replacen(&e.from, &e.to, 1)
        };
        std::fs::write(&path, after).unwrap();
    }
}

fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

/// Runs `esep check` in `dir`, killing it if it has not finished within `limit`.
fn check_with_timeout(dir: &Path, limit: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_esep"))
        .current_dir(dir)
        .arg("check")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = pipe.read_to_end(&mut text);
        text
    });
    let started = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            let _ = reader.join();
            return (None, "timed out".to_owned());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    (code, stderr)
}

fn run_case(case: &Path) -> (String, Duration) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let name = case.file_name().unwrap().to_str().unwrap().to_owned();
    let project = std::env::temp_dir().join(format!("esep-bad-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&project);
    copy_dir(&root.join("tests/fixtures/mini"), &project);
    apply_edits(case, &project);
    if case.join("overlay").exists() {
        copy_dir(&case.join("overlay"), &project);
    }
    let outside = project.with_extension("outside");
    std::fs::create_dir_all(&outside).unwrap();
    generate(&name, &project, &outside);
    let started = Instant::now();
    let (code, stderr) = check_with_timeout(&project, Duration::from_secs(20));
    let took = started.elapsed();
    std::fs::remove_dir_all(&project).unwrap();
    std::fs::remove_dir_all(&outside).unwrap();
    assert!(
        !stderr.contains("panicked"),
        "{name}: esep panicked:\n{stderr}"
    );
    assert!(
        !stderr.contains("TOP-SECRET"),
        "{name}: a file outside the project was shown:\n{stderr}"
    );
    let code = code.map_or("signal".to_owned(), |c| c.to_string());
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
