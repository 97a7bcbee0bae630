//! Kazakh endings typed after a figure in a template: `{{ fact(id="age") }}-дан`.
//!
//! The ending agrees with how the figure is read (`6-дан`, but `7-ден`, `10-нан`), so one
//! typed for this year's figure is wrong for many others; `case="ablative"` lets esep pick
//! it (see `locale::kk_case`). After a figure printed with a percent sign the ending follows
//! the word «пайыз», the same for every number, so typing it there is fine.

use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::lang::Lang;
use crate::model::{Format, Report};
use std::path::Path;

/// An error at every ending typed after a figure that does not print with a percent sign,
/// in the Kazakh templates of the report's sections. The call may span lines and quote
/// with `"` or `'`; the hyphen may be `-`, `‐` or the non-breaking `‑`. A word typed after
/// the figure (`2024-жылы`) is not an ending. A figure reached through a variable
/// (`{% set x = fact(…) %}{{ x }}-дан`) is not seen: this reads the template's text.
pub(super) fn check(report: &Report, dir: &Path, diags: &mut Diagnostics) {
    for section in &report.sections {
        let path = dir.join(super::template_name(&section.id, Lang::Kk));
        let Ok(text) = crate::source::read_input(dir, &path) else {
            continue; // reported where the template is loaded
        };
        for (at, _) in text.match_indices("}}") {
            let Some(typed) = typed_after(&text[at + 2..]) else {
                continue;
            };
            let Some(open) = text[..at].rfind("{{") else {
                continue;
            };
            let call = &text[open..at];
            if call.contains("case=") || is_percent(report, call) != Some(false) {
                continue;
            }
            let line = text[..at].matches('\n').count() as u64 + 1;
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let column = text[line_start..at + 2].chars().count() as u64 + 1;
            diags.push(typed_ending(&path, line, column, typed));
        }
    }
}

/// The ending typed right after a call's `}}`: a hyphen, then letters that are not a
/// word of their own (`жыл…`, the year named after a year).
fn typed_after(after: &str) -> Option<&str> {
    let rest = after.strip_prefix(['-', '\u{2010}', '\u{2011}'])?;
    let len = rest
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(i, _)| i);
    let typed = &rest[..len];
    (!typed.is_empty() && !typed.starts_with("жыл")).then_some(typed)
}

fn typed_ending(path: &Path, line: u64, column: u64, typed: &str) -> Diagnostic {
    let case = suggested_case(typed);
    Diagnostic::error(
        Some(Span::new(path, line, column)),
        format!("the Kazakh ending `-{typed}` is typed after a figure; it agrees with this year's figure only"),
    )
    .with_code(Code::Template)
    .with_hint(format!(
        "write {case} in the call instead: esep picks the ending that agrees with the figure as read (6-дан, 7-ден, 10-нан); cases: genitive, dative, accusative, locative, ablative, instrumental, and ordinal (6-шы, 7-ші)"
    ))
}

/// The `case=` argument that most likely replaces a typed ending.
fn suggested_case(typed: &str) -> String {
    let name = match typed {
        t if ["дан", "ден", "тан", "тен", "нан", "нен"].contains(&t) => {
            "ablative"
        }
        t if ["ға", "ге", "қа", "ке"].contains(&t) => "dative",
        t if ["ды", "ді", "ты", "ті", "ны", "ні"].contains(&t) => "accusative",
        t if ["да", "де", "та", "те"].contains(&t) => "locative",
        t if t.ends_with("ың") || t.ends_with("ің") => "genitive",
        t if ["мен", "бен", "пен"].contains(&t) => "instrumental",
        t if ["ші", "шы", "інші", "ыншы", "нші", "ншы"].contains(&t) => "ordinal",
        _ => return "case=\"…\"".to_owned(),
    };
    format!("case=\"{name}\"")
}

/// Whether the figure a `fact(…)` or `cell(…)` call prints is a percent; `None` when the
/// call is something else or names nothing known (an error reported when it renders).
fn is_percent(report: &Report, call: &str) -> Option<bool> {
    let arg = |key: &str| -> Option<String> {
        let (start, quote) = ['"', '\'']
            .into_iter()
            .find_map(|q| Some((call.find(&format!("{key}={q}"))? + key.len() + 2, q)))?;
        let len = call[start..].find(quote)?;
        crate::model::years::expand(&call[start..start + len], report.year).ok()
    };
    let format = if call.contains("fact(") {
        let id = arg("id")?;
        report.facts.iter().find(|f| f.id == id)?.format
    } else if call.contains("cell(") {
        let table = report.table(&arg("table")?)?;
        table.columns[table.column_index(&arg("col")?)?].format
    } else {
        return None;
    };
    Some(format == Format::Percent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_names_the_case_of_the_typed_ending() {
        assert_eq!(suggested_case("дан"), "case=\"ablative\"");
        assert_eq!(suggested_case("ке"), "case=\"dative\"");
        assert_eq!(suggested_case("ының"), "case=\"genitive\"");
        assert_eq!(suggested_case("сы"), "case=\"…\"");
        assert_eq!(suggested_case("шы"), "case=\"ordinal\"");
    }

    #[test]
    fn a_typed_ending_is_found_after_any_hyphen_and_a_word_is_not_an_ending() {
        assert_eq!(typed_after("-дан адам"), Some("дан"));
        assert_eq!(typed_after("\u{2011}ге"), Some("ге"));
        assert_eq!(typed_after("-шы орын"), Some("шы"));
        assert_eq!(typed_after("-жылы"), None);
        assert_eq!(typed_after("-жылдан бастап"), None);
        assert_eq!(typed_after(" -дан"), None);
        assert_eq!(typed_after("-2025"), None);
    }
}
