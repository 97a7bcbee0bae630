//! `output/data/<table>.csv`: every figure of a table in invariant form (`4495`, `14.87`),
//! for reviewers' spreadsheets and diff tools. Rows are keyed by their data key and
//! labelled in both languages. `output/data/facts.csv` lists every fact the same way: its
//! section, id, value as printed (a rounding group's figure, not half-up), unit and precision.
//!
//! Figures are written as numbers (a negative one keeps its minus). Text cells — labels,
//! keys — are neutralised as OWASP advises against CSV injection: text a spreadsheet
//! would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return)
//! gets a leading `'` and quotes, so it opens as text.

use super::{Renderer, paths};
use crate::compute::{Computed, fact_figures};
use crate::locale::invariant;
use crate::model::{Report, RowKind};
use std::path::PathBuf;

/// One CSV file per table, the same for every language: written once per build.
pub(crate) struct Csv;

impl Renderer for Csv {
    fn extension(&self) -> &'static str {
        "csv"
    }

    fn report(&self, report: &Report, computed: &Computed) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<(PathBuf, Vec<u8>)> = (0..report.tables.len())
            .map(|t| {
                let id = &report.tables[t].id;
                (
                    paths::table_csv(id),
                    table_csv(report, computed, t).into_bytes(),
                )
            })
            .collect();
        files.push((paths::facts_csv(), facts_csv(report, computed).into_bytes()));
        files
    }

    fn has_sections(&self) -> bool {
        false
    }
}

pub(crate) fn table_csv(report: &Report, computed: &Computed, t: usize) -> String {
    let table = &report.tables[t];
    let mut out = String::from("row,label_kk,label_ru");
    for c in &table.columns {
        out.push(',');
        out.push_str(&text(&c.key));
    }
    out.push('\n');
    for (r, row) in table.rows.iter().enumerate() {
        if row.kind == RowKind::Heading {
            continue;
        }
        out.push_str(&format!(
            "{},{},{}",
            text(&row.key),
            text(&row.label.kk),
            text(&row.label.ru)
        ));
        for (c, col) in table.columns.iter().enumerate() {
            out.push(',');
            out.push_str(&invariant(
                computed.figure(t, r, c),
                row.precision.unwrap_or(col.precision),
            ));
        }
        out.push('\n');
    }
    out
}

/// Every fact, in the order of the data (sections in order, ids sorted within a file):
/// `section,id,value,unit,precision`; `unit` is empty where the data declares none.
pub(crate) fn facts_csv(report: &Report, computed: &Computed) -> String {
    let mut out = String::from("section,id,value,unit,precision\n");
    for (fact, value) in report.facts.iter().zip(fact_figures(report, computed)) {
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            text(&fact.section),
            text(&fact.id),
            invariant(value, fact.precision),
            fact.unit.map_or("", |u| u.name()),
            fact.precision
        ));
    }
    out
}

/// A text cell: a would-be formula prefixed with `'` (OWASP), then RFC 4180 quoting where
/// needed. `;` is quoted too: spreadsheets in kk and ru locales split on it.
fn text(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("\"'{}\"", text.replace('"', "\"\""))
    } else if text.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{facts_csv, text};
    use crate::test_project::analysed;

    #[test]
    fn facts_in_invariant_form_with_unit_and_precision() {
        let facts = "whole: { value: 3, unit: people }\n\
            a: { derive: { share: 1, of: \"#whole\" }, precision: 1, unit: share, rounding: { largest_remainder: g } }\n\
            b: { derive: { share: 2, of: \"#whole\" }, precision: 1, unit: share, rounding: { largest_remainder: g } }\n\
            minus: { value: -1234.5, precision: 1, unit: thousand_tenge, signed: true }\n";
        let (report, computed, _) = analysed(&[("facts.yaml", facts)]);
        // 33,33… + 66,66…: apportioned as printed, 33.3 + 66.7.
        assert_eq!(
            facts_csv(&report, &computed),
            "section,id,value,unit,precision\n\
             s,a,33.3,share,1\n\
             s,b,66.7,share,1\n\
             s,minus,-1234.5,thousand_tenge,1\n\
             s,whole,3,people,0\n"
        );
    }

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(text("Ақмола ЖЭТ"), "Ақмола ЖЭТ");
        assert_eq!(text("30 жасқа дейін, %"), "\"30 жасқа дейін, %\"");
        assert_eq!(text("a; b"), "\"a; b\"");
        assert_eq!(text("«x» \"y\""), "\"«x» \"\"y\"\"\"");
    }

    #[test]
    fn would_be_formulas_open_as_text() {
        for (label, want) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("+7 701", "\"'+7 701\""),
            ("-5", "\"'-5\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\t=1+1", "\"'\t=1+1\""),
            ("\r=1+1", "\"'\r=1+1\""),
            // Not at the start: no formula.
            ("Северо-Казахстанский, =", "\"Северо-Казахстанский, =\""),
        ] {
            assert_eq!(text(label), want, "{label:?}");
        }
    }
}
