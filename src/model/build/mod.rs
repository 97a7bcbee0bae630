//! Raw YAML → validated [`Report`]. Every problem becomes a diagnostic with its place;
//! building goes on after a problem so one run reports them all.
//!
//! One file per concern: [`meta`] (report.yaml, dimensions.yaml), [`table`] and
//! [`columns`] (a table's shape), [`values`] (its raw and published figures), [`facts`],
//! [`rule`] (a derivation rule's shape and references) and [`checks`] (declared
//! identities). References are resolved last, once every table and fact exists.

mod chart;
mod checks;
mod columns;
mod facts;
mod gri;
mod meta;
mod names;
mod rule;
mod scalars;
mod table;
mod values;

use super::number::{parse_printed, parse_raw, parse_small};
use super::refs::{Ctx, Symbols, resolve};
use super::*;
use crate::diag::{Code, Diagnostic, Diagnostics, Span, did_you_mean};
use crate::lang::{Label, Lang, kazakh_only_letter};
use crate::locale::ungrouped;
use crate::source::raw::{RawClaim, RawColumn, RawRow, RawRule, RawTable, RawValues, SLabel};
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
}

/// Rules waiting for resolution, with the file they were written in.
type Pending<'r> = Vec<(Target, &'r Spanned<RawRule>, &'r Path)>;

struct Builder<'a> {
    diags: &'a mut Diagnostics,
    /// The report year, for `{year}` placeholders (0 until `report.yaml` is read).
    year: u32,
    /// `proper_names:`, read first: every `ru` label is checked against them.
    names: crate::lang::ProperNames,
    /// The declared names some `ru` label uses.
    names_in_labels: std::collections::BTreeSet<String>,
    /// Every GRI code a section, table or fact declares, where (checked against
    /// `data/gri.yaml` once all are read).
    gri_uses: Vec<(String, Span)>,
}

pub(crate) use names::KAZAKH_LETTER_HINT;

pub(crate) fn build(raw: &RawProject, diags: &mut Diagnostics) -> Option<Report> {
    let mut b = Builder {
        diags,
        year: 0,
        names: Default::default(),
        names_in_labels: Default::default(),
        gri_uses: Vec::new(),
    };
    let mut declared_names = b.proper_names(raw);
    let mut report = b.meta(raw);
    let dimensions = b.dimensions(raw);
    let mut pending = Vec::new();
    let mut tables = b.tables(raw, &dimensions, &mut pending);
    let (mut facts, rounding_groups) = b.facts(raw, &mut pending);
    let gri = b.gri(raw);
    let symbols = symbols(&tables, &facts, b.year);
    let resolved = b.resolve_rules(pending, &tables, &symbols);
    let checks = b.checks(raw, &dimensions, &tables, &symbols);
    let charts = b.charts(raw, &dimensions, &tables, &symbols);
    for (t, identity) in checks {
        tables[t].checks.push(identity);
    }
    for (target, rule) in resolved {
        match target {
            Target::Column(t, c) => tables[t].columns[c].rule = Some(rule),
            Target::Row(t, r) => tables[t].rows[r].rule = Some(rule),
            Target::Fact(f) => facts[f].rule = Some(rule),
        }
    }
    if b.diags.has_errors() {
        return None;
    }
    report.dimensions = dimensions;
    report.tables = tables;
    report.facts = facts;
    report.gri = gri;
    report.charts = charts;
    report.rounding_groups = rounding_groups;
    for d in &mut declared_names {
        d.in_labels = b.names_in_labels.contains(&d.name);
    }
    report.proper_names = b.names;
    report.declared_names = declared_names;
    Some(report)
}

/// The names references can point at.
fn symbols<'t>(tables: &'t [Table], facts: &'t [Fact], year: u32) -> Symbols<'t> {
    Symbols {
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
        year,
    }
}

impl Builder<'_> {
    /// Every table file, in order; a second file with a table id already used is refused.
    fn tables<'r>(
        &mut self,
        raw: &'r RawProject,
        dims: &BTreeMap<String, Dimension>,
        pending: &mut Pending<'r>,
    ) -> Vec<Table> {
        let mut tables: Vec<Table> = Vec::new();
        let mut seen: std::collections::HashMap<&str, usize> = Default::default();
        for tf in &raw.tables {
            if let Some(first) = seen.get(tf.id.as_str()).map(|&i| &tables[i]) {
                self.push(
                    Diagnostic::error(
                        Some(Span::file(&tf.path)),
                        format!(
                            "table id `{}` is used twice (also by {})",
                            tf.id,
                            first.file.display()
                        ),
                    )
                    .with_code(Code::DefinedTwice)
                    .with_hint("table ids (file names) must be unique across sections"),
                );
                continue;
            }
            let index = tables.len();
            seen.insert(&tf.id, index);
            let (table, rules) = self.table(tf, dims, index);
            pending.extend(rules.into_iter().map(|(t, r)| (t, r, tf.path.as_path())));
            tables.push(table);
        }
        tables
    }

    /// Resolves every pending rule now that all tables and facts exist.
    fn resolve_rules(
        &mut self,
        pending: Pending<'_>,
        tables: &[Table],
        symbols: &Symbols,
    ) -> Vec<(Target, Rule)> {
        let mut resolved = Vec::new();
        for (target, raw_rule, file) in pending {
            let ctx = match target {
                Target::Column(t, c) => Ctx::Column {
                    table: t,
                    col_key: &tables[t].columns[c].key,
                },
                Target::Row(t, _) => Ctx::Row { table: t },
                Target::Fact(_) => Ctx::Fact,
            };
            if let Some(rule) = self.rule(raw_rule, file, ctx, symbols) {
                resolved.push((target, rule));
            }
        }
        resolved
    }

    pub(super) fn err(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(Some(span), message).with_code(code));
    }

    pub(super) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// A key or id that is not an [identifier](is_identifier), said exactly.
    pub(super) fn check_key(&mut self, what: &str, key: &str, span: Span) -> bool {
        if is_identifier(key) {
            return true;
        }
        self.push(crate::source::invalid_key(what, key, span));
        false
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
