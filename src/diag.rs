//! Diagnostics: every problem esep finds in the input, with where it is and what to do.
//!
//! Stages collect [`Diagnostic`]s instead of stopping at the first problem, so one run shows
//! everything that is wrong. Errors stop the build; warnings (for instance a figure the printed
//! source got wrong) are listed and the build goes on.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Something a reviewer should know that is not wrong (a finding such as an assumed
    /// base); never fails a command.
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A place in an input file; line and column count from 1.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
}

impl Span {
    pub fn new(file: &Path, line: u64, column: u64) -> Span {
        Span {
            file: file.to_path_buf(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    /// The start of a file, for problems that concern a whole file.
    pub fn file(file: &Path) -> Span {
        Span::new(file, 1, 1)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// Why reading or writing files failed (exit code 2), with the I/O error kept as the cause.
#[derive(Debug)]
pub enum IoFailure {
    /// An operation on `path` failed.
    Path {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `--out` resolves into, onto or around an input directory.
    OutputOverInputs { out: PathBuf, input: PathBuf },
    /// next-year's new project resolves into, onto or around an input directory.
    ProjectOverInputs { new: PathBuf, input: PathBuf },
}

impl fmt::Display for IoFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IoFailure::Path { path, source } => write!(f, "{}: {source}", path.display()),
            IoFailure::OutputOverInputs { out, input } => write!(
                f,
                "refusing to write {} over the inputs in {}; choose another --out",
                out.display(),
                input.display()
            ),
            IoFailure::ProjectOverInputs { new, input } => write!(
                f,
                "refusing to write next year's project to {}: it lies in, on or around this year's inputs in {}; name a folder outside them, e.g. ../chapter-<year>",
                new.display(),
                input.display()
            ),
        }
    }
}

impl std::error::Error for IoFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            IoFailure::Path { source, .. } => Some(source),
            IoFailure::OutputOverInputs { .. } | IoFailure::ProjectOverInputs { .. } => None,
        }
    }
}

/// What kind of problem a diagnostic is. Its [`code`](Diagnostic::code) (`E-duplicate-key`,
/// `W-changed`) is stable: tools and CI match codes, never the prose, which may be
/// reworded. The `E-`/`W-` prefix is the severity (a declared identity with `on_fail:
/// warning` is `W-identity-fails`). The README's "When esep says no" lists every code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// The `--data` or `--templates` directory does not exist (exit code 2).
    InputDirMissing,
    /// An input file cannot be read: missing, unreadable, not UTF-8, too large, empty,
    /// a link leading outside, not a regular file.
    FileUnreadable,
    /// YAML that does not parse (a structural mistake other than indentation).
    YamlSyntax,
    /// YAML indentation: a key or row at the wrong column, or a tab.
    Indentation,
    DuplicateKey,
    MergeKey,
    UnknownField,
    MissingField,
    /// A value of the wrong YAML type (a list where a number belongs, `yes` for a boolean).
    WrongType,
    /// YAML that expands past the alias or nesting budget.
    YamlBudget,
    /// A key or id that is not lowercase ASCII letters, digits and `_` starting with a letter.
    InvalidKey,
    /// A section, member, table, fact, column, row or language defined twice.
    DefinedTwice,
    MissingTranslation,
    EmptyLabel,
    ControlCharacter,
    KazakhLetterInRussian,
    /// A name of `proper_names:` that no Russian text uses.
    UnusedProperName,
    /// A value that is not one of the allowed ones (year, date, precision, format, `per`…)
    /// or not a number where a number belongs.
    InvalidValue,
    /// A reference to a dimension, table, row, column or fact that does not exist.
    UnknownReference,
    /// A rule, column, row or check written in a shape esep does not accept.
    InvalidRule,
    /// `values` or `published` lists that do not fit the table's rows or columns.
    ValuesShape,
    NegativeCount,
    TooManyDecimals,
    CircularRule,
    Overflow,
    /// A raw value differs from its `published` figure.
    PublishedMismatch,
    ShareOutOfRange,
    IdentityFails,
    /// Findings of the reconciliation (see `check::Kind`): a printed derived figure that
    /// recomputes to another one.
    Changed,
    /// A printed total kept because it agrees with its parts within their rounding.
    WithinRounding,
    /// Printed figures that rest on a base the source does not print.
    AssumedBase,
    /// One quantity printed as two figures (an identity declared `on_fail: warning`).
    Conflict,
    /// A qualifier in the prose that its figure does not support.
    Claim,
    /// Printed figures with no published inputs to recompute them.
    Unverifiable,
    /// A raw figure still to fill in (`~`); a note in a draft.
    ToFill,
    /// A year written as a literal in text readers see, equal to or before the report year.
    LiteralYear,
    /// A Tera template problem: syntax, an unknown function or figure, a missing template.
    Template,
    /// A template render stopped by its time, memory or output budget.
    TemplateBudget,
    /// `--lang` names a language the report does not have.
    UnknownLanguage,
    /// A folder of `data/` that `report.yaml` does not list as a section.
    UnlistedSection,
    /// A table placed in no template, in another section's template, or more than once.
    TablePlacement,
    /// A chart placed in no template, in another section's template, or more than once.
    ChartPlacement,
    /// A laid-out chart a reader would stumble on: overlapping labels, negative slices.
    ChartLayout,
    /// A GRI code not written as GRI writes a disclosure (`2-7`, `405-1`, `EU14`).
    GriMalformed,
    /// A GRI code on a section, table or fact that `data/gri.yaml` does not list.
    GriNotCovered,
    /// A disclosure `data/gri.yaml` lists that no section, table or fact reports.
    GriUnused,
    /// A renderer cannot lay out what it was given (a table too wide for the PDF, a
    /// character the fonts lack).
    Render,
    /// Not yet given a kind of its own (a renderer's error, a template placed in the wrong
    /// section, `--lang` naming a language the report does not have).
    Unclassified,
}

