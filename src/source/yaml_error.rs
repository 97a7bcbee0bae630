//! A YAML error, said in the words of the person who typed the file.
//!
//! The parser reports what its grammar expected ("while parsing a block mapping, did not
//! find expected key"); nearly always the cause is a line indented one or two spaces off.
//! Here the error is classified (a stable [`Code`]) and, where the text shows an
//! indentation slip, reworded to say so and to name the column the line should start at.

use crate::diag::{Code, Diagnostic, Span};
use std::path::Path;

/// The diagnostic for a YAML error at `line`:`column` (1-based) of `text`.
pub(super) fn diagnostic(
    path: &Path,
    text: &str,
    line: u64,
    column: u64,
    message: String,
) -> Diagnostic {
    let span = Some(Span::new(path, line, column));
    let lines: Vec<&str> = text.lines().collect();
    let at = usize::try_from(line)
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    let (code, message, hint) = explain(&lines, at, message);
    Diagnostic::error(span, message)
        .with_code(code)
        .with_hint_opt(hint)
}

fn explain(lines: &[&str], at: usize, message: String) -> (Code, String, Option<String>) {
    let found = lines.get(at).map_or(1, |l| indent(l) + 1);
    let around = enclosing(lines, at);
    if is_structure_error(&message) {
        let fits = around.iter().any(|e| e.column == found);
        let text = if fits || around.is_empty() {
            "indentation: this line does not fit the structure around it".to_owned()
        } else {
            format!(
                "indentation: this line starts at column {found}, which lines up with no entry above it"
            )
        };
        let hint = if fits || around.is_empty() {
            format!(
                "check the indentation of this line and the one above (spaces only); the YAML parser says: {message}"
            )
        } else {
            format!("start it {}", choices(&around))
        };
        return (Code::Indentation, text, Some(hint));
    }
    if message.starts_with("unknown field") {
        // Indented too little: it may belong with the entry above. Too far: beside the
        // key it landed under.
        let outer: Vec<Entry> = around
            .iter()
            .filter(|e| e.column != found)
            .cloned()
            .collect();
        let hint = match misspelt_field(&message) {
            Some(suggestion) => {
                format!("{suggestion} (the fields of each file are in docs/data-format.md)")
            }
            None => match outer.first() {
                Some(_) if found > 1 || outer[0].column > found => format!(
                    "check the spelling against docs/data-format.md; if the name is right, the indentation is not: start it {}",
                    choices(&outer)
                ),
                _ => "check the spelling against docs/data-format.md".to_owned(),
            },
        };
        return (Code::UnknownField, message, Some(hint));
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        let hint = match misplaced_key(lines, field, found) {
            Some((n, c)) => format!(
                "`{field}:` on line {n} starts at column {c}, so YAML reads it as part of the entry above it; indentation: start it at column {found}"
            ),
            None => format!("add `{field}:` (see docs/data-format.md)"),
        };
        return (Code::MissingField, message, Some(hint));
    }
    let (code, hint) = classify(&message);
    (code, message, hint.map(str::to_owned))
}

/// "did you mean `stub`?" for serde's "unknown field `stb`, expected one of `title`, …".
fn misspelt_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (name, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected")?.1;
    let expected = expected.trim_start();
    let expected = expected.strip_prefix("one of").unwrap_or(expected);
    let candidates: Vec<&str> = expected
        .split(',')
        .map(|c| c.trim().trim_matches('`'))
        .filter(|c| !c.is_empty())
        .collect();
    crate::diag::did_you_mean(name, candidates)
}

/// An entry a line could belong with: where it starts, its key, its line (1-based).
#[derive(Clone)]
struct Entry {
    column: usize,
    key: String,
    line: usize,
}

/// The entries enclosing line `at`: the nearest line above, then each line above with
/// less indentation, out to column 1.
fn enclosing(lines: &[&str], at: usize) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut limit = usize::MAX;
    for (i, l) in lines.iter().enumerate().take(at).rev() {
        let trimmed = l.trim();
        // A line that closes a flow collection opened above (`  ru: "…" }`) continues
        // that entry; it is not an entry of its own.
        let closes_flow = trimmed.matches('}').count() > trimmed.matches('{').count()
            || trimmed.matches(']').count() > trimmed.matches('[').count();
        if trimmed.is_empty() || trimmed.starts_with('#') || indent(l) >= limit {
            continue;
        }
        if closes_flow {
            continue;
        }
        limit = indent(l);
        let column = content_column(l);
        let text = &l[column - 1..];
        let key = text.split_once(':').map_or(text, |(k, _)| k).trim();
        if !out.iter().any(|e| e.column == column) {
            out.push(Entry {
                column,
                key: key.chars().take(40).collect(),
                line: i + 1,
            });
        }
        if limit == 0 {
            break;
        }
    }
    out
}

