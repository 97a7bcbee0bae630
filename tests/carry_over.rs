//! The shipped chapter carried over to 2025 by hand: `year: 2025`, the year series given
//! their 2025 key as `~` (still to fill in) and their oldest year dropped, last year's
//! printed figures removed. Nothing in the data or templates names 2024, so the titles,
//! the series windows and the template's "figure of the report year" all move to 2025, and
//! what is not yet known is listed rather than silently taken from 2024.

mod common;
use common::{copy_dir, esep, root, stderr, temp_dir};

use std::path::Path;

/// Rewrites `file` under `dir` with `f`.
fn edit(dir: &Path, file: &str, f: impl Fn(&str) -> String) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(&text)).unwrap();
}

/// Drops a top-level `published:` block (last year's print) from a table file.
fn without_published(text: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with("published:") {
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with(' ') || line.is_empty()) {
            continue;
        }
        skipping = false;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// In every `values:` map of a series, drops `drop` and appends `y2025: ~`.
fn roll(text: &str, drop: &str) -> String {
    text.lines()
        .map(|l| {
            if l.contains(&format!("{{ {drop}: ")) && !l.contains('"') {
                let rest = &l[l.find(", y").unwrap() + 2..];
                let head = &l[..l.find('{').unwrap()];
                format!("{head}{{ {}", rest.replace(" }", ", y2025: ~ }"))
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn the_chapter_moves_to_2025_and_lists_what_is_still_to_fill_in() {
    let temp = temp_dir();
    let dir = temp.path();
    copy_dir(&root().join("data"), &dir.join("data"));
    copy_dir(&root().join("templates"), &dir.join("templates"));
    edit(dir, "data/report.yaml", |t| {
        t.replace("year: 2024", "year: 2025")
    });
    for (file, oldest) in [
        ("data/recruitment/recruitment_sources.yaml", "y2020"),
        ("data/hr_policy/srs_index.yaml", "y2020"),
        ("data/social_support/personnel_costs.yaml", "y2019"),
    ] {
        edit(dir, file, |t| roll(&without_published(t), oldest));
    }

    // Not ready to publish: exactly the 2025 figures of the series are to fill in.
    let o = esep(dir, &["check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let to_fill: Vec<&str> = err
        .lines()
        .filter(|l| l.ends_with("still to fill in"))
        .collect();
    assert_eq!(to_fill.len(), 8 + 2 + 1, "{}", to_fill.join("\n"));
    assert!(
        to_fill.iter().all(|l| l.contains("column `y2025`")),
        "{err}"
    );
    assert!(
        err.lines()
            .last()
            .unwrap()
            .contains("still to fill in: 11 figures in 3 files"),
        "{err}"
    );
    assert!(
        !err.contains("literal-year") && !err.contains("as a literal"),
        "{err}"
    );

    // A draft shows where the figures go, never last year's.
    let out = dir.join("out");
    let o = esep(dir, &["build", "--draft", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ru = std::fs::read_to_string(out.join("ru/recruitment.md")).unwrap();
    assert!(
        ru.contains("принятых на работу в 2025 году, составило […]"),
        "{ru}"
    );
    assert!(!ru.contains("составило 403"), "{ru}");
    // The series window moved: 2021 … 2025, the new year pending.
    assert!(ru.contains("| 2021 | 2022 | 2023 | 2024 | 2025 |"), "{ru}");
    assert!(!ru.contains("| 2020 |"), "{ru}");
    let wages = std::fs::read_to_string(out.join("ru/remuneration.md")).unwrap();
    assert!(
        wages.contains("Показатель уровня средней заработной платы в АО «KEGOC» в 2025 году"),
        "{wages}"
    );
    let kk = std::fs::read_to_string(out.join("kk/social_support.md")).unwrap();
    assert!(
        kk.contains("2025 жылы […] млрд теңгені құрады (2020 жылы —"),
        "{kk}"
    );
}
