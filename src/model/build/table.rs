//! One table file: its columns (in [`super::columns`]), its rows, then its figures (in
//! [`super::values`]).

use super::*;
use crate::source::TableFile;
use crate::source::raw::RawRowItem;

/// The rules of one table, to resolve once every table exists.
pub(super) type TableRules<'r> = Vec<(Target, &'r Spanned<RawRule>)>;

impl Builder<'_> {
    pub(super) fn table<'r>(
        &mut self,
        tf: &'r TableFile,
        dims: &BTreeMap<String, Dimension>,
        index: usize,
    ) -> (Table, TableRules<'r>) {
        let (file, raw) = (tf.path.as_path(), &tf.raw);
        let mut rules = Vec::new();
        let mut columns: Vec<Column> = Vec::new();
        let mut column_rules: Vec<Option<&Spanned<RawRule>>> = Vec::new();
        let mut level = columns::Level {
            file,
            dims,
            out: &mut columns,
            rules: &mut column_rules,
        };
        let header = self.columns(&raw.columns, "", &[], &mut level);
        for (c, r) in column_rules.iter().enumerate() {
            if let Some(r) = r {
                rules.push((Target::Column(index, c), *r));
            }
        }
        if columns.is_empty() {
            self.err(
                Code::InvalidRule,
                Span::file(file),
                "the table has no columns",
            );
        }
        let (mut rows, rows_complete) = self.rows(raw, file, dims, index, &mut rules);
        // Without all its rows, every `values` line would look wrong too.
        if rows_complete {
            let raw_cols: Vec<bool> = column_rules.iter().map(|r| r.is_none()).collect();
            self.values(raw, file, &columns, &raw_cols, &mut rows);
            self.published_rows(raw, file, &columns, &mut rows);
        }
        let table = Table {
            id: tf.id.clone(),
            section: tf.section.clone(),
            file: file.to_path_buf(),
            title: self.label(&raw.title, file),
            gri: self.gri_codes(&raw.gri, file),
            stub: self.label(&raw.stub, file),
            header,
            columns,
            rows,
            zero_mark: raw.zero_mark.clone(),
            notes: raw.notes.iter().map(|n| self.label(n, file)).collect(),
            maintainer_notes: raw
                .maintainer_notes
                .iter()
                .map(|n| self.plain_label(n, file))
                .collect(),
            checks: Vec::new(),
            unverifiable: raw.unverifiable.as_ref().map(|n| self.label(n, file)),
        };
        (table, rules)
    }

    /// The rows: dimension members, explicit rows and headings, then the total row.
    /// `false` when a dimension is unknown (the rows are incomplete).
    fn rows<'r>(
        &mut self,
        raw: &'r RawTable,
        file: &Path,
        dims: &BTreeMap<String, Dimension>,
        index: usize,
        rules: &mut TableRules<'r>,
    ) -> (Vec<Row>, bool) {
        let mut rows: Vec<Row> = Vec::new();
        let mut headings = 0;
        let mut complete = true;
        for r in &raw.rows {
            let span = span_of(r, file);
            match &r.value {
                RawRow::Dimension(key) => match dims.get(key) {
                    Some(d) => rows.extend(d.members.iter().map(|m| Row {
                        window: m.window,
                        ..row(m.key.clone(), m.label.clone(), RowKind::Body, span.clone())
                    })),
                    None => {
                        complete = false;
                        self.push(unknown_dimension(key, span, dims));
                    }
                },
                RawRow::Item(item) if item.heading.is_some() => {
                    headings += 1;
                    let label = self.label(item.heading.as_ref().expect("matched"), file);
                    let key = format!("_heading_{headings}");
                    rows.push(row(key, label, RowKind::Heading, span));
                }
                RawRow::Item(item) => {
                    let Some(mut row) = self.item_row(item, span, file) else {
                        continue;
                    };
                    if let Some(rule) = &item.derive {
                        rules.push((Target::Row(index, rows.len()), rule));
                        row.rule = Some(placeholder_rule(span_of(rule, file)));
                    }
                    rows.push(row);
                }
            }
        }
        if let Some(t) = &raw.total_row {
            let total = self.total_row(t, file, &rows, index);
            rows.push(total);
        }
        for (i, r) in rows.iter().enumerate() {
            if r.kind != RowKind::Heading && rows[..i].iter().any(|x| x.key == r.key) {
                self.err(
                    Code::DefinedTwice,
                    r.span.clone(),
                    format!("row `{}` appears twice", r.key),
                );
            }
        }
        (rows, complete)
    }

    /// An explicit row `{key, label}`, without its rule.
    fn item_row(&mut self, item: &RawRowItem, span: Span, file: &Path) -> Option<Row> {
        let (Some(key), Some(label)) = (&item.key, &item.label) else {
            self.err(
                Code::InvalidRule,
                span,
                "a row needs `key` and `label` (or `heading` for a group heading)",
            );
            return None;
        };
        self.check_key("row key", &key.value, span_of(key, file));
        let label = self.label(label, file);
        let mut row = row(key.value.clone(), label, RowKind::Body, span_of(key, file));
        row.precision = item
            .precision
            .as_ref()
            .map(|p| self.precision(Some(p), file));
        Some(row)
    }

    /// The total row: raw columns summed over the plain body rows (derived rows are not
    /// added in again).
    fn total_row(
        &mut self,
        t: &crate::source::raw::RawTotalRow,
        file: &Path,
        rows: &[Row],
        index: usize,
    ) -> Row {
        let label = self.label(&t.label, file);
        let body: Vec<Operand> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kind == RowKind::Body && r.rule.is_none())
            .map(|(i, _)| Operand::Cell {
                table: index,
                row: RowSel::Fixed(i),
                col: ColSel::Current,
            })
            .collect();
        let span = span_of(&t.label, file);
        let mut total = row("total".into(), label, RowKind::Total, span.clone());
        total.precision = t.precision.as_ref().map(|p| self.precision(Some(p), file));
        total.rule = Some(Rule {
            op: Op::Sum(body),
            scale: None,
            span,
        });
        total
    }
}

pub(super) fn row(key: String, label: Label, kind: RowKind, span: Span) -> Row {
    Row {
        key,
        label,
        kind,
        rule: None,
        precision: None,
        raw: Vec::new(),
        to_fill: Vec::new(),
        published: None,
        window: false,
        span,
    }
}

/// `unknown dimension `x``, with the closest name or where dimensions are defined.
pub(super) fn unknown_dimension(
    key: &str,
    span: Span,
    dims: &BTreeMap<String, Dimension>,
) -> Diagnostic {
    Diagnostic::error(Some(span), format!("unknown dimension `{key}`"))
        .with_code(Code::UnknownReference)
        .with_hint(
            did_you_mean(key, dims.keys().map(String::as_str))
                .unwrap_or_else(|| "dimensions are defined in data/dimensions.yaml".into()),
        )
}
