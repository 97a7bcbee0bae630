//! The rules on tiny projects read by the real loader: each derivation's exact value, a
//! division by zero, the total row, derived rows, references across tables and facts, and
//! a cycle.

use crate::compute::{Value, round_half_up};

use crate::test_project as project;
use project::{HEAD, SHARES, analysed, cell, fact, num, run};

/// Raw staff, amount (million tenge) and last year's staff by unit, and one column per rule.
const RULES: &str = r#"rows: [units]
total_row: { label: { kk: "Барлығы", ru: "Итого" } }
columns:
  - { key: staff, label: { kk: "адам", ru: "чел." } }
  - { key: amount, label: { kk: "млн теңге", ru: "млн тенге" }, precision: 1 }
  - { key: prev, label: { kk: "{year-1}", ru: "{year-1}" } }
  - key: per_head
    label: { kk: "мың теңге", ru: "тыс. тенге" }
    derive: { per_capita: amount, per: staff, scale: 1000 }
    precision: 1
  - { key: dev, label: { kk: "%", ru: "%" }, derive: { deviation: [staff, prev] }, precision: 1 }
  - { key: ratio, label: { kk: "х", ru: "х" }, derive: { ratio: [amount, staff] }, precision: 3 }
  - { key: diff, label: { kk: "±", ru: "±" }, derive: { difference: [staff, prev] } }
values:
  north: [200, 1234.5, 160]
  south: [8, 2.0, 10]
  empty: [0, 0, 0]
"#;

fn with_head(body: &str) -> String {
    format!("{HEAD}{body}")
}

/// The shares table with no women in south: 7 men of 7, a share of zero.
fn shares() -> String {
    let body = SHARES.replace("south: [7, 1]", "south: [7, 0]");
    assert_ne!(body, SHARES, "the shared table changed; update this test");
    with_head(&body)
}

/// `v` rounded half-up to 4 decimals, for values with endless decimals.
fn at4(v: Value) -> Value {
    match v {
        Value::Num(d) => Value::Num(round_half_up(d, 4)),
        other => other,
    }
}

#[test]
fn per_capita_scale_deviation_ratio_and_difference_are_exact() {
    let (report, computed, messages) = analysed(&[("rules.yaml", &with_head(RULES))]);
    assert_eq!(messages, Vec::<String>::new());
    let at = |row: &str, col: &str| cell(&report, &computed, "rules", row, col);
    // 1234.5 million ÷ 200 people × 1000 = 6172.5 thousand per person.
    assert_eq!(at("north", "per_head"), num("6172.5"));
    assert_eq!(at("south", "per_head"), num("250"));
    // (200 ÷ 160 − 1) × 100 and (8 ÷ 10 − 1) × 100: a fall is negative.
    assert_eq!(at("north", "dev"), num("25"));
    assert_eq!(at("south", "dev"), num("-20"));
    assert_eq!(at("north", "ratio"), num("6.1725"));
    assert_eq!(at("south", "ratio"), num("0.25"));
    assert_eq!(at("north", "diff"), num("40"));
    assert_eq!(at("south", "diff"), num("-2"));
}

#[test]
fn a_division_by_zero_is_undefined_not_an_error() {
    let (report, computed, messages) = analysed(&[("rules.yaml", &with_head(RULES))]);
    assert_eq!(messages, Vec::<String>::new());
    let at = |col: &str| cell(&report, &computed, "rules", "empty", col);
    assert_eq!(at("per_head"), Value::Undefined);
    assert_eq!(at("dev"), Value::Undefined);
    assert_eq!(at("ratio"), Value::Undefined);
    // A difference divides nothing: 0 − 0.
    assert_eq!(at("diff"), num("0"));
}

#[test]
fn a_share_of_zero_is_zero_and_a_share_of_nothing_is_undefined() {
    let (report, computed, _) = analysed(&[("shares.yaml", &shares())]);
    let at = |row: &str, col: &str| cell(&report, &computed, "shares", row, col);
    assert_eq!(at("south", "women.share"), num("0"));
    assert_eq!(at("south", "men.share"), num("100"));
    assert_eq!(at("empty", "total"), num("0"));
    assert_eq!(at("empty", "men.share"), Value::Undefined);
    assert_eq!(at("empty", "women.share"), Value::Undefined);
    // 1000 × 100 ÷ 1015, exactly to 28 digits before any rounding.
    assert_eq!(at4(at("north", "men.share")), num("98.5222"));
    assert_eq!(at4(at("north", "women.share")), num("1.4778"));
}

#[test]
fn the_total_row_sums_raw_columns_and_re_derives_the_others() {
    let (report, computed, _) = analysed(&[
        ("shares.yaml", &shares()),
        ("rules.yaml", &with_head(RULES)),
    ]);
    let shares = |col: &str| cell(&report, &computed, "shares", "total", col);
    assert_eq!(shares("men.count"), num("1007"));
    assert_eq!(shares("women.count"), num("15"));
    assert_eq!(shares("total"), num("1022"));
    // The total's share (1007 of 1022), not the sum of the units' shares (98.5 + 100).
    assert_eq!(at4(shares("men.share")), num("98.5323"));
    assert_eq!(at4(shares("women.share")), num("1.4677"));
    let rules = |col: &str| cell(&report, &computed, "rules", "total", col);
    assert_eq!(rules("amount"), num("1236.5"));
    // 1236.5 ÷ 208 × 1000, and (208 ÷ 170 − 1) × 100: re-derived, not summed.
    assert_eq!(at4(rules("per_head")), num("5944.7115"));
    assert_eq!(at4(rules("dev")), num("22.3529"));
    assert_eq!(rules("diff"), num("38"));
}

