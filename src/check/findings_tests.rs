//! The reconciliation on tiny projects, one fixture per kind of finding: what makes a
//! finding, what does not, and what the reader's appendix says about it.

use super::Kind;
use crate::compute::Value;
use crate::lang::Lang;
use crate::locale::NumberStyle;
use crate::model::Place;
use crate::test_project as project;
use project::{HEAD, SHARES, full, num};

/// The kind and `esep check` message of every finding of a project, in order.
fn findings(files: &[(&str, &str)]) -> (Vec<(Kind, String)>, Vec<String>) {
    let (a, messages) = full(files);
    let list = a
        .findings
        .list
        .iter()
        .map(|f| (f.kind, f.message.clone()))
        .collect();
    (list, messages)
}

fn kinds(files: &[(&str, &str)]) -> Vec<Kind> {
    findings(files).0.into_iter().map(|(k, _)| k).collect()
}

/// Training costs in million tenge printed to one decimal, the total to two.
fn costs(total: &str) -> String {
    format!(
        r#"{HEAD}rows:
  - {{ key: a, label: {{ kk: "А", ru: "А" }} }}
  - {{ key: b, label: {{ kk: "Б", ru: "Б" }} }}
  - {{ key: c, label: {{ kk: "В", ru: "В" }} }}
total_row: {{ label: {{ kk: "Барлығы", ru: "Итого" }}, precision: 2 }}
columns:
  - {{ key: amount, label: {{ kk: "Сома", ru: "Сумма" }}, precision: 1 }}
values:
  a: [56.8]
  b: [38.9]
  c: [5]
published:
  total: ["{total}"]
"#
    )
}

#[test]
fn a_derived_figure_printed_otherwise_is_changed_and_shows_the_recomputation() {
    let published = "published:\n  north: [~, ~, \"98,53\", ~, ~]\n";
    let (list, messages) = findings(&[("t.yaml", &format!("{HEAD}{SHARES}{published}"))]);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].0, Kind::Changed);
    assert!(
        list[0]
            .1
            .contains("printed 98,53 but it recomputes to 98,52")
    );
    assert_eq!(
        messages,
        [
            "warning: table `t`, row `north`, column `men.share`: the source printed 98,53 but it recomputes to 98,52"
        ]
    );
}

#[test]
fn a_printed_total_more_precise_than_its_parts_stands_within_their_rounding() {
    // Parts 56,8 + 38,9 + 5 = 100,7, each known to ±0,05: the exact sum lies within
    // 100,55–100,85, and a total printed to ±0,005 agrees with it if it lies closer to 100,7
    // than 0,155.
    for inside in ["100,73", "100,85", "100,55"] {
        let (a, messages) = full(&[("t.yaml", &costs(inside))]);
        let kinds: Vec<Kind> = a.findings.list.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [Kind::WithinRounding], "{inside}");
        assert!(messages[0].starts_with("note: "), "{messages:?}");
        let total = project::cell(&a.report, &a.computed, "t", "total", "amount");
        assert_eq!(
            total,
            num(&inside.replace(',', ".")),
            "the printed total stands"
        );
        assert_eq!(
            a.findings.list[0].parts,
            Some(("100.7".parse().unwrap(), "0.15".parse().unwrap()))
        );
    }
    // Further off than the parts' rounding: the source's arithmetic is wrong.
    for outside in ["100,93", "100,50"] {
        let (a, _) = full(&[("t.yaml", &costs(outside))]);
        let kinds: Vec<Kind> = a.findings.list.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [Kind::Changed], "{outside}");
        let total = project::cell(&a.report, &a.computed, "t", "total", "amount");
        assert_eq!(total, num("100.7"));
    }
    // A total printed as precisely as its parts has no rounding to hide in; one that
    // agrees at its precision is no finding at all.
    assert_eq!(kinds(&[("t.yaml", &costs("100,8"))]), [Kind::Changed]);
    assert_eq!(kinds(&[("t.yaml", &costs("100,70"))]), []);
}