impl Code {
    /// Every code, for the documentation test.
    pub const ALL: [Code; 48] = [
        Code::InputDirMissing,
        Code::FileUnreadable,
        Code::YamlSyntax,
        Code::Indentation,
        Code::DuplicateKey,
        Code::MergeKey,
        Code::UnknownField,
        Code::MissingField,
        Code::WrongType,
        Code::YamlBudget,
        Code::InvalidKey,
        Code::DefinedTwice,
        Code::MissingTranslation,
        Code::EmptyLabel,
        Code::ControlCharacter,
        Code::KazakhLetterInRussian,
        Code::UnusedProperName,
        Code::InvalidValue,
        Code::UnknownReference,
        Code::InvalidRule,
        Code::ValuesShape,
        Code::NegativeCount,
        Code::TooManyDecimals,
        Code::CircularRule,
        Code::Overflow,
        Code::PublishedMismatch,
        Code::ShareOutOfRange,
        Code::IdentityFails,
        Code::Changed,
        Code::WithinRounding,
        Code::AssumedBase,
        Code::Conflict,
        Code::Claim,
        Code::Unverifiable,
        Code::ToFill,
        Code::LiteralYear,
        Code::Template,
        Code::TemplateBudget,
        Code::UnknownLanguage,
        Code::UnlistedSection,
        Code::TablePlacement,
        Code::ChartPlacement,
        Code::ChartLayout,
        Code::GriMalformed,
        Code::GriNotCovered,
        Code::GriUnused,
        Code::Render,
        Code::Unclassified,
    ];

