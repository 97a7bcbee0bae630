//! The check on tiny projects read by the real loader: `published` figures compared at the
//! printed precision (a derived one is a warning, a raw one an error), shares outside 0–100,
//! and declared identities per row, per column and once.

use crate::test_project as project;
use project::{HEAD, SHARES, analysed};

/// The diagnostics of the shares table with `extra` appended.
fn shares_with(extra: &str) -> Vec<String> {
    analysed(&[("t.yaml", &format!("{HEAD}{SHARES}{extra}"))]).2
}

#[test]
fn a_published_figure_is_compared_at_the_precision_it_was_printed() {
    // north: 1000 of 1015 is 98.522…%: "98,5", "98,52" and "99" all agree at their own
    // precision, and the total 1 015 agrees with its grouping space.
    for printed in ["98,5", "98,52", "99", "98,5%"] {
        let published =
            format!("published:\n  north: [\"1 015\", \"1000\", \"{printed}\", \"15\", \"1,5\"]\n");
        assert_eq!(shares_with(&published), Vec::<String>::new(), "{printed}");
    }
}

#[test]
fn a_derived_figure_that_disagrees_is_a_warning_with_the_recomputed_figure() {
    let got =
        shares_with("published:\n  north: [\"1015\", \"1000\", \"98,53\", \"15\", \"1,4\"]\n");
    assert_eq!(
        got,
        [
            "warning: table `t`, row `north`, column `men.share`: the source printed 98,53 but it recomputes to 98,52",
            "warning: table `t`, row `north`, column `women.share`: the source printed 1,4 but it recomputes to 1,5",
        ]
    );
    // The total row is derived too, and a column the source did not print is `~`.
    let total = shares_with("published:\n  total: [\"1 024\", ~, ~, ~, ~]\n");
    assert_eq!(
        total,
        [
            "warning: table `t`, row `total`, column `total`: the source printed 1024 but it recomputes to 1023"
        ]
    );
}

#[test]
fn a_raw_figure_that_disagrees_is_an_error() {
    let got = shares_with("published:\n  north: [~, \"1 001\", ~, \"15\", ~]\n");
    assert_eq!(
        got,
        [
            "error: table `t`, row `north`, column `men.count`: the raw value is 1000 but `published` says 1001"
        ]
    );
}

#[test]
fn a_printed_figure_that_cannot_be_computed_is_a_warning() {
    let got = shares_with("published:\n  empty: [\"0\", \"0\", \"0\", \"0\", ~]\n");
    assert_eq!(
        got,
        [
            "warning: table `t`, row `empty`, column `men.share`: the source printed 0 but the figure cannot be computed (division by zero)"
        ]
    );
}

#[test]
fn a_share_outside_0_to_100_is_an_error_in_tables_and_facts() {
    let table = format!(
        "{HEAD}{}",
        r#"rows: [units]
columns:
  - { key: whole, label: { kk: "Барлығы", ru: "Всего" } }
  - { key: part, label: { kk: "адам", ru: "чел." } }
  - { key: share, label: { kk: "%", ru: "%" }, derive: { share: part, of: whole }, precision: 2 }
values:
  north: [6, 7]
  south: [10, 10]
  empty: [0, 0]
"#
    );
    let facts = r##"part: { value: 3 }
whole: { value: 2 }
share: { derive: { share: "#part", of: "#whole" }, precision: 1 }
"##;
    let (_, _, got) = analysed(&[("t.yaml", &table), ("facts.yaml", facts)]);
    assert_eq!(
        got,
        [
            "error: fact `share`: the share is 150,00 %, outside 0–100",
            "error: table `t`, row `north`, column `share`: the share is 116,67 %, outside 0–100",
        ]
    );
}