#[test]
fn a_derived_row_is_not_added_into_the_total_again() {
    let table = with_head(
        r#"rows:
  - { key: a, label: { kk: "А", ru: "А" } }
  - { key: b, label: { kk: "Б", ru: "Б" } }
  - { key: sub, label: { kk: "А+Б", ru: "А+Б" }, derive: { sum: [a, b] } }
  - { key: c, label: { kk: "В", ru: "В" } }
total_row: { label: { kk: "Барлығы", ru: "Итого" } }
columns:
  - { key: n, label: { kk: "адам", ru: "чел." } }
  - { key: share, label: { kk: "%", ru: "%" }, derive: { share: n, of: n@total }, precision: 1 }
values:
  a: [1]
  b: [2]
  c: [5]
"#,
    );
    let (report, computed, _) = analysed(&[("rows.yaml", &table)]);
    let at = |row: &str, col: &str| cell(&report, &computed, "rows", row, col);
    assert_eq!(at("sub", "n"), num("3"));
    assert_eq!(at("total", "n"), num("8"));
    assert_eq!(at("sub", "share"), num("37.5"));
    assert_eq!(at("c", "share"), num("62.5"));
    assert_eq!(at("total", "share"), num("100"));
}

#[test]
fn facts_refer_to_cells_of_tables_and_to_other_facts() {
    let facts = r##"headcount: { value: 1022 }
women_share:
  derive: { share: "shares/women.count@total", of: "#headcount" }
  precision: 2
  format: percent
per_unit: { derive: { ratio: ["#headcount", 2] }, precision: 1 }
north_staff: { derive: { sum: ["rules/staff@north", "rules/staff@south"] } }
"##;
    let (report, computed, _) = analysed(&[
        ("shares.yaml", &shares()),
        ("rules.yaml", &with_head(RULES)),
        ("facts.yaml", facts),
    ]);
    let f = |id: &str| fact(&report, &computed, id);
    assert_eq!(f("headcount"), num("1022"));
    assert_eq!(at4(f("women_share")), num("1.4677"));
    assert_eq!(f("per_unit"), num("511"));
    assert_eq!(f("north_staff"), num("208"));
}

#[test]
fn a_rule_that_depends_on_itself_stops_the_computation() {
    let facts = r##"a: { derive: { sum: ["#b", 1] } }
b: { derive: { sum: ["#a", 1] } }
"##;
    let (computed, messages) = run(&[("facts.yaml", facts)]);
    assert!(computed.is_none());
    assert_eq!(
        messages,
        ["error: this rule depends on itself (a circular derivation)"]
    );
}

#[test]
fn a_share_column_rounded_together_adds_up_to_its_total() {
    // Thirds of 3: half-up prints 33 + 33 + 33 = 99 under a total of 100; rounded together
    // the first (by the tie rules) gets the missing unit.
    let body = r#"rows:
  - { key: a, label: { kk: "А", ru: "А" } }
  - { key: b, label: { kk: "Б", ru: "Б" } }
  - { key: c, label: { kk: "В", ru: "В" } }
total_row: { label: { kk: "Барлығы", ru: "Итого" } }
columns:
  - { key: n, label: { kk: "адам", ru: "чел." } }
  - key: share
    label: { kk: "%", ru: "%" }
    derive: { share: n, of: n@total }
    precision: 0
    rounding: largest_remainder
  - { key: plain, label: { kk: "%", ru: "%" }, derive: { share: n, of: n@total }, precision: 0 }
values:
  a: [1]
  b: [1]
  c: [1]
"#;
    let (_, computed, messages) = analysed(&[("t.yaml", &format!("{HEAD}{body}"))]);
    assert!(messages.is_empty(), "{messages:?}");
    let figure = |r: usize, c: usize| computed.figure(0, r, c);
    let shares: Vec<Value> = (0..3).map(|r| figure(r, 1)).collect();
    assert_eq!(shares, [num("34"), num("33"), num("33")]);
    assert_eq!(
        figure(3, 1),
        num("100"),
        "the total row prints the rounded sum"
    );
    // The column without the declaration rounds each cell half-up on its own.
    let plain: Vec<String> = (0..3)
        .map(|r| match figure(r, 2) {
            Value::Num(d) => round_half_up(d, 0).to_string(),
            v => format!("{v:?}"),
        })
        .collect();
    assert_eq!(plain, ["33", "33", "33"]);
}

#[test]
fn an_unknown_column_rounding_is_refused() {
    let body = SHARES.replace(
        "derive: { share: count, of: total }, precision: 1 }",
        "derive: { share: count, of: total }, precision: 1, rounding: nearest }",
    );
    let (_, messages) = run(&[("t.yaml", &format!("{HEAD}{body}"))]);
    assert!(
        messages
            .iter()
            .any(|m| m
                .contains("`rounding: nearest`: the only option is `rounding: largest_remainder`")),
        "{messages:?}"
    );
}
