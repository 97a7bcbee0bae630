//! Raw YAML → validated [`Report`]. Every problem becomes a diagnostic with its place;
//! building goes on after a problem so one run reports them all.

mod rule;
mod scalars;
mod table;

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
    let mut percent_overrides: BTreeMap<Lang, String> = BTreeMap::new();
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
                percent_overrides.insert(lang, p.value.clone());
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
        percent_overrides,
        sections,
        dimensions,
        tables,
        facts,
    })
}

fn is_iso_date(s: &str) -> bool {
    crate::date::IsoDate::parse(s).is_some()
}

impl Builder<'_> {
    pub(super) fn err(&mut self, span: Span, message: impl Into<String>) {
        self.diags.error(Some(span), message);
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
