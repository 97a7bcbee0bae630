//! `data/<section>/charts.yaml` → [`Chart`]: the kind, order and roles named correctly,
//! every category and series labelled, and every figure resolved to a fact or a table
//! cell. A constant is refused: a chart never holds a figure the model does not.

use super::*;
use crate::model::chart::{Chart, ChartKind, Order, Role, Series};
use crate::source::chart::{RawCategory, RawChart, RawSeries};

impl Builder<'_> {
    pub(super) fn charts(
        &mut self,
        raw: &RawProject,
        dims: &BTreeMap<String, Dimension>,
        tables: &[Table],
        symbols: &Symbols,
    ) -> Vec<Chart> {
        let incomplete = incomplete_tables(raw, dims);
        let mut charts: Vec<Chart> = Vec::new();
        for cf in &raw.charts {
            for (id, c) in &cf.charts {
                let span = span_of(c, &cf.path);
                if uses_any(&c.value, &incomplete) {
                    // That table's unknown dimension is the error to fix; its missing rows
                    // would make every reference here look wrong too.
                    continue;
                }
                if !self.check_key("chart id", id, span.clone()) {
                    continue;
                }
                if let Some(first) = charts.iter().find(|x| &x.id == id) {
                    self.push(
                        Diagnostic::error(
                            Some(span.clone()),
                            format!("chart `{id}` is defined twice (also at {})", first.span),
                        )
                        .with_code(Code::DefinedTwice)
                        .with_hint("chart ids are shared by all sections: rename one"),
                    );
                    continue;
                }
                if let Some(chart) =
                    self.chart(id, &cf.section, &c.value, span, &cf.path, tables, symbols)
                {
                    charts.push(chart);
                }
            }
        }
        charts
    }

    #[allow(clippy::too_many_arguments)]
    fn chart(
        &mut self,
        id: &str,
        section: &str,
        c: &RawChart,
        span: Span,
        file: &Path,
        tables: &[Table],
        symbols: &Symbols,
    ) -> Option<Chart> {
        let kind = ChartKind::parse(&c.kind.value);
        if kind.is_none() {
            let names: Vec<&str> = ChartKind::ALL.iter().map(|k| k.name()).collect();
            self.push(
                Diagnostic::error(
                    Some(span_of(&c.kind, file)),
                    format!("chart `{id}`: `{}` is not a kind of chart", c.kind.value),
                )
                .with_code(Code::InvalidValue)
                .with_hint(format!("write one of {}", names.join(", "))),
            );
        }
        let order = match c.order.as_ref().map(|o| o.value.as_str()) {
            None | Some("as_written") => Order::AsWritten,
            Some("descending") => Order::Descending,
            Some(other) => {
                self.push(
                    Diagnostic::error(
                        c.order.as_ref().map(|o| span_of(o, file)),
                        format!("chart `{id}`: `order: {other}` is not an order"),
                    )
                    .with_code(Code::InvalidValue)
                    .with_hint("write `as_written` (the default) or `descending` (largest first)"),
                );
                Order::AsWritten
            }
        };
        let title = self.label(&c.title, file);
        if c.categories.is_empty() {
            self.err(
                Code::InvalidValue,
                span.clone(),
                format!("chart `{id}` has no categories"),
            );
        }
        let categories: Vec<Label> = c
            .categories
            .iter()
            .map(|cat| self.category(id, cat, file, tables))
            .collect();
        if c.series.is_empty() {
            self.err(
                Code::InvalidValue,
                span.clone(),
                format!("chart `{id}` has no series"),
            );
        }
        let series: Vec<Series> = c
            .series
            .iter()
            .map(|s| {
                self.series(
                    id,
                    s,
                    categories.len(),
                    c.series.len() > 1,
                    file,
                    tables,
                    symbols,
                )
            })
            .collect();
        if kind == Some(ChartKind::Donut) && series.len() > 1 {
            self.push(
                Diagnostic::error(
                    Some(span_of(&c.series[1], file)),
                    format!("chart `{id}` is a donut, which draws one series"),
                )
                .with_code(Code::InvalidValue)
                .with_hint("draw several series as `horizontal_bar`, `vertical_bar`, `stacked_bar` or `line`"),
            );
        }
        let colours = crate::chart::palette::SLICES.len();
        if kind == Some(ChartKind::Donut) && categories.len() > colours {
            self.push(
                Diagnostic::error(
                    Some(span.clone()),
                    format!("chart `{id}` is a donut of {} slices; it has {colours} colours, so two slices would look alike", categories.len()),
                )
                .with_code(Code::InvalidValue)
                .with_hint(format!("group the smallest as one «others» category (at most {colours} slices), or draw `horizontal_bar`")),
            );
        }
        Some(Chart {
            id: id.to_owned(),
            section: section.to_owned(),
            kind: kind?,
            title,
            order,
            categories,
            series,
            span,
        })
    }

    fn category(
        &mut self,
        chart: &str,
        c: &Spanned<RawCategory>,
        file: &Path,
        tables: &[Table],
    ) -> Label {
        self.label_or_of(
            chart,
            "category",
            c.value.label.as_ref(),
            c.value.label_of.as_ref(),
            span_of(c, file),
            file,
            tables,
        )
        .unwrap_or_else(|| Label::new("", ""))
    }

    #[allow(clippy::too_many_arguments)]
    fn series(
        &mut self,
        chart: &str,
        s: &Spanned<RawSeries>,
        categories: usize,
        legend: bool,
        file: &Path,
        tables: &[Table],
        symbols: &Symbols,
    ) -> Series {
        let span = span_of(s, file);
        let raw = &s.value;
        let label = if raw.label.is_some() || raw.label_of.is_some() || legend {
            self.label_or_of(
                chart,
                "series",
                raw.label.as_ref(),
                raw.label_of.as_ref(),
                span.clone(),
                file,
                tables,
            )
        } else {
            None
        };
        let role = match &raw.role {
            None => Role::Primary,
            Some(r) => Role::parse(&r.value).unwrap_or_else(|| {
                let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                self.push(
                    Diagnostic::error(
                        Some(span_of(r, file)),
                        format!("chart `{chart}`: `{}` is not a colour role", r.value),
                    )
                    .with_code(Code::InvalidValue)
                    .with_hint(format!("write one of {}", names.join(", "))),
                );
                Role::Primary
            }),
        };
        if raw.values.len() != categories {
            self.err(
                Code::InvalidValue,
                span.clone(),
                format!(
                    "chart `{chart}`: a series has {} values for {categories} categories",
                    raw.values.len()
                ),
            );
        }
        let points = raw
            .values
            .iter()
            .map(|v| {
                let text = v.value.as_ref()?;
                let at = span_of(v, file);
                let written = Spanned { value: text.clone(), referenced: v.referenced, defined: v.defined };
                self.year_keys(&written, file);
                match resolve(text, Ctx::Fact, symbols, false) {
                    Ok(ops) => match ops.as_slice() {
                        [Operand::Fact(f)] => Some(Place::Fact(*f)),
                        [Operand::Cell { table, row: RowSel::Fixed(r), col: ColSel::Fixed(c) }] => {
                            if tables[*table].rows[*r].kind == RowKind::Heading {
                                self.push(
                                    Diagnostic::error(Some(at), format!("chart `{chart}`: `{text}` is a heading row, which has no figures"))
                                        .with_code(Code::InvalidRule),
                                );
                                return None;
                            }
                            Some(Place::Cell(*table, *r, *c))
                        }
                        _ => {
                            self.push(
                                Diagnostic::error(Some(at), format!("chart `{chart}`: `{text}` is not a fact or a table cell"))
                                    .with_code(Code::InvalidRule)
                                    .with_hint("a chart draws only figures the model holds: write `#fact` or `table/column@row`, or `~` for a point still unknown"),
                            );
                            None
                        }
                    },
                    Err(e) => {
                        self.push(e.at(at));
                        None
                    }
                }
            })
            .collect();
        Series {
            label,
            role,
            points,
            span,
        }
    }

    /// Words written for a category or series, or taken from a table's row or column
    /// (`label_of: table/key`): exactly one of the two.
    #[allow(clippy::too_many_arguments)]
    fn label_or_of(
        &mut self,
        chart: &str,
        what: &str,
        label: Option<&SLabel>,
        of: Option<&Spanned<String>>,
        span: Span,
        file: &Path,
        tables: &[Table],
    ) -> Option<Label> {
        match (label, of) {
            (Some(l), None) => Some(self.label(l, file)),
            (None, Some(of)) => self.label_of(chart, of, file, tables),
            (Some(_), Some(_)) => {
                self.push(
                    Diagnostic::error(
                        Some(span),
                        format!(
                            "chart `{chart}`: a {what} has both `label` and `label_of`; keep one"
                        ),
                    )
                    .with_code(Code::InvalidValue),
                );
                None
            }
            (None, None) => {
                self.push(
                    Diagnostic::error(Some(span), format!("chart `{chart}`: a {what} needs `label` or `label_of`"))
                        .with_code(Code::InvalidValue)
                        .with_hint("write `label: {kk: …, ru: …}`, or `label_of: table/key` to take a table row's or column's label"),
                );
                None
            }
        }
    }

    /// The label of row (or else column) `key` of `table`, from `table/key`.
    fn label_of(
        &mut self,
        chart: &str,
        of: &Spanned<String>,
        file: &Path,
        tables: &[Table],
    ) -> Option<Label> {
        let at = span_of(of, file);
        let text = match crate::model::years::expand(&of.value, self.year) {
            Ok(t) => t,
            Err(e) => {
                self.push(
                    Diagnostic::error(Some(at), format!("chart `{chart}`: {e}"))
                        .with_code(Code::InvalidValue)
                        .with_hint(crate::model::years::PLACEHOLDER_HINT),
                );
                return None;
            }
        };
        let Some((t, key)) = text.split_once('/') else {
            self.push(
                Diagnostic::error(
                    Some(at),
                    format!("chart `{chart}`: `label_of: {text}` names no table"),
                )
                .with_code(Code::InvalidRule)
                .with_hint(
                    "write `label_of: table/key`, the key of one of the table's rows or columns",
                ),
            );
            return None;
        };
        let Some(table) = tables.iter().find(|x| x.id == t) else {
            self.push(
                Diagnostic::error(Some(at), format!("chart `{chart}`: unknown table `{t}`"))
                    .with_code(Code::UnknownReference)
                    .with_hint_opt(did_you_mean(t, tables.iter().map(|x| x.id.as_str()))),
            );
            return None;
        };
        if let Some(row) = table.rows.iter().find(|r| r.key == key) {
            return Some(row.label.clone());
        }
        if let Some(col) = table.columns.iter().find(|c| c.key == key) {
            // A member's name over its `count` and `share` columns (`under_30.count`): the
            // label just above the leaf, below any group spanner over all members.
            let path = &col.label_path;
            let at = match col.key.contains('.') {
                true => path.len().saturating_sub(2),
                false => path.len().saturating_sub(1),
            };
            return path.get(at).cloned();
        }
        let keys = table
            .rows
            .iter()
            .map(|r| r.key.as_str())
            .chain(table.columns.iter().map(|c| c.key.as_str()));
        self.push(
            Diagnostic::error(
                Some(at),
                format!("chart `{chart}`: table `{t}` has no row or column `{key}`"),
            )
            .with_code(Code::UnknownReference)
            .with_hint_opt(did_you_mean(key, keys)),
        );
        None
    }
}

