//! The evaluator: lazy, memoised, with cycle detection, so rules may refer to each other
//! (and across tables) in any order.
//!
//! Dependencies are walked with an explicit stack, not by recursion, so a chain of derived
//! figures may be as long as the data makes it (10 000 facts each deriving from the next
//! are evaluated, not a stack overflow): a figure is evaluated once everything it refers
//! to is done, and its own lookups then only read the memo.

use super::rounding::within_rounding;
use super::{Computed, IdentityResult, Pinned, Value};
use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::model::{ColSel, Op, Operand, Per, Place, Report, RowKind, RowSel, Rule};
use rust_decimal::Decimal;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Cell(usize, usize, usize),
    Fact(usize),
}

/// The figure an operand reads (`None` for a constant); `Err` with the table and row key
/// when a same-key reference finds no such row in the other table.
fn operand_key(
    report: &Report,
    op: &Operand,
    at: Option<(usize, usize, usize)>,
) -> Result<Option<Key>, (usize, String)> {
    match *op {
        Operand::Const(_) => Ok(None),
        Operand::Fact(f) => Ok(Some(Key::Fact(f))),
        Operand::Cell { table, row, col } => {
            let (ct, cr, cc) = at.unwrap_or((table, 0, 0));
            let r = match row {
                RowSel::Fixed(r) => r,
                RowSel::Current => cr,
                RowSel::SameKey => {
                    let key = &report.tables[ct].rows[cr].key;
                    report.tables[table]
                        .row_index(key)
                        .ok_or_else(|| (table, key.clone()))?
                }
            };
            let c = match col {
                ColSel::Fixed(c) => c,
                ColSel::Current => cc,
            };
            Ok(Some(Key::Cell(table, r, c)))
        }
    }
}

/// The figure an operand of a rule evaluated at `at` (a cell; `None` for a fact's rule)
/// reads, if it reads one.
pub(crate) fn operand_place(
    report: &Report,
    op: &Operand,
    at: Option<(usize, usize, usize)>,
) -> Option<Place> {
    operand_key(report, op, at).ok().flatten().map(Key::place)
}

impl Key {
    fn place(self) -> Place {
        match self {
            Key::Cell(t, r, c) => Place::Cell(t, r, c),
            Key::Fact(f) => Place::Fact(f),
        }
    }
}

#[derive(Clone, Copy)]
enum Slot {
    InProgress,
    Done(Value),
}

/// Every figure's slot, by position: a table's cells row by row, then the facts. Dense
/// vectors instead of a hash map: a figure's key is already its index, and the memo holds
/// every figure of the report (a hash map of them was a third of the analysis' memory).
struct Memo {
    cells: Vec<Vec<Option<Slot>>>,
    widths: Vec<usize>,
    facts: Vec<Option<Slot>>,
}

impl Memo {
    fn new(report: &Report) -> Memo {
        Memo {
            cells: (report.tables.iter())
                .map(|t| vec![None; t.rows.len() * t.columns.len()])
                .collect(),
            widths: report.tables.iter().map(|t| t.columns.len()).collect(),
            facts: vec![None; report.facts.len()],
        }
    }

    /// The slot of `key`; `None` for a key outside the report (never made by the model).
    fn slot(&mut self, key: Key) -> Option<&mut Option<Slot>> {
        match key {
            Key::Cell(t, r, c) if c < *self.widths.get(t)? => {
                let at = r.checked_mul(self.widths[t])?.checked_add(c)?;
                self.cells.get_mut(t)?.get_mut(at)
            }
            Key::Cell(..) => None,
            Key::Fact(f) => self.facts.get_mut(f),
        }
    }

    fn get(&mut self, key: Key) -> Option<Slot> {
        self.slot(key).and_then(|s| *s)
    }

    fn contains_key(&mut self, key: Key) -> bool {
        self.get(key).is_some()
    }

    fn insert(&mut self, key: Key, value: Slot) {
        if let Some(s) = self.slot(key) {
            *s = Some(value);
        }
    }
}

