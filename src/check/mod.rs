//! The check stage: compares the computation with what the printed source said, and
//! makes the reconciliation ([`findings`]).
//!
//! In: the model and the computed values. Out: diagnostics and [`Findings`]. A raw figure
//! that differs from its `published` value is an **error** (one of the two was typed
//! wrong), as is a declared identity that fails with `on_fail: error`. What the printed
//! source itself got wrong, or leaves unproven, is a **finding** of one [`Kind`]: a derived
//! figure that recomputes differently (changed), a printed total kept within its parts'
//! rounding, an assumed base, two figures for one quantity (an identity declared
//! `on_fail: warning`), an unsupported claim, unverifiable figures. Every finding is also
//! a diagnostic (a warning or a note), so `esep check` and the appendix list the same.

mod findings;
mod reconcile;

pub use findings::{Figure, Finding, Findings, Formula, FormulaOp, Kind, Term};

use crate::compute::{Computed, Value, fact_figures, round_half_up};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::locale::ungrouped;
use crate::model::{
    ColSel, Op, Operand, Per, Place, Published, Report, RowKind, RowSel, Rule, Unit,
};
use rust_decimal::Decimal;

pub(crate) fn check(report: &Report, computed: &Computed, diags: &mut Diagnostics) -> Findings {
    let mut found = Findings::default();
    for (t, table) in report.tables.iter().enumerate() {
        for (r, row) in table.rows.iter().enumerate() {
            let Some(published) = &row.published else {
                continue;
            };
            for (c, (col, printed)) in table.columns.iter().zip(published).enumerate() {
                let Some(printed) = printed else { continue };
                // An apportioned cell is compared as it prints.
                let value = computed.figure(t, r, c);
                let derived =
                    col.rule.is_some() || row.rule.is_some() || row.kind == RowKind::Total;
                let place = Place::Cell(t, r, c);
                compare(
                    report, computed, place, value, printed, derived, diags, &mut found,
                );
            }
        }
    }
    shares_in_range(report, computed, diags);
    derived_facts_fit_their_units(report, computed, diags);
    for id in &computed.identities {
        // A side still to fill in cannot disagree yet.
        let pending = id.expect == Value::Pending || id.equals == Value::Pending;
        if !pending && !id.holds(report) {
            let table = &report.tables[id.table];
            match table.checks[id.check].severity {
                crate::diag::Severity::Error => diags.push(identity_fails(report, id)),
                _ => found.list.push(reconcile::conflict(
                    report,
                    computed,
                    id,
                    identity_fails(report, id).message,
                )),
            }
        }
    }
    // A fact in a rounding group is compared as it prints (apportioned), not half-up.
    let figures = fact_figures(report, computed);
    for (f, fact) in report.facts.iter().enumerate() {
        if let Some(printed) = &fact.published {
            let value = match fact.rounding_group {
                Some(_) => figures[f],
                None => computed.facts[f],
            };
            let derived = fact.rule.is_some();
            compare(
                report,
                computed,
                Place::Fact(f),
                value,
                printed,
                derived,
                diags,
                &mut found,
            );
        }
    }
    reconcile::declared(report, computed, diags, &mut found);
    found.sort();
    for f in &found.list {
        diags.push(reconcile::diagnostic(f));
    }
    found
}

/// How a to-fill item that is a reader note, not a figure, begins.
const NOTE_TO_FILL: &str = "the reader note of a declared conflict";

/// What is still to fill in, for people: `618 figures and 6 reader notes`, `1 figure`.
pub(crate) fn to_fill_words(to_fill: &[&Diagnostic]) -> String {
    let notes = to_fill
        .iter()
        .filter(|d| d.message.starts_with(NOTE_TO_FILL))
        .count();
    let figures = to_fill.len() - notes;
    let word = |n: usize, one: &str, many: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    };
    match notes {
        0 => word(figures, "figure", "figures"),
        _ => format!(
            "{} and {}",
            word(figures, "figure", "figures"),
            word(notes, "reader note", "reader notes")
        ),
    }
}

/// Every figure still to fill in (`~` in the data): an error, since a chapter with gaps is
/// not ready to publish, or a note in a draft (which prints a placeholder). One per value,
/// at its place, so the list reads file by file.
pub(crate) fn unfilled(report: &Report, computed: &Computed, draft: bool, diags: &mut Diagnostics) {
    const FIGURE: &str = "type the figure in place of `~`; `--draft` builds the chapter with a placeholder […] instead";
    let mut say = |span: &crate::diag::Span, what: String, hint: &str| {
        let d = Diagnostic::error(Some(span.clone()), format!("{what}: still to fill in"))
            .with_code(Code::ToFill)
            .with_hint(hint);
        diags.push(match draft {
            true => Diagnostic {
                severity: crate::diag::Severity::Note,
                ..d
            },
            false => d,
        });
    };
    for table in &report.tables {
        for row in &table.rows {
            for (c, span) in &row.to_fill {
                say(
                    span,
                    format!(
                        "table `{}`, row `{}`, column `{}`",
                        table.id, row.key, table.columns[*c].key
                    ),
                    FIGURE,
                );
            }
        }
    }
    for fact in &report.facts {
        if let Some(span) = &fact.to_fill {
            say(span, format!("fact `{}`", fact.id), FIGURE);
        }
    }
    // A declared conflict's reader note is owed only when the figures disagree.
    for id in &computed.identities {
        let table = &report.tables[id.table];
        let check = &table.checks[id.check];
        let pending = id.expect == Value::Pending || id.equals == Value::Pending;
        if let Some(span) = check
            .note_to_fill
            .as_ref()
            .filter(|_| !pending && !id.holds(report))
        {
            say(
                span,
                format!("{NOTE_TO_FILL} in table `{}`, which fails", table.id),
                "write this year's reason for the disagreement as `note: { kk: …, ru: … }`; if the figures should agree, correct them, or remove `on_fail: warning` to make the check strict",
            );
        }
    }
}

