//! A table's figures: the raw `values` (per plain body row, a list in raw-column order or a
//! map by column key) and the `published` figures of the printed source (the same two
//! forms, over every column). Both forms end as one cell per column; the checks that a map
//! fits the columns live here because only the model knows which columns are raw.

use super::*;
use crate::diag::closest;
use crate::model::years::is_year_key;

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
        let slots = Slots {
            columns,
            wanted: raw_cols,
            kind: Figures::Raw,
        };
        for row in rows.iter_mut() {
            if row.kind != RowKind::Body || row.rule.is_some() {
                continue;
            }
            row.raw = vec![None; columns.len()];
            let Some(given) = raw.values.get(&row.key) else {
                self.no_values(row, slots.count());
                continue;
            };
            let Some(cells) = self.cells(&row.key, given, file, &slots) else {
                continue;
            };
            for (c, v) in cells.into_iter().enumerate() {
                let Some(v) = v else { continue };
                match &v.value {
                    Some(text) => {
                        let v = Spanned {
                            value: text.clone(),
                            referenced: v.referenced,
                            defined: v.defined,
                        };
                        let precision = row.precision.unwrap_or(columns[c].precision);
                        row.raw[c] = self.raw_cell(&v, file, &columns[c], precision);
                    }
                    // `~`: a figure still to fill in.
                    None => row.to_fill.push((c, span_of(v, file))),
                }
            }
        }
        self.unknown_value_rows(raw, file, rows);
    }

    /// A plain body row without `values`, in a table that has raw columns to fill.
    fn no_values(&mut self, row: &Row, n_raw: usize) {
        if n_raw == 0 {
            return;
        }
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

    /// One row's figures placed by column index (`None` where a column takes none), from
    /// either form; `None` when they do not fit the columns (already reported).
    fn cells<'a, T>(
        &mut self,
        row: &str,
        given: &'a Spanned<RawValues<T>>,
        file: &Path,
        slots: &Slots,
    ) -> Option<Vec<Option<&'a Spanned<T>>>> {
        match &given.value {
            RawValues::List(list) => {
                self.positional_years(row, span_of(given, file), slots);
                self.by_position(row, list, span_of(given, file), slots)
            }
            RawValues::Map(map) => self.by_key(row, map, span_of(given, file), file, slots),
        }
    }

    /// A list over columns of years (`y2020` …): when `year:` moves the window, each figure
    /// would silently slide to the next year's column, so say to write them by year.
    fn positional_years(&mut self, row: &str, span: Span, slots: &Slots) {
        if slots.keys().any(is_year_key) {
            self.push(
                Diagnostic::warning(Some(span), format!("row `{row}` gives figures for years by position"))
                    .with_code(Code::ValuesShape)
                    .with_hint("write them by year key, `{ y2020: …, y2021: … }`: when the report year moves the window of years, a list would shift every figure to the next year's column"),
            );
        }
    }

    /// A list: exactly one figure per wanted column, in column order.
    fn by_position<'a, T>(
        &mut self,
        row: &str,
        list: &'a [Spanned<T>],
        span: Span,
        slots: &Slots,
    ) -> Option<Vec<Option<&'a Spanned<T>>>> {
        if list.len() != slots.count() {
            let d = match slots.kind {
                Figures::Raw => Diagnostic::error(
                    Some(span),
                    format!(
                        "row `{row}` has {}, but the table has {}",
                        counted(list.len(), "value", "values"),
                        counted(slots.count(), "raw column", "raw columns"),
                    ),
                )
                .with_hint(format!("raw columns in order: {}", slots.names())),
                Figures::Published => Diagnostic::error(
                    Some(span),
                    format!(
                        "`published` row `{row}` has {}, but the table has {}",
                        counted(list.len(), "figure", "figures"),
                        counted(slots.count(), "column", "columns")
                    ),
                ),
            };
            self.push(d.with_code(Code::ValuesShape));
            return None;
        }
        let mut it = list.iter();
        Some(
            slots
                .wanted
                .iter()
                .map(|w| if *w { it.next() } else { None })
                .collect(),
        )
    }

    /// A map: every key names a wanted column, and every wanted column is named (a figure
    /// left out would otherwise pass silently as a blank or a zero).
    fn by_key<'a, T>(
        &mut self,
        row: &str,
        map: &'a [(Spanned<String>, Spanned<T>)],
        span: Span,
        file: &Path,
        slots: &Slots,
    ) -> Option<Vec<Option<&'a Spanned<T>>>> {
        let mut out: Vec<Option<&Spanned<T>>> = vec![None; slots.columns.len()];
        // Columns a misspelt key was taken for: its own error says so; no second one.
        let mut meant: Vec<&str> = Vec::new();
        let mut fits = true;
        for (key, v) in map {
            match slots.index(&key.value) {
                Some(c) if slots.wanted[c] => out[c] = Some(v),
                found => {
                    let close = self.not_a_slot(row, key, found.is_some(), file, slots);
                    meant.extend(close);
                    fits = false;
                }
            }
        }
        let missing: Vec<&str> = (0..out.len())
            .filter(|c| slots.wanted[*c] && out[*c].is_none())
            .map(|c| slots.columns[c].key.as_str())
            .filter(|k| !meant.contains(k))
            .collect();
        if !missing.is_empty() {
            self.missing_keys(row, &missing, span, slots);
            fits = false;
        }
        fits.then_some(out)
    }

    /// A map key that names no column, or (`derived`) a column whose figures are computed;
    /// returns the column a misspelt key most likely meant.
    fn not_a_slot<'s>(
        &mut self,
        row: &str,
        key: &Spanned<String>,
        derived: bool,
        file: &Path,
        slots: &'s Slots,
    ) -> Option<&'s str> {
        let span = span_of(key, file);
        let listed = format!("{}s: {}", slots.kind.noun(), slots.names());
        if derived {
            self.push(
                Diagnostic::error(
                    Some(span),
                    format!(
                        "{} `{row}`: column `{}` is derived; it takes no value",
                        slots.kind.row(),
                        key.value
                    ),
                )
                .with_code(Code::ValuesShape)
                .with_hint(format!(
                    "its figures are computed by its `derive` rule; remove `{}` here ({listed})",
                    key.value
                )),
            );
            return None;
        }
        let years: Vec<&str> = slots.keys().filter(|k| is_year_key(k)).collect();
        let close = closest(&key.value, slots.keys());
        let hint = match (close, years.first(), years.last()) {
            // A year the window no longer covers (the oldest, after the year moved on).
            (_, Some(first), Some(last)) if is_year_key(&key.value) => format!(
                "the years of this table are {first} … {last}: delete `{}` (a year the window no longer covers), or fix the year",
                key.value
            ),
            (Some(c), ..) => format!("did you mean `{c}`? {listed}"),
            (None, ..) => listed,
        };
        self.push(
            Diagnostic::error(
                Some(span),
                format!(
                    "{} `{row}`: `{}` is not a {} of this table",
                    slots.kind.row(),
                    key.value,
                    slots.kind.noun()
                ),
            )
            .with_code(Code::UnknownReference)
            .with_hint(hint),
        );
        close
    }

    /// Wanted columns a map leaves out, named.
    fn missing_keys(&mut self, row: &str, missing: &[&str], span: Span, slots: &Slots) {
        let [first, ..] = missing else {
            return;
        };
        let (prefix, noun) = (slots.kind.row(), slots.kind.noun());
        let names: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
        let what = match (slots.kind, missing.len()) {
            (Figures::Raw, 1) => format!("no value for {noun}"),
            (Figures::Raw, _) => format!("no values for {noun}s"),
            (Figures::Published, 1) => format!("no figure for {noun}"),
            (Figures::Published, _) => format!("no figures for {noun}s"),
        };
        let hint = match slots.kind {
            Figures::Raw => format!("a map names every raw column: {}", slots.names()),
            Figures::Published => format!(
                "a map names every column; write `{first}: ~` for a figure the source did not print"
            ),
        };
        self.push(
            Diagnostic::error(
                Some(span),
                format!("{prefix} `{row}` has {what} {}", names.join(", ")),
            )
            .with_code(Code::ValuesShape)
            .with_hint(hint),
        );
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

    /// The `published` figures: one list or map per row, one entry (or `~`) per column.
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
            let all = vec![true; columns.len()];
            let slots = Slots {
                columns,
                wanted: &all,
                kind: Figures::Published,
            };
            let Some(cells) = self.cells(key, list, file, &slots) else {
                continue;
            };
            let printed: Vec<Option<Published>> = cells
                .into_iter()
                .map(|v| {
                    let v = v?;
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

/// Which figures a row gives: raw inputs (raw columns only) or the printed source's
/// (every column); the wording of their messages differs.
#[derive(Clone, Copy)]
enum Figures {
    Raw,
    Published,
}

impl Figures {
    /// How a message names the row.
    fn row(self) -> &'static str {
        match self {
            Figures::Raw => "row",
            Figures::Published => "`published` row",
        }
    }

    /// How a message names the columns that take a figure.
    fn noun(self) -> &'static str {
        match self {
            Figures::Raw => "raw column",
            Figures::Published => "column",
        }
    }
}

/// The columns one row's figures are matched to, and which of them take one.
struct Slots<'a> {
    columns: &'a [Column],
    wanted: &'a [bool],
    kind: Figures,
}

impl Slots<'_> {
    fn count(&self) -> usize {
        self.wanted.iter().filter(|w| **w).count()
    }

    /// The keys of the columns that take a figure, in order.
    fn keys(&self) -> impl Iterator<Item = &str> {
        self.columns
            .iter()
            .zip(self.wanted)
            .filter(|(_, w)| **w)
            .map(|(c, _)| c.key.as_str())
    }

    /// Those keys as a list for a hint.
    fn names(&self) -> String {
        self.keys().collect::<Vec<_>>().join(", ")
    }

    /// The index of the column with this full leaf key.
    fn index(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }
}

#[cfg(test)]
#[path = "values_tests.rs"]
mod tests;