/// A table of men and women by unit with one declared identity (`check`, YAML lines).
fn identity(check: &str) -> Vec<String> {
    let table = format!(
        "{HEAD}{}{check}",
        r#"rows: [units]
total_row: { label: { kk: "Барлығы", ru: "Итого" } }
columns:
  - { key: men, label: { kk: "Ерлер", ru: "Мужчины" } }
  - { key: women, label: { kk: "Әйелдер", ru: "Женщины" } }
  - { key: all, label: { kk: "Барлығы", ru: "Всего" } }
values:
  north: [10, 5, 15]
  south: [3, 4, 8]
  empty: [0, 0, 0]
checks:
"#
    );
    analysed(&[("t.yaml", &table)]).2
}

#[test]
fn an_identity_per_row_is_reported_at_each_row_where_it_fails() {
    let got = identity("  - expect: { sum: [men, women] }\n    equals: all\n");
    assert_eq!(
        got,
        [
            "error: table `t`, row `south`: the declared identity does not hold: `expect` men + women is 7, but `equals` all is 8",
            "error: table `t`, row `total`: the declared identity does not hold: `expect` men + women is 22, but `equals` all is 23",
        ]
    );
    // `at` limits it to the rows named; `on_fail: warning` marks a known disagreement.
    let only = identity(
        "  - expect: { sum: [men, women] }\n    equals: all\n    at: [total]\n    on_fail: warning\n",
    );
    assert_eq!(
        only,
        [
            "warning: table `t`, row `total`: the declared identity does not hold: `expect` men + women is 22, but `equals` all is 23"
        ]
    );
}

#[test]
fn an_identity_per_column_and_once() {
    let per_column =
        identity("  - expect: { sum: [north, south] }\n    equals: total\n    per: column\n");
    assert_eq!(
        per_column,
        Vec::<String>::new(),
        "the total row is that sum"
    );
    let wrong =
        identity("  - expect: { sum: [north, north] }\n    equals: total\n    per: column\n");
    assert_eq!(
        wrong,
        [
            // Sorted by place, then message.
            "error: table `t`, column `all`: the declared identity does not hold: `expect` north + north is 30, but `equals` total is 23",
            "error: table `t`, column `men`: the declared identity does not hold: `expect` north + north is 20, but `equals` total is 13",
            "error: table `t`, column `women`: the declared identity does not hold: `expect` north + north is 10, but `equals` total is 9",
        ]
    );
    let once = identity(
        "  - expect: { sum: [men@north, women@north] }\n    equals: all@south\n    per: once\n",
    );
    assert_eq!(
        once,
        [
            "error: table `t`, check: the declared identity does not hold: `expect` men@north + women@north is 15, but `equals` all@south is 8"
        ]
    );
}

/// Three facts, each a third of the whole: half-up prints 33 + 33 + 33 = 99. Declared as a
/// largest-remainder group they print 34, 33, 33 (equal remainders and values: the first
/// declared gets the unit), and `published` is compared with that.
fn thirds(
    published: [&str; 3],
    rounding: &str,
) -> (crate::model::Report, crate::compute::Computed, Vec<String>) {
    let mut facts = String::from("whole: { value: 3 }\n");
    for (id, p) in ["a", "b", "c"].iter().zip(published) {
        facts.push_str(&format!(
            "{id}:\n  derive: {{ share: 1, of: \"#whole\" }}\n  format: percent\n{rounding}  published: \"{p}\"\n"
        ));
    }
    analysed(&[("facts.yaml", &facts)])
}

const GROUP: &str = "  rounding: { largest_remainder: thirds }\n";

#[test]
fn a_rounding_group_is_checked_as_it_prints() {
    let (report, computed, messages) = thirds(["34%", "33%", "33%"], GROUP);
    assert_eq!(messages, Vec::<String>::new());
    let printed = crate::compute::fact_figures(&report, &computed);
    let texts: Vec<String> = ["a", "b", "c"]
        .iter()
        .map(|id| format!("{:?}", printed[report.fact_index(id).unwrap()]))
        .collect();
    assert_eq!(texts, ["Num(34)", "Num(33)", "Num(33)"]);
    // The half-up figures are what the source printed wrongly then.
    let (_, _, messages) = thirds(["33%", "33%", "34%"], GROUP);
    assert_eq!(
        messages,
        [
            "warning: fact `a`: the source printed 33 but it recomputes to 34",
            "warning: fact `c`: the source printed 34 but it recomputes to 33",
        ]
    );
    // Without the declaration each rounds half-up on its own.
    let (_, _, messages) = thirds(["33%", "33%", "33%"], "");
    assert_eq!(messages, Vec::<String>::new());
}

