//! Labels, numbers, precisions and small options: each checked, each problem located.

use super::*;
use crate::diag::is_control_or_bidi;

impl Builder<'_> {
    /// A bilingual label readers see: a [`plain_label`](Self::plain_label) whose year
    /// placeholders (`{year}`, `{year-1}`, `{2003}`) are filled in, with a warning for a
    /// bare year that equals or precedes the report year (wrong by next year unless fixed).
    pub(super) fn label(&mut self, l: &SLabel, file: &Path) -> Label {
        let mut label = self.plain_label(l, file);
        let span = span_of(l, file);
        for (lang, text) in [(Lang::Kk, &mut label.kk), (Lang::Ru, &mut label.ru)] {
            let literal = crate::model::years::literal_years(text, self.year);
            if !literal.is_empty() {
                let list: Vec<String> = literal.iter().map(u32::to_string).collect();
                self.diags.push(
                    Diagnostic::warning(
                        Some(span.clone()),
                        format!("the `{lang}` text names the year {} as a literal", list.join(", ")),
                    )
                    .with_code(Code::LiteralYear)
                    .with_hint("write `{year}` for the report year (`{year-1}`, `{year+1}` for its neighbours), so the text carries over to next year; a year that is genuinely fixed is written `{2003}`"),
                );
            }
            match crate::model::years::expand(text, self.year) {
                Ok(expanded) => *text = expanded,
                Err(e) => self.diags.push(
                    Diagnostic::error(Some(span.clone()), format!("the `{lang}` text: {e}"))
                        .with_code(Code::InvalidValue)
                        .with_hint(crate::model::years::PLACEHOLDER_HINT),
                ),
            }
        }
        label
    }

    /// A warning for a reference that names a year's column literally (`y2024`): next
    /// year it still reads 2024's figure.
    pub(super) fn year_keys(&mut self, s: &Spanned<String>, file: &Path) {
        for y in crate::model::years::year_keys(&s.value, self.year) {
            self.push(
                Diagnostic::warning(
                    Some(span_of(s, file)),
                    format!("the reference `{}` names the year {y} literally", s.value),
                )
                .with_code(Code::LiteralYear)
                .with_hint(format!("write `y{{year}}` for the report year's key (`y{{year-1}}` for the year before), so the rule reads next year's figure next year; a year that is genuinely fixed is written `y{{{y}}}`")),
            );
        }
    }

    /// A bilingual label taken as written (maintainers' notes: never printed, and they
    /// speak of the printed book's years): both languages present and non-empty; Russian
    /// free of Kazakh-only letters.
    pub(super) fn plain_label(&mut self, l: &SLabel, file: &Path) -> Label {
        let span = span_of(l, file);
        let mut get = |lang: Lang, text: &Option<String>| match text.as_deref().map(str::trim) {
            // Labels are one line: a stray newline would break a table row in the output.
            Some(t) if !t.is_empty() => t.split_ascii_whitespace().collect::<Vec<_>>().join(" "),
            Some(_) => {
                self.diags.push(
                    Diagnostic::error(
                        Some(span.clone()),
                        format!("the `{lang}` text of this label is empty"),
                    )
                    .with_code(Code::EmptyLabel)
                    .with_hint("every label needs both `kk` and `ru` text"),
                );
                String::new()
            }
            None => {
                self.diags.push(
                    Diagnostic::error(
                        Some(span.clone()),
                        format!("this label has no `{lang}` translation"),
                    )
                    .with_code(Code::MissingTranslation)
                    .with_hint(format!(
                        "add `{lang}: \"…\"`; esep never falls back to the other language"
                    )),
                );
                String::new()
            }
        };
        let label = Label {
            kk: get(Lang::Kk, &l.value.kk),
            ru: get(Lang::Ru, &l.value.ru),
        };
        for (lang, text) in [(Lang::Kk, &label.kk), (Lang::Ru, &label.ru)] {
            if let Some(c) = text.chars().find(|c| is_control_or_bidi(*c)) {
                let kind = if c.is_control() {
                    "control"
                } else {
                    "bidirectional-text control"
                };
                self.diags.push(
                    Diagnostic::error(
                        Some(span.clone()),
                        format!(
                            "the `{lang}` text contains the {kind} character U+{:04X}",
                            u32::from(c)
                        ),
                    )
                    .with_code(Code::ControlCharacter)
                    .with_hint("remove it; labels are plain text (an invisible character can reorder or hide what a reader sees)"),
                );
            }
        }
        self.check_russian(&label.ru, &span);
        label
    }

    pub(super) fn raw_number(&mut self, v: &Spanned<String>, file: &Path) -> Option<Decimal> {
        match parse_raw(&v.value) {
            Ok(d) => Some(d),
            Err(e) => {
                self.diags
                    .push(Diagnostic::error(Some(span_of(v, file)), e).with_code(Code::InvalidValue).with_hint(
                        "raw values are plain YAML numbers: 4495, 14.87 (no spaces, decimal point)",
                    ));
                None
            }
        }
    }

    pub(super) fn published(&mut self, v: &Spanned<String>, file: &Path) -> Option<Published> {
        let span = span_of(v, file);
        match parse_printed(&v.value) {
            Ok((value, scale)) => Some(Published {
                text: v.value.clone(),
                value,
                scale,
                span,
            }),
            Err(e) => {
                self.err(Code::InvalidValue, span, e);
                None
            }
        }
    }

    pub(super) fn precision(&mut self, p: Option<&Spanned<String>>, file: &Path) -> u32 {
        let Some(p) = p else { return 0 };
        parse_small(&p.value, MAX_PRECISION).unwrap_or_else(|e| {
            self.err(
                Code::InvalidValue,
                span_of(p, file),
                format!("`precision`: {e}"),
            );
            0
        })
    }

    pub(super) fn format(&mut self, f: Option<&Spanned<String>>, file: &Path) -> Format {
        match f.map(|f| f.value.as_str()) {
            None | Some("number") => Format::Number,
            Some("percent") => Format::Percent,
            Some("year") => Format::Year,
            Some(other) => {
                self.diags.push(
                    Diagnostic::error(
                        f.map(|f| span_of(f, file)),
                        format!("unknown format `{other}`"),
                    )
                    .with_code(Code::InvalidValue)
                    .with_hint("use `number`, `percent` or `year`"),
                );
                Format::Number
            }
        }
    }

    /// `rounding: largest_remainder` on a column.
    pub(super) fn apportioned(&mut self, c: &RawColumn, file: &Path) -> bool {
        match c.rounding.as_ref().map(|r| (r, r.value.as_str())) {
            None => false,
            Some((_, "largest_remainder")) => true,
            Some((r, other)) => {
                self.err(Code::InvalidValue, span_of(r, file), format!("`rounding: {other}`: the only option is `rounding: largest_remainder` (the column's figures rounded together so they add up)"));
                false
            }
        }
    }

    pub(super) fn blank_in_total(&mut self, c: &RawColumn, file: &Path) -> bool {
        match c.total.as_ref().map(|t| (t, t.value.as_str())) {
            None => false,
            Some((_, "none")) => true,
            Some((t, other)) => {
                self.err(Code::InvalidValue, span_of(t, file), format!("`total: {other}`: the only option is `total: none` (leave the total row blank)"));
                false
            }
        }
    }

    pub(super) fn per(&mut self, per: Option<&Spanned<String>>, file: &Path) -> Per {
        match per.map(|p| (p, p.value.as_str())) {
            None | Some((_, "row")) => Per::Row,
            Some((_, "column")) => Per::Column,
            Some((_, "once")) => Per::Once,
            Some((p, other)) => {
                self.err(
                    Code::InvalidValue,
                    span_of(p, file),
                    format!(
                        "`per: {other}`: use `row` (every row), `column` (every column) or `once`"
                    ),
                );
                Per::Row
            }
        }
    }

    pub(super) fn severity(
        &mut self,
        s: Option<&Spanned<String>>,
        file: &Path,
    ) -> crate::diag::Severity {
        use crate::diag::Severity;
        match s.map(|s| (s, s.value.as_str())) {
            None | Some((_, "error")) => Severity::Error,
            Some((_, "warning")) => Severity::Warning,
            Some((s, other)) => {
                self.err(
                    Code::InvalidValue,
                    span_of(s, file),
                    format!("`on_fail: {other}`: use `error` or `warning`"),
                );
                Severity::Error
            }
        }
    }
}
