//! `data/<section>/facts.yaml`: the figures the prose states, raw or derived, and the
//! groups of facts declared to be rounded together (largest remainder).

use super::*;

impl Builder<'_> {
    pub(super) fn facts<'r>(
        &mut self,
        raw: &'r RawProject,
        pending: &mut Pending<'r>,
    ) -> (Vec<Fact>, Vec<RoundingGroup>) {
        let mut facts: Vec<Fact> = Vec::new();
        // (group name, fact, where `rounding` was written, which file).
        let mut declared: Vec<(&str, usize, Span, usize)> = Vec::new();
        for (file_no, ff) in raw.facts.iter().enumerate() {
            for (id, f) in &ff.facts {
                let span = span_of(f, &ff.path);
                self.check_key("fact id", id, span.clone());
                if let Some(first) = facts.iter().find(|x| &x.id == id) {
                    self.push(
                        Diagnostic::error(Some(span.clone()), format!("fact `{id}` is defined twice (also at {})", first.span))
                            .with_code(Code::DefinedTwice)
                            .with_hint("facts are shared by all sections: reference the existing one as `#id`, or rename this one"),
                    );
                }
                let f = &f.value;
                // `value: ~`: written but empty, a figure still to fill in.
                let to_fill = f
                    .value
                    .as_ref()
                    .filter(|v| v.value.is_none())
                    .map(|v| span_of(v, &ff.path));
                let typed = f.value.as_ref().and_then(|v| {
                    v.value.as_ref().map(|text| Spanned {
                        value: text.clone(),
                        referenced: v.referenced,
                        defined: v.defined,
                    })
                });
                let value = typed.as_ref().and_then(|v| self.raw_number(v, &ff.path));
                let unit = f.unit.as_ref().and_then(|u| self.unit(u, &ff.path));
                if let (Some(v), Some(raw), Some(unit)) = (value, &typed, unit) {
                    self.raw_fits_unit(id, v, span_of(raw, &ff.path), unit, f.signed == Some(true));
                }
                match (&f.value, &f.derive) {
                    (Some(_), Some(_)) => self.err(
                        Code::InvalidRule,
                        span.clone(),
                        format!("fact `{id}` has both `value` and `derive`; keep one"),
                    ),
                    (None, None) => self.err(
                        Code::InvalidRule,
                        span.clone(),
                        format!("fact `{id}` needs `value` (a raw figure) or `derive` (a rule)"),
                    ),
                    (None, Some(rule)) => {
                        pending.push((Target::Fact(facts.len()), rule, ff.path.as_path()))
                    }
                    _ => {}
                }
                // Declarations that contradict the figure: an `unverifiable` figure is one
                // the data cannot recompute, an `assumed` one is one the source does not print.
                if f.unverifiable.is_some() && f.derive.is_some() {
                    self.err(Code::InvalidRule, span.clone(), format!("fact `{id}` is derived, so it is not `unverifiable`; drop one of the two"));
                }
                if f.assumed.is_some() && f.published.is_some() {
                    self.err(Code::InvalidRule, span.clone(), format!("fact `{id}` has `published`, so the source prints it and it is not `assumed`; drop one of the two"));
                }
                if let Some(keep) = &f.next_year {
                    let at = span_of(keep, &ff.path);
                    if keep.value != "keep" {
                        self.push(Diagnostic::error(Some(at), format!("`next_year: {}`: the only choice is `keep`", keep.value)).with_code(Code::InvalidKey).with_hint("`next_year: keep` carries the value into next year's project (a threshold, a programme's years); without it `esep next-year` leaves the figure to fill in"));
                    } else if f.value.is_none() {
                        self.err(Code::InvalidRule, at, format!("fact `{id}` has no `value` to keep; `next_year: keep` is for raw figures"));
                    }
                }
                if let Some(r) = &f.rounding {
                    let name = &r.value.largest_remainder;
                    let at = span_of(name, &ff.path);
                    if self.check_key("rounding group", &name.value, at.clone()) {
                        declared.push((name.value.as_str(), facts.len(), at, file_no));
                    }
                }
                facts.push(Fact {
                    id: id.clone(),
                    section: ff.section.clone(),
                    value,
                    to_fill,
                    rule: None,
                    precision: self.precision(f.precision.as_ref(), &ff.path),
                    format: self.format(f.format.as_ref(), &ff.path),
                    unit,
                    signed: f.signed.unwrap_or(false),
                    rounding_group: None,
                    published: f
                        .published
                        .as_ref()
                        .and_then(|p| self.published(p, &ff.path)),
                    maintainer_note: f
                        .maintainer_note
                        .as_ref()
                        .map(|n| self.plain_label(n, &ff.path)),
                    label: f.label.as_ref().map(|n| self.label(n, &ff.path)),
                    assumed: f.assumed.as_ref().map(|n| self.label(n, &ff.path)),
                    unverifiable: f.unverifiable.as_ref().map(|n| self.label(n, &ff.path)),
                    claim: f.claim.as_ref().and_then(|c| self.claim(id, c, &ff.path)),
                    gri: self.gri_codes(&f.gri, &ff.path),
                    span,
                });
            }
        }
        // Facts are read sorted by id; a group keeps the order they are written in (files in
        // section order, then line), its last tie-break. A stable sort keeps the files' order.
        declared.sort_by_key(|(_, _, span, file)| (*file, span.line));
        let groups = self.rounding_groups(&declared, &mut facts);
        (facts, groups)
    }

    /// `claim:` with exactly one bound, a number.
    fn claim(&mut self, id: &str, c: &Spanned<RawClaim>, file: &Path) -> Option<Claim> {
        let raw = &c.value;
        let bounds: Vec<(Relation, &Spanned<String>)> = [
            (Relation::MoreThan, &raw.more_than),
            (Relation::LessThan, &raw.less_than),
            (Relation::AtLeast, &raw.at_least),
            (Relation::AtMost, &raw.at_most),
        ]
        .into_iter()
        .filter_map(|(r, b)| b.as_ref().map(|b| (r, b)))
        .collect();
        let span = span_of(c, file);
        let [(relation, bound)] = bounds[..] else {
            self.err(
                Code::InvalidRule,
                span,
                format!("the claim on fact `{id}` needs exactly one of more_than, less_than, at_least, at_most"),
            );
            return None;
        };
        Some(Claim {
            relation,
            bound: self.raw_number(bound, file)?,
            printed: self.label(&raw.printed, file),
            span,
        })
    }

    fn unit(&mut self, u: &Spanned<String>, file: &Path) -> Option<Unit> {
        let unit = Unit::parse(&u.value);
        if unit.is_none() {
            let names: Vec<&str> = Unit::ALL.iter().map(|u| u.name()).collect();
            self.push(
                Diagnostic::error(
                    Some(span_of(u, file)),
                    format!("unknown unit `{}`", u.value),
                )
                .with_code(Code::InvalidValue)
                .with_hint(format!("use one of {}", names.join(", "))),
            );
        }
        unit
    }

    /// A raw fact holds what its unit allows: a head count is whole, a count, amount or
    /// duration is not negative unless `signed`, a share lies in 0–100.
    fn raw_fits_unit(&mut self, id: &str, v: Decimal, span: Span, unit: Unit, signed: bool) {
        if unit.is_counted() && v.is_sign_negative() && !v.is_zero() && !signed {
            self.push(
                Diagnostic::error(Some(span.clone()), format!("fact `{id}` is {}, but its unit is `{}`", super::ungrouped(v), unit.name()))
                    .with_code(Code::NegativeCount)
                    .with_hint("a count, an amount or a duration cannot be negative; if the source prints this figure with a minus, declare `signed: true` on the fact"),
            );
        }
        if unit == Unit::People && !v.fract().is_zero() {
            self.push(
                Diagnostic::error(
                    Some(span.clone()),
                    format!(
                        "fact `{id}` is {}, but its unit is `people`",
                        super::ungrouped(v)
                    ),
                )
                .with_code(Code::TooManyDecimals)
                .with_hint("a head count is a whole number; or give the fact another unit"),
            );
        }
        if unit == Unit::Share && (v.is_sign_negative() && !v.is_zero() || v > Decimal::ONE_HUNDRED)
        {
            self.push(
                Diagnostic::error(
                    Some(span),
                    format!(
                        "fact `{id}` is {}, but a `share` lies in 0–100",
                        super::ungrouped(v)
                    ),
                )
                .with_code(Code::ShareOutOfRange)
                .with_hint(
                    "a share is per cent of a whole; for a raise or a growth use `unit: percent`",
                ),
            );
        }
    }

    /// Gathers the facts declaring `rounding: { largest_remainder: <name> }` by name. A
    /// group needs at least two facts (one alone is a misspelt name) printed at one
    /// precision (remainders are only comparable at the same precision).
    fn rounding_groups(
        &mut self,
        declared: &[(&str, usize, Span, usize)],
        facts: &mut [Fact],
    ) -> Vec<RoundingGroup> {
        let mut groups: Vec<RoundingGroup> = Vec::new();
        for (name, f, span, _) in declared {
            let g = match groups.iter().position(|g| g.name == *name) {
                Some(g) => g,
                None => {
                    groups.push(RoundingGroup {
                        name: (*name).to_owned(),
                        facts: Vec::new(),
                        precision: facts[*f].precision,
                    });
                    groups.len() - 1
                }
            };
            let group = &mut groups[g];
            if facts[*f].precision != group.precision {
                let first = &facts[group.facts[0]];
                self.push(
                    Diagnostic::error(
                        Some(span.clone()),
                        format!(
                            "fact `{}` prints {}, but `{}` of rounding group `{name}` prints {}",
                            facts[*f].id,
                            super::values::counted(
                                facts[*f].precision as usize,
                                "decimal",
                                "decimals"
                            ),
                            first.id,
                            group.precision
                        ),
                    )
                    .with_code(Code::InvalidRule)
                    .with_hint("facts rounded together must declare the same `precision`"),
                );
            }
            group.facts.push(*f);
            facts[*f].rounding_group = Some(g);
        }
        for group in &groups {
            if let [only] = group.facts[..] {
                let span = declared.iter().find(|d| d.1 == only).map(|d| d.2.clone());
                self.push(
                    Diagnostic::error(
                        span,
                        format!(
                            "rounding group `{}` has only one fact, `{}`",
                            group.name, facts[only].id
                        ),
                    )
                    .with_code(Code::InvalidRule)
                    .with_hint("largest-remainder rounding shares out the figures of several facts; give every fact of the group the same name"),
                );
            }
        }
        groups
    }
}
