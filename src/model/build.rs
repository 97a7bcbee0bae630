//! Raw YAML → validated [`Report`]. Every problem becomes a diagnostic with its place;
//! building goes on after a problem so one run reports them all.

use super::number::{parse_printed, parse_raw, parse_small};
use super::refs::{Ctx, Symbols, resolve};
use super::*;
use crate::diag::{Diagnostic, Diagnostics, Span, did_you_mean};
use crate::lang::{Label, Lang, kazakh_only_letter};
use crate::source::raw::{RawColumn, RawRow, RawRule, RawTable, SLabel};
use crate::source::{RawProject, is_identifier};
use serde_saphyr::Spanned;
use std::path::Path;

/// Highest precision a column may declare.
const MAX_PRECISION: u32 = 6;

fn span_of<T>(s: &Spanned<T>, file: &Path) -> Span {
    Span::new(file, s.referenced.line(), s.referenced.column())
}

/// A rule waiting for every table to exist before its references are resolved.
enum Target {
    Column(usize, usize),
    Row(usize, usize),
    Fact(usize),
    /// Table, check index, per column.
    Check(usize, usize, Per),
}

struct Builder<'a> {
    diags: &'a mut Diagnostics,
}

pub fn build(raw: &RawProject, diags: &mut Diagnostics) -> Option<Report> {
    let mut b = Builder { diags };
    let rf = raw.report_file.as_path();
    let r = &raw.report;
    let title = b.label(&r.title, rf);
    let year = match parse_small(&r.year.value, 9999) {
        Ok(y) if y >= 1900 => y,
        _ => {
            b.err(
                span_of(&r.year, rf),
                format!(
                    "`year` must be a year such as 2024, found `{}`",
                    r.year.value
                ),
            );
            0
        }
    };
    let date = r.date.value.clone();
    if !is_iso_date(&date) {
        b.err(
            span_of(&r.date, rf),
            format!("`date` must be YYYY-MM-DD, found `{date}`"),
        );
    }
    let mut languages = Vec::new();
    for l in &r.languages {
        match Lang::parse(&l.value) {
            Some(lang) if !languages.contains(&lang) => languages.push(lang),
            Some(_) => b.err(
                span_of(l, rf),
                format!("language `{}` is listed twice", l.value),
            ),
            None => b.err(
                span_of(l, rf),
                format!("unknown language `{}`; esep writes `kk` and `ru`", l.value),
            ),
        }
    }
    let mut percent_patterns: BTreeMap<Lang, String> = Lang::ALL
        .into_iter()
        .map(|l| (l, crate::locale::default_percent_pattern(l).to_owned()))
        .collect();
    for (code, loc) in &r.locale {
        let Some(lang) = Lang::parse(code) else {
            b.diags.error(
                Some(Span::file(rf)),
                format!("`locale.{code}`: unknown language"),
            );
            continue;
        };
        if let Some(p) = &loc.percent {
            if p.value.matches("{}").count() == 1 {
                percent_patterns.insert(lang, p.value.clone());
            } else {
                b.err(
                    span_of(p, rf),
                    "a percent pattern needs exactly one `{}` for the number",
                );
            }
        }
    }
    let mut sections: Vec<Section> = Vec::new();
    for s in &r.sections {
        let span = span_of(&s.id, rf);
        if !is_identifier(&s.id.value) {
            b.err(
                span.clone(),
                format!(
                    "section id `{}` must be lowercase letters, digits and `_`",
                    s.id.value
                ),
            );
        } else if sections.iter().any(|x| x.id == s.id.value) {
            b.err(
                span.clone(),
                format!("section `{}` is listed twice", s.id.value),
            );
        }
        sections.push(Section {
            id: s.id.value.clone(),
            title: b.label(&s.title, rf),
            span,
        });
    }

    let df = raw.dimensions_file.as_path();
    let mut dimensions = BTreeMap::new();
    for (key, d) in &raw.dimensions {
        if !is_identifier(key) {
            b.err(
                span_of(d, df),
                format!("dimension key `{key}` must be lowercase letters, digits and `_`"),
            );
        }
        let mut members: Vec<Member> = Vec::new();
        for m in &d.value.members {
            if !is_identifier(&m.key.value) {
                b.err(
                    span_of(&m.key, df),
                    format!(
                        "member key `{}` must be lowercase letters, digits and `_`",
                        m.key.value
                    ),
                );
            } else if members.iter().any(|x| x.key == m.key.value) {
                b.err(
                    span_of(&m.key, df),
                    format!("member `{}` appears twice in `{key}`", m.key.value),
                );
            }
            members.push(Member {
                key: m.key.value.clone(),
                label: b.label(&m.label, df),
            });
        }
        dimensions.insert(
            key.clone(),
            Dimension {
                label: b.label(&d.value.label, df),
                members,
            },
        );
    }

    let mut tables = Vec::new();
    let mut pending: Vec<(Target, &Spanned<RawRule>, &Path)> = Vec::new();
    for tf in &raw.tables {
        if tables.iter().any(|t: &Table| t.id == tf.id) {
            b.diags.push(
                Diagnostic::error(
                    Some(Span::file(&tf.path)),
                    format!("table id `{}` is used twice", tf.id),
                )
                .with_hint("table ids (file names) must be unique across sections"),
            );
            continue;
        }
        let index = tables.len();
        let (table, rules) = b.table(
            tf.id.clone(),
            tf.section.clone(),
            &tf.path,
            &tf.raw,
            &dimensions,
            index,
        );
        pending.extend(rules.into_iter().map(|(t, r)| (t, r, tf.path.as_path())));
        tables.push(table);
    }

    let mut facts: Vec<Fact> = Vec::new();
    for ff in &raw.facts {
        for (id, f) in &ff.facts {
            let span = span_of(f, &ff.path);
            let f = &f.value;
            if !is_identifier(id) {
                b.err(
                    span.clone(),
                    format!("fact id `{id}` must be lowercase letters, digits and `_`"),
                );
            }
            if let Some(first) = facts.iter().find(|x| &x.id == id) {
                b.diags.push(
                    Diagnostic::error(Some(span.clone()), format!("fact `{id}` is defined twice (first at {})", first.span))
                        .with_hint("facts are shared by all sections: reference the existing one as `#id`, or rename this one"),
                );
            }
            let value = f.value.as_ref().and_then(|v| b.raw_number(v, &ff.path));
            match (&f.value, &f.derive) {
                (Some(_), Some(_)) => b.err(
                    span.clone(),
                    format!("fact `{id}` has both `value` and `derive`; keep one"),
                ),
                (None, None) => b.err(
                    span.clone(),
                    format!("fact `{id}` needs `value` (a raw figure) or `derive` (a rule)"),
                ),
                (None, Some(rule)) => {
                    pending.push((Target::Fact(facts.len()), rule, ff.path.as_path()))
                }
                _ => {}
            }
            facts.push(Fact {
                id: id.clone(),
                section: ff.section.clone(),
                value,
                rule: None,
                precision: b.precision(f.precision.as_ref(), &ff.path),
                format: b.format(f.format.as_ref(), &ff.path),
                published: f.published.as_ref().and_then(|p| b.published(p, &ff.path)),
                note: f.note.as_ref().map(|n| b.label(n, &ff.path)),
                span,
            });
        }
    }

    let symbols = Symbols {
        tables: tables
            .iter()
            .map(|t| {
                (
                    t.id.as_str(),
                    t.columns.iter().map(|c| c.key.as_str()).collect(),
                    t.rows.iter().map(|r| r.key.as_str()).collect(),
                )
            })
            .collect(),
        facts: facts.iter().map(|f| f.id.as_str()).collect(),
    };
    let mut resolved = Vec::new();
    for (target, raw_rule, file) in pending {
        let ctx = match target {
            Target::Column(t, c) => Ctx::Column {
                table: t,
                col_key: &tables[t].columns[c].key,
            },
            Target::Row(t, _) | Target::Check(t, _, Per::Column) => Ctx::Row { table: t },
            Target::Check(t, _, Per::Row | Per::Once) => Ctx::Column {
                table: t,
                col_key: "",
            },
            Target::Fact(_) => Ctx::Fact,
        };
        if let Some(rule) = b.rule(raw_rule, file, ctx, &symbols) {
            resolved.push((target, rule));
        }
    }
    let mut checks: Vec<(usize, Identity)> = Vec::new();
    for tf in &raw.tables {
        let Some(t) = tables
            .iter()
            .position(|x| x.id == tf.id && x.file == tf.path)
        else {
            continue;
        };
        for (i, c) in tf.raw.checks.iter().enumerate() {
            let per = b.per(c.value.per.as_ref(), &tf.path);
            let ctx = if per == Per::Column {
                Ctx::Row { table: t }
            } else {
                Ctx::Column {
                    table: t,
                    col_key: "",
                }
            };
            let expect = resolved.iter().position(
                |(target, _)| matches!(target, Target::Check(tt, ii, _) if *tt == t && *ii == i),
            );
            let equals = match resolve(&c.value.equals.value, ctx, &symbols, false) {
                Ok(mut v) => v.pop(),
                Err((m, h)) => {
                    let mut d = Diagnostic::error(Some(span_of(&c.value.equals, &tf.path)), m);
                    if let Some(h) = h {
                        d = d.with_hint(h);
                    }
                    b.diags.push(d);
                    None
                }
            };
            let severity = b.severity(c.value.on_fail.as_ref(), &tf.path);
            let at = c.value.at.as_ref().map(|list| {
                list.iter()
                    .filter_map(|k| {
                        let table = &tables[t];
                        let (found, names): (Option<usize>, Vec<&str>) = if per == Per::Column {
                            (
                                table.column_index(&k.value),
                                table.columns.iter().map(|c| c.key.as_str()).collect(),
                            )
                        } else {
                            (
                                table.row_index(&k.value),
                                table.rows.iter().map(|r| r.key.as_str()).collect(),
                            )
                        };
                        if found.is_none() {
                            let mut d = Diagnostic::error(
                                Some(span_of(k, &tf.path)),
                                format!(
                                    "`at`: table `{}` has no {} `{}`",
                                    table.id,
                                    if per == Per::Column { "column" } else { "row" },
                                    k.value
                                ),
                            );
                            if let Some(h) = did_you_mean(&k.value, names) {
                                d = d.with_hint(h);
                            }
                            b.diags.push(d);
                        }
                        found
                    })
                    .collect()
            });
            if let (Some(e), Some(equals)) = (expect, equals) {
                let floating = |o: &Operand| {
                    matches!(
                        o,
                        Operand::Cell {
                            row: RowSel::Current | RowSel::SameKey,
                            ..
                        }
                    )
                };
                if per == Per::Once
                    && (floating(&equals) || resolved[e].1.operands().into_iter().any(floating))
                {
                    b.diags.push(
                        Diagnostic::error(
                            Some(span_of(c, &tf.path)),
                            "a `per: once` check must name the row of every reference",
                        )
                        .with_hint("write `column@row` or `table/column@row`"),
                    );
                    continue;
                }
                checks.push((
                    t,
                    Identity {
                        expect: resolved[e].1.clone(),
                        equals,
                        per,
                        at,
                        severity,
                        note: c.value.note.as_ref().map(|n| b.label(n, &tf.path)),
                        span: span_of(c, &tf.path),
                    },
                ));
            }
        }
    }
    for (t, c) in checks {
        tables[t].checks.push(c);
    }
    for (target, rule) in resolved {
        #[allow(clippy::match_same_arms)]
        match target {
            Target::Column(t, c) => tables[t].columns[c].rule = Some(rule),
            Target::Row(t, r) => tables[t].rows[r].rule = Some(rule),
            Target::Fact(f) => facts[f].rule = Some(rule),
            Target::Check(..) => {}
        }
    }
    if b.diags.has_errors() {
        return None;
    }
    Some(Report {
        title,
        year,
        date,
        languages,
        percent_patterns,
        sections,
        dimensions,
        tables,
        facts,
    })
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(s[5..7].parse::<u32>(), Ok(1..=12))
        && matches!(s[8..10].parse::<u32>(), Ok(1..=31))
}