/// Tables with rows of an unknown dimension (already an error): their rows are incomplete.
fn incomplete_tables<'r>(
    raw: &'r RawProject,
    dims: &BTreeMap<String, Dimension>,
) -> std::collections::BTreeSet<&'r str> {
    let unknown =
        |r: &Spanned<RawRow>| matches!(&r.value, RawRow::Dimension(k) if !dims.contains_key(k));
    raw.tables
        .iter()
        .filter(|tf| tf.raw.rows.iter().any(unknown))
        .map(|tf| tf.id.as_str())
        .collect()
}

/// Whether a reference of the chart (`table/…`) names one of `tables`.
fn uses_any(c: &RawChart, tables: &std::collections::BTreeSet<&str>) -> bool {
    let categories = c
        .categories
        .iter()
        .filter_map(|k| k.value.label_of.as_ref());
    let series = c.series.iter().flat_map(|s| {
        let values = s.value.values.iter().filter_map(|v| v.value.as_ref());
        s.value.label_of.iter().map(|l| &l.value).chain(values)
    });
    let table = |r: &str| r.split_once('/').map(|(t, _)| t.to_owned());
    categories
        .map(|l| &l.value)
        .chain(series)
        .filter_map(|r| table(r))
        .any(|t| tables.contains(t.as_str()))
}