#[test]
fn a_kept_total_is_what_figures_derived_from_it_read() {
    let facts = "per_part: { derive: { ratio: [\"t/amount@total\", 3] }, precision: 4 }\n";
    let (a, _) = full(&[("t.yaml", &costs("100,73")), ("facts.yaml", facts)]);
    assert_eq!(
        project::fact(&a.report, &a.computed, "per_part"),
        Value::Num(
            "100.73".parse::<rust_decimal::Decimal>().unwrap() / rust_decimal::Decimal::from(3)
        )
    );
}

const ASSUMED: &str = r##"base:
  unit: people
  value: 80
  label: { kk: "үлес есептелген қызметкерлер саны", ru: "численность, от которой рассчитана доля" }
  assumed: { kk: "Дереккөз базаны көрсетпейді.", ru: "Источник базу не указывает." }
part: { unit: people, value: 20 }
share:
  unit: share
  derive: { share: "#part", of: "#base" }
  precision: 0
  format: percent
  published: "25"
twice: { derive: { sum: ["#share", 0] }, precision: 0, published: "25" }
unprinted: { derive: { sum: ["#share"] }, precision: 0 }
"##;

#[test]
fn an_assumed_base_lists_every_printed_figure_resting_on_it() {
    let (a, messages) = full(&[("facts.yaml", ASSUMED)]);
    assert_eq!(a.findings.list.len(), 1, "{messages:?}");
    let f = &a.findings.list[0];
    assert_eq!(f.kind, Kind::AssumedBase);
    let base = a.report.fact_index("base").unwrap();
    assert_eq!(
        f.base.as_ref().and_then(|b| b.place),
        Some(Place::Fact(base))
    );
    // Directly (share) and through another rule (twice); not the figure nobody printed.
    let resting: Vec<&str> = f
        .figures
        .iter()
        .filter_map(|fig| fig.place)
        .map(|p| match p {
            Place::Fact(i) => a.report.facts[i].id.as_str(),
            _ => "?",
        })
        .collect();
    assert_eq!(resting, ["share", "twice"]);
    assert_eq!(
        messages,
        [
            "note: fact `base` = 80 is an assumed base (the source does not print it); printed figures that rest on it: fact `share`; fact `twice`"
        ]
    );
}

#[test]
fn an_assumed_base_nothing_printed_rests_on_is_a_warning() {
    let facts = "lonely: { value: 5, assumed: { kk: \"Болжам.\", ru: \"Допущение.\" } }\n";
    let (list, messages) = findings(&[("facts.yaml", facts)]);
    assert!(list.is_empty());
    assert_eq!(
        messages,
        ["warning: fact `lonely` is declared `assumed`, but no printed figure rests on it"]
    );
}

/// The shares table with `check` appended under `checks:`, and a printed share as a fact.
fn conflict(check: &str) -> Vec<(Kind, String)> {
    let table = format!("{HEAD}{SHARES}checks:\n{check}");
    let facts = "printed_share: { value: 98.5, precision: 1 }\nprinted_low: { value: 98.4, precision: 1 }\n";
    findings(&[("t.yaml", &table), ("facts.yaml", facts)]).0
}

#[test]
fn a_known_disagreement_is_a_conflict_compared_at_the_printed_precision() {
    let warn =
        "    per: once\n    on_fail: warning\n    note: { kk: \"Екі сан.\", ru: \"Два числа.\" }\n";
    // 1 000 men of 1 015 is 98,52…%: as printed at one decimal, that is 98,5.
    let holds = format!(
        "  - expect: {{ share: men.count@north, of: total@north }}\n    equals: \"#printed_share\"\n{warn}"
    );
    assert_eq!(conflict(&holds), []);
    let fails = format!(
        "  - expect: {{ share: men.count@north, of: total@north }}\n    equals: \"#printed_low\"\n{warn}"
    );
    let got = conflict(&fails);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, Kind::Conflict);
    assert!(got[0].1.contains("is 98,4"), "{}", got[0].1);
    // Without `on_fail: warning` the same disagreement is an error in the data, not a finding.
    let table = format!(
        "{HEAD}{SHARES}checks:\n  - expect: {{ sum: [total@north] }}\n    equals: total@south\n    per: once\n"
    );
    let (list, messages) = findings(&[("t.yaml", &table)]);
    assert!(list.is_empty());
    assert_eq!(messages.len(), 1);
    assert!(messages[0].starts_with("error: "), "{messages:?}");
}

