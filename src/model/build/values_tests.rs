//! A row's figures by position and by column key, on tiny projects read by the real loader:
//! both forms fill the same cells, rows of one table may mix them, and every way a map can
//! fail to fit the columns is reported with the row and the column named.

use crate::test_project as project;
use project::{HEAD, SHARES, analysed, cell, num, run};

/// The shares table with its `values:` line for `row` replaced by `to`.
fn shares_with_row(row: &str, to: &str) -> String {
    let from = match row {
        "north" => "north: [1000, 15]",
        "south" => "south: [7, 1]",
        _ => "empty: [0, 0]",
    };
    let body = SHARES.replace(from, to);
    assert_ne!(body, SHARES, "the shared table changed; update this test");
    format!("{HEAD}{body}")
}

/// The diagnostics of a project of the one table `text`.
fn messages(text: &str) -> Vec<String> {
    run(&[("t.yaml", text)]).1
}

#[test]
fn a_map_fills_the_same_cells_as_a_list_whatever_its_order() {
    let table = shares_with_row("north", "north: { women.count: 15, men.count: 1000 }");
    let (report, computed, diags) = analysed(&[("t.yaml", &table)]);
    assert_eq!(diags, Vec::<String>::new());
    let at = |row, col| cell(&report, &computed, "t", row, col);
    assert_eq!(at("north", "men.count"), num("1000"));
    assert_eq!(at("north", "women.count"), num("15"));
    assert_eq!(at("north", "total"), num("1015"));
    assert_eq!(at("total", "total"), num("1023"));
}

#[test]
fn rows_of_one_table_may_mix_lists_and_maps() {
    let table = shares_with_row("south", "south: { men.count: 7, women.count: 1 }")
        .replace("empty: [0, 0]", "empty: {men.count: 0, women.count: 0}");
    let (report, computed, diags) = analysed(&[("t.yaml", &table)]);
    assert_eq!(diags, Vec::<String>::new());
    let at = |row, col| cell(&report, &computed, "t", row, col);
    assert_eq!(at("north", "men.count"), num("1000"));
    assert_eq!(at("south", "women.count"), num("1"));
    assert_eq!(at("empty", "total"), num("0"));
}

#[test]
fn a_years_series_is_keyed_by_member() {
    // `each` without `columns`: one leaf per member, keyed by the member.
    let table = format!(
        "{HEAD}{}",
        r#"rows: [units]
columns:
  - each: genders
values:
  north: { women: 2, men: 1 }
  south: [3, 4]
  empty: { men: 0, women: 0 }
"#
    );
    let (report, computed, diags) = analysed(&[("t.yaml", &table)]);
    assert_eq!(diags, Vec::<String>::new());
    assert_eq!(cell(&report, &computed, "t", "north", "women"), num("2"));
    assert_eq!(cell(&report, &computed, "t", "south", "men"), num("3"));
}

#[test]
fn a_key_that_is_no_column_is_an_error_naming_it() {
    let got = messages(&shares_with_row(
        "north",
        "north: { men.count: 1000, women: 15 }",
    ));
    // The misspelt key is not reported again as `women.count` missing.
    assert_eq!(
        got,
        ["error: row `north`: `women` is not a raw column of this table"]
    );
    let far = messages(&shares_with_row(
        "north",
        "north: { men.count: 1000, women.count: 15, pensioners: 3 }",
    ));
    assert_eq!(
        far,
        ["error: row `north`: `pensioners` is not a raw column of this table"]
    );
}

#[test]
fn a_derived_column_takes_no_value() {
    let got = messages(&shares_with_row(
        "north",
        "north: { men.count: 1000, women.count: 15, men.share: 98.5 }",
    ));
    assert_eq!(
        got,
        ["error: row `north`: column `men.share` is derived; it takes no value"]
    );
}

#[test]
fn a_raw_column_left_out_of_a_map_is_an_error_naming_it() {
    let one = messages(&shares_with_row("south", "south: { men.count: 7 }"));
    assert_eq!(
        one,
        ["error: row `south` has no value for raw column `women.count`"]
    );
    let all = messages(&shares_with_row("empty", "empty: {}"));
    assert_eq!(
        all,
        ["error: row `empty` has no values for raw columns `men.count`, `women.count`"]
    );
}

