//! The evaluator: lazy, memoised, with cycle detection, so rules may refer to each other
//! (and across tables) in any order.

use super::{Computed, IdentityResult, Value};
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::model::{ColSel, Op, Operand, Per, Report, RowKind, RowSel, Rule};
use rust_decimal::Decimal;
use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Cell(usize, usize, usize),
    Fact(usize),
}

enum Slot {
    InProgress,
    Done(Value),
}

struct Evaluator<'a> {
    report: &'a Report,
    memo: HashMap<Key, Slot>,
    diags: &'a mut Diagnostics,
}

/// Computes every cell and fact. Returns `None` if a rule could not be evaluated
/// (a cycle, an overflow, a missing row); the reasons are in `diags`.
pub fn compute(report: &Report, diags: &mut Diagnostics) -> Option<Computed> {
    let errors_before = diags.count(crate::diag::Severity::Error);
    let mut ev = Evaluator {
        report,
        memo: HashMap::new(),
        diags,
    };
    let tables = report
        .tables
        .iter()
        .enumerate()
        .map(|(t, table)| {
            (0..table.rows.len())
                .map(|r| {
                    (0..table.columns.len())
                        .map(|c| ev.get(Key::Cell(t, r, c)))
                        .collect()
                })
                .collect()
        })
        .collect();
    let facts = (0..report.facts.len())
        .map(|f| ev.get(Key::Fact(f)))
        .collect();
    let identities = identities(report, &mut ev);
    (ev.diags.count(crate::diag::Severity::Error) == errors_before).then_some(Computed {
        tables,
        facts,
        identities,
    })
}

/// Evaluates both sides of every declared identity wherever it applies.
fn identities(report: &Report, ev: &mut Evaluator) -> Vec<IdentityResult> {
    let mut out = Vec::new();
    for (t, table) in report.tables.iter().enumerate() {
        for (k, check) in table.checks.iter().enumerate() {
            let positions: Vec<usize> = match check.per {
                Per::Column => (0..table.columns.len()).collect(),
                Per::Row => (0..table.rows.len())
                    .filter(|r| table.rows[*r].kind != RowKind::Heading)
                    .collect(),
                Per::Once => vec![0],
            };
            for at in positions {
                if check.at.as_ref().is_some_and(|only| !only.contains(&at)) {
                    continue;
                }
                let cell = match check.per {
                    Per::Column => (t, 0, at),
                    Per::Row | Per::Once => (t, at, 0),
                };
                out.push(IdentityResult {
                    table: t,
                    check: k,
                    at,
                    expect: ev.apply(&check.expect, Some(cell)),
                    equals: ev.operand(&check.equals, Some(cell), &check.span),
                });
            }
        }
    }
    out
}

