//! A derivation rule: its shape checked, its references resolved.

use super::*;

impl Builder<'_> {
    /// Checks a rule's shape and resolves its references.
    pub(super) fn rule(
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
                    .with_code(Code::InvalidRule)
                    .with_hint("see \"Rules\" in docs/data-format.md"),
            );
            return None;
        }
        if r.of.is_some() && r.share.is_none() {
            self.err(Code::InvalidRule, span.clone(), "`of` belongs to `share`");
        }
        if r.per.is_some() && r.per_capita.is_none() {
            self.err(
                Code::InvalidRule,
                span.clone(),
                "`per` belongs to `per_capita`",
            );
        }
        let op = self.op(r, &span, file, ctx, sym)?;
        let scale = match &r.scale {
            Some(s) => Some(self.raw_number(s, file)?),
            None => None,
        };
        Some(Rule { op, scale, span })
    }

    /// The operation of a rule with exactly one operation named, its operands resolved.
    fn op(&mut self, r: &RawRule, span: &Span, file: &Path, ctx: Ctx, sym: &Symbols) -> Option<Op> {
        let one = |b: &mut Self, s: &Spanned<String>| -> Option<Operand> {
            b.year_keys(s, file);
            match resolve(&s.value, ctx, sym, false) {
                Ok(mut v) => v.pop(),
                Err(e) => {
                    b.push(e.at(span_of(s, file)));
                    None
                }
            }
        };
        let pair =
            |b: &mut Self, name: &str, list: &Vec<Spanned<String>>| -> Option<(Operand, Operand)> {
                if list.len() != 2 {
                    b.err(
                        Code::InvalidRule,
                        span.clone(),
                        format!("`{name}` takes two operands: [a, b]"),
                    );
                    return None;
                }
                Some((one(b, &list[0])?, one(b, &list[1])?))
            };
        Some(if let Some(list) = &r.sum {
            let mut ops = Vec::new();
            for s in list {
                self.year_keys(s, file);
                match resolve(&s.value, ctx, sym, true) {
                    Ok(v) => ops.extend(v),
                    Err(e) => {
                        self.push(e.at(span_of(s, file)));
                        return None;
                    }
                }
            }
            if ops.is_empty() {
                self.err(
                    Code::InvalidRule,
                    span.clone(),
                    "`sum` needs at least one operand",
                );
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
                self.err(
                    Code::InvalidRule,
                    span.clone(),
                    "`share` needs `of`: { share: part, of: whole }",
                );
                return None;
            };
            Op::Share(one(self, a)?, one(self, of)?)
        } else {
            let a = r.per_capita.as_ref()?;
            let Some(per) = &r.per else {
                self.err(
                    Code::InvalidRule,
                    span.clone(),
                    "`per_capita` needs `per`: { per_capita: amount, per: people }",
                );
                return None;
            };
            Op::PerCapita(one(self, a)?, one(self, per)?)
        })
    }
}
