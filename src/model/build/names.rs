//! `proper_names:` in `report.yaml`: the names that keep their Kazakh letters in Russian
//! text. Read before any label, since every `ru` label is checked against them.

use super::*;
use crate::lang::ProperNames;
use crate::model::DeclaredName;

impl Builder<'_> {
    /// The declared names, each checked: one line with single spaces, at least one
    /// Kazakh-only letter (otherwise Russian text may hold it anyway), declared once.
    pub(super) fn proper_names(&mut self, raw: &RawProject) -> Vec<DeclaredName> {
        let rf = raw.report_file.as_path();
        let mut declared: Vec<DeclaredName> = Vec::new();
        for n in &raw.report.proper_names {
            let (name, span) = (n.value.as_str(), span_of(n, rf));
            let problem = if name.trim().is_empty() {
                Some((
                    "a proper name is empty".to_owned(),
                    "remove it, or write the name",
                ))
            } else if name.split_whitespace().collect::<Vec<_>>().join(" ") != name {
                Some((
                    format!(
                        "the proper name \"{name}\" has a line break, a tab, a double space or a space at an end"
                    ),
                    "write the name as it is printed, words separated by single spaces",
                ))
            } else if kazakh_only_letter(name).is_none() {
                Some((
                    format!(
                        "the proper name `{name}` has no Kazakh-only letter (ә ғ қ ң ө ұ ү һ і), so Russian text may use it without a declaration"
                    ),
                    "remove it from `proper_names:`; the list is for names that keep their Kazakh spelling in the Russian edition",
                ))
            } else if declared.iter().any(|d| d.name == name) {
                Some((
                    format!("the proper name `{name}` is declared twice"),
                    "remove the second declaration",
                ))
            } else {
                None
            };
            match problem {
                Some((message, hint)) => self.push(
                    Diagnostic::error(Some(span), message)
                        .with_code(Code::InvalidValue)
                        .with_hint(hint),
                ),
                None => declared.push(DeclaredName {
                    name: name.to_owned(),
                    span,
                    in_labels: false,
                }),
            }
        }
        self.names = ProperNames::new(declared.iter().map(|d| d.name.clone()));
        declared
    }

    /// Russian text of a label: a Kazakh-only letter outside every declared name is refused.
    /// Remembers which names the labels use (a name no Russian text uses is stale).
    pub(super) fn check_russian(&mut self, ru: &str, span: &Span) {
        for name in self.names.names() {
            if ProperNames::occurs_in(name, ru) {
                self.names_in_labels.insert(name.clone());
            }
        }
        if let Some(c) = self.names.kazakh_letter_outside(ru) {
            self.push(
                Diagnostic::error(
                    Some(span.clone()),
                    format!("the `ru` text \"{ru}\" contains the Kazakh letter `{c}`"),
                )
                .with_code(Code::KazakhLetterInRussian)
                .with_hint(KAZAKH_LETTER_HINT),
            );
        }
    }
}

/// What to do about a Kazakh letter in Russian text, for labels and templates alike.
pub(crate) const KAZAKH_LETTER_HINT: &str = "the Russian text must use Russian terms, not Kazakh ones; a proper name that keeps its Kazakh spelling in Russian (a programme, a campaign) is declared, exactly as printed, in `proper_names:` in report.yaml";
