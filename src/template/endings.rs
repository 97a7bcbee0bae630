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
/// in the Kazakh templates of the report's sections.
pub(super) fn check(report: &Report, dir: &Path, diags: &mut Diagnostics) {
    for section in &report.sections {
        let path = dir.join(super::template_name(&section.id, Lang::Kk));
        let Ok(text) = crate::source::read_input(dir, &path) else {
            continue; // reported where the template is loaded
        };
        for (n, line) in text.lines().enumerate() {
            for (at, _) in line.match_indices("}}-") {
                let after = &line[at + 3..];
                if !after.starts_with(|c: char| c.is_alphabetic()) {
                    continue;
                }
                let Some(open) = line[..at].rfind("{{") else {
                    continue;
                };
                let call = &line[open..at];
                if call.contains("case=") || is_percent(report, call) != Some(false) {
                    continue;
                }
                let typed: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
                let column = line[..at + 2].chars().count() as u64 + 1;
                diags.push(typed_ending(&path, n as u64 + 1, column, &typed));
            }
        }
    }
}

fn typed_ending(path: &Path, line: u64, column: u64, typed: &str) -> Diagnostic {
    let case = suggested_case(typed);
    Diagnostic::error(
        Some(Span::new(path, line, column)),
        format!("the Kazakh ending `-{typed}` is typed after a figure; it agrees with this year's figure only"),
    )
    .with_code(Code::Template)
    .with_hint(format!(
        "write {case} in the call instead: esep picks the ending that agrees with the figure as read (6-дан, 7-ден, 10-нан); cases: genitive, dative, accusative, locative, ablative, instrumental"
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
        _ => return "case=\"…\"".to_owned(),
    };
    format!("case=\"{name}\"")
}

/// Whether the figure a `fact(…)` or `cell(…)` call prints is a percent; `None` when the
/// call is something else or names nothing known (an error reported when it renders).
fn is_percent(report: &Report, call: &str) -> Option<bool> {
    let arg = |key: &str| -> Option<String> {
        let start = call.find(&format!("{key}=\""))? + key.len() + 2;
        let len = call[start..].find('"')?;
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
    }
}
