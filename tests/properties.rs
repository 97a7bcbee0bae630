//! Property tests over the loader and the computation. CI runs the default number of
//! cases (bounded: a few seconds); for a longer run:
//! `PROPTEST_CASES=20000 cargo test --release --test properties`.

mod common;

use esep::Diagnostics;
use esep::RawTable;
use esep::parse_str;
use esep::{Inputs, analyse};
use esep::{Value, round_half_up};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::path::Path;

/// Fragments that make a generated document look like our YAML, so the parser goes deep.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("title: "),
        Just("{ kk: \"а\", ru: \"б\" }"),
        Just("\n"),
        Just("  "),
        Just("- "),
        Just("[1, 2.5, -3]"),
        Just("&a "),
        Just("*a"),
        Just(": "),
        Just("\t"),
        Just("values:\n"),
        Just("rows:\n"),
        Just("columns:\n"),
        Just("\""),
        Just("key: x"),
        Just("derive: { sum: [a] }"),
        Just("<<: *a"),
        Just("!!binary "),
        Just("~"),
        Just("yes"),
        Just("{"),
        Just("}"),
        Just("]"),
        Just("\u{feff}"),
        Just("ә"),
        Just("#"),
        Just("---\n"),
        Just("..."),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_loader_never_panics_on_arbitrary_text(text in "\\PC{0,300}") {
        let mut d = Diagnostics::default();
        let parsed = parse_str::<RawTable>(Path::new("t.yaml"), &text, &mut d);
        prop_assert!(parsed.is_some() || d.has_errors(), "a refusal always says why");
    }

    #[test]
    fn the_loader_never_panics_on_yaml_like_text(text in yamlish()) {
        let mut d = Diagnostics::default();
        let parsed = parse_str::<RawTable>(Path::new("t.yaml"), &text, &mut d);
        prop_assert!(parsed.is_some() || d.has_errors());
    }

    #[test]
    fn rounding_is_half_up_and_within_half_a_unit(units in -10_000_000i64..10_000_000, scale in 0u32..6, dp in 0u32..4) {
        let x = Decimal::new(units, scale);
        let r = round_half_up(x, dp);
        let half = Decimal::new(5, dp + 1);
        prop_assert!((r - x).abs() <= half);
        prop_assert_eq!(r.scale(), dp);
        if scale <= dp {
            prop_assert_eq!(r, x);
        }
        // A tie goes away from zero.
        if (r - x).abs() == half {
            prop_assert!(r.abs() > x.abs());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A generated table of head counts by unit and gender: totals are exact sums, every
    /// share lies in 0–100, and the shares of a unit add up to 100 within rounding.
    #[test]
    fn totals_add_up_and_shares_stay_in_range(counts in prop::collection::vec((0u32..20_000, 0u32..20_000), 1..8)) {
        let temp = common::temp_dir();
        let dir = temp.path();
        write_project(dir, &counts);
        let mut d = Diagnostics::default();
        let result = analyse(&Inputs { data: dir.join("data"), templates: dir.join("templates") }, &mut d);
        drop(temp);
        let esep::Analysis { report, computed, .. } = result.expect("a valid generated project loads");
        prop_assert!(!d.has_errors(), "{:?}", d.iter().collect::<Vec<_>>());
        let table = report.table("headcount").unwrap();
        let cells = &computed.tables[0];
        let col = |k: &str| table.column_index(k).unwrap();
        let total_row = table.row_index("total").unwrap();
        let (mut men, mut women) = (0u64, 0u64);
        for (r, (m, w)) in counts.iter().enumerate() {
            men += u64::from(*m);
            women += u64::from(*w);
            prop_assert_eq!(cells[r][col("total")], Value::Num(Decimal::from(m + w)));
            let shares: Vec<Value> = ["men.share", "women.share"].iter().map(|k| cells[r][col(k)]).collect();
            if m + w == 0 {
                prop_assert!(shares.iter().all(|s| *s == Value::Undefined), "no staff: a dash, not a number");
            } else {
                let rounded: Vec<Decimal> = shares.iter().map(|s| round_half_up(s.num().unwrap(), 1)).collect();
                for s in &rounded {
                    prop_assert!(*s >= Decimal::ZERO && *s <= Decimal::ONE_HUNDRED);
                }
                let sum: Decimal = rounded.iter().sum();
                prop_assert!((sum - Decimal::ONE_HUNDRED).abs() <= Decimal::new(1, 1), "{sum}");
            }
        }
        prop_assert_eq!(cells[total_row][col("men.count")], Value::Num(Decimal::from(men)));
        prop_assert_eq!(cells[total_row][col("women.count")], Value::Num(Decimal::from(women)));
        prop_assert_eq!(cells[total_row][col("total")], Value::Num(Decimal::from(men + women)));
    }
}

fn write_project(dir: &Path, counts: &[(u32, u32)]) {
    std::fs::create_dir_all(dir.join("data/people")).unwrap();
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join("data/report.yaml"),
        "title: { kk: \"Есеп\", ru: \"Отчёт\" }\nyear: 2024\ndate: 2025-01-31\nlanguages: [kk, ru]\nsections:\n  - id: people\n    title: { kk: \"П\", ru: \"П\" }\n",
    )
    .unwrap();
    let mut dims = String::from("units:\n  label: { kk: \"Б\", ru: \"П\" }\n  members:\n");
    for i in 0..counts.len() {
        dims.push_str(&format!(
            "    - {{ key: u{i}, label: {{ kk: \"Б{i}\", ru: \"П{i}\" }} }}\n"
        ));
    }
    dims.push_str("genders:\n  label: { kk: \"Ж\", ru: \"П\" }\n  members:\n    - { key: men, label: { kk: \"Е\", ru: \"М\" } }\n    - { key: women, label: { kk: \"Ә\", ru: \"Ж\" } }\n");
    std::fs::write(dir.join("data/dimensions.yaml"), dims).unwrap();
    let mut table = String::from(
        "title: { kk: \"К\", ru: \"Т\" }\nstub: { kk: \"Б\", ru: \"П\" }\nrows: [units]\ntotal_row: { label: { kk: \"Барлығы\", ru: \"Итого\" } }\ncolumns:\n  - { key: total, label: { kk: \"Б\", ru: \"В\" }, derive: { sum: [\"*.count\"] } }\n  - each: genders\n    columns:\n      - { key: count, label: { kk: \"адам\", ru: \"чел.\" } }\n      - { key: share, label: { kk: \"%\", ru: \"%\" }, derive: { share: count, of: total }, precision: 1 }\nvalues:\n",
    );
    for (i, (m, w)) in counts.iter().enumerate() {
        table.push_str(&format!("  u{i}: [{m}, {w}]\n"));
    }
    std::fs::write(dir.join("data/people/headcount.yaml"), table).unwrap();
    for lang in ["kk", "ru"] {
        std::fs::write(
            dir.join(format!("templates/people.{lang}.md.tera")),
            "{{ table(id=\"headcount\") }}\n",
        )
        .unwrap();
    }
}
