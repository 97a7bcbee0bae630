//! diff on pairs of small projects, changed the ways reviewers meet: a count that moves
//! its row's shares and the totals, a row added, a label renamed.

use super::*;
use crate::test_project::{HEAD, SHARES, full};

fn side(name: &str, table: &str) -> Side {
    let (analysis, _) = full(&[("t.yaml", &format!("{HEAD}{table}"))]);
    Side {
        name: name.to_owned(),
        analysis,
    }
}

/// `(row, column, old, new, change, relative)` of each figure of `groups`.
fn figures(groups: &[Group]) -> Vec<(String, String, String, String, String, String)> {
    groups
        .iter()
        .flat_map(|g| &g.figures)
        .map(|f| {
            (
                f.row.key.clone(),
                f.column.as_ref().map_or(String::new(), |c| c.key.clone()),
                f.old.text.clone(),
                f.new.text.clone(),
                f.change.clone().unwrap_or_default(),
                f.relative.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn row(
    r: &str,
    c: &str,
    old: &str,
    new: &str,
    ch: &str,
    rel: &str,
) -> (String, String, String, String, String, String) {
    (
        r.into(),
        c.into(),
        old.into(),
        new.into(),
        ch.into(),
        rel.into(),
    )
}

#[test]
fn one_count_moves_its_shares_the_column_total_and_the_grand_total() {
    let old = side("old", SHARES);
    let new = side("new", &SHARES.replace("south: [7, 1]", "south: [9, 1]"));
    let c = compare(&old, &new, Lang::Ru);
    assert_eq!(
        figures(&c.raw),
        [row("south", "men.count", "7", "9", "+2", "+28,6\u{a0}%")]
    );
    assert_eq!(
        figures(&c.derived),
        [
            row("south", "total", "8", "10", "+2", "+25,0\u{a0}%"),
            row("south", "men.share", "87,5", "90,0", "+2,5", "+2,9\u{a0}%"),
            row(
                "south",
                "women.share",
                "12,5",
                "10,0",
                "\u{2212}2,5",
                "\u{2212}20,0\u{a0}%"
            ),
            row(
                "total",
                "total",
                "1\u{a0}023",
                "1\u{a0}025",
                "+2",
                "+0,2\u{a0}%"
            ),
            row(
                "total",
                "men.count",
                "1\u{a0}007",
                "1\u{a0}009",
                "+2",
                "+0,2\u{a0}%"
            ),
            row("total", "men.share", "98,4", "98,4", "", ""),
        ]
        .into_iter()
        .filter(|f| f.2 != f.3)
        .collect::<Vec<_>>()
    );
    assert!(c.structure.is_empty() && c.labels.is_empty());
    let text = render(&c, Style::Text);
    assert!(
        text.contains("Юг [south] · Мужчины / чел. [men.count]: 7 → 9  (+2; +28,6\u{a0}%)"),
        "{text}"
    );
    assert!(
        text.ends_with("6 figures changed (1 raw, 5 derived)\n"),
        "{text}"
    );
}

#[test]
fn an_added_row_is_structure_and_moves_the_totals() {
    let old = side("old", SHARES);
    let more = SHARES
        .replace("rows: [units]", "rows:\n  - { key: north, label: { kk: \"Солтүстік\", ru: \"Север\" } }\n  - { key: south, label: { kk: \"Оңтүстік\", ru: \"Юг\" } }\n  - { key: empty, label: { kk: \"Бос\", ru: \"Пустое\" } }\n  - { key: west, label: { kk: \"Батыс\", ru: \"Запад\" } }")
        .replace("empty: [0, 0]", "empty: [0, 0]\n  west: [3, 2]");
    let new = side("new", &more);
    let c = compare(&old, &new, Lang::Kk);
    assert_eq!(c.structure.len(), 1);
    let added = &c.structure[0];
    assert!(
        added.added && added.what == "row" && added.path == "s/t/west" && added.label == "Батыс"
    );
    let moved = figures(&c.derived);
    assert!(
        moved.contains(&row(
            "total",
            "total",
            "1\u{a0}023",
            "1\u{a0}028",
            "+5",
            "+0,5%"
        )),
        "{moved:?}"
    );
    // The new row's own figures are not changes of existing ones.
    assert!(moved.iter().all(|f| f.0 != "west"));
    let json = render(&c, Style::Json);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["structure"][0]["change"], "added");
    assert_eq!(v["lang"], "kk");
    assert_eq!(v["changed"], true);
}

#[test]
fn a_renamed_label_is_listed_in_its_language_only() {
    let old = side("old", SHARES);
    let new = side(
        "new",
        &SHARES.replace("ru: \"Итого\"", "ru: \"Всего по компании\""),
    );
    let c = compare(&old, &new, Lang::Ru);
    assert!(c.raw.is_empty() && c.derived.is_empty());
    assert_eq!(c.labels.len(), 1);
    let l = &c.labels[0];
    assert_eq!(
        (l.lang, l.old.as_str(), l.new.as_str()),
        (Lang::Ru, "Итого", "Всего по компании")
    );
    assert!(l.place.ends_with("total label"), "{}", l.place);
    let md = render(&c, Style::Md);
    assert!(md.contains("| ru | Итого | Всего по компании |"), "{md}");
}

#[test]
fn the_same_data_is_no_change() {
    let c = compare(&side("a", SHARES), &side("b", SHARES), Lang::Ru);
    assert!(c.is_empty());
    assert!(render(&c, Style::Text).contains("no reported figure, label or structure changed"));
}

#[test]
fn a_note_quoting_the_old_figure_is_flagged() {
    let with_note = |t: &str| {
        format!(
            "{t}maintainer_notes:\n  - {{ kk: \"Юг: 1 023 барлығы\", ru: \"Итого 1 023, из них 11 023 нет\" }}\n"
        )
    };
    let old = side("old", &with_note(SHARES));
    let new = side(
        "new",
        &with_note(&SHARES.replace("south: [7, 1]", "south: [9, 1]")),
    );
    let c = compare(&old, &new, Lang::Ru);
    let stale: Vec<&str> = c.stale.iter().map(|x| x.figure.as_str()).collect();
    assert_eq!(stale, ["1 023"]);
    assert_eq!(c.stale[0].note, "maintainer note");
    assert!(quotes("было 1 023 человека", "1 023"));
    assert!(!quotes("11 023", "1 023") && !quotes("1 0235", "1 023"));
    assert!(!quotes("12 345 678", "345 678") && quotes("всего 345 678", "345 678"));
}
