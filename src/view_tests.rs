//! The views on tiny projects read by the real loader: captions, spanned and flattened
//! headers, row styles, and every figure formatted for its language at the row's or the
//! column's precision (grouping, decimal comma, percent sign, dash, zero mark).

use super::*;
use crate::lang::{Label, Lang};
use crate::locale::NumberStyle;

use crate::test_project as project;
use project::{HEAD, SHARES, analysed};

/// Explicit rows under a heading, a row precision, a percent column and a zero mark.
const FORMATS: &str = r#"rows:
  - { heading: { kk: "Жынысы", ru: "Пол" } }
  - { key: a, label: { kk: "А", ru: "А" } }
  - { key: b, label: { kk: "Б", ru: "Б" }, precision: 2 }
columns:
  - { key: n, label: { kk: "адам", ru: "чел." }, precision: 1 }
  - key: pct
    label: { kk: "үлесі", ru: "доля" }
    derive: { share: n, of: 3 }
    format: percent
    precision: 1
zero_mark: "-"
values:
  a: [0]
  b: [2.5]
"#;

const FACTS: &str = r##"headcount: { value: 1023 }
year: { value: 2024, format: year }
women_share:
  derive: { share: "shares/women.count@total", of: "#headcount" }
  precision: 2
  format: percent
"##;

/// The view of table `id` in `lang`, and the figures of the whole report.
fn views(lang: Lang, id: &str) -> (TableView, Figures) {
    let (report, computed, messages) = analysed(&[
        ("shares.yaml", &format!("{HEAD}{SHARES}")),
        ("formats.yaml", &format!("{HEAD}{FORMATS}")),
        ("facts.yaml", FACTS),
    ]);
    assert_eq!(messages, Vec::<String>::new());
    let style = NumberStyle::for_report(&report, lang);
    let t = report.table_index(id).unwrap();
    (
        table_view(&report, &computed, t, &style),
        figures(&report, &computed, &style, &Default::default()),
    )
}

fn header(text: &str, colspan: usize, rowspan: usize) -> (String, usize, usize) {
    (text.to_owned(), colspan, rowspan)
}

fn headers(view: &TableView) -> Vec<Vec<(String, usize, usize)>> {
    view.header_rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| (c.text.clone(), c.colspan, c.rowspan))
                .collect()
        })
        .collect()
}

