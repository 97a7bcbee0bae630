//! The check stage: compares the computation with what the printed source said.
//!
//! In: the model and the computed values. Out: diagnostics. A derived figure that differs
//! from its `published` value is a **warning** (the source's own mistake, listed on every
//! build); a raw figure that differs from its `published` value is an **error** (one of the
//! two was typed wrong).

use crate::compute::{Computed, Value, round_half_up};
use crate::diag::{Diagnostic, Diagnostics};
use crate::locale::ungrouped;
use crate::model::{Op, Per, Published, Report, RowKind};
use rust_decimal::Decimal;

pub fn check(report: &Report, computed: &Computed, diags: &mut Diagnostics) {
    for (t, table) in report.tables.iter().enumerate() {
        for (r, row) in table.rows.iter().enumerate() {
            let Some(published) = &row.published else {
                continue;
            };
            for (c, (col, printed)) in table.columns.iter().zip(published).enumerate() {
                let Some(printed) = printed else { continue };
                let value = computed.tables[t][r][c];
                let derived =
                    col.rule.is_some() || row.rule.is_some() || row.kind == RowKind::Total;
                let what = format!(
                    "table `{}`, row `{}`, column `{}`",
                    table.id, row.key, col.key
                );
                compare(&what, value, printed, derived, diags);
            }
        }
    }
    shares_in_range(report, computed, diags);
    for id in &computed.identities {
        let table = &report.tables[id.table];
        let check = &table.checks[id.check];
        if id.expect == id.equals {
            continue;
        }
        let place = match check.per {
            Per::Column => format!("column `{}`", table.columns[id.at].key),
            Per::Row => format!("row `{}`", table.rows[id.at].key),
            Per::Once => "check".to_owned(),
        };
        let show = |v: Value| match v {
            Value::Num(d) => ungrouped(round_half_up(d, 6).normalize()),
            Value::Blank => "blank".to_owned(),
            Value::Undefined => "undefined".to_owned(),
        };
        let mut d = Diagnostic::error(
            Some(check.span.clone()),
            format!(
                "table `{}`, {place}: the declared identity does not hold: {} ≠ {}",
                table.id,
                show(id.expect),
                show(id.equals)
            ),
        );
        d.severity = check.severity;
        if let Some(note) = &check.note {
            d = d.with_hint(format!("{} / {}", note.kk, note.ru));
        }
        diags.push(d);
    }
    for (f, fact) in report.facts.iter().enumerate() {
        if let Some(printed) = &fact.published {
            let what = format!("fact `{}`", fact.id);
            compare(
                &what,
                computed.facts[f],
                printed,
                fact.rule.is_some(),
                diags,
            );
        }
    }
}

fn compare(what: &str, value: Value, printed: &Published, derived: bool, diags: &mut Diagnostics) {
    let recomputed = match value {
        Value::Num(d) => round_half_up(d, printed.scale),
        Value::Blank => return,
        Value::Undefined => {
            diags.push(Diagnostic::warning(
                Some(printed.span.clone()),
                format!("{what}: the source printed {} but the figure cannot be computed (division by zero)", printed.text),
            ));
            return;
        }
    };
    if recomputed == round_half_up(printed.value, printed.scale) {
        return;
    }
    let shown = ungrouped(recomputed);
    if derived {
        diags.push(
            Diagnostic::warning(
                Some(printed.span.clone()),
                format!(
                    "{what}: the source printed {} but it recomputes to {shown}",
                    printed.text
                ),
            )
            .with_hint("the report shows the recomputed figure; check the source's arithmetic"),
        );
    } else {
        diags.push(
            Diagnostic::error(
                Some(printed.span.clone()),
                format!(
                    "{what}: the raw value is {shown} but `published` says {}",
                    printed.text
                ),
            )
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
                    .with_hint(
                        "the part is larger than the whole (or negative): check both figures",
                    ),
                );
            }
        }
    }
}