#[test]
fn a_rounding_group_needs_two_facts_of_one_precision() {
    let facts = "whole: { value: 3 }\n\
        a: { derive: { share: 1, of: \"#whole\" }, rounding: { largest_remainder: thirds } }\n\
        b: { derive: { share: 2, of: \"#whole\" }, precision: 1, rounding: { largest_remainder: thirds } }\n\
        c: { derive: { share: 2, of: \"#whole\" }, rounding: { largest_remainder: alone } }\n";
    let (analysed, messages) = project::run(&[("facts.yaml", facts)]);
    assert!(analysed.is_none());
    assert_eq!(
        messages,
        [
            "error: fact `b` prints 1 decimal, but `a` of rounding group `thirds` prints 0",
            "error: rounding group `alone` has only one fact, `c`",
        ]
    );
}

#[test]
fn a_tie_in_a_rounding_group_goes_to_the_fact_written_first() {
    // Written c, b, a (read sorted by id): the unit of the tie goes to c.
    let facts = "whole: { value: 3 }\n\
        c: { derive: { share: 1, of: \"#whole\" }, rounding: { largest_remainder: g }, published: \"34\" }\n\
        b: { derive: { share: 1, of: \"#whole\" }, rounding: { largest_remainder: g }, published: \"33\" }\n\
        a: { derive: { share: 1, of: \"#whole\" }, rounding: { largest_remainder: g }, published: \"33\" }\n";
    assert_eq!(analysed(&[("facts.yaml", facts)]).2, Vec::<String>::new());
}

#[test]
fn a_fact_holds_what_its_unit_allows() {
    let facts = "a: { value: 2.5, unit: people }\n\
        b: { value: -3, unit: tenge }\n\
        c: { value: -3, unit: tenge, signed: true }\n\
        d: { value: 101, unit: share }\n\
        e: { value: 120, unit: percent }\n\
        f: { derive: { difference: [\"#g\", 5] }, unit: people }\n\
        g: { value: 3, unit: people }\n\
        h: { derive: { ratio: [\"#g\", 2] }, unit: people, precision: 1 }\n\
        i: { derive: { sum: [\"#d\", 1] }, unit: share }\n";
    let (analysed, messages) = project::run(&[("facts.yaml", facts)]);
    assert!(analysed.is_none());
    assert_eq!(
        messages,
        [
            "error: fact `a` is 2,5, but its unit is `people`",
            "error: fact `b` is -3, but its unit is `tenge`",
            "error: fact `d` is 101, but a `share` lies in 0–100",
        ]
    );
    // Derived facts are checked once computed.
    let facts = "f: { derive: { difference: [\"#g\", 5] }, unit: people }\n\
        g: { value: 3, unit: people }\n\
        h: { derive: { ratio: [\"#g\", 2] }, unit: people, precision: 1 }\n\
        i: { derive: { sum: [\"#g\", 98] }, unit: share }\n\
        j: { derive: { difference: [\"#g\", 5] }, unit: people, signed: true }\n";
    assert_eq!(
        project::run(&[("facts.yaml", facts)]).1,
        [
            "error: fact `f` recomputes to -2, but its unit is `people`",
            "error: fact `h` recomputes to 1,5, but its unit is `people`",
            "error: fact `i` recomputes to 101, but a `share` lies in 0–100",
        ]
    );
}

#[test]
fn an_unknown_unit_is_named_with_the_allowed_ones() {
    let (_, messages) = project::run(&[("facts.yaml", "a: { value: 1, unit: persons }\n")]);
    assert_eq!(messages, ["error: unknown unit `persons`"]);
}
