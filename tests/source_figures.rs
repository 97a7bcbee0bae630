//! The shipped chapter reproduces the printed source: every figure the source printed in a
//! table (`published`) appears in the rendered Kazakh cell exactly as printed, except the
//! cells where `esep check` reports that the source's own arithmetic is wrong.

use esep::Diagnostics;
use esep::Lang;
use esep::NumberStyle;
use esep::cell_text;
use esep::{Inputs, analyse};
use esep::{Value, round_half_up};
use std::path::Path;

#[test]
fn every_printed_table_figure_is_reproduced_or_reported() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inputs = Inputs {
        data: root.join("data"),
        templates: root.join("templates"),
    };
    let mut diags = Diagnostics::default();
    let esep::Analysis {
        report, computed, ..
    } = analyse(&inputs, &mut diags).expect("the shipped data loads");
    let style = NumberStyle::for_report(&report, Lang::Kk);
    let mut same = 0;
    let mut differ = Vec::new();
    let mut reprinted = Vec::new();
    for (t, table) in report.tables.iter().enumerate() {
        for (r, row) in table.rows.iter().enumerate() {
            let Some(published) = &row.published else {
                continue;
            };
            for (c, printed) in published.iter().enumerate() {
                let Some(printed) = printed else { continue };
                let place = format!("{}/{}@{}", table.id, table.columns[c].key, row.key);
                let Value::Num(v) = computed.tables[t][r][c] else {
                    differ.push(place);
                    continue;
                };
                if round_half_up(v, printed.scale) != round_half_up(printed.value, printed.scale) {
                    differ.push(place);
                    continue;
                }
                let ours = cell_text(table, &computed, t, r, c, &style).replace('\u{a0}', " ");
                if ours == printed.text.replace('\u{a0}', " ") {
                    same += 1;
                } else {
                    reprinted.push(format!(
                        "{place}: printed {:?}, esep prints {ours:?}",
                        printed.text
                    ));
                }
            }
        }
    }
    // The source's own mistakes, each reported by `esep check` as a warning (the printed
    // training-cost total 187,33 stands: it agrees with its parts within their rounding).
    assert_eq!(differ, ["average_wage/deviation@current"]);
    // Where the source printed an agreeing figure at another precision than the rest of its
    // column, esep prints the column's precision.
    assert_eq!(
        reprinted,
        [
            "training_cost_by_area/amount@ecology_esg: printed \"5\", esep prints \"5,0\"",
            "training_hours/pp@avg_per_employee: printed \"34\", esep prints \"34,0\"",
        ]
    );
    assert!(same > 1000, "only {same} printed figures matched");
}
