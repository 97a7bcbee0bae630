//! One table file: columns (leaves, groups, `each`), rows, raw values, published figures.

use super::*;

impl Builder<'_> {
    pub(super) fn table<'r>(
        &mut self,
        id: String,
        section: String,
        file: &Path,
        raw: &'r RawTable,
        dims: &BTreeMap<String, Dimension>,
        index: usize,
    ) -> (Table, Vec<(Target, &'r Spanned<RawRule>)>) {
        let mut rules = Vec::new();
        let mut columns: Vec<Column> = Vec::new();
        let mut column_rules: Vec<Option<&Spanned<RawRule>>> = Vec::new();
        let header = self.columns(
            &raw.columns,
            "",
            &[],
            file,
            dims,
            &mut columns,
            &mut column_rules,
        );
        for (c, r) in column_rules.iter().enumerate() {
            if let Some(r) = r {
                rules.push((Target::Column(index, c), *r));
            }
        }
        if columns.is_empty() {
            self.err(Span::file(file), "the table has no columns");
        }

        let mut rows: Vec<Row> = Vec::new();
        let raw_col_flags: Vec<bool> = column_rules.iter().map(|r| r.is_none()).collect();
        let mut headings = 0;
        let mut rows_complete = true;
        for r in &raw.rows {
            let span = span_of(r, file);
            match &r.value {
                RawRow::Dimension(key) => match dims.get(key) {
                    Some(d) => {
                        for m in &d.members {
                            rows.push(self.row(
                                m.key.clone(),
                                m.label.clone(),
                                RowKind::Body,
                                span.clone(),
                            ));
                        }
                    }
                    None => {
                        rows_complete = false;
                        self.diags.push(
                            Diagnostic::error(Some(span), format!("unknown dimension `{key}`"))
                                .with_hint(
                                    did_you_mean(key, dims.keys().map(String::as_str))
                                        .unwrap_or_else(|| {
                                            "dimensions are defined in data/dimensions.yaml".into()
                                        }),
                                ),
                        );
                    }
                },
                RawRow::Item(item) => {
                    if let Some(h) = &item.heading {
                        headings += 1;
                        let label = self.label(h, file);
                        rows.push(self.row(
                            format!("_heading_{headings}"),
                            label,
                            RowKind::Heading,
                            span,
                        ));
                        continue;
                    }
                    let (Some(key), Some(label)) = (&item.key, &item.label) else {
                        self.err(
                            span,
                            "a row needs `key` and `label` (or `heading` for a group heading)",
                        );
                        continue;
                    };
                    if !is_identifier(&key.value) {
                        self.err(
                            span_of(key, file),
                            format!(
                                "row key `{}` must be lowercase letters, digits and `_`",
                                key.value
                            ),
                        );
                    }
                    let label = self.label(label, file);
                    let mut row =
                        self.row(key.value.clone(), label, RowKind::Body, span_of(key, file));
                    row.precision = item
                        .precision
                        .as_ref()
                        .map(|p| self.precision(Some(p), file));
                    if let Some(rule) = &item.derive {
                        rules.push((Target::Row(index, rows.len()), rule));
                        row.rule = Some(placeholder_rule(span_of(rule, file)));
                    }
                    rows.push(row);
                }
            }
        }
        if let Some(t) = &raw.total_row {
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
            let mut row = self.row("total".into(), label, RowKind::Total, span.clone());
            row.precision = t.precision.as_ref().map(|p| self.precision(Some(p), file));
            row.rule = Some(Rule {
                op: Op::Sum(body),
                scale: None,
                span,
            });
            rows.push(row);
        }
        for (i, r) in rows.iter().enumerate() {
            if r.kind != RowKind::Heading && rows[..i].iter().any(|x| x.key == r.key) {
                self.err(r.span.clone(), format!("row `{}` appears twice", r.key));
            }
        }

        if !rows_complete {
            // Without all its rows, every `values` line would look wrong too.
            return (
                self.finish_table(id, section, file, raw, header, columns, rows),
                rules,
            );
        }
        // Raw values: one list per plain body row, one entry per raw column.
        let n_raw = raw_col_flags.iter().filter(|f| **f).count();
        for row in rows.iter_mut() {
            if row.kind != RowKind::Body || row.rule.is_some() {
                continue;
            }
            row.raw = vec![None; columns.len()];
            let Some(list) = raw.values.get(&row.key) else {
                if n_raw > 0 {
                    self.diags.push(
                        Diagnostic::error(
                            Some(row.span.clone()),
                            format!("no `values` for row `{}`", row.key),
                        )
                        .with_hint(format!(
                            "add `{}: [...]` with {n_raw} raw figures under `values:`",
                            row.key
                        )),
                    );
                }
                continue;
            };
            if list.value.len() != n_raw {
                self.diags.push(
                    Diagnostic::error(
                        Some(span_of(list, file)),
                        format!(
                            "row `{}` has {} values, but the table has {n_raw} raw columns",
                            row.key,
                            list.value.len()
                        ),
                    )
                    .with_hint(format!(
                        "raw columns in order: {}",
                        columns
                            .iter()
                            .zip(&raw_col_flags)
                            .filter(|(_, f)| **f)
                            .map(|(c, _)| c.key.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
                continue;
            }
            let mut it = list.value.iter();
            for (c, is_raw) in raw_col_flags.iter().enumerate() {
                if *is_raw {
                    let v = it.next().expect("length checked above");
                    row.raw[c] = self.raw_number(v, file);
                    let precision = row.precision.unwrap_or(columns[c].precision);
                    if let Some(d) = row.raw[c] {
                        if d.is_sign_negative() && !d.is_zero() && !columns[c].signed {
                            self.diags.push(
                                Diagnostic::error(Some(span_of(v, file)), format!("`{}` is negative, but column `{}` holds counts or amounts", v.value, columns[c].key))
                                    .with_hint("a head count cannot be negative; if the source prints this figure with a minus, declare `signed: true` on the column"),
                            );
                        }
                        let decimals = d.normalize().scale();
                        if decimals > precision {
                            self.diags.push(
                                Diagnostic::error(
                                    Some(span_of(v, file)),
                                    format!("`{}` has {decimals} decimals, but column `{}` prints {precision}", v.value, columns[c].key),
                                )
                                .with_hint(if precision == 0 {
                                    "counts of people are whole numbers; or declare `precision` on the column".to_owned()
                                } else {
                                    format!("round the raw value, or raise the column's `precision` above {precision}")
                                }),
                            );
                        }
                    }
                }
            }
        }
        let value_rows: Vec<&str> = rows
            .iter()
            .filter(|r| r.kind == RowKind::Body && r.rule.is_none())
            .map(|r| r.key.as_str())
            .collect();
        for (key, list) in &raw.values {
            if !value_rows.contains(&key.as_str()) {
                let hint = if rows.iter().any(|r| &r.key == key) {
                    Some("this row is derived (or the total row); its figures are computed, not typed".to_owned())
                } else {
                    did_you_mean(key, value_rows.iter().copied())
                };
                let mut d = Diagnostic::error(
                    Some(span_of(list, file)),
                    format!("`values` for unknown row `{key}`"),
                );
                if let Some(h) = hint {
                    d = d.with_hint(h);
                }
                self.diags.push(d);
            }
        }

        for (key, list) in &raw.published {
            let Some(row) = rows
                .iter_mut()
                .find(|r| &r.key == key && r.kind != RowKind::Heading)
            else {
                let keys: Vec<&str> = rows
                    .iter()
                    .filter(|r| r.kind != RowKind::Heading)
                    .map(|r| r.key.as_str())
                    .collect();
                let mut d = Diagnostic::error(
                    Some(span_of(list, file)),
                    format!("`published` for unknown row `{key}`"),
                );
                if let Some(h) = did_you_mean(key, keys) {
                    d = d.with_hint(h);
                }
                self.diags.push(d);
                continue;
            };
            if list.value.len() != columns.len() {
                self.err(
                    span_of(list, file),
                    format!(
                        "`published` row `{key}` has {} figures, but the table has {} columns",
                        list.value.len(),
                        columns.len()
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

        for (i, c) in raw.checks.iter().enumerate() {
            let per = self.per(c.value.per.as_ref(), file);
            rules.push((Target::Check(index, i, per), &c.value.expect));
        }
        (
            self.finish_table(id, section, file, raw, header, columns, rows),
            rules,
        )
    }

    pub(super) fn row(&mut self, key: String, label: Label, kind: RowKind, span: Span) -> Row {
        Row {
            key,
            label,
            kind,
            rule: None,
            precision: None,
            raw: Vec::new(),
            published: None,
            span,
        }
    }

    /// Builds the header tree and the leaf columns of one level.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn columns<'r>(
        &mut self,
        raws: &'r [Spanned<RawColumn>],
        prefix: &str,
        path: &[Label],
        file: &Path,
        dims: &BTreeMap<String, Dimension>,
        out: &mut Vec<Column>,
        rules: &mut Vec<Option<&'r Spanned<RawRule>>>,
    ) -> Vec<HeaderNode> {
        let mut nodes = Vec::new();
        for rc in raws {
            let span = span_of(rc, file);
            let c = &rc.value;
            let kinds = usize::from(c.key.is_some())
                + usize::from(c.group.is_some())
                + usize::from(c.each.is_some());
            if kinds != 1 {
                self.err(span, "a column needs exactly one of `key` (a column), `group` (a spanner) or `each` (one group per dimension member)");
                continue;
            }
            if let Some(group) = &c.group {
                let label = self.label(group, file);
                let Some(children) = &c.columns else {
                    self.err(span, "a `group` needs `columns`");
                    continue;
                };
                let mut p = path.to_vec();
                p.push(label.clone());
                let children = self.columns(children, prefix, &p, file, dims, out, rules);
                nodes.push(HeaderNode {
                    label,
                    children,
                    leaf: None,
                });
            } else if let Some(each) = &c.each {
                let Some(dim) = dims.get(&each.value) else {
                    self.diags.push(
                        Diagnostic::error(
                            Some(span_of(each, file)),
                            format!("unknown dimension `{}`", each.value),
                        )
                        .with_hint(
                            did_you_mean(&each.value, dims.keys().map(String::as_str))
                                .unwrap_or_else(|| {
                                    "dimensions are defined in data/dimensions.yaml".into()
                                }),
                        ),
                    );
                    continue;
                };
                for m in &dim.members {
                    let mut p = path.to_vec();
                    p.push(m.label.clone());
                    match &c.columns {
                        Some(children) => {
                            let children = self.columns(
                                children,
                                &format!("{prefix}{}.", m.key),
                                &p,
                                file,
                                dims,
                                out,
                                rules,
                            );
                            nodes.push(HeaderNode {
                                label: m.label.clone(),
                                children,
                                leaf: None,
                            });
                        }
                        None => {
                            nodes.push(HeaderNode {
                                label: m.label.clone(),
                                children: Vec::new(),
                                leaf: Some(out.len()),
                            });
                            out.push(Column {
                                key: format!("{prefix}{}", m.key),
                                label_path: p,
                                rule: None,
                                precision: self.precision(c.precision.as_ref(), file),
                                format: self.format(c.format.as_ref(), file),
                                blank_in_total: self.blank_in_total(c, file),
                                signed: c.signed.unwrap_or(false),
                                span: span.clone(),
                            });
                            rules.push(None);
                        }
                    }
                }
            } else if let Some(key) = &c.key {
                if !is_identifier(&key.value) {
                    self.err(
                        span_of(key, file),
                        format!(
                            "column key `{}` must be lowercase letters, digits and `_`",
                            key.value
                        ),
                    );
                }
                let full = format!("{prefix}{}", key.value);
                if out.iter().any(|x| x.key == full) {
                    self.err(span_of(key, file), format!("column `{full}` appears twice"));
                }
                let Some(label) = &c.label else {
                    self.err(span, format!("column `{}` needs a `label`", key.value));
                    continue;
                };
                let label = self.label(label, file);
                let mut p = path.to_vec();
                p.push(label.clone());
                nodes.push(HeaderNode {
                    label,
                    children: Vec::new(),
                    leaf: Some(out.len()),
                });
                out.push(Column {
                    key: full,
                    label_path: p,
                    rule: c
                        .derive
                        .as_ref()
                        .map(|r| placeholder_rule(span_of(r, file))),
                    precision: self.precision(c.precision.as_ref(), file),
                    format: self.format(c.format.as_ref(), file),
                    blank_in_total: self.blank_in_total(c, file),
                    signed: c.signed.unwrap_or(false),
                    span,
                });
                rules.push(c.derive.as_ref());
            }
        }
        nodes
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn finish_table(
        &mut self,
        id: String,
        section: String,
        file: &Path,
        raw: &RawTable,
        header: Vec<HeaderNode>,
        columns: Vec<Column>,
        rows: Vec<Row>,
    ) -> Table {
        Table {
            id,
            section,
            file: file.to_path_buf(),
            title: self.label(&raw.title, file),
            gri: raw.gri.clone(),
            stub: self.label(&raw.stub, file),
            header,
            columns,
            rows,
            zero_mark: raw.zero_mark.clone(),
            notes: raw.notes.iter().map(|n| self.label(n, file)).collect(),
            data_notes: raw.data_notes.iter().map(|n| self.label(n, file)).collect(),
            checks: Vec::new(),
        }
    }
}
