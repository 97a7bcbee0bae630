//! Cell references inside `derive` rules: parsing the written form and resolving it
//! against the tables and facts of the report.
//!
//! | written | means |
//! |---|---|
//! | `count` | column of the current row (in a derived row: row of the current column) |
//! | `*.count` | every matching column (only in `sum`) |
//! | `count@total` | a cell of this table |
//! | `table/col@row` | a cell of another table; without `@row`, the row with the same key |
//! | `#fact` | a fact |
//! | `100` | a constant |

use super::number::parse_raw;
use super::{ColSel, Operand, RowSel};
use crate::diag::{Code, Diagnostic, Span, did_you_mean};

/// What a rule is being resolved for; decides what a bare name means.
#[derive(Clone, Copy)]
pub(super) enum Ctx<'a> {
    /// A derived column: bare names are columns; `col_key` finds `each` siblings.
    Column { table: usize, col_key: &'a str },
    /// A derived row: bare names are rows of the same column.
    Row { table: usize },
    /// A fact: only facts, constants and fully qualified cells.
    Fact,
}

/// The names a reference can point at.
pub(super) struct Symbols<'a> {
    pub tables: Vec<(&'a str, Vec<&'a str>, Vec<&'a str>)>, // (id, column keys, row keys)
    pub facts: Vec<&'a str>,
    /// The report year, for `{year}` placeholders (`y{year}` is the report year's column).
    pub year: u32,
}

/// Why a reference could not be resolved.
#[derive(Debug)]
pub(super) struct RefError {
    /// [`Code::UnknownReference`] for a name that does not exist, [`Code::InvalidRule`] for
    /// a reference written in a form not allowed here, [`Code::InvalidValue`] for a number
    /// that does not parse.
    pub kind: Code,
    pub message: String,
    pub hint: Option<String>,
}

impl RefError {
    fn unknown(message: String, hint: Option<String>) -> RefError {
        RefError {
            kind: Code::UnknownReference,
            message,
            hint,
        }
    }

    fn misplaced(message: String, hint: Option<String>) -> RefError {
        RefError {
            kind: Code::InvalidRule,
            message,
            hint,
        }
    }

    /// The error as a diagnostic at the reference's place.
    pub(super) fn at(self, span: Span) -> Diagnostic {
        Diagnostic::error(Some(span), self.message)
            .with_code(self.kind)
            .with_hint_opt(self.hint)
    }
}

pub(super) fn resolve(
    text: &str,
    ctx: Ctx,
    sym: &Symbols,
    allow_glob: bool,
) -> Result<Vec<Operand>, RefError> {
    let text = super::years::expand(text, sym.year).map_err(|e| RefError {
        kind: Code::InvalidValue,
        message: e,
        hint: Some(super::years::PLACEHOLDER_HINT.to_owned()),
    })?;
    let text = text.trim();
    if text.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return parse_raw(text)
            .map(|d| vec![Operand::Const(d)])
            .map_err(|e| RefError {
                kind: Code::InvalidValue,
                message: e,
                hint: None,
            });
    }
    if let Some(name) = text.strip_prefix('#') {
        return match sym.facts.iter().position(|f| *f == name) {
            Some(i) => Ok(vec![Operand::Fact(i)]),
            None => Err(RefError::unknown(
                format!("unknown fact `#{name}`"),
                did_you_mean(name, sym.facts.iter().copied()),
            )),
        };
    }
    let (table_name, rest) = match text.split_once('/') {
        Some((t, r)) => (Some(t), r),
        None => (None, text),
    };
    let (first, at) = match rest.split_once('@') {
        Some((c, r)) => (c, Some(r)),
        None => (rest, None),
    };
    let table = table_of(table_name, text, ctx, sym)?;
    let (_, cols, rows) = &sym.tables[table];
    let find_row = |name: &str| {
        rows.iter()
            .position(|r| *r == name)
            .map(RowSel::Fixed)
            .ok_or_else(|| {
                RefError::unknown(
                    format!("table `{}` has no row `{name}`", sym.tables[table].0),
                    did_you_mean(name, rows.iter().copied()),
                )
            })
    };
    // A bare name in a derived row is a row of the current column.
    if let (Ctx::Row { .. }, None, None) = (ctx, table_name, at) {
        return Ok(vec![Operand::Cell {
            table,
            row: find_row(first)?,
            col: ColSel::Current,
        }]);
    }
    let row = match (at, table_name, ctx) {
        (Some(r), _, _) => find_row(r)?,
        (None, Some(_), Ctx::Column { .. } | Ctx::Row { .. }) => RowSel::SameKey,
        (None, Some(_), Ctx::Fact) => {
            return Err(RefError::misplaced(
                format!("`{text}` needs a row: write `{text}@row`"),
                None,
            ));
        }
        (None, None, _) => RowSel::Current,
    };
    if first.contains('*') {
        return glob(first, cols, table, row, allow_glob);
    }
    let siblings = match (ctx, table_name) {
        (Ctx::Column { col_key, .. }, None) => prefixes(col_key),
        _ => vec![String::new()],
    };
    let col = column(first, &siblings, cols).ok_or_else(|| {
        RefError::unknown(
            format!("table `{}` has no column `{first}`", sym.tables[table].0),
            did_you_mean(first, cols.iter().copied()),
        )
    })?;
    Ok(vec![Operand::Cell { table, row, col }])
}

