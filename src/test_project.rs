//! Test support for the unit tests of compute, check and view (included by each with
//! `#[path]`): a tiny project written to a temporary directory and read by the real loader,
//! so a test states its data the way a user writes it and no test builds model structs by
//! hand (they would break with every change of the model's fields).
#![allow(dead_code)]

use crate::compute::{Computed, Value};
use crate::diag::Diagnostics;
use crate::model::Report;
use crate::{Analysis, Inputs, analyse};
use rust_decimal::Decimal;

const REPORT: &str = r#"title: { kk: "Есеп", ru: "Отчёт" }
year: 2024
date: 2025-01-31
languages: [kk, ru]
sections:
  - id: s
    title: { kk: "Бөлім", ru: "Раздел" }
"#;

const DIMENSIONS: &str = r#"units:
  label: { kk: "Бөлімше", ru: "Подразделение" }
  members:
    - { key: north, label: { kk: "Солтүстік", ru: "Север" } }
    - { key: south, label: { kk: "Оңтүстік", ru: "Юг" } }
    - { key: empty, label: { kk: "Бос", ru: "Пустое" } }
genders:
  label: { kk: "Жынысы", ru: "Пол" }
  members:
    - { key: men, label: { kk: "Ерлер", ru: "Мужчины" } }
    - { key: women, label: { kk: "Әйелдер", ru: "Женщины" } }
"#;

/// The head of a table file: title, stub and one GRI reference.
pub(crate) const HEAD: &str = r#"title: { kk: "Кесте", ru: "Таблица" }
gri: ["405-1"]
stub: { kk: "Бөлімше", ru: "Подразделение" }
"#;

/// The body of a table of head counts by unit and gender with each gender's share of the
/// unit (after [`HEAD`]): 1000 men and 15 women in north, 7 and 1 in south, none in empty.
pub(crate) const SHARES: &str = r#"rows: [units]
total_row: { label: { kk: "Барлығы", ru: "Итого" } }
columns:
  - { key: total, label: { kk: "Барлығы", ru: "Всего" }, derive: { sum: ["*.count"] } }
  - each: genders
    columns:
      - { key: count, label: { kk: "адам", ru: "чел." } }
      - { key: share, label: { kk: "%", ru: "%" }, derive: { share: count, of: total }, precision: 1 }
values:
  north: [1000, 15]
  south: [7, 1]
  empty: [0, 0]
"#;

/// Loads, computes and checks a project of one section `s` holding `files` (name under
/// `data/s/` → text; the units north/south/empty and the genders men/women are defined).
/// Returns the model and values if they could be computed, and every diagnostic as
/// `severity: message`.
pub(crate) fn run(files: &[(&str, &str)]) -> (Option<Analysis>, Vec<String>) {
    let dir = tempfile::Builder::new()
        .prefix("esep-unit-")
        .tempdir()
        .unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("s")).unwrap();
    std::fs::write(data.join("report.yaml"), REPORT).unwrap();
    std::fs::write(data.join("dimensions.yaml"), DIMENSIONS).unwrap();
    for (name, text) in files {
        std::fs::write(data.join("s").join(name), text).unwrap();
    }
    let mut diags = Diagnostics::default();
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let inputs = Inputs { data, templates };
    let analysed = analyse(&inputs, &mut diags);
    let messages = diags
        .sorted()
        .into_iter()
        .map(|d| format!("{}: {}", d.severity.as_str(), d.message))
        .collect();
    (analysed, messages)
}

/// [`run`] for a project that must compute: the model, the values and the diagnostics.
pub(crate) fn analysed(files: &[(&str, &str)]) -> (Report, Computed, Vec<String>) {
    let (a, messages) = full(files);
    (a.report, a.computed, messages)
}

/// [`run`] for a project that must compute, with its reconciliation.
pub(crate) fn full(files: &[(&str, &str)]) -> (Analysis, Vec<String>) {
    let (analysed, messages) = run(files);
    let a = analysed.unwrap_or_else(|| panic!("does not compute: {messages:?}"));
    (a, messages)
}

/// The value of `table`'s cell at `row`, `col`.
pub(crate) fn cell(
    report: &Report,
    computed: &Computed,
    table: &str,
    row: &str,
    col: &str,
) -> Value {
    let t = report.table_index(table).unwrap();
    let r = report.tables[t].row_index(row).unwrap();
    let c = report.tables[t].column_index(col).unwrap();
    computed.tables[t][r][c]
}

/// The value of fact `id`.
pub(crate) fn fact(report: &Report, computed: &Computed, id: &str) -> Value {
    computed.facts[report.fact_index(id).unwrap()]
}

/// An exact decimal value, from its text (`"98.5"`).
pub(crate) fn num(text: &str) -> Value {
    Value::Num(text.parse::<Decimal>().unwrap())
}