#[test]
fn a_claim_is_checked_against_the_exact_figure() {
    let facts = |claim: &str| {
        format!(
            "members: {{ unit: people, value: 3759 }}\nstaff: {{ unit: people, value: 4005 }}\nshare:\n  derive: {{ share: \"#members\", of: \"#staff\" }}\n  precision: 0\n  format: percent\n  claim: {{ {claim}, printed: {{ kk: \"94%-дан астамы\", ru: \"более 94 %\" }} }}\n"
        )
    };
    // 93,86 % prints as 94 %, but it is not more than 94.
    let (list, _) = findings(&[("facts.yaml", &facts("more_than: 94"))]);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].0, Kind::Claim);
    assert_eq!(
        list[0].1,
        "fact `share`: the prose claims more than 94, but the figure is 93,86"
    );
    for holds in [
        "more_than: 93",
        "at_least: 93.8",
        "less_than: 94",
        "at_most: 93.9",
    ] {
        assert_eq!(kinds(&[("facts.yaml", &facts(holds))]), [], "{holds}");
    }
    let (_, messages) = project::run(&[("facts.yaml", &facts("more_than: 1, less_than: 99"))]);
    assert!(
        messages
            .iter()
            .any(|m| m.contains("needs exactly one of more_than")),
        "{messages:?}"
    );
}

#[test]
fn unverifiable_tables_and_facts_are_listed_with_their_reason() {
    let table =
        format!("{HEAD}{SHARES}unverifiable: {{ kk: \"Деректер жоқ.\", ru: \"Данных нет.\" }}\n");
    let facts = "growth: { unit: percent, value: 7, unverifiable: { kk: \"Өткен жыл жоқ.\", ru: \"Нет прошлого года.\" } }\n";
    let (a, _) = full(&[("t.yaml", &table), ("facts.yaml", facts)]);
    let got: Vec<(Kind, Vec<Place>)> = a
        .findings
        .list
        .iter()
        .map(|f| (f.kind, f.marks.clone()))
        .collect();
    let growth = a.report.fact_index("growth").unwrap();
    assert_eq!(
        got,
        [
            (Kind::Unverifiable, vec![Place::Fact(growth)]),
            (Kind::Unverifiable, vec![Place::Table(0)])
        ]
    );
}

