//! The reconciliation model: every way this edition's figures differ from, or rest on more
//! than, what the printed source says, as one typed list of [`Finding`]s.
//!
//! The check stage makes the list ([`super::check`]); `esep check` prints it grouped by
//! [`Kind`], and the view turns it into each language's reconciliation appendix, with a
//! footnote mark at every figure a finding concerns. Both read the same list, so the
//! appendix can never say less than the check.

use crate::compute::{Computed, Value, operand_place};
use crate::diag::{Code, Severity, Span};
use crate::lang::Label;
use crate::model::{Claim, Format, Op, Place, Published, Report, RowKind, Rule};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// What a finding says about the printed source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A printed derived figure that recomputes to another one at its printed precision;
    /// this edition shows the recomputed figure.
    Changed,
    /// A printed total more precise than its parts that differs from their sum by less
    /// than their rounding; the printed total stands.
    WithinRounding,
    /// Printed figures that reproduce only through a base the source does not print.
    AssumedBase,
    /// One quantity printed as two different figures; both are shown as printed.
    Conflict,
    /// A qualifier in the prose ("more than 94 %") that its figure does not support.
    Claim,
    /// Printed figures with no published inputs to recompute them.
    Unverifiable,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Changed,
        Kind::WithinRounding,
        Kind::AssumedBase,
        Kind::Conflict,
        Kind::Claim,
        Kind::Unverifiable,
    ];

    /// Its name in `esep check`'s summary.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Changed => "changed",
            Kind::WithinRounding => "within rounding",
            Kind::AssumedBase => "assumed base",
            Kind::Conflict => "conflict",
            Kind::Claim => "claim",
            Kind::Unverifiable => "unverifiable",
        }
    }

    /// What a finding of this kind means for the report, for `esep check`.
    pub fn meaning(self) -> &'static str {
        match self {
            Kind::Changed => {
                "printed figures that recompute differently; the report shows the recomputed figure (warnings)"
            }
            Kind::WithinRounding => {
                "printed totals more precise than their parts, within the parts' rounding; the printed total stands (notes)"
            }
            Kind::AssumedBase => {
                "printed figures that reproduce only through a base the source does not print (notes)"
            }
            Kind::Conflict => {
                "one quantity printed as two figures; both shown as printed (warnings)"
            }
            Kind::Claim => "words in the prose that the figure does not support (warnings)",
            Kind::Unverifiable => {
                "printed figures with no published inputs to recompute them (notes)"
            }
        }
    }

    /// The kind's diagnostic code.
    pub fn code(self) -> Code {
        match self {
            Kind::Changed => Code::Changed,
            Kind::WithinRounding => Code::WithinRounding,
            Kind::AssumedBase => Code::AssumedBase,
            Kind::Conflict => Code::Conflict,
            Kind::Claim => Code::Claim,
            Kind::Unverifiable => Code::Unverifiable,
        }
    }

    /// A warning where the printed source is wrong somewhere (a reviewer must look), a note
    /// where it is only incomplete. Neither fails a build or a check.
    pub fn severity(self) -> Severity {
        match self {
            Kind::Changed | Kind::Conflict | Kind::Claim => Severity::Warning,
            Kind::WithinRounding | Kind::AssumedBase | Kind::Unverifiable => Severity::Note,
        }
    }
}

/// A figure a finding concerns.
#[derive(Clone, Debug)]
pub struct Figure {
    /// Where it is; `None` for a side of a declared identity that is a formula of several
    /// figures (the sum of the sources of recruitment).
    pub place: Option<Place>,
    /// What the source printed there, if it was transcribed.
    pub printed: Option<Published>,
    /// What this edition holds (exact).
    pub value: Value,
    pub precision: u32,
    pub format: Format,
    /// How `value` is computed, with the values of its terms.
    pub formula: Option<Formula>,
}

/// A rule with the values it read, for the reader's "1 991 ÷ 4 495 × 100 = 44 %".
#[derive(Clone, Debug)]
pub struct Formula {
    pub op: FormulaOp,
    pub terms: Vec<Term>,
    /// The rule's `scale`.
    pub scale: Option<Decimal>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormulaOp {
    Sum,
    Difference,
    Ratio,
    Share,
    Deviation,
}

/// One term of a formula, with the precision and format it prints at.
#[derive(Clone, Debug)]
pub struct Term {
    pub value: Value,
    pub precision: u32,
    pub format: Format,
}

/// One entry of the reconciliation.
#[derive(Clone, Debug)]
pub struct Finding {
    pub kind: Kind,
    /// The section it is filed under (index into `Report::sections`).
    pub section: usize,
    /// The figures it concerns: the changed or kept figure; the printed figures resting
    /// on an assumed base; both sides of a conflict; the claimed figure; the unverifiable
    /// figure or table.
    pub figures: Vec<Figure>,
    /// The assumed base.
    pub base: Option<Figure>,
    /// Within rounding: the parts' sum as printed and how far the exact sum may lie from it.
    pub parts: Option<(Decimal, Decimal)>,
    pub claim: Option<Claim>,
    /// The data's explanation for readers.
    pub note: Option<Label>,
    /// The figures a footnote mark points from.
    pub marks: Vec<Place>,
    /// Where in the data it comes from.
    pub span: Span,
    /// For `esep check`: what was found, in the data's terms (ids, invariant figures).
    pub message: String,
}

/// Every finding, in the order the appendix numbers them: by section, then kind, then the
/// first figure's place.
#[derive(Clone, Debug, Default)]
pub struct Findings {
    pub list: Vec<Finding>,
}

impl Findings {
    pub(crate) fn sort(&mut self) {
        self.list.sort_by(|a, b| {
            (a.section, a.kind, a.marks.first(), &a.span).cmp(&(
                b.section,
                b.kind,
                b.marks.first(),
                &b.span,
            ))
        });
    }