impl Builder<'_> {
    fn err(&mut self, span: Span, message: impl Into<String>) {
        self.diags.error(Some(span), message);
    }

    /// A bilingual label: both languages present and non-empty; Russian free of
    /// Kazakh-only letters.
    fn label(&mut self, l: &SLabel, file: &Path) -> Label {
        let span = span_of(l, file);
        let mut get = |lang: Lang, text: &Option<String>| match text.as_deref().map(str::trim) {
            // Labels are one line: a stray newline would break a table row in the output.
            Some(t) if !t.is_empty() => t.split_ascii_whitespace().collect::<Vec<_>>().join(" "),
            Some(_) => {
                self.diags.push(
                    Diagnostic::error(
                        Some(span.clone()),
                        format!("the `{lang}` text of this label is empty"),
                    )
                    .with_hint("every label needs both `kk` and `ru` text"),
                );
                String::new()
            }
            None => {
                self.diags.push(
                    Diagnostic::error(
                        Some(span.clone()),
                        format!("this label has no `{lang}` translation"),
                    )
                    .with_hint(format!(
                        "add `{lang}: \"…\"`; esep never falls back to the other language"
                    )),
                );
                String::new()
            }
        };
        let label = Label {
            kk: get(Lang::Kk, &l.value.kk),
            ru: get(Lang::Ru, &l.value.ru),
        };
        if let Some(c) = kazakh_only_letter(&label.ru) {
            self.diags.push(
                Diagnostic::error(
                    Some(span),
                    format!(
                        "the `ru` text \"{}\" contains the Kazakh letter `{c}`",
                        label.ru
                    ),
                )
                .with_hint("the Russian text must use Russian terms, not Kazakh ones"),
            );
        }
        label
    }

    fn raw_number(&mut self, v: &Spanned<String>, file: &Path) -> Option<Decimal> {
        match parse_raw(&v.value) {
            Ok(d) => Some(d),
            Err(e) => {
                self.diags
                    .push(Diagnostic::error(Some(span_of(v, file)), e).with_hint(
                        "raw values are plain YAML numbers: 4495, 14.87 (no spaces, decimal point)",
                    ));
                None
            }
        }
    }

    fn published(&mut self, v: &Spanned<String>, file: &Path) -> Option<Published> {
        let span = span_of(v, file);
        match parse_printed(&v.value) {
            Ok((value, scale)) => Some(Published {
                text: v.value.clone(),
                value,
                scale,
                span,
            }),
            Err(e) => {
                self.err(span, e);
                None
            }
        }
    }

    fn precision(&mut self, p: Option<&Spanned<String>>, file: &Path) -> u32 {
        let Some(p) = p else { return 0 };
        parse_small(&p.value, MAX_PRECISION).unwrap_or_else(|e| {
            self.err(span_of(p, file), format!("`precision`: {e}"));
            0
        })
    }

    fn format(&mut self, f: Option<&Spanned<String>>, file: &Path) -> Format {
        match f.map(|f| f.value.as_str()) {
            None | Some("number") => Format::Number,
            Some("percent") => Format::Percent,
            Some("year") => Format::Year,
            Some(other) => {
                self.diags.push(
                    Diagnostic::error(
                        f.map(|f| span_of(f, file)),
                        format!("unknown format `{other}`"),
                    )
                    .with_hint("use `number`, `percent` or `year`"),
                );
                Format::Number
            }
        }
    }

    fn table<'r>(
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
        let raw_cols = columns.iter().filter(|c| c.rule.is_none()).count();
        let raw_col_flags: Vec<bool> = column_rules.iter().map(|r| r.is_none()).collect();
        let _ = raw_cols;
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
                .filter(|(_, r)| r.kind == RowKind::Body)
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

    #[allow(clippy::too_many_arguments)]
    fn finish_table(
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

    fn per(&mut self, per: Option<&Spanned<String>>, file: &Path) -> Per {
        match per.map(|p| (p, p.value.as_str())) {
            None | Some((_, "row")) => Per::Row,
            Some((_, "column")) => Per::Column,
            Some((_, "once")) => Per::Once,
            Some((p, other)) => {
                self.err(
                    span_of(p, file),
                    format!(
                        "`per: {other}`: use `row` (every row), `column` (every column) or `once`"
                    ),
                );
                Per::Row
            }
        }
    }

    fn severity(&mut self, s: Option<&Spanned<String>>, file: &Path) -> crate::diag::Severity {
        use crate::diag::Severity;
        match s.map(|s| (s, s.value.as_str())) {
            None | Some((_, "error")) => Severity::Error,
            Some((_, "warning")) => Severity::Warning,
            Some((s, other)) => {
                self.err(
                    span_of(s, file),
                    format!("`on_fail: {other}`: use `error` or `warning`"),
                );
                Severity::Error
            }
        }
    }

    fn row(&mut self, key: String, label: Label, kind: RowKind, span: Span) -> Row {
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
    fn columns<'r>(
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

    fn blank_in_total(&mut self, c: &RawColumn, file: &Path) -> bool {
        match c.total.as_ref().map(|t| (t, t.value.as_str())) {
            None => false,
            Some((_, "none")) => true,
            Some((t, other)) => {
                self.err(span_of(t, file), format!("`total: {other}`: the only option is `total: none` (leave the total row blank)"));
                false
            }
        }
    }

    /// Checks a rule's shape and resolves its references.
    fn rule(
        &mut self,
        raw: &Spanned<RawRule>,
        file: &Path,
        ctx: Ctx,
        sym: &Symbols,
    ) -> Option<Rule> {
        let span = span_of(raw, file);
        let r = &raw.value;
        let named = [
            ("sum", r.sum.is_some()),
            ("difference", r.difference.is_some()),
            ("ratio", r.ratio.is_some()),
            ("deviation", r.deviation.is_some()),
            ("share", r.share.is_some()),
            ("per_capita", r.per_capita.is_some()),
        ];
        let set: Vec<&str> = named.iter().filter(|(_, s)| *s).map(|(n, _)| *n).collect();
        if set.len() != 1 {
            self.diags.push(
                Diagnostic::error(Some(span), format!("a rule needs exactly one of sum, difference, ratio, deviation, share, per_capita; found {}", if set.is_empty() { "none".to_owned() } else { set.join(", ") }))
                    .with_hint("see \"Rules\" in docs/data-format.md"),
            );
            return None;
        }
        if r.of.is_some() && r.share.is_none() {
            self.err(span.clone(), "`of` belongs to `share`");
        }
        if r.per.is_some() && r.per_capita.is_none() {
            self.err(span.clone(), "`per` belongs to `per_capita`");
        }
        let one = |b: &mut Self, s: &Spanned<String>| -> Option<Operand> {
            match resolve(&s.value, ctx, sym, false) {
                Ok(mut v) => v.pop(),
                Err((m, h)) => {
                    let mut d = Diagnostic::error(Some(span_of(s, file)), m);
                    if let Some(h) = h {
                        d = d.with_hint(h);
                    }
                    b.diags.push(d);
                    None
                }
            }
        };
        let pair =
            |b: &mut Self, name: &str, list: &Vec<Spanned<String>>| -> Option<(Operand, Operand)> {
                if list.len() != 2 {
                    b.err(span.clone(), format!("`{name}` takes two operands: [a, b]"));
                    return None;
                }
                Some((one(b, &list[0])?, one(b, &list[1])?))
            };
        let op = if let Some(list) = &r.sum {
            let mut ops = Vec::new();
            for s in list {
                match resolve(&s.value, ctx, sym, true) {
                    Ok(v) => ops.extend(v),
                    Err((m, h)) => {
                        let mut d = Diagnostic::error(Some(span_of(s, file)), m);
                        if let Some(h) = h {
                            d = d.with_hint(h);
                        }
                        self.diags.push(d);
                        return None;
                    }
                }
            }
            if ops.is_empty() {
                self.err(span.clone(), "`sum` needs at least one operand");
                return None;
            }
            Op::Sum(ops)
        } else if let Some(list) = &r.difference {
            let (a, b) = pair(self, "difference", list)?;
            Op::Difference(a, b)
        } else if let Some(list) = &r.ratio {
            let (a, b) = pair(self, "ratio", list)?;
            Op::Ratio(a, b)
        } else if let Some(list) = &r.deviation {
            let (a, b) = pair(self, "deviation", list)?;
            Op::Deviation(a, b)
        } else if let Some(a) = &r.share {
            let Some(of) = &r.of else {
                self.err(span, "`share` needs `of`: { share: part, of: whole }");
                return None;
            };
            Op::Share(one(self, a)?, one(self, of)?)
        } else {
            let a = r.per_capita.as_ref()?;
            let Some(per) = &r.per else {
                self.err(
                    span,
                    "`per_capita` needs `per`: { per_capita: amount, per: people }",
                );
                return None;
            };
            Op::PerCapita(one(self, a)?, one(self, per)?)
        };
        let scale = match &r.scale {
            Some(s) => Some(self.raw_number(s, file)?),
            None => None,
        };
        Some(Rule { op, scale, span })
    }
}

/// Marks a column or row as derived until its rule is resolved (references need every
/// table to exist first).
fn placeholder_rule(span: Span) -> Rule {
    Rule {
        op: Op::Sum(Vec::new()),
        scale: None,
        span,
    }
}