/// The column `name`, looked up first among the siblings of the column being derived
/// (`under_30.count` for `count` in `under_30.share`), then further out.
fn column(name: &str, prefixes: &[String], cols: &[&str]) -> Option<ColSel> {
    prefixes.iter().find_map(|prefix| {
        let full = format!("{prefix}{name}");
        cols.iter().position(|c| *c == full).map(ColSel::Fixed)
    })
}

/// The table a reference names, or the rule's own table.
fn table_of(
    table_name: Option<&str>,
    text: &str,
    ctx: Ctx,
    sym: &Symbols,
) -> Result<usize, RefError> {
    match (table_name, ctx) {
        (Some(t), _) => sym
            .tables
            .iter()
            .position(|(id, _, _)| *id == t)
            .ok_or_else(|| {
                RefError::unknown(
                    format!("unknown table `{t}`"),
                    did_you_mean(t, sym.tables.iter().map(|(id, _, _)| *id)),
                )
            }),
        (None, Ctx::Column { table, .. } | Ctx::Row { table }) => Ok(table),
        (None, Ctx::Fact) => Err(RefError::misplaced(
            format!("`{text}` is not a fact or a table cell"),
            Some("in facts write `#fact_name` or `table/column@row`".into()),
        )),
    }
}

/// `*.count` in a `sum`: every column matching the pattern.
fn glob(
    first: &str,
    cols: &[&str],
    table: usize,
    row: RowSel,
    allow_glob: bool,
) -> Result<Vec<Operand>, RefError> {
    if !allow_glob {
        return Err(RefError::misplaced(
            format!("`{first}`: a pattern with `*` is only allowed in `sum`"),
            None,
        ));
    }
    let found: Vec<Operand> = cols
        .iter()
        .enumerate()
        .filter(|(_, c)| glob_match(first, c))
        .map(|(i, _)| Operand::Cell {
            table,
            row,
            col: ColSel::Fixed(i),
        })
        .collect();
    if found.is_empty() {
        return Err(RefError::unknown(
            format!("`{first}` matches no column"),
            None,
        ));
    }
    Ok(found)
}

/// `"a.b.share"` → `["a.b.", "a.", ""]`: where to look for a sibling column, nearest first.
fn prefixes(key: &str) -> Vec<String> {
    let parts: Vec<&str> = key.split('.').collect();
    (0..parts.len())
        .rev()
        .map(|n| parts[..n].iter().map(|p| format!("{p}.")).collect())
        .collect()
}

/// `*` matches one whole dot-separated segment.
fn glob_match(pattern: &str, key: &str) -> bool {
    let p: Vec<&str> = pattern.split('.').collect();
    let k: Vec<&str> = key.split('.').collect();
    p.len() == k.len() && p.iter().zip(&k).all(|(p, k)| *p == "*" || p == k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbols() -> Symbols<'static> {
        Symbols {
            tables: vec![
                (
                    "age",
                    vec![
                        "total",
                        "under_30.count",
                        "under_30.share",
                        "over_60.count",
                        "over_60.share",
                    ],
                    vec!["akmola_mes", "total"],
                ),
                (
                    "gender",
                    vec!["men", "women", "total"],
                    vec!["akmola_mes", "total"],
                ),
            ],
            facts: vec!["headcount"],
            year: 2024,
        }
    }

    fn cell(table: usize, row: RowSel, col: usize) -> Operand {
        Operand::Cell {
            table,
            row,
            col: ColSel::Fixed(col),
        }
    }

    #[test]
    fn resolves_each_kind_of_reference() {
        let s = symbols();
        let ctx = Ctx::Column {
            table: 0,
            col_key: "under_30.share",
        };
        let cases: Vec<(&str, Vec<Operand>)> = vec![
            ("count", vec![cell(0, RowSel::Current, 1)]),
            ("total", vec![cell(0, RowSel::Current, 0)]),
            ("count@total", vec![cell(0, RowSel::Fixed(1), 1)]),
            ("gender/men", vec![cell(1, RowSel::SameKey, 0)]),
            ("gender/total@total", vec![cell(1, RowSel::Fixed(1), 2)]),
            ("#headcount", vec![Operand::Fact(0)]),
            ("100", vec![Operand::Const(100.into())]),
            (
                "*.count",
                vec![cell(0, RowSel::Current, 1), cell(0, RowSel::Current, 3)],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(resolve(text, ctx, &s, true).unwrap(), want, "{text}");
        }
    }

    #[test]
    fn bare_names_in_rows_are_rows() {
        let s = symbols();
        let got = resolve("akmola_mes", Ctx::Row { table: 1 }, &s, false).unwrap();
        assert_eq!(
            got,
            vec![Operand::Cell {
                table: 1,
                row: RowSel::Fixed(0),
                col: ColSel::Current
            }]
        );
    }

    #[test]
    fn explains_unknown_names() {
        let s = symbols();
        let ctx = Ctx::Column {
            table: 1,
            col_key: "total",
        };
        let e = resolve("wemen", ctx, &s, false).unwrap_err();
        assert_eq!(e.message, "table `gender` has no column `wemen`");
        assert_eq!(e.hint.as_deref(), Some("did you mean `women`?"));
        assert_eq!(e.kind, Code::UnknownReference);
        assert!(resolve("*.men", ctx, &s, false).is_err());
        assert!(resolve("headcount", Ctx::Fact, &s, false).is_err());
        assert!(
            resolve("#headcont", Ctx::Fact, &s, false)
                .unwrap_err()
                .hint
                .is_some()
        );
    }
}