/// A declared identity that does not hold at one row or column: both sides named, with the
/// table each figure comes from, and their values.
fn identity_fails(report: &Report, id: &crate::compute::IdentityResult) -> Diagnostic {
    let table = &report.tables[id.table];
    let check = &table.checks[id.check];
    let place = match check.per {
        Per::Column => format!("column `{}`", table.columns[id.at].key),
        Per::Row => format!("row `{}`", table.rows[id.at].key),
        Per::Once => "check".to_owned(),
    };
    let show = |v: Value| match v {
        Value::Num(d) => ungrouped(round_half_up(d, 6).normalize()),
        Value::Blank => "blank".to_owned(),
        Value::Undefined => "undefined".to_owned(),
        Value::Pending => "still to fill".to_owned(),
    };
    let mut d = Diagnostic::error(
        Some(check.span.clone()),
        format!(
            "table `{}`, {place}: the declared identity does not hold: `expect` {} is {}, but `equals` {} is {}",
            table.id,
            describe_rule(report, id.table, &check.expect),
            show(id.expect),
            describe(report, id.table, &check.equals),
            show(id.equals)
        ),
    )
    .with_code(Code::IdentityFails);
    d.severity = check.severity;
    if let Some(note) = &check.note {
        d = d.with_hint(format!("{} / {}", note.kk, note.ru));
    }
    d
}

/// A rule as a formula of [`describe`]d operands: `men.count + women.count`.
fn describe_rule(report: &Report, own: usize, rule: &Rule) -> String {
    let d = |o: &Operand| describe(report, own, o);
    let text = match &rule.op {
        Op::Sum(ops) => ops.iter().map(d).collect::<Vec<_>>().join(" + "),
        Op::Difference(a, b) => format!("{} − {}", d(a), d(b)),
        Op::Ratio(a, b) | Op::PerCapita(a, b) => format!("{} ÷ {}", d(a), d(b)),
        Op::Share(a, b) => format!("{} ÷ {} × 100", d(a), d(b)),
        Op::Deviation(a, b) => format!("({} ÷ {} − 1) × 100", d(a), d(b)),
    };
    match rule.scale {
        Some(s) => format!("({text}) × {}", ungrouped(s)),
        None => text,
    }
}

/// An operand as written in the data: a cell of the check's own table (`own`) as
/// `column@row`, leaving out the row or column being checked; a cell of another table
/// with its table (`staff/total`); `#fact`; a number.
fn describe(report: &Report, own: usize, o: &Operand) -> String {
    match o {
        Operand::Const(c) => ungrouped(*c),
        Operand::Fact(f) => format!("#{}", report.facts[*f].id),
        Operand::Cell { table, row, col } => {
            let tb = &report.tables[*table];
            let mut text = if *table == own {
                String::new()
            } else {
                format!("{}/", tb.id)
            };
            if let ColSel::Fixed(c) = col {
                text.push_str(&tb.columns[*c].key);
            }
            if let RowSel::Fixed(r) = row {
                if matches!(col, ColSel::Fixed(_)) {
                    text.push('@');
                }
                text.push_str(&tb.rows[*r].key);
            }
            text
        }
    }
}

/// A printed figure against this edition's: a raw one must agree (an error), a derived
/// one that does not is a `changed` finding.
#[allow(clippy::too_many_arguments)]
fn compare(
    report: &Report,
    computed: &Computed,
    place: Place,
    value: Value,
    printed: &Published,
    derived: bool,
    diags: &mut Diagnostics,
    found: &mut Findings,
) {
    let what = findings::place_id(report, place);
    let recomputed = match value {
        Value::Num(d) => round_half_up(d, printed.scale),
        Value::Blank => {
            diags.push(
                Diagnostic::error(
                    Some(printed.span.clone()),
                    format!("{what}: the source printed {} here, but this cell holds no figure", printed.text),
                )
                .with_code(Code::PublishedMismatch)
                .with_hint("a heading row or a column left blank in the total row (`total: none`) prints nothing: write `~` for it in `published`, or remove `total: none`"),
            );
            return;
        }
        Value::Undefined if derived => {
            found.list.push(reconcile::changed(
                report,
                computed,
                place,
                format!("{what}: the source printed {} but the figure cannot be computed (division by zero)", ungrouped(printed.value)),
            ));
            return;
        }
        // Not yet filled in: nothing to compare yet.
        Value::Undefined | Value::Pending => return,
    };
    if recomputed == round_half_up(printed.value, printed.scale) {
        return;
    }
    // Both figures in the one form of diagnostics (`3456`, `12,5`), whatever spacing the
    // transcription used.
    let shown = ungrouped(recomputed);
    let typed = ungrouped(round_half_up(printed.value, printed.scale));
    if derived {
        found.list.push(reconcile::changed(
            report,
            computed,
            place,
            format!("{what}: the source printed {typed} but it recomputes to {shown}"),
        ));
    } else {
        diags.push(
            Diagnostic::error(
                Some(printed.span.clone()),
                format!("{what}: the raw value is {shown} but `published` says {typed}"),
            )
            .with_code(Code::PublishedMismatch)
            .with_hint(
                "one of the two was typed wrong; raw values and published figures must agree",
            ),
        );
    }
}

