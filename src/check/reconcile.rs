//! The findings of each kind, made from the comparisons of [`super::check`] and from what
//! the data declares (`assumed`, `claim`, `unverifiable`).

use super::findings::{Figure, Finding, Findings, Kind, figure, place_id, printed_dependents};
use crate::compute::{Computed, IdentityResult, Value, round_half_up};
use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::locale::ungrouped;
use crate::model::{Place, Report};

fn finding(report: &Report, kind: Kind, place: Place, span: Span, message: String) -> Finding {
    Finding {
        kind,
        section: report.section_of(place).unwrap_or(usize::MAX),
        figures: Vec::new(),
        base: None,
        parts: None,
        claim: None,
        note: None,
        marks: vec![place],
        span,
        message,
    }
}

/// A printed derived figure that recomputes to another one.
pub(super) fn changed(
    report: &Report,
    computed: &Computed,
    place: Place,
    message: String,
) -> Finding {
    let fig = figure(report, computed, place);
    let span = fig
        .printed
        .as_ref()
        .map_or_else(|| span_of(report, place), |p| p.span.clone());
    Finding {
        figures: vec![fig],
        ..finding(report, Kind::Changed, place, span, message)
    }
}

/// A declared identity with `on_fail: warning` that does not hold: one quantity printed
/// as two figures. The `expect` side is its single figure, or a formula of several.
pub(super) fn conflict(
    report: &Report,
    computed: &Computed,
    id: &IdentityResult,
    message: String,
) -> Finding {
    let table = &report.tables[id.table];
    let check = &table.checks[id.check];
    let cell = match check.per {
        crate::model::Per::Column => (id.table, 0, id.at),
        _ => (id.table, id.at, 0),
    };
    let operands = check.expect.operands();
    let single = match (&check.expect.op, operands.as_slice(), check.expect.scale) {
        (crate::model::Op::Sum(_), [one], None) => {
            crate::compute::operand_place(report, one, Some(cell))
        }
        _ => None,
    };
    let expect = match single {
        Some(p) => figure(report, computed, p),
        None => Figure {
            place: None,
            printed: None,
            value: id.expect,
            precision: id.equals_at.and_then(|p| report.precision(p)).unwrap_or(0),
            format: id
                .equals_at
                .map_or(crate::model::Format::Number, |p| report.format(p)),
            formula: Some(super::findings::formula(
                report,
                computed,
                &check.expect,
                Some(cell),
            )),
        },
    };
    let equals = match id.equals_at {
        Some(p) => figure(report, computed, p),
        None => Figure {
            place: None,
            printed: None,
            value: id.equals,
            precision: 0,
            format: crate::model::Format::Number,
            formula: None,
        },
    };
    let marks: Vec<Place> = [expect.place, equals.place].into_iter().flatten().collect();
    // Filed where the identity is declared: that table's section states the quantity.
    let section = report
        .section_of(Place::Table(id.table))
        .unwrap_or(usize::MAX);
    Finding {
        kind: Kind::Conflict,
        section,
        figures: vec![expect, equals],
        base: None,
        parts: None,
        claim: None,
        note: check.note.clone(),
        marks,
        span: check.span.clone(),
        message,
    }
}

/// The findings that come from the data's declarations and the compute stage's kept totals.
pub(super) fn declared(
    report: &Report,
    computed: &Computed,
    diags: &mut Diagnostics,
    found: &mut Findings,
) {
    for pin in &computed.pinned {
        let fig = figure(report, computed, pin.place);
        let printed = fig
            .printed
            .as_ref()
            .map_or(String::new(), |p| ungrouped(p.value));
        let message = format!(
            "{}: the source printed {printed}, the parts as printed add up to {}; that is within their rounding (±{}), so the printed figure stands",
            place_id(report, pin.place),
            ungrouped(round_half_up(
                pin.sum,
                fig.printed.as_ref().map_or(0, |p| p.scale)
            )),
            ungrouped(pin.tolerance.normalize()),
        );
        let span = fig
            .printed
            .as_ref()
            .map_or_else(|| span_of(report, pin.place), |p| p.span.clone());
        found.list.push(Finding {
            figures: vec![fig],
            parts: Some((pin.sum, pin.tolerance)),
            ..finding(report, Kind::WithinRounding, pin.place, span, message)
        });
    }
    for (f, fact) in report.facts.iter().enumerate() {
        let place = Place::Fact(f);
        if let Some(note) = &fact.assumed {
            assumed(report, computed, f, note, diags, found);
        }
        if let (Some(claim), Value::Blank | Value::Undefined) = (&fact.claim, computed.facts[f]) {
            diags.push(
                Diagnostic::warning(
                    Some(claim.span.clone()),
                    format!(
                        "fact `{}` cannot be computed, so its claim cannot be checked",
                        fact.id
                    ),
                )
                .with_code(Code::InvalidRule)
                .with_hint(
                    "a division by zero or a blank figure: check the figures its rule reads",
                ),
            );
        }
        if let (Some(claim), Value::Num(v)) = (&fact.claim, computed.facts[f])
            && !claim.relation.holds(v, claim.bound)
        {
            let message = format!(
                "fact `{}`: the prose claims {} {}, but the figure is {}",
                fact.id,
                claim.relation.name().replace('_', " "),
                ungrouped(claim.bound),
                ungrouped(round_half_up(v, fact.precision + 2).normalize()),
            );
            found.list.push(Finding {
                figures: vec![figure(report, computed, place)],
                claim: Some(claim.clone()),
                ..finding(report, Kind::Claim, place, claim.span.clone(), message)
            });
        }
        if let Some(note) = &fact.unverifiable {
            let message = format!(
                "fact `{}` is printed without the inputs to recompute it",
                fact.id
            );
            found.list.push(unverifiable(
                report,
                computed,
                place,
                note,
                fact.span.clone(),
                message,
            ));
        }
    }
    for (t, table) in report.tables.iter().enumerate() {
        if let Some(note) = &table.unverifiable {
            let message = format!(
                "table `{}`: its printed figures cannot be recomputed (the source publishes no inputs)",
                table.id
            );
            let span = Span::file(&table.file);
            found.list.push(unverifiable(
                report,
                computed,
                Place::Table(t),
                note,
                span,
                message,
            ));
        }
    }
}

