//! A table's figures: the raw `values` (one list per plain body row, one entry per raw
//! column) and the `published` figures of the printed source.

use super::*;

impl Builder<'_> {
    /// Reads the raw values into the rows and reports lists for rows that do not exist.
    pub(super) fn values(
        &mut self,
        raw: &RawTable,
        file: &Path,
        columns: &[Column],
        raw_cols: &[bool],
        rows: &mut [Row],
    ) {
        let n_raw = raw_cols.iter().filter(|f| **f).count();
        for row in rows.iter_mut() {
            if row.kind != RowKind::Body || row.rule.is_some() {
                continue;
            }
            row.raw = vec![None; columns.len()];
            let Some(list) = raw.values.get(&row.key) else {
                if n_raw > 0 {
                    self.push(
                        Diagnostic::error(
                            Some(row.span.clone()),
                            format!("no `values` for row `{}`", row.key),
                        )
                        .with_code(Code::ValuesShape)
                        .with_hint(format!(
                            "add `{}: [...]` with {} under `values:`",
                            row.key,
                            counted(n_raw, "raw figure", "raw figures")
                        )),
                    );
                }
                continue;
            };
            if list.value.len() != n_raw {
                let names: Vec<&str> = columns
                    .iter()
                    .zip(raw_cols)
                    .filter(|(_, f)| **f)
                    .map(|(c, _)| c.key.as_str())
                    .collect();
                self.push(
                    Diagnostic::error(
                        Some(span_of(list, file)),
                        format!(
                            "row `{}` has {}, but the table has {}",
                            row.key,
                            counted(list.value.len(), "value", "values"),
                            counted(n_raw, "raw column", "raw columns"),
                        ),
                    )
                    .with_code(Code::ValuesShape)
                    .with_hint(format!("raw columns in order: {}", names.join(", "))),
                );
                continue;
            }
            let mut it = list.value.iter();
            for (c, _) in raw_cols.iter().enumerate().filter(|(_, f)| **f) {
                let v = it.next().expect("length checked above");
                let precision = row.precision.unwrap_or(columns[c].precision);
                row.raw[c] = self.raw_cell(v, file, &columns[c], precision);
            }
        }
        self.unknown_value_rows(raw, file, rows);
    }

    /// One raw figure: a number, not negative unless the column is `signed`, with no
    /// more decimals than the column prints.
    fn raw_cell(
        &mut self,
        v: &Spanned<String>,
        file: &Path,
        column: &Column,
        precision: u32,
    ) -> Option<Decimal> {
        let d = self.raw_number(v, file)?;
        if d.is_sign_negative() && !d.is_zero() && !column.signed {
            self.push(
                Diagnostic::error(Some(span_of(v, file)), format!("`{}` is negative, but column `{}` holds counts or amounts", v.value, column.key))
                    .with_code(Code::NegativeCount)
                    .with_hint("a head count cannot be negative; if the source prints this figure with a minus, declare `signed: true` on the column"),
            );
        }
        let decimals = d.normalize().scale();
        if decimals > precision {
            self.push(
                Diagnostic::error(
                    Some(span_of(v, file)),
                    format!(
                        "`{}` has {}, but column `{}` prints {precision}",
                        v.value,
                        counted(decimals as usize, "decimal", "decimals"),
                        column.key
                    ),
                )
                .with_code(Code::TooManyDecimals)
                .with_hint(if precision == 0 {
                    "counts of people are whole numbers; or declare `precision` on the column"
                        .to_owned()
                } else {
                    format!(
                        "round the raw value, or raise the column's `precision` above {precision}"
                    )
                }),
            );
        }
        Some(d)
    }

    /// `values` lists whose row is not a plain body row.
    fn unknown_value_rows(&mut self, raw: &RawTable, file: &Path, rows: &[Row]) {
        let value_rows: Vec<&str> = rows
            .iter()
            .filter(|r| r.kind == RowKind::Body && r.rule.is_none())
            .map(|r| r.key.as_str())
            .collect();
        for (key, list) in &raw.values {
            if value_rows.contains(&key.as_str()) {
                continue;
            }
            let hint = if rows.iter().any(|r| &r.key == key) {
                Some(
                    "this row is derived (or the total row); its figures are computed, not typed"
                        .to_owned(),
                )
            } else {
                did_you_mean(key, value_rows.iter().copied())
            };
            self.push(
                Diagnostic::error(
                    Some(span_of(list, file)),
                    format!("`values` for unknown row `{key}`"),
                )
                .with_code(Code::UnknownReference)
                .with_hint_opt(hint),
            );
        }
    }

    /// The `published` figures: one list per row, one entry (or `~`) per column.
    pub(super) fn published_rows(
        &mut self,
        raw: &RawTable,
        file: &Path,
        columns: &[Column],
        rows: &mut [Row],
    ) {
        for (key, list) in &raw.published {
            let Some(row) = rows
                .iter_mut()
                .find(|r| &r.key == key && r.kind != RowKind::Heading)
            else {
                let keys = rows
                    .iter()
                    .filter(|r| r.kind != RowKind::Heading)
                    .map(|r| r.key.as_str());
                let hint = did_you_mean(key, keys);
                self.push(
                    Diagnostic::error(
                        Some(span_of(list, file)),
                        format!("`published` for unknown row `{key}`"),
                    )
                    .with_code(Code::UnknownReference)
                    .with_hint_opt(hint),
                );
                continue;
            };
            if list.value.len() != columns.len() {
                self.err(
                    Code::ValuesShape,
                    span_of(list, file),
                    format!(
                        "`published` row `{key}` has {}, but the table has {}",
                        counted(list.value.len(), "figure", "figures"),
                        counted(columns.len(), "column", "columns")
                    ),
                );
                continue;
            }
            let printed: Vec<Option<Published>> = list
                .value
                .iter()
                .map(|v| {
                    let text = v.value.as_ref()?;
                    self.published(&Spanned::new(text.clone(), v.referenced, v.defined), file)
                })
                .collect();
            row.published = Some(printed);
        }
    }
}

/// `1 raw figure`, `3 raw figures`: English plural agreement for counts in messages.
pub(super) fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