fn rows(view: &TableView) -> Vec<(RowStyle, &str, Vec<&str>)> {
    view.rows
        .iter()
        .map(|r| {
            (
                r.style,
                r.label.as_str(),
                r.cells.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

#[test]
fn a_table_view_in_kazakh() {
    let (view, _) = views(Lang::Kk, "shares");
    assert_eq!(view.id, "shares");
    assert_eq!(view.caption, "Кесте");
    assert_eq!(view.gri, ["GRI 405-1"]);
    assert_eq!(view.stub, "Бөлімше");
    assert_eq!(
        headers(&view),
        [
            vec![
                header("Барлығы", 1, 2),
                header("Ерлер", 2, 1),
                header("Әйелдер", 2, 1)
            ],
            vec![
                header("адам", 1, 1),
                header("%", 1, 1),
                header("адам", 1, 1),
                header("%", 1, 1)
            ],
        ]
    );
    assert_eq!(
        view.flat_headers,
        [
            "Барлығы",
            "Ерлер, адам",
            "Ерлер, %",
            "Әйелдер, адам",
            "Әйелдер, %"
        ]
    );
    assert_eq!(
        rows(&view),
        [
            (
                RowStyle::Body,
                "Солтүстік",
                vec!["1\u{a0}015", "1\u{a0}000", "98,5", "15", "1,5"]
            ),
            (
                RowStyle::Body,
                "Оңтүстік",
                vec!["8", "7", "87,5", "1", "12,5"]
            ),
            // No staff: the shares are undefined, printed as a dash.
            (RowStyle::Body, "Бос", vec!["0", "0", "–", "0", "–"]),
            // The total's own shares: 1007 and 16 of 1023.
            (
                RowStyle::Total,
                "Барлығы",
                vec!["1\u{a0}023", "1\u{a0}007", "98,4", "16", "1,6"]
            ),
        ]
    );
}

#[test]
fn a_table_view_in_russian() {
    let (view, _) = views(Lang::Ru, "shares");
    assert_eq!(view.caption, "Таблица");
    assert_eq!(view.stub, "Подразделение");
    assert_eq!(
        view.flat_headers,
        [
            "Всего",
            "Мужчины, чел.",
            "Мужчины, %",
            "Женщины, чел.",
            "Женщины, %"
        ]
    );
    let labels: Vec<&str> = view.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Север", "Юг", "Пустое", "Итого"]);
    assert_eq!(
        view.rows[0].cells,
        ["1\u{a0}015", "1\u{a0}000", "98,5", "15", "1,5"]
    );
}

#[test]
fn headings_row_precision_percent_and_the_zero_mark() {
    let (kk, _) = views(Lang::Kk, "formats");
    assert_eq!(
        rows(&kk),
        [
            (RowStyle::Heading, "Жынысы", vec![]),
            // An exact zero prints the table's zero mark, in every column.
            (RowStyle::Body, "А", vec!["-", "-"]),
            // Row `b` prints 2 decimals in every column: 2.5 and 2.5 of 3 = 83.33…%.
            (RowStyle::Body, "Б", vec!["2,50", "83,33%"]),
        ]
    );
    let (ru, _) = views(Lang::Ru, "formats");
    assert_eq!(ru.rows[2].cells, ["2,50", "83,33\u{a0}%"]);
}

#[test]
fn figures_for_templates_hold_every_fact_and_cell() {
    let (_, kk) = views(Lang::Kk, "shares");
    assert_eq!(kk.facts["headcount"].text, "1\u{a0}023");
    assert_eq!(kk.facts["year"].text, "2024");
    // 16 of 1023 = 1.564…%
    assert_eq!(kk.facts["women_share"].text, "1,56%");
    assert_eq!(kk.cells["shares"]["total"]["men.share"].text, "98,4");
    assert_eq!(kk.cells["shares"]["empty"]["women.share"].text, "–");
    // Heading rows have no figures to print.
    let formats: Vec<&String> = kk.cells["formats"].keys().collect();
    assert_eq!(formats, ["a", "b"]);
    let (_, ru) = views(Lang::Ru, "shares");
    assert_eq!(ru.facts["women_share"].text, "1,56\u{a0}%");
}

fn node(text: &str, children: Vec<HeaderNode>) -> HeaderNode {
    HeaderNode {
        label: Label {
            kk: text.into(),
            ru: text.into(),
        },
        leaf: children.is_empty().then_some(0),
        children,
    }
}

#[test]
fn header_cells_know_their_columns() {
    let header = [
        node("Барлығы", vec![]),
        node("Топ 0", vec![node("адам", vec![]), node("%", vec![])]),
        node("Топ 1", vec![node("адам", vec![]), node("%", vec![])]),
    ];
    let mut rows = vec![Vec::new(); 2];
    let mut col = 0;
    for n in &header {
        col = header_cells(n, 0, col, 2, Lang::Kk, &mut rows);
    }
    assert_eq!(col, 5);
    let got: Vec<Vec<(usize, usize, usize, &str)>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|h| (h.col, h.colspan, h.rowspan, h.text.as_str()))
                .collect()
        })
        .collect();
    assert_eq!(
        got,
        [
            vec![(0, 1, 2, "Барлығы"), (1, 2, 1, "Топ 0"), (3, 2, 1, "Топ 1")],
            vec![
                (1, 1, 1, "адам"),
                (2, 1, 1, "%"),
                (3, 1, 1, "адам"),
                (4, 1, 1, "%")
            ],
        ]
    );
}

#[test]
fn facts_of_a_rounding_group_print_figures_that_add_up() {
    // 1, 1, 1 of 3: 33,33…% each; rounded together 34 + 33 + 33 = 100.
    let facts = "whole: { value: 3 }\n\
        a: { derive: { share: 1, of: \"#whole\" }, format: percent, rounding: { largest_remainder: g } }\n\
        b: { derive: { share: 1, of: \"#whole\" }, format: percent, rounding: { largest_remainder: g } }\n\
        c: { derive: { share: 1, of: \"#whole\" }, format: percent, rounding: { largest_remainder: g } }\n\
        d: { derive: { share: 1, of: \"#whole\" }, format: percent }\n";
    let (report, computed, _) = analysed(&[("facts.yaml", facts)]);
    let style = NumberStyle::for_report(&report, Lang::Kk);
    let f = figures(&report, &computed, &style, &Default::default());
    let got: Vec<&str> = ["a", "b", "c", "d"]
        .iter()
        .map(|id| f.facts[*id].text.as_str())
        .collect();
    assert_eq!(got, ["34%", "33%", "33%", "33%"]);
}