#[test]
fn a_key_given_twice_is_refused_by_the_parser() {
    let got = messages(&shares_with_row(
        "north",
        "north: { men.count: 1000, men.count: 999, women.count: 15 }",
    ));
    assert_eq!(got, ["error: duplicate mapping key: men.count"]);
}

#[test]
fn figures_of_the_wrong_type_are_errors() {
    let cases = [
        (
            "north: 1000",
            "error: invalid type: integer `1000`, expected a list of figures in column order, or a map by column key",
        ),
        (
            "north: { men.count: [1000], women.count: 15 }",
            "error: expected string scalar",
        ),
        (
            "north: { men.count: many, women.count: 15 }",
            "error: expected a number such as 4495 or 14.87, found `many`",
        ),
    ];
    for (row, want) in cases {
        assert_eq!(messages(&shares_with_row("north", row)), [want], "{row}");
    }
}

#[test]
fn published_figures_may_be_a_map_with_tilde_for_unprinted() {
    let published = "published:\n  north: { total: ~, men.count: \"1 000\", men.share: \"98,5\", women.count: \"15\", women.share: \"1,4\" }\n";
    let got = messages(&format!("{HEAD}{SHARES}{published}"));
    assert_eq!(
        got,
        [
            "warning: table `t`, row `north`, column `women.share`: the source printed 1,4 but it recomputes to 1,5"
        ]
    );
}

#[test]
fn a_published_map_names_every_column_and_no_other() {
    let unknown = "published:\n  north: { total: ~, men.count: ~, men.share: ~, women.count: ~, women.shar: ~, women.share: ~ }\n";
    assert_eq!(
        messages(&format!("{HEAD}{SHARES}{unknown}")),
        ["error: `published` row `north`: `women.shar` is not a column of this table"]
    );
    let missing = "published:\n  north: { men.count: \"1000\", women.count: \"15\" }\n";
    assert_eq!(
        messages(&format!("{HEAD}{SHARES}{missing}")),
        [
            "error: `published` row `north` has no figures for columns `total`, `men.share`, `women.share`"
        ]
    );
}

#[test]
fn a_value_written_as_tilde_is_still_to_fill_in_and_pending_downstream() {
    use crate::compute::Value;
    for form in ["south: [7, ~]", "south: { men.count: 7, women.count: ~ }"] {
        let table = shares_with_row("south", form);
        let (report, computed, diags) = analysed(&[("t.yaml", &table)]);
        assert_eq!(diags, Vec::<String>::new(), "{form}");
        let at = |row, col| cell(&report, &computed, "t", row, col);
        assert_eq!(at("south", "women.count"), Value::Pending, "{form}");
        assert_eq!(
            at("south", "total"),
            Value::Pending,
            "a sum of a pending figure"
        );
        assert_eq!(
            at("total", "women.share"),
            Value::Pending,
            "and the total row"
        );
        assert_eq!(at("north", "total"), num("1015"), "other rows are computed");
        let t = report.table_index("t").unwrap();
        let south = report.tables[t].row_index("south").unwrap();
        assert_eq!(report.tables[t].rows[south].to_fill.len(), 1);
    }
}

#[test]
fn figures_for_years_by_position_are_a_warning() {
    let body = r#"rows:
  - { key: staff, label: { kk: "Адам", ru: "Человек" } }
columns:
  - { key: y2023, label: { kk: "{year-1}", ru: "{year-1}" } }
  - { key: y2024, label: { kk: "{year}", ru: "{year}" } }
values:
  staff: [10, 12]
"#;
    assert_eq!(
        messages(&format!("{HEAD}{body}")),
        ["warning: row `staff` gives figures for years by position"]
    );
    let by_key = body.replace("[10, 12]", "{ y2023: 10, y2024: 12 }");
    assert_eq!(messages(&format!("{HEAD}{by_key}")), Vec::<String>::new());
}
