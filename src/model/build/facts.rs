//! `data/<section>/facts.yaml`: the figures the prose states, raw or derived.

use super::*;

impl Builder<'_> {
    pub(super) fn facts<'r>(
        &mut self,
        raw: &'r RawProject,
        pending: &mut Pending<'r>,
    ) -> Vec<Fact> {
        let mut facts: Vec<Fact> = Vec::new();
        for ff in &raw.facts {
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
                let value = f.value.as_ref().and_then(|v| self.raw_number(v, &ff.path));
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
                facts.push(Fact {
                    id: id.clone(),
                    section: ff.section.clone(),
                    value,
                    rule: None,
                    precision: self.precision(f.precision.as_ref(), &ff.path),
                    format: self.format(f.format.as_ref(), &ff.path),
                    published: f
                        .published
                        .as_ref()
                        .and_then(|p| self.published(p, &ff.path)),
                    note: f.note.as_ref().map(|n| self.label(n, &ff.path)),
                    span,
                });
            }
        }
        facts
    }
}