/// A share is a part of a whole: it must lie in 0–100. Outside that range the part is
/// larger than the whole (or negative), which is a data error, not a rounding matter.
fn shares_in_range(report: &Report, computed: &Computed, diags: &mut Diagnostics) {
    for (t, table) in report.tables.iter().enumerate() {
        for (r, row) in table.rows.iter().enumerate() {
            for (c, col) in table.columns.iter().enumerate() {
                let Some(rule) = col.rule.as_ref().or(row.rule.as_ref()) else {
                    continue;
                };
                let (Op::Share(..), Value::Num(v)) = (&rule.op, computed.tables[t][r][c]) else {
                    continue;
                };
                if v < Decimal::ZERO || v > Decimal::ONE_HUNDRED {
                    diags.push(
                        Diagnostic::error(
                            Some(rule.span.clone()),
                            format!(
                                "table `{}`, row `{}`, column `{}`: the share is {} %, outside 0–100",
                                table.id,
                                row.key,
                                col.key,
                                ungrouped(round_half_up(v, 2))
                            ),
                        )
                        .with_code(Code::ShareOutOfRange)
                        .with_hint("the part is larger than the whole (or negative): check both figures and the `of` reference"),
                    );
                }
            }
        }
    }
    for (f, fact) in report.facts.iter().enumerate() {
        if let (Some(rule), Value::Num(v)) = (&fact.rule, computed.facts[f])
            && matches!(rule.op, Op::Share(..))
            && (v < Decimal::ZERO || v > Decimal::ONE_HUNDRED)
        {
            {
                diags.push(
                    Diagnostic::error(
                        Some(rule.span.clone()),
                        format!(
                            "fact `{}`: the share is {} %, outside 0–100",
                            fact.id,
                            ungrouped(round_half_up(v, 2))
                        ),
                    )
                    .with_code(Code::ShareOutOfRange)
                    .with_hint(
                        "the part is larger than the whole (or negative): check both figures",
                    ),
                );
            }
        }
    }
}
/// A derived fact holds what its unit allows, as a raw one must (the model checks those):
/// a head count is whole and, like any count, amount or duration, not negative unless
/// `signed`; a share lies in 0–100 (a `share` rule is checked by [`shares_in_range`]).
fn derived_facts_fit_their_units(report: &Report, computed: &Computed, diags: &mut Diagnostics) {
    for (f, fact) in report.facts.iter().enumerate() {
        let (Some(rule), Some(unit), Value::Num(v)) = (&fact.rule, fact.unit, computed.facts[f])
        else {
            continue;
        };
        let shown = ungrouped(round_half_up(v, 6).normalize());
        let mut fail = |code: Code, what: String, hint: &str| {
            diags.push(
                Diagnostic::error(Some(rule.span.clone()), what)
                    .with_code(code)
                    .with_hint(hint.to_owned()),
            );
        };
        if unit.is_counted() && v < Decimal::ZERO && !fact.signed {
            fail(
                Code::NegativeCount,
                format!(
                    "fact `{}` recomputes to {shown}, but its unit is `{}`",
                    fact.id,
                    unit.name()
                ),
                "a count, an amount or a duration cannot be negative: check the rule's figures, or declare `signed: true` on the fact",
            );
        }
        if unit == Unit::People && !v.fract().is_zero() {
            fail(
                Code::TooManyDecimals,
                format!(
                    "fact `{}` recomputes to {shown}, but its unit is `people`",
                    fact.id
                ),
                "a head count is a whole number: a ratio or an average needs another unit",
            );
        }
        if unit == Unit::Share
            && !matches!(rule.op, Op::Share(..))
            && (v < Decimal::ZERO || v > Decimal::ONE_HUNDRED)
        {
            fail(
                Code::ShareOutOfRange,
                format!(
                    "fact `{}` recomputes to {shown}, but a `share` lies in 0–100",
                    fact.id
                ),
                "a share is per cent of a whole; for a raise or a growth use `unit: percent`",
            );
        }
    }
}

#[cfg(test)]
mod findings_tests;
#[cfg(test)]
mod tests;
