//! The Russian sections are Russian: a Kazakh-only letter in a rendered `ru` section is an
//! error unless a name of `proper_names:` covers it, as in the `ru` labels. A declared name
//! that neither a `ru` label nor a `ru` section uses is stale and warned about.

use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::lang::ProperNames;
use crate::model::{KAZAKH_LETTER_HINT, Report};
use crate::view::SectionText;
use std::path::Path;

/// Checks the rendered `ru` sections; `dir` is the templates directory.
pub(super) fn check(
    report: &Report,
    sections: &[SectionText],
    dir: &Path,
    diags: &mut Diagnostics,
) {
    let names = &report.proper_names;
    for section in sections {
        let path = dir.join(super::template_name(&section.id, crate::lang::Lang::Ru));
        for line in section.prose().lines() {
            let Some((at, c)) = names.find_outside(line) else {
                continue;
            };
            let word = word_at(line, at);
            diags.push(
                Diagnostic::error(
                    Some(place(&path, word, names)),
                    format!("the Russian text contains the Kazakh letter `{c}` in \"{word}\""),
                )
                .with_code(Code::KazakhLetterInRussian)
                .with_hint(KAZAKH_LETTER_HINT),
            );
        }
    }
    // A section that failed to render may be the one that uses a name.
    if sections.len() < report.sections.len() {
        return;
    }
    for declared in report.declared_names.iter().filter(|d| !d.in_labels) {
        if !sections
            .iter()
            .any(|s| ProperNames::occurs_in(&declared.name, &s.prose()))
        {
            diags.push(
                Diagnostic::warning(
                    Some(declared.span.clone()),
                    format!(
                        "the proper name `{}` appears in no Russian label or section",
                        declared.name
                    ),
                )
                .with_code(Code::UnusedProperName)
                .with_hint("remove it from `proper_names:`, or check its spelling and case against the Russian text (a name matches exactly, as a whole)"),
            );
        }
    }
}

/// The word of `line` around byte `at`: up to the spaces on either side.
fn word_at(line: &str, at: usize) -> &str {
    let start = line[..at].rfind(char::is_whitespace).map_or(0, |i| {
        i + line[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = line[at..]
        .find(char::is_whitespace)
        .map_or(line.len(), |i| at + i);
    &line[start..end]
}

/// Where `word` is in the template: the first line where it stands outside every declared
/// name, else the first line holding it, else (it came from a figure or a label) the file.
fn place(path: &Path, word: &str, names: &ProperNames) -> Span {
    let source = std::fs::read_to_string(path).unwrap_or_default();
    let at = |n: usize, l: &str, b: usize| {
        let column = l[..b].chars().count() + 1;
        Span::new(path, n as u64 + 1, column as u64)
    };
    let outside = source.lines().enumerate().find_map(|(n, l)| {
        let (b, _) = names.find_outside(l)?;
        (word_at(l, b) == word).then(|| at(n, l, b))
    });
    outside
        .or_else(|| {
            source
                .lines()
                .enumerate()
                .find_map(|(n, l)| l.find(word).map(|b| at(n, l, b)))
        })
        .unwrap_or_else(|| Span::file(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_word_around_a_letter() {
        let line = "программа «Жеті Қадам» и «Жети Кадам»";
        let at = line.find('Қ').unwrap();
        assert_eq!(word_at(line, at), "Қадам»");
        assert_eq!(word_at("Қ", 0), "Қ");
        let at = line.find('і').unwrap();
        assert_eq!(word_at(line, at), "«Жеті");
    }
}