    /// How many findings of each kind, in the order of [`Kind::ALL`].
    pub fn counts(&self) -> Vec<(Kind, usize)> {
        Kind::ALL
            .iter()
            .map(|&k| (k, self.list.iter().filter(|f| f.kind == k).count()))
            .collect()
    }

    /// The numbers (1-based) of the findings that mark each figure.
    pub fn marks(&self) -> BTreeMap<Place, Vec<usize>> {
        let mut out: BTreeMap<Place, Vec<usize>> = BTreeMap::new();
        for (i, f) in self.list.iter().enumerate() {
            for p in &f.marks {
                let list = out.entry(*p).or_default();
                if !list.contains(&(i + 1)) {
                    list.push(i + 1);
                }
            }
        }
        out
    }
}

/// A figure of the report as it is now, with what the source printed there.
pub(super) fn figure(report: &Report, computed: &Computed, place: Place) -> Figure {
    let value = match place {
        Place::Cell(t, r, c) => computed.tables[t][r][c],
        Place::Fact(f) => computed.facts[f],
        Place::Table(_) => Value::Blank,
    };
    Figure {
        place: Some(place),
        printed: report.published(place).cloned(),
        value,
        precision: report.precision(place).unwrap_or(0),
        format: report.format(place),
        formula: rule_at(report, place).map(|(rule, at)| formula(report, computed, rule, at)),
    }
}

/// A table cell: table, row, column.
type Cell = (usize, usize, usize);

/// The rule that computes a figure and the cell it is evaluated at.
pub(super) fn rule_at(report: &Report, place: Place) -> Option<(&Rule, Option<Cell>)> {
    match place {
        Place::Cell(t, r, c) => {
            let table = &report.tables[t];
            let (row, col) = (&table.rows[r], &table.columns[c]);
            if row.kind == RowKind::Heading || (row.kind == RowKind::Total && col.blank_in_total) {
                return None;
            }
            col.rule
                .as_ref()
                .or(row.rule.as_ref())
                .map(|rule| (rule, Some((t, r, c))))
        }
        Place::Fact(f) => report.facts[f].rule.as_ref().map(|rule| (rule, None)),
        Place::Table(_) => None,
    }
}

/// `rule` evaluated at `at`, with the value of every term.
pub(super) fn formula(
    report: &Report,
    computed: &Computed,
    rule: &Rule,
    at: Option<(usize, usize, usize)>,
) -> Formula {
    let op = match rule.op {
        Op::Sum(_) => FormulaOp::Sum,
        Op::Difference(..) => FormulaOp::Difference,
        Op::Ratio(..) | Op::PerCapita(..) => FormulaOp::Ratio,
        Op::Share(..) => FormulaOp::Share,
        Op::Deviation(..) => FormulaOp::Deviation,
    };
    let terms = rule
        .operands()
        .into_iter()
        .map(|o| match (operand_place(report, o, at), o) {
            (Some(p), _) => {
                let f = figure_value(computed, p);
                Term {
                    value: f,
                    precision: report.precision(p).unwrap_or(0),
                    format: report.format(p),
                }
            }
            (None, crate::model::Operand::Const(d)) => Term {
                value: Value::Num(*d),
                precision: d.normalize().scale(),
                format: Format::Number,
            },
            (None, _) => Term {
                value: Value::Undefined,
                precision: 0,
                format: Format::Number,
            },
        })
        .collect();
    Formula {
        op,
        terms,
        scale: rule.scale,
    }
}

fn figure_value(computed: &Computed, place: Place) -> Value {
    match place {
        Place::Cell(t, r, c) => computed.tables[t][r][c],
        Place::Fact(f) => computed.facts[f],
        Place::Table(_) => Value::Blank,
    }
}

/// Every figure whose rule reads `place`, directly or through other rules, that has a
/// printed figure: what rests on an assumed base.
pub(super) fn printed_dependents(report: &Report, place: Place) -> Vec<Place> {
    let mut readers: BTreeMap<Place, Vec<Place>> = BTreeMap::new();
    let mut add = |target: Place| {
        if let Some((rule, at)) = rule_at(report, target) {
            for o in rule.operands() {
                if let Some(p) = operand_place(report, o, at) {
                    readers.entry(p).or_default().push(target);
                }
            }
        }
    };
    for (t, table) in report.tables.iter().enumerate() {
        for r in 0..table.rows.len() {
            for c in 0..table.columns.len() {
                add(Place::Cell(t, r, c));
            }
        }
    }
    for f in 0..report.facts.len() {
        add(Place::Fact(f));
    }
    let mut seen = BTreeSet::new();
    let mut stack = vec![place];
    while let Some(p) = stack.pop() {
        for &next in readers.get(&p).into_iter().flatten() {
            if seen.insert(next) {
                stack.push(next);
            }
        }
    }
    seen.into_iter()
        .filter(|p| report.published(*p).is_some())
        .collect()
}

/// A figure named in the data's terms, for `esep check`.
pub(super) fn place_id(report: &Report, place: Place) -> String {
    match place {
        Place::Cell(t, r, c) => {
            let table = &report.tables[t];
            format!(
                "table `{}`, row `{}`, column `{}`",
                table.id, table.rows[r].key, table.columns[c].key
            )
        }
        Place::Fact(f) => format!("fact `{}`", report.facts[f].id),
        Place::Table(t) => format!("table `{}`", report.tables[t].id),
    }
}