    /// The name after the severity prefix: `duplicate-key`.
    pub fn name(self) -> &'static str {
        match self {
            Code::InputDirMissing => "input-dir-missing",
            Code::FileUnreadable => "file-unreadable",
            Code::YamlSyntax => "yaml-syntax",
            Code::Indentation => "indentation",
            Code::DuplicateKey => "duplicate-key",
            Code::MergeKey => "merge-key",
            Code::UnknownField => "unknown-field",
            Code::MissingField => "missing-field",
            Code::WrongType => "wrong-type",
            Code::YamlBudget => "yaml-budget",
            Code::InvalidKey => "invalid-key",
            Code::DefinedTwice => "defined-twice",
            Code::MissingTranslation => "missing-translation",
            Code::EmptyLabel => "empty-label",
            Code::ControlCharacter => "control-character",
            Code::KazakhLetterInRussian => "kazakh-letter-in-russian",
            Code::UnusedProperName => "unused-proper-name",
            Code::InvalidValue => "invalid-value",
            Code::UnknownReference => "unknown-reference",
            Code::InvalidRule => "invalid-rule",
            Code::ValuesShape => "values-shape",
            Code::NegativeCount => "negative-count",
            Code::TooManyDecimals => "too-many-decimals",
            Code::CircularRule => "circular-rule",
            Code::Overflow => "overflow",
            Code::PublishedMismatch => "published-mismatch",
            Code::ShareOutOfRange => "share-out-of-range",
            Code::IdentityFails => "identity-fails",
            Code::Changed => "changed",
            Code::WithinRounding => "within-rounding",
            Code::AssumedBase => "assumed-base",
            Code::Conflict => "conflict",
            Code::Claim => "claim",
            Code::Unverifiable => "unverifiable",
            Code::ToFill => "to-fill",
            Code::LiteralYear => "literal-year",
            Code::Template => "template",
            Code::TemplateBudget => "template-budget",
            Code::UnknownLanguage => "unknown-language",
            Code::UnlistedSection => "unlisted-section",
            Code::TablePlacement => "table-placement",
            Code::ChartPlacement => "chart-placement",
            Code::ChartLayout => "chart-layout",
            Code::GriMalformed => "gri-code",
            Code::GriNotCovered => "gri-not-covered",
            Code::GriUnused => "gri-unused",
            Code::Render => "render",
            Code::Unclassified => "unclassified",
        }
    }

    /// Whether the problem is with the command line or the file system rather than the
    /// data (exit code 2, not 1).
    pub fn is_usage(self) -> bool {
        matches!(self, Code::InputDirMissing)
    }
}