impl Evaluator<'_> {
    fn get(&mut self, key: Key) -> Value {
        match self.memo.get(&key) {
            Some(Slot::Done(v)) => return *v,
            Some(Slot::InProgress) => {
                let span = self.span_of(key);
                self.diags.push(
                    Diagnostic::error(
                        Some(span),
                        "this rule depends on itself (a circular derivation)",
                    )
                    .with_hint(
                        "follow the references of this rule: one of them leads back to this cell",
                    ),
                );
                return Value::Undefined;
            }
            None => {}
        }
        self.memo.insert(key, Slot::InProgress);
        let v = self.evaluate(key);
        self.memo.insert(key, Slot::Done(v));
        v
    }

    fn span_of(&self, key: Key) -> Span {
        match key {
            Key::Cell(t, r, c) => {
                let table = &self.report.tables[t];
                let col = &table.columns[c];
                col.rule
                    .as_ref()
                    .or(table.rows[r].rule.as_ref())
                    .map_or_else(|| table.rows[r].span.clone(), |rule| rule.span.clone())
            }
            Key::Fact(f) => self.report.facts[f].span.clone(),
        }
    }

    fn evaluate(&mut self, key: Key) -> Value {
        match key {
            Key::Fact(f) => {
                let fact = &self.report.facts[f];
                match (&fact.rule, fact.value) {
                    (Some(rule), _) => self.apply(rule, None),
                    (None, Some(v)) => Value::Num(v),
                    (None, None) => Value::Blank,
                }
            }
            Key::Cell(t, r, c) => {
                let table = &self.report.tables[t];
                let row = &table.rows[r];
                let col = &table.columns[c];
                match row.kind {
                    RowKind::Heading => return Value::Blank,
                    RowKind::Total if col.blank_in_total => return Value::Blank,
                    _ => {}
                }
                // A column's rule wins over a row's: the total row sums raw columns but
                // re-derives shares and averages.
                if let Some(rule) = col.rule.as_ref().or(row.rule.as_ref()) {
                    self.apply(rule, Some((t, r, c)))
                } else {
                    row.raw
                        .get(c)
                        .copied()
                        .flatten()
                        .map_or(Value::Blank, Value::Num)
                }
            }
        }
    }

    fn operand(&mut self, op: &Operand, at: Option<(usize, usize, usize)>, span: &Span) -> Value {
        match *op {
            Operand::Const(d) => Value::Num(d),
            Operand::Fact(f) => self.get(Key::Fact(f)),
            Operand::Cell { table, row, col } => {
                let (ct, cr, cc) = at.unwrap_or((table, 0, 0));
                let r = match row {
                    RowSel::Fixed(r) => r,
                    RowSel::Current => cr,
                    RowSel::SameKey => {
                        let key = &self.report.tables[ct].rows[cr].key;
                        match self.report.tables[table].row_index(key) {
                            Some(r) => r,
                            None => {
                                let other = &self.report.tables[table].id;
                                self.diags.push(
                                    Diagnostic::error(
                                        Some(span.clone()),
                                        format!(
                                            "table `{other}` has no row `{key}` for this reference"
                                        ),
                                    )
                                    .with_hint(format!(
                                        "write the row explicitly: `{other}/column@row`"
                                    )),
                                );
                                return Value::Undefined;
                            }
                        }
                    }
                };
                let c = match col {
                    ColSel::Fixed(c) => c,
                    ColSel::Current => cc,
                };
                self.get(Key::Cell(table, r, c))
            }
        }
    }

    fn apply(&mut self, rule: &Rule, at: Option<(usize, usize, usize)>) -> Value {
        let span = &rule.span;
        let val = |ev: &mut Self, o: &Operand| -> Option<Decimal> {
            match ev.operand(o, at, span) {
                Value::Num(d) => Some(d),
                Value::Blank => Some(Decimal::ZERO),
                Value::Undefined => None,
            }
        };
        let hundred = Decimal::ONE_HUNDRED;
        let result: Option<Option<Decimal>> = (|| {
            Some(match &rule.op {
                Op::Sum(ops) => {
                    let mut acc = Decimal::ZERO;
                    for o in ops {
                        match acc.checked_add(val(self, o)?) {
                            Some(x) => acc = x,
                            None => return Some(None),
                        }
                    }
                    Some(acc)
                }
                Op::Difference(a, b) => {
                    let (a, b) = (val(self, a)?, val(self, b)?);
                    a.checked_sub(b)
                }
                Op::Ratio(a, b) | Op::PerCapita(a, b) => {
                    let (a, b) = (val(self, a)?, val(self, b)?);
                    if b.is_zero() {
                        return None;
                    }
                    a.checked_div(b)
                }
                Op::Share(a, b) => {
                    let (a, b) = (val(self, a)?, val(self, b)?);
                    if b.is_zero() {
                        return None;
                    }
                    // Multiply first so the last printed digit is exact.
                    a.checked_mul(hundred).and_then(|x| x.checked_div(b))
                }
                Op::Deviation(a, b) => {
                    let (a, b) = (val(self, a)?, val(self, b)?);
                    if b.is_zero() {
                        return None;
                    }
                    a.checked_mul(hundred)
                        .and_then(|x| x.checked_div(b))
                        .and_then(|x| x.checked_sub(hundred))
                }
            })
        })();
        match result {
            None => Value::Undefined,
            Some(None) => {
                self.diags.push(
                    Diagnostic::error(
                        Some(span.clone()),
                        "the result of this rule is too large to compute exactly",
                    )
                    .with_hint("check the raw values it uses for a misplaced digit"),
                );
                Value::Undefined
            }
            Some(Some(d)) => match rule.scale {
                None => Value::Num(d),
                Some(s) => d.checked_mul(s).map_or(Value::Undefined, Value::Num),
            },
        }
    }
}