struct Evaluator<'a> {
    report: &'a Report,
    memo: Memo,
    diags: &'a mut Diagnostics,
    /// While evaluating declared identities: their sides recompute figures whose own
    /// overflow is already reported at the cell, so one overflow is reported once. An
    /// identity that overflows on its own fails as "undefined".
    quiet_overflow: bool,
    /// Printed totals kept instead of the sum of their parts.
    pinned: Vec<Pinned>,
}

/// Computes every cell and fact. Returns `None` if a rule could not be evaluated
/// (a cycle, an overflow, a missing row); the reasons are in `diags`.
pub(crate) fn compute(report: &Report, diags: &mut Diagnostics) -> Option<Computed> {
    let errors_before = diags.count(crate::diag::Severity::Error);
    let mut ev = Evaluator {
        report,
        memo: Memo::new(report),
        diags,
        quiet_overflow: false,
        pinned: Vec::new(),
    };
    let tables: Vec<Vec<Vec<Value>>> = report
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
    ev.quiet_overflow = true;
    let identities = identities(report, &mut ev);
    let apportioned = super::apportion_columns(report, &tables);
    (ev.diags.count(crate::diag::Severity::Error) == errors_before).then_some(Computed {
        apportioned,
        tables,
        facts,
        identities,
        pinned: std::mem::take(&mut ev.pinned),
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
                    equals_at: operand_place(report, &check.equals, Some(cell)),
                });
            }
        }
    }
    out
}