/// One problem: what is wrong, where, and a hint how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Code,
    pub span: Option<Span>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(span: Option<Span>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            kind: Code::Unclassified,
            span,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(span: Option<Span>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(span, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// The hint, if there is one.
    pub fn with_hint_opt(self, hint: Option<impl Into<String>>) -> Diagnostic {
        match hint {
            Some(h) => self.with_hint(h),
            None => self,
        }
    }

    pub fn with_code(mut self, kind: Code) -> Diagnostic {
        self.kind = kind;
        self
    }

    /// The stable code: `E-duplicate-key`, `W-changed`.
    pub fn code(&self) -> String {
        let prefix = match self.severity {
            Severity::Error => 'E',
            Severity::Warning => 'W',
            Severity::Note => 'N',
        };
        format!("{prefix}-{}", self.kind.name())
    }
}

impl Diagnostic {
    /// The diagnostic followed by the offending source line, clipped around the column,
    /// and a caret under the column (rustc style).
    pub fn with_source(&self) -> String {
        let mut text = self.headline();
        if let Some((number, line, column)) = self.span.as_ref().and_then(source_line) {
            let pad = " ".repeat(number.len());
            let (mut shown, mut caret_at) = (String::new(), String::new());
            for (i, c) in line.chars().enumerate() {
                let piece = if c == '\t' {
                    "\t".to_owned()
                } else {
                    escape_unsafe(c.encode_utf8(&mut [0; 4])).into_owned()
                };
                if i + 1 < column {
                    caret_at.extend(piece.chars().map(|c| if c == '\t' { '\t' } else { ' ' }));
                }
                shown.push_str(&piece);
            }
            text.push_str(&format!(
                "\n{pad} |\n{number} | {shown}\n{pad} | {caret_at}^"
            ));
        }
        if let Some(h) = &self.hint {
            text.push_str(&format!("\n  hint: {}", escape_unsafe(h)));
        }
        text
    }

    /// `severity: file:line:column: message`, with anything unsafe for a terminal escaped.
    fn headline(&self) -> String {
        let mut text = format!("{}: ", self.severity.as_str());
        if let Some(span) = &self.span {
            text.push_str(&escape_unsafe(&format!("{span}: ")));
        }
        text.push_str(&escape_unsafe(&self.message));
        text
    }
}

/// Control characters (C0, DEL, C1: ESC among them) and the bidirectional-text controls
/// that can reorder what a reader sees (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
/// U+061C). Refused in labels and keys, and never printed raw in a diagnostic.
pub(crate) fn is_control_or_bidi(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `s` with every [control or bidi character](is_control_or_bidi) written as `\u{1b}`, so
/// text echoed from the data cannot move the cursor, recolour or reorder a terminal.
pub(crate) fn escape_unsafe(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_control_or_bidi) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if is_control_or_bidi(c) {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// Every input text read so far, by the path it was read as. Diagnostics quote their line
/// from here instead of opening the file again: a path is only read through
/// [`crate::source::read_input`], which refuses links leading outside the project and
/// special files, so a snippet can never show what it refused.
static SOURCES: Mutex<BTreeMap<PathBuf, Arc<str>>> = Mutex::new(BTreeMap::new());

/// Remembers the text of an input file for the snippets of diagnostics that point into it.
pub(crate) fn remember_source(path: &Path, text: &str) {
    if let Ok(mut sources) = SOURCES.lock() {
        sources.insert(path.to_path_buf(), Arc::from(text));
    }
}

/// The line a span points at (number, text clipped to ~100 characters, column in the clip),
/// if the file was read as an input.
fn source_line(span: &Span) -> Option<(String, String, usize)> {
    const WIDTH: usize = 100;
    let text = SOURCES.lock().ok()?.get(&span.file).cloned()?;
    let line = text.lines().nth((span.line as usize).checked_sub(1)?)?;
    let chars: Vec<char> = line.chars().collect();
    let column = span.column as usize;
    if chars.len() <= WIDTH {
        return Some((span.line.to_string(), line.to_owned(), column));
    }
    let start = column.saturating_sub(WIDTH / 2).min(chars.len() - WIDTH);
    let clipped: String = chars[start..start + WIDTH].iter().collect();
    Some((
        span.line.to_string(),
        format!("…{clipped}…"),
        column - start + 1,
    ))
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", escape_unsafe(hint))?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// The machine-readable form used by `esep check --format json`.
    pub fn to_json(&self) -> serde_json::Value {
        let file = self.span.as_ref().map(|s| s.file.display().to_string());
        serde_json::json!({
            "code": self.code(),
            "severity": self.severity.as_str(),
            "file": file.as_deref().map(escape_unsafe),
            "line": self.span.as_ref().map(|s| s.line),
            "column": self.span.as_ref().map(|s| s.column),
            "message": escape_unsafe(&self.message),
            "hint": self.hint.as_deref().map(escape_unsafe),
        })
    }
}

/// The problems found in one run, kept in the order they were found until [`sorted`](Self::sorted).
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn error(&mut self, span: Option<Span>, message: impl Into<String>) {
        self.push(Diagnostic::error(span, message));
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorted by file, line and column (problems without a place last), then by message,
    /// so the list reads like the files and is stable between runs.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (a.span.is_none(), &a.span, a.severity, &a.message).cmp(&(
                b.span.is_none(),
                &b.span,
                b.severity,
                &b.message,
            ))
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_place_message_and_hint() {
        let d = Diagnostic::error(
            Some(Span::new(Path::new("data/a.yaml"), 3, 7)),
            "unknown unit `almaty`",
        )
        .with_hint("did you mean `almaty_mes`?");
        assert_eq!(
            d.to_string(),
            "error: data/a.yaml:3:7: unknown unit `almaty`\n  hint: did you mean `almaty_mes`?"
        );
    }

    #[test]
    fn control_and_bidi_characters_from_the_data_are_shown_escaped() {
        let d = Diagnostic::error(
            Some(Span::new(Path::new("data/a\u{1b}.yaml"), 1, 1)),
            "unknown row `nor\u{1b}[2Jth\u{202e}`",
        )
        .with_hint("not `\u{9b}31m`\tnor `\u{2066}`");
        assert_eq!(
            d.to_string(),
            "error: data/a\\u{1b}.yaml:1:1: unknown row `nor\\u{1b}[2Jth\\u{202e}`\n  hint: not `\\u{9b}31m`\\u{9}nor `\\u{2066}`"
        );
        assert_eq!(
            d.with_source(),
            d.to_string(),
            "no snippet of an unread file"
        );
        let json = d.to_json().to_string();
        assert!(json.contains(r"nor\\u{1b}[2Jth\\u{202e}"), "{json}");
        assert_eq!(
            escape_unsafe("Солтүстік 4\u{a0}495"),
            "Солтүстік 4\u{a0}495"
        );
    }

    #[test]
    fn the_snippet_shows_control_characters_escaped_and_the_caret_under_the_column() {
        let file = Path::new("/nonexistent/esep-diag-test.yaml");
        remember_source(file, "a:\n  \u{1b}[31mx: \u{202e}y\n");
        let d = Diagnostic::error(Some(Span::new(file, 2, 11)), "here");
        let got = d.with_source();
        let want = "error: /nonexistent/esep-diag-test.yaml:2:11: here\n  |\n2 |   \\u{1b}[31mx: \\u{202e}y\n  | ".to_owned() + &" ".repeat(15) + "^";
        assert_eq!(got, want);
    }

    #[test]
    fn every_code_is_documented_in_the_readme() {
        let readme = include_str!("../README.md");
        for code in Code::ALL {
            let name = code.name();
            assert!(
                ["E", "W", "N"]
                    .iter()
                    .any(|p| readme.contains(&format!("`{p}-{name}`"))),
                "README.md does not document the code of {code:?}"
            );
        }
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len(), "codes are unique");
    }

    #[test]
    fn the_code_carries_the_severity() {
        let d = Diagnostic::error(None, "x").with_code(Code::IdentityFails);
        assert_eq!(d.code(), "E-identity-fails");
        let w = Diagnostic::warning(None, "x").with_code(Code::IdentityFails);
        assert_eq!(w.code(), "W-identity-fails");
        assert_eq!(w.to_json()["code"], "W-identity-fails");
    }

    #[test]
    fn sorts_by_file_then_line() {
        let mut ds = Diagnostics::default();
        ds.error(Some(Span::new(Path::new("b.yaml"), 1, 1)), "b");
        ds.error(None, "none");
        ds.error(Some(Span::new(Path::new("a.yaml"), 9, 1)), "a9");
        ds.error(Some(Span::new(Path::new("a.yaml"), 2, 1)), "a2");
        let order: Vec<_> = ds.sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(order, ["a2", "a9", "b", "none"]);
    }
}

/// "did you mean `almaty_mes`?" — the closest candidate by edit distance, if close enough.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The candidate [`did_you_mean`] suggests, for a caller that also needs to know which
/// (a misspelt column key is then not reported again as a missing column).
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let best = candidates
        .into_iter()
        .map(|c| {
            // A prefix (`almaty` for `almaty_mes`) counts as close.
            let d = if c.starts_with(name) || name.starts_with(c) {
                1
            } else {
                strsim::levenshtein(name, c)
            };
            (d, c)
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))?;
    let limit = (name.chars().count() / 3).max(2);
    (best.0 <= limit).then_some(best.1)
}

#[cfg(test)]
mod suggest_tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["almaty_mes", "aktobe_mes", "akmola_mes"];
        assert_eq!(
            did_you_mean("almaty", keys).as_deref(),
            Some("did you mean `almaty_mes`?")
        );
        assert_eq!(did_you_mean("zzzzzzzz", keys), None);
    }
}
