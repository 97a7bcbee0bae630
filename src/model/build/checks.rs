//! Declared identities (`checks:` of a table): `expect` (a rule) must equal `equals` (a
//! reference) in every row, every column, or once. `per` is read once here and decides how
//! both sides and `at` are resolved.

use super::*;
use crate::source::raw::RawCheck;

/// The table a check belongs to.
#[derive(Clone, Copy)]
struct Place<'a> {
    file: &'a Path,
    table: &'a Table,
    index: usize,
    /// Whether every row exists (no unknown dimension).
    complete: bool,
}

impl Builder<'_> {
    /// Resolves the checks of every table that was built: (table index, identity).
    pub(super) fn checks(
        &mut self,
        raw: &RawProject,
        dims: &BTreeMap<String, Dimension>,
        tables: &[Table],
        symbols: &Symbols,
    ) -> Vec<(usize, Identity)> {
        let mut checks = Vec::new();
        for tf in &raw.tables {
            let Some(t) = tables
                .iter()
                .position(|x| x.id == tf.id && x.file == tf.path)
            else {
                continue; // a refused duplicate table id
            };
            // A table missing the rows of an unknown dimension would make every `expect`
            // naming one of them look wrong too.
            let complete = !tf
                .raw
                .rows
                .iter()
                .any(|r| matches!(&r.value, RawRow::Dimension(k) if !dims.contains_key(k)));
            for c in &tf.raw.checks {
                let at = Place {
                    file: &tf.path,
                    table: &tables[t],
                    index: t,
                    complete,
                };
                if let Some(identity) = self.check(c, at, symbols) {
                    checks.push((t, identity));
                }
            }
        }
        checks
    }

    fn check(
        &mut self,
        c: &Spanned<RawCheck>,
        place: Place,
        symbols: &Symbols,
    ) -> Option<Identity> {
        let Place {
            file,
            table,
            index: t,
            complete,
        } = place;
        let raw = &c.value;
        let per = self.per(raw.per.as_ref(), file);
        let ctx = if per == Per::Column {
            Ctx::Row { table: t }
        } else {
            Ctx::Column {
                table: t,
                col_key: "",
            }
        };
        let expect = if complete {
            self.rule(&raw.expect, file, ctx, symbols)
        } else {
            None
        };
        self.year_keys(&raw.equals, file);
        let equals = match resolve(&raw.equals.value, ctx, symbols, false) {
            Ok(mut v) => v.pop(),
            Err(e) => {
                self.push(e.at(span_of(&raw.equals, file)));
                None
            }
        };
        let severity = self.severity(raw.on_fail.as_ref(), file);
        let at = raw.at.as_ref().map(|list| {
            list.iter()
                .filter_map(|k| self.check_at(k, file, table, per))
                .collect()
        });
        let (expect, equals) = (expect?, equals?);
        let floating = |o: &Operand| {
            matches!(
                o,
                Operand::Cell {
                    row: RowSel::Current | RowSel::SameKey,
                    ..
                }
            )
        };
        if per == Per::Once && (floating(&equals) || expect.operands().into_iter().any(floating)) {
            self.push(
                Diagnostic::error(
                    Some(span_of(c, file)),
                    "a `per: once` check must name the row of every reference",
                )
                .with_code(Code::InvalidRule)
                .with_hint("write `column@row` or `table/column@row`"),
            );
            return None;
        }
        let note = raw.note.as_ref().and_then(|n| {
            let l = n.value.clone()?;
            Some(self.label(&Spanned::new(l, n.referenced, n.defined), file))
        });
        let note_to_fill = raw
            .note
            .as_ref()
            .filter(|n| n.value.is_none())
            .map(|n| span_of(n, file));
        Some(Identity {
            expect,
            equals,
            per,
            at,
            severity,
            note,
            note_to_fill,
            span: span_of(c, file),
        })
    }

    /// One entry of `at`: a column (`per: column`) or a row of the table.
    fn check_at(
        &mut self,
        k: &Spanned<String>,
        file: &Path,
        table: &Table,
        per: Per,
    ) -> Option<usize> {
        let (found, names, what): (Option<usize>, Vec<&str>, &str) = if per == Per::Column {
            (
                table.column_index(&k.value),
                table.columns.iter().map(|c| c.key.as_str()).collect(),
                "column",
            )
        } else {
            (
                table.row_index(&k.value),
                table.rows.iter().map(|r| r.key.as_str()).collect(),
                "row",
            )
        };
        if found.is_none() {
            self.push(
                Diagnostic::error(
                    Some(span_of(k, file)),
                    format!("`at`: table `{}` has no {what} `{}`", table.id, k.value),
                )
                .with_code(Code::UnknownReference)
                .with_hint_opt(did_you_mean(&k.value, names)),
            );
        }
        found
    }
}
