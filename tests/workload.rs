//! The benchmark workload (`esep workload`, hidden) is a project esep builds cleanly: every
//! table computed, no warnings, every file written; and it never goes over an existing one.

use std::process::Command;

fn esep(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_esep"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("esep runs")
}

#[test]
fn the_generated_workload_builds_cleanly_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let made = esep(&["workload", "--tables", "30", "project"], tmp.path());
    assert!(made.status.success(), "{made:?}");
    let project = tmp.path().join("project");
    let built = esep(&["build", "--out", "../out"], &project);
    let stdout = String::from_utf8_lossy(&built.stdout);
    assert!(built.status.success(), "{built:?}");
    assert!(
        stdout.contains("built 30 tables in 2 sections") && stdout.contains("0 warnings"),
        "{stdout}"
    );
    let md = std::fs::read_to_string(tmp.path().join("out/kk/s001.md")).unwrap();
    assert_eq!(md.matches("30-кесте").count(), 1, "the last table, in kk");
    for lang in ["kk", "ru"] {
        for f in ["s000.pdf", "s001.html", "chapter.pdf"] {
            assert!(
                tmp.path().join("out").join(lang).join(f).is_file(),
                "{lang}/{f}"
            );
        }
    }
    let again = esep(&["workload", "--tables", "5", "project"], tmp.path());
    assert_eq!(
        again.status.code(),
        Some(2),
        "refuses to write over the first"
    );
    assert_eq!(
        std::fs::read_to_string(project.join("data/report.yaml"))
            .unwrap()
            .matches("- id:")
            .count(),
        2,
        "the first workload is untouched"
    );
}