impl Evaluator<'_> {
    fn get(&mut self, key: Key) -> Value {
        match self.memo.get(key) {
            Some(Slot::Done(v)) => return v,
            Some(Slot::InProgress) => {
                let span = self.span_of(key);
                self.diags.push(
                    Diagnostic::error(
                        Some(span),
                        "this rule depends on itself (a circular derivation)",
                    )
                    .with_code(Code::CircularRule)
                    .with_hint(
                        "follow the references of this rule: one of them leads back to this cell",
                    ),
                );
                return Value::Undefined;
            }
            None => {}
        }
        self.force(key);
        match self.memo.get(key) {
            Some(Slot::Done(v)) => v,
            _ => Value::Undefined,
        }
    }

    /// Evaluates `root` and everything it depends on, dependencies first, with an explicit
    /// stack (depth-first: the figures marked in progress are exactly the chain from `root`
    /// to the current one, so a reference back into the chain is a cycle, which `get`
    /// reports when the referring figure is evaluated).
    fn force(&mut self, root: Key) {
        let mut stack = vec![(root, false)];
        while let Some((key, deps_done)) = stack.pop() {
            if deps_done {
                let v = self.evaluate(key);
                self.memo.insert(key, Slot::Done(v));
                continue;
            }
            if self.memo.contains_key(key) {
                continue; // done meanwhile, or in progress: a cycle
            }
            self.memo.insert(key, Slot::InProgress);
            stack.push((key, true));
            let deps = self.dependencies(key);
            stack.extend(
                deps.into_iter()
                    .rev()
                    .filter(|d| !self.memo.contains_key(*d))
                    .map(|d| (d, false)),
            );
        }
    }

    /// The figures `key`'s value is computed from (references that do not resolve are left
    /// out: evaluating `key` reports them).
    fn dependencies(&self, key: Key) -> Vec<Key> {
        let (rule, at) = match key {
            Key::Fact(f) => (self.report.facts[f].rule.as_ref(), None),
            Key::Cell(t, r, c) => {
                let table = &self.report.tables[t];
                let (row, col) = (&table.rows[r], &table.columns[c]);
                let blank = row.kind == RowKind::Heading
                    || (row.kind == RowKind::Total && col.blank_in_total);
                let rule = col.rule.as_ref().or(row.rule.as_ref());
                (rule.filter(|_| !blank), Some((t, r, c)))
            }
        };
        rule.map_or_else(Vec::new, |rule| {
            rule.operands()
                .into_iter()
                .filter_map(|o| self.operand_key(o, at).ok().flatten())
                .collect()
        })
    }

    fn operand_key(
        &self,
        op: &Operand,
        at: Option<(usize, usize, usize)>,
    ) -> Result<Option<Key>, (usize, String)> {
        operand_key(self.report, op, at)
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
                    _ if fact.to_fill.is_some() => Value::Pending,
                    (Some(rule), _) => {
                        let v = self.apply(rule, None);
                        self.pin(key, rule, v)
                    }
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
                    let v = self.apply(rule, Some((t, r, c)));
                    self.pin(key, rule, v)
                } else if row.to_fill.iter().any(|(col, _)| *col == c) {
                    Value::Pending
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

    /// A sum whose printed figure is more precise than its raw parts, and agrees with them
    /// within their rounding, takes the printed figure (the source's total of 187,33 over
    /// parts printed to one decimal that add up to 187,30); anything else keeps `value`.
    fn pin(&mut self, key: Key, rule: &Rule, value: Value) -> Value {
        let (Op::Sum(ops), Value::Num(sum), None) = (&rule.op, value, rule.scale) else {
            return value;
        };
        let place = key.place();
        let Some(printed) = self.report.published(place) else {
            return value;
        };
        let at = match key {
            Key::Cell(t, r, c) => Some((t, r, c)),
            Key::Fact(_) => None,
        };
        let mut parts = Vec::new();
        for o in ops {
            let Some(part) = operand_place(self.report, o, at) else {
                continue; // a constant is exact
            };
            if !self.is_raw(part) {
                return value;
            }
            parts.extend(self.report.precision(part));
        }
        match within_rounding(sum, &parts, printed) {
            Some(tolerance) => {
                self.pinned.push(Pinned {
                    place,
                    sum,
                    tolerance,
                });
                Value::Num(printed.value)
            }
            None => value,
        }
    }

    /// Whether a figure is typed from the source rather than derived.
    fn is_raw(&self, place: Place) -> bool {
        match place {
            Place::Cell(t, r, c) => {
                let table = &self.report.tables[t];
                table.columns[c].rule.is_none()
                    && table.rows[r].rule.is_none()
                    && table.rows[r].kind == RowKind::Body
            }
            Place::Fact(f) => self.report.facts[f].rule.is_none(),
            Place::Table(_) => false,
        }
    }

    fn operand(&mut self, op: &Operand, at: Option<(usize, usize, usize)>, span: &Span) -> Value {
        match self.operand_key(op, at) {
            Ok(Some(key)) => self.get(key),
            Ok(None) => match *op {
                Operand::Const(d) => Value::Num(d),
                _ => Value::Undefined,
            },
            Err((table, key)) => {
                let other = &self.report.tables[table].id;
                self.diags.push(
                    Diagnostic::error(
                        Some(span.clone()),
                        format!("table `{other}` has no row `{key}` for this reference"),
                    )
                    .with_code(Code::UnknownReference)
                    .with_hint(format!("write the row explicitly: `{other}/column@row`")),
                );
                Value::Undefined
            }
        }
    }

    fn apply(&mut self, rule: &Rule, at: Option<(usize, usize, usize)>) -> Value {
        let span = &rule.span;
        // A figure still to fill makes everything derived from it pending too.
        let pending = rule
            .operands()
            .into_iter()
            .any(|o| self.operand(o, at, span) == Value::Pending);
        if pending {
            return Value::Pending;
        }
        let val = |ev: &mut Self, o: &Operand| -> Option<Decimal> {
            match ev.operand(o, at, span) {
                Value::Num(d) => Some(d),
                Value::Blank => Some(Decimal::ZERO),
                Value::Undefined | Value::Pending => None,
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
        // `scale` is part of the rule: an overflow there is an overflow like any other.
        let result = result.map(|r| match (r, rule.scale) {
            (Some(d), Some(s)) => d.checked_mul(s),
            (r, _) => r,
        });
        match result {
            None => Value::Undefined,
            Some(None) if self.quiet_overflow => Value::Undefined,
            Some(None) => {
                self.diags.push(
                    Diagnostic::error(
                        Some(span.clone()),
                        "the result of this rule is too large to compute exactly",
                    )
                    .with_code(Code::Overflow)
                    .with_hint("check the raw values it uses for a misplaced digit"),
                );
                Value::Undefined
            }
            Some(Some(d)) => Value::Num(d),
        }
    }
}
#[cfg(test)]
#[path = "eval_tests.rs"]
mod tests;