/// A table or fact declared `unverifiable`, with the data's reason.
fn unverifiable(
    report: &Report,
    computed: &Computed,
    place: Place,
    note: &crate::lang::Label,
    span: Span,
    message: String,
) -> Finding {
    Finding {
        figures: vec![figure(report, computed, place)],
        note: Some(note.clone()),
        ..finding(report, Kind::Unverifiable, place, span, message)
    }
}

/// A fact declared `assumed`: the printed figures that rest on it. One that nothing
/// printed rests on is a warning: the declaration explains nothing.
fn assumed(
    report: &Report,
    computed: &Computed,
    f: usize,
    note: &crate::lang::Label,
    diags: &mut Diagnostics,
    found: &mut Findings,
) {
    let fact = &report.facts[f];
    let dependents = printed_dependents(report, Place::Fact(f));
    if dependents.is_empty() {
        diags.push(
            Diagnostic::warning(
                Some(fact.span.clone()),
                format!("fact `{}` is declared `assumed`, but no printed figure rests on it", fact.id),
            )
            .with_code(Code::InvalidRule)
            .with_hint("an assumed base explains printed figures: give them `published`, or drop `assumed`"),
        );
        return;
    }
    let base = figure(report, computed, Place::Fact(f));
    let shown = base.value.num().map_or("–".to_owned(), |v| {
        ungrouped(round_half_up(v, fact.precision))
    });
    let names: Vec<String> = dependents.iter().map(|p| place_id(report, *p)).collect();
    let message = format!(
        "fact `{}` = {shown} is an assumed base (the source does not print it); printed figures that rest on it: {}",
        fact.id,
        names.join("; ")
    );
    let section = report.section_of(Place::Fact(f)).unwrap_or(usize::MAX);
    found.list.push(Finding {
        kind: Kind::AssumedBase,
        section,
        figures: dependents
            .iter()
            .map(|p| figure(report, computed, *p))
            .collect(),
        base: Some(base),
        parts: None,
        claim: None,
        note: Some(note.clone()),
        // The base itself too, where the prose prints it.
        marks: dependents.into_iter().chain([Place::Fact(f)]).collect(),
        span: fact.span.clone(),
        message,
    });
}

fn span_of(report: &Report, place: Place) -> Span {
    match place {
        Place::Cell(t, r, _) => report.tables[t].rows[r].span.clone(),
        Place::Fact(f) => report.facts[f].span.clone(),
        Place::Table(t) => Span::file(&report.tables[t].file),
    }
}

/// A finding as `esep check` lists it.
pub(super) fn diagnostic(f: &Finding) -> Diagnostic {
    let hint = match f.kind {
        Kind::Changed => {
            "the report shows the recomputed figure and explains it in the reconciliation appendix"
        }
        Kind::WithinRounding => {
            "the report shows the printed total and explains it in the reconciliation appendix"
        }
        Kind::AssumedBase => {
            "the base is inferred, not printed; the reconciliation appendix says so"
        }
        Kind::Conflict => {
            "both figures are shown as printed; the reconciliation appendix names both"
        }
        Kind::Claim => {
            "the prose says more than its figure supports; the reconciliation appendix says so"
        }
        Kind::Unverifiable => {
            "shown as printed; the reconciliation appendix says why it cannot be checked"
        }
    };
    Diagnostic {
        severity: f.kind.severity(),
        kind: f.kind.code(),
        span: Some(f.span.clone()),
        message: f.message.clone(),
        hint: Some(hint.to_owned()),
    }
}
