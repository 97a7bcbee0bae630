//! `output/data/<table>.csv`: every figure of a table in invariant form (`4495`, `14.87`),
//! for reviewers' spreadsheets and diff tools. Rows are keyed by their data key and
//! labelled in both languages.

use crate::compute::Computed;
use crate::locale::invariant;
use crate::model::{Report, RowKind};

pub fn table_csv(report: &Report, computed: &Computed, t: usize) -> String {
    let table = &report.tables[t];
    let mut out = String::from("row,label_kk,label_ru");
    for c in &table.columns {
        out.push(',');
        out.push_str(&c.key);
    }
    out.push('\n');
    for (r, row) in table.rows.iter().enumerate() {
        if row.kind == RowKind::Heading {
            continue;
        }
        out.push_str(&format!(
            "{},{},{}",
            row.key,
            field(&row.label.kk),
            field(&row.label.ru)
        ));
        for (c, col) in table.columns.iter().enumerate() {
            out.push(',');
            out.push_str(&invariant(
                computed.tables[t][r][c],
                row.precision.unwrap_or(col.precision),
            ));
        }
        out.push('\n');
    }
    out
}

/// RFC 4180 quoting where needed.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(field("Ақмола ЖЭТ"), "Ақмола ЖЭТ");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("«x» \"y\""), "\"«x» \"\"y\"\"\"");
    }
}