#[test]
fn the_appendix_says_what_was_printed_what_is_shown_and_why_in_each_language() {
    let published = "published:\n  north: [~, ~, \"98,53\", ~, ~]\n";
    let (a, _) = full(&[
        ("t.yaml", &format!("{HEAD}{SHARES}{published}")),
        ("facts.yaml", ASSUMED),
    ]);
    let ru = crate::view::appendix(
        &a.report,
        &a.findings,
        &NumberStyle::for_report(&a.report, Lang::Ru),
    );
    let entries: Vec<_> = ru.groups.iter().flat_map(|g| &g.entries).collect();
    assert_eq!(entries.len(), 2);
    let changed = entries
        .iter()
        .find(|e| e.kind == "Показатель пересчитан")
        .unwrap();
    assert_eq!(
        changed.place,
        "Таблица «Таблица», строка «Север», графа «Мужчины, %»"
    );
    assert_eq!(
        changed.lines,
        [
            ("Напечатано".to_owned(), "98,53".to_owned()),
            // This edition prints the column's one decimal.
            ("В этом издании".to_owned(), "98,5".to_owned())
        ]
    );
    assert_eq!(
        changed.why,
        "Пересчёт по данным отчёта: 1\u{a0}000 ÷ 1\u{a0}015 × 100 = 98,5."
    );
    let kk = crate::view::appendix(
        &a.report,
        &a.findings,
        &NumberStyle::for_report(&a.report, Lang::Kk),
    );
    let base = kk
        .groups
        .iter()
        .flat_map(|g| &g.entries)
        .find(|e| e.kind == "Есептеу базасы көрсетілмеген")
        .unwrap();
    assert_eq!(base.place, "Үлес есептелген қызметкерлер саны");
    assert!(
        base.why.ends_with("Дереккөз базаны көрсетпейді."),
        "{}",
        base.why
    );
    assert_eq!(base.details.len(), 2);
    // Entries are numbered in order, and each marked figure points to its entry.
    let numbers: Vec<usize> = kk
        .groups
        .iter()
        .flat_map(|g| &g.entries)
        .map(|e| e.number)
        .collect();
    assert_eq!(numbers, [1, 2]);
    let marks = a.findings.marks();
    assert_eq!(
        marks.len(),
        4,
        "the changed share, the two figures resting on the base, and the base"
    );
    // No data id or tool name reaches readers.
    for e in entries {
        for text in [&e.place, &e.why] {
            assert!(
                !text.contains('`') && !text.contains("esep") && !text.contains("share"),
                "{text}"
            );
        }
    }
}

#[test]
fn a_printed_figure_that_cannot_be_computed_is_changed_to_a_dash() {
    let published = "published:\n  empty: [~, ~, \"5\", ~, ~]\n";
    let (a, messages) = full(&[("t.yaml", &format!("{HEAD}{SHARES}{published}"))]);
    let kinds: Vec<Kind> = a.findings.list.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [Kind::Changed]);
    assert!(
        messages[0]
            .ends_with("the source printed 5 but the figure cannot be computed (division by zero)"),
        "{messages:?}"
    );
    let ru = crate::view::appendix(
        &a.report,
        &a.findings,
        &NumberStyle::for_report(&a.report, Lang::Ru),
    );
    let entry = &ru.groups[0].entries[0];
    assert_eq!(
        entry.lines[1],
        ("В этом издании".to_owned(), "–".to_owned())
    );
}

#[test]
fn declarations_that_contradict_their_figure_are_refused() {
    for (facts, want) in [
        (
            "x: { derive: { sum: [1] }, unverifiable: { kk: \"а\", ru: \"а\" } }\n",
            "error: fact `x` is derived, so it is not `unverifiable`; drop one of the two",
        ),
        (
            "x: { value: 5, published: \"5\", assumed: { kk: \"а\", ru: \"а\" } }\n",
            "error: fact `x` has `published`, so the source prints it and it is not `assumed`; drop one of the two",
        ),
        (
            "zero: { value: 0 }\nx:\n  derive: { share: 1, of: \"#zero\" }\n  claim: { more_than: 3, printed: { kk: \"а\", ru: \"а\" } }\n",
            "warning: fact `x` cannot be computed, so its claim cannot be checked",
        ),
    ] {
        let (_, messages) = project::run(&[("facts.yaml", facts)]);
        assert!(messages.iter().any(|m| m == want), "{want} in {messages:?}");
    }
    // A figure printed where the table prints none (a column blank in the total row).
    let table = format!(
        "{HEAD}{}published:\n  total: [~, ~, \"5\", ~, ~]\n",
        SHARES.replace("precision: 1 }", "precision: 1, total: none }")
    );
    let (_, messages) = project::run(&[("t.yaml", &table)]);
    assert!(
        messages.iter().any(|m| m.starts_with("error: table `t`, row `total`, column `men.share`: the source printed 5 here, but this cell holds no figure")),
        "{messages:?}"
    );
}