/// "at column 3 to line up with `north` (line 20), or at column 1 …".
fn choices(entries: &[Entry]) -> String {
    entries
        .iter()
        .map(|e| {
            format!(
                "at column {} to line up with `{}` (line {})",
                e.column, e.key, e.line
            )
        })
        .collect::<Vec<_>>()
        .join(", or ")
}

/// The parser's words for a line that does not fit its block: in practice, indentation.
fn is_structure_error(message: &str) -> bool {
    [
        "while parsing a block mapping",
        "while parsing a block collection",
        "did not find expected key",
        "did not find expected '-' indicator",
        "mapping values are not allowed in this context",
    ]
    .iter()
    .any(|p| message.contains(p))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The 1-based column where the entry of a line starts: after the indentation and any
/// `- ` list markers.
fn content_column(line: &str) -> usize {
    let mut rest = line.trim_start_matches(' ');
    while let Some(r) = rest.strip_prefix("- ") {
        rest = r.trim_start_matches(' ');
    }
    line.len() - rest.len() + 1
}

/// The first line `field:` starts at another column than `column` (1-based): where a
/// missing field most likely went.
fn misplaced_key(lines: &[&str], field: &str, column: usize) -> Option<(usize, usize)> {
    lines.iter().enumerate().find_map(|(i, l)| {
        let c = content_column(l);
        let key = l[c - 1..].strip_prefix(field)?;
        (key.starts_with(':') && c != column).then_some((i + 1, c))
    })
}

/// The code and hint of every other YAML error.
fn classify(message: &str) -> (Code, Option<&'static str>) {
    if message.contains("duplicate mapping key") {
        (
            Code::DuplicateKey,
            Some("each key may appear once in a mapping; remove or rename the repeated one"),
        )
    } else if message.contains("merge keys") {
        (
            Code::MergeKey,
            Some(
                "a key written beside `<<: *anchor` silently replaces the merged one, like a duplicate key; write each entry out in full",
            ),
        )
    } else if message.contains("tab") {
        (Code::Indentation, Some("indent YAML with spaces, not tabs"))
    } else if message.contains("boolean") {
        (Code::WrongType, Some("write `true` or `false`"))
    } else if message.contains("budget") || message.contains("alias") || message.contains("depth") {
        (
            Code::YamlBudget,
            Some("the document expands to too many nodes; avoid anchors/aliases in data files"),
        )
    } else if message.contains("expected a list of figures") {
        (
            Code::WrongType,
            Some(
                "write the row's figures as a list in column order (`north: [1000, 15]`) or as a map by column key (`north: { men.count: 1000, women.count: 15 }`)",
            ),
        )
    } else if message.starts_with("a value is required") {
        (
            Code::WrongType,
            Some(
                "`~` (nothing) is allowed only where a figure may be absent, as in `published`; write the value",
            ),
        )
    } else if message.starts_with("invalid type") || message.starts_with("expected ") {
        (Code::WrongType, None)
    } else {
        (Code::YamlSyntax, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(text: &str, line: usize, message: &str) -> (Code, String, Option<String>) {
        let lines: Vec<&str> = text.lines().collect();
        explain(&lines, line - 1, message.to_owned())
    }

    #[test]
    fn a_line_indented_off_by_one_says_indentation_and_the_columns() {
        let (code, msg, hint) = explained(
            "values:\n  north: [1]\n south: [2]\n",
            3,
            "while parsing a block mapping, did not find expected key",
        );
        assert_eq!(code, Code::Indentation);
        assert_eq!(
            msg,
            "indentation: this line starts at column 2, which lines up with no entry above it"
        );
        assert_eq!(
            hint.unwrap(),
            "start it at column 3 to line up with `north` (line 2), or at column 1 to line up with `values` (line 1)"
        );
    }

    #[test]
    fn an_unknown_field_indented_off_names_the_columns_too() {
        let (code, _, hint) = explained(
            "values:\n  north: [1]\nsouth: [2]\n",
            3,
            "unknown field `south`, expected one of title, values",
        );
        assert_eq!(code, Code::UnknownField);
        assert!(
            hint.unwrap()
                .contains("at column 3 to line up with `north` (line 2)")
        );
        let (_, _, hint) = explained(
            "stub:\n  kk: a\n  title: b\n",
            3,
            "unknown field `title`, expected one of kk, ru",
        );
        assert!(
            hint.unwrap()
                .contains("at column 1 to line up with `stub` (line 1)")
        );
    }

    #[test]
    fn a_missing_field_names_the_indented_line() {
        let (code, _, hint) = explained(
            "stub: x\n  title: y\nrows: []\n",
            1,
            "missing field `title`",
        );
        assert_eq!(code, Code::MissingField);
        assert!(
            hint.unwrap()
                .contains("`title:` on line 2 starts at column 3")
        );
    }
}
