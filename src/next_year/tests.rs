//! next-year on small projects written the ways users write YAML: the exact text of the
//! files it writes.

use super::next_year;
use crate::Inputs;
use std::path::Path;

const REPORT: &str = "title: { kk: \"Есеп {year}\", ru: \"Отчёт {year}\" }   # the title\nyear: 2024\ndate: 2024-02-29\nlanguages: [kk, ru]\nsections:\n  - id: s\n    title: { kk: \"Бөлім\", ru: \"Раздел\" }\n";

const DIMENSIONS: &str = "years:\n  label: { kk: \"Жыл\", ru: \"Год\" }\n  years: { last: 3 }\ngenders:\n  label: { kk: \"Жынысы\", ru: \"Пол\" }\n  members:\n    - { key: men, label: { kk: \"Ерлер\", ru: \"Мужчины\" } }\n    - { key: women, label: { kk: \"Әйелдер\", ru: \"Женщины\" } }\n";

const HEAD: &str =
    "title: { kk: \"Кесте\", ru: \"Таблица\" }\nstub: { kk: \"Көрсеткіш\", ru: \"Показатель\" }\n";

/// Writes a project of one section `s` with `files`, runs next-year into `new/`, and
/// returns the text of each file of `files` as written there.
fn roll(files: &[(&str, &str)]) -> Vec<String> {
    let slots: String = files
        .iter()
        .filter(|(name, _)| *name != "facts.yaml")
        .map(|(name, _)| {
            format!(
                "{{{{ table(id=\"{}\") }}}}\n",
                name.trim_end_matches(".yaml")
            )
        })
        .collect();
    let mut all: Vec<(String, &str)> = files
        .iter()
        .map(|(name, text)| (format!("data/s/{name}"), *text))
        .collect();
    for lang in ["kk", "ru"] {
        all.push((format!("templates/s.{lang}.md.tera"), &slots));
    }
    let all: Vec<(&str, &str)> = all.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let (dir, outcome) = try_roll(&all);
    let outcome = ok(&outcome);
    let new = dir.path().join("new");
    let report = read(&new, "data/report.yaml");
    assert_eq!(
        report,
        REPORT
            .replace("2024\n", "2025\n")
            .replace("2024-02-29", "2025-02-28")
    );
    let errors: Vec<_> = outcome
        .check
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .filter(|d| d.kind != crate::diag::Code::ToFill)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    files
        .iter()
        .map(|(name, _)| read(&new, &format!("data/s/{name}")))
        .collect()
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

#[test]
fn a_window_of_year_columns_moves_and_a_fixed_year_stays() {
    let table = format!(
        "{HEAD}rows:\n  - {{ key: a, label: {{ kk: \"А\", ru: \"А\" }} }}\n  - {{ key: b, label: {{ kk: \"Б\", ru: \"Б\" }} }}\ncolumns:\n  - {{ key: y2010, label: {{ kk: \"{{2010}}\", ru: \"{{2010}}\" }} }}   # a fixed base year\n  - each: years\nvalues:   # base year, then the window\n  a: [5, 1, 2, 3]   # as a list\n  b: {{ y2010: 6, y2022: 4, y2023: 7, y2024: 6 }}\npublished:\n  a: [\"5\", \"1\", \"2\", \"3\"]\n"
    );
    let [out] = <[String; 1]>::try_from(roll(&[("t.yaml", &table)])).unwrap();
    assert!(out.contains("  a: [5, 2, 3, ~]   # as a list\n"), "{out}");
    assert!(
        out.contains("  b: { y2010: 6, y2023: 7, y2024: 6, y2025: ~ }\n"),
        "{out}"
    );
    assert!(
        out.contains("values:   # base year, then the window\n"),
        "{out}"
    );
    assert!(!out.contains("published"), "{out}");
    assert!(
        out.ends_with("b: { y2010: 6, y2023: 7, y2024: 6, y2025: ~ }\n"),
        "{out}"
    );
}

#[test]
fn a_window_of_year_rows_moves_and_a_snapshot_is_left_to_fill() {
    let by_year = format!(
        "{HEAD}rows: [years]\ncolumns:\n  - each: genders\n    columns:\n      - {{ key: count, label: {{ kk: \"адам\", ru: \"чел.\" }} }}\nvalues:\n  y2022: [1, 2]\n  y2023: [3, 4]\n  y2024: [5, 6]   # last year's\nmaintainer_notes:\n  - {{ kk: \"ескертпе\", ru: \"заметка\" }}\n"
    );
    let snapshot = format!(
        "{HEAD}rows:\n  - {{ key: now, label: {{ kk: \"{{year}}\", ru: \"{{year}}\" }} }}\ncolumns:\n  - {{ key: x, label: {{ kk: \"X\", ru: \"X\" }} }}\n  - {{ key: y, label: {{ kk: \"Y\", ru: \"Y\" }} }}\nvalues:\n  now:\n    x: 10\n    y: 20\n"
    );
    let out = roll(&[("by_year.yaml", &by_year), ("snap.yaml", &snapshot)]);
    assert!(
        out[0].ends_with(
            "values:\n  y2023: [3, 4]\n  y2024: [5, 6]   # last year's\n  y2025: [~, ~]\n"
        ),
        "{}",
        out[0]
    );
    assert!(
        out[1].ends_with("values:\n  now:\n    x: ~\n    y: ~\n"),
        "{}",
        out[1]
    );
}

#[test]
fn facts_are_left_to_fill_unless_kept_and_lose_last_years_print() {
    let facts = "# the facts\na: { value: 3, published: \"3\" }   # flow\nb:\n  value: 2032\n  next_year: keep   # a programme's end\nc:\n  unit: share\n  value: 12.5\n  assumed: { kk: \"к\", ru: \"р\" }\n  maintainer_note: { kk: \"к\", ru: \"р\" }\n  precision: 1\nd: { derive: { sum: [\"#a\"] }, published: \"3\" }\n";
    let [out] = <[String; 1]>::try_from(roll(&[("facts.yaml", facts)])).unwrap();
    assert_eq!(
        out,
        "# the facts\na: { value: ~ }   # flow\nb:\n  value: 2032\n  next_year: keep   # a programme's end\nc:\n  unit: share\n  value: ~\n  precision: 1\nd: { derive: { sum: [\"#a\"] } }\n"
    );
}

#[test]
fn a_declared_conflict_keeps_its_declaration_and_owes_a_new_note() {
    let table = format!(
        "{HEAD}rows:\n  - {{ key: a, label: {{ kk: \"А\", ru: \"А\" }} }}\ncolumns:\n  - {{ key: x, label: {{ kk: \"X\", ru: \"X\" }} }}\n  - {{ key: y, label: {{ kk: \"Y\", ru: \"Y\" }} }}\nvalues:\n  a: [1, 2]\nchecks:\n  - on_fail: warning\n    expect: {{ sum: [x] }}\n    equals: y\n    note: {{ kk: \"2024 жылы 1 және 2\",\n            ru: \"в 2024 году 1 и 2\" }}\n"
    );
    let [out] = <[String; 1]>::try_from(roll(&[("t.yaml", &table)])).unwrap();
    assert!(
        out.ends_with("  a: [~, ~]\nchecks:\n  - on_fail: warning\n    expect: { sum: [x] }\n    equals: y\n    note: ~\n"),
        "{out}"
    );
}

/// Writes a one-section project from `files` (relative to the project) and runs
/// next-year into `new/`, returning the project's folder and what next-year said.
fn try_roll(files: &[(&str, &str)]) -> (tempfile::TempDir, Result<super::Outcome, super::Refusal>) {
    let dir = tempfile::Builder::new()
        .prefix("esep-next-")
        .tempdir()
        .unwrap();
    let data = dir.path().join("data");
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(data.join("s")).unwrap();
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(data.join("report.yaml"), REPORT).unwrap();
    std::fs::write(data.join("dimensions.yaml"), DIMENSIONS).unwrap();
    std::fs::write(templates.join("s.kk.md.tera"), "Мәтін\n").unwrap();
    std::fs::write(templates.join("s.ru.md.tera"), "Текст\n").unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let inputs = Inputs { data, templates };
    let outcome = next_year(&inputs, Some(&dir.path().join("new")));
    (dir, outcome)
}

/// The outcome of a roll that must succeed.
fn ok(outcome: &Result<super::Outcome, super::Refusal>) -> &super::Outcome {
    match outcome {
        Ok(o) => o,
        Err(
            super::Refusal::Source(d)
            | super::Refusal::Roll(d)
            | super::Refusal::Result { diags: d, .. },
        ) => panic!("{d:?}"),
        Err(super::Refusal::Io(e)) => panic!("{e}"),
    }
}

const TABLE: &str = "title: { kk: \"Кесте\", ru: \"Таблица\" }\nstub: { kk: \"Көрсеткіш\", ru: \"Показатель\" }\nrows:\n  - { key: a, label: { kk: \"А\", ru: \"А\" } }\ncolumns:\n  - each: years\nvalues:\n  a: { y2022: 1, y2023: 2, y2024: 3 }\n";

#[test]
fn a_block_scalar_note_goes_without_the_fact_after_it() {
    let facts = "f:\n  value: 3\n  maintainer_note:\n    kk: кітапта 3,0\n    ru: |\n      в книге 3,0\n      строка\n\n# the next fact\ng:\n  value: 4\n  assumed:\n    kk: а\n    ru: >-\n      folded\nh: { value: 5 }\n";
    let (dir, outcome) = try_roll(&[("data/s/facts.yaml", facts)]);
    ok(&outcome);
    let out = read(&dir.path().join("new"), "data/s/facts.yaml");
    assert_eq!(
        out,
        "f:\n  value: ~\n\n# the next fact\ng:\n  value: ~\nh: { value: ~ }\n"
    );
}

#[test]
fn neighbouring_entries_of_a_flow_fact_go_together() {
    let facts = "f: { value: 3, published: \"3\", maintainer_note: { kk: а, ru: б } }\n";
    let (dir, outcome) = try_roll(&[("data/s/facts.yaml", facts)]);
    ok(&outcome);
    let out = read(&dir.path().join("new"), "data/s/facts.yaml");
    assert_eq!(out, "f: { value: ~ }\n");
}

#[test]
fn a_yml_table_is_rolled_like_a_yaml_one() {
    let slot = "{{ table(id=\"t\") }}\n";
    let (dir, outcome) = try_roll(&[
        ("data/s/t.yml", TABLE),
        ("templates/s.kk.md.tera", slot),
        ("templates/s.ru.md.tera", slot),
    ]);
    ok(&outcome);
    let out = read(&dir.path().join("new"), "data/s/t.yml");
    assert!(
        out.ends_with("  a: { y2023: 2, y2024: 3, y2025: ~ }\n"),
        "{out}"
    );
}

#[test]
fn a_folder_the_report_does_not_list_is_copied_as_it_is() {
    let facts = "f: { value: 3, published: \"3\" }\n";
    let (dir, outcome) = try_roll(&[("data/old/facts.yaml", facts)]);
    ok(&outcome);
    assert_eq!(read(&dir.path().join("new"), "data/old/facts.yaml"), facts);
}

#[test]
fn a_source_with_figures_to_fill_is_refused_and_nothing_written() {
    let (dir, outcome) = try_roll(&[("data/s/facts.yaml", "f: { value: ~ }\n")]);
    match outcome {
        Err(super::Refusal::Source(d)) => {
            assert!(
                d.iter().any(|d| d.kind == crate::diag::Code::ToFill),
                "{d:?}"
            )
        }
        _ => panic!("a source with a `~` was rolled"),
    }
    assert!(!dir.path().join("new").exists());
}

#[test]
fn a_new_project_that_does_not_check_is_removed_again() {
    // The template names 2022 literally: next year's window (2023–2025) has no such column.
    let (dir, outcome) = try_roll(&[
        ("data/s/t.yaml", TABLE),
        (
            "templates/s.kk.md.tera",
            "{{ table(id=\"t\") }}\n\n{{ cell(table=\"t\", row=\"a\", col=\"y2022\") }}\n",
        ),
        (
            "templates/s.ru.md.tera",
            "{{ table(id=\"t\") }}\n\n{{ cell(table=\"t\", row=\"a\", col=\"y2022\") }}\n",
        ),
    ]);
    match outcome {
        Err(super::Refusal::Result { year, diags }) => {
            assert_eq!(year, 2025);
            assert!(!diags.is_empty());
        }
        Err(super::Refusal::Source(d) | super::Refusal::Roll(d)) => {
            panic!("refused for another reason: {d:?}")
        }
        Err(super::Refusal::Io(e)) => panic!("{e}"),
        Ok(_) => panic!("a project that does not check was written"),
    }
    assert!(!dir.path().join("new").exists());
}

#[test]
fn a_roll_error_points_at_its_line_and_column() {
    let facts = "f: { value: 3 }\ng: &x { value: 4 }\n";
    let (_dir, outcome) = try_roll(&[("data/s/facts.yaml", facts)]);
    match outcome {
        Err(super::Refusal::Roll(d)) | Err(super::Refusal::Source(d)) => {
            let span = d[0].span.as_ref().unwrap();
            assert_eq!(span.line, 2, "{d:?}");
            assert!(span.column > 1, "{d:?}");
        }
        _ => panic!("an anchor was rolled"),
    }
}

#[test]
fn a_fixed_year_key_under_a_relative_label_is_listed_for_review() {
    let table = TABLE.replace(
        "columns:\n  - each: years\n",
        "columns:\n  - each: years\n  - { key: y2010, label: { kk: \"{year-14}\", ru: \"{year-14}\" } }\n",
    ).replace("y2024: 3 }", "y2024: 3, y2010: 9 }");
    let slot = "{{ table(id=\"t\") }}\n";
    let (_dir, outcome) = try_roll(&[
        ("data/s/t.yaml", &table),
        ("templates/s.kk.md.tera", slot),
        ("templates/s.ru.md.tera", slot),
    ]);
    ok(&outcome);
    let review = &outcome.ok().unwrap().tally.review;
    assert!(
        review
            .iter()
            .any(|r| r.contains("data/s/t.yaml:7: `y2010` is a fixed year")),
        "{review:?}"
    );
}

#[test]
fn an_indentless_list_row_of_a_window_moves_onto_its_key_line() {
    let table = TABLE.replace(
        "  a: { y2022: 1, y2023: 2, y2024: 3 }\n",
        "  a:\n  - 1\n  - 2\n  - 3\n",
    );
    let slot = "{{ table(id=\"t\") }}\n";
    let (dir, outcome) = try_roll(&[
        ("data/s/t.yaml", &table),
        ("templates/s.kk.md.tera", slot),
        ("templates/s.ru.md.tera", slot),
    ]);
    ok(&outcome);
    let out = read(&dir.path().join("new"), "data/s/t.yaml");
    assert!(out.ends_with("values:\n  a: [2, 3, ~]\n"), "{out}");
}

#[test]
fn files_the_model_does_not_read_are_copied_byte_for_byte() {
    let notes = "# anchors and all: not next-year's business\nbase: &b { x: 1 }\nuse: *b\n";
    let (dir, outcome) = try_roll(&[
        ("data/archive/notes.yaml", notes),
        ("data/todo.yaml", "# later\n"),
    ]);
    ok(&outcome);
    let new = dir.path().join("new");
    assert_eq!(read(&new, "data/archive/notes.yaml"), notes);
    assert_eq!(read(&new, "data/todo.yaml"), "# later\n");
}

#[test]
fn crlf_line_ends_and_a_byte_order_mark_are_kept() {
    let facts = "\u{feff}f: { value: 3, published: \"3\" }\r\n# note\r\ng: { value: 4 }\r\n";
    let (dir, outcome) = try_roll(&[("data/s/facts.yaml", facts)]);
    ok(&outcome);
    let out = read(&dir.path().join("new"), "data/s/facts.yaml");
    assert_eq!(
        out,
        "\u{feff}f: { value: ~ }\r\n# note\r\ng: { value: ~ }\r\n"
    );
}
