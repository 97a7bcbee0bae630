//! What becomes of each data file in next year's project.
//!
//! The model of this year's project says what every node means (which columns are years
//! of a moving window, which values are raw, which checks declare a conflict); the rules
//! here turn that into changes of the file's nodes:
//!
//! - `report.yaml`: the year and the document date advance by one year.
//! - a table: a value carries over only where it belongs to a past year (a column or row
//!   of a year before the new report year); every other raw value becomes `~`. Windows of
//!   years move by one, so the oldest year's values go and the new year's arrive as `~`.
//! - a fact's `value` becomes `~`, unless the fact says `next_year: keep`.
//! - what speaks of last year's print goes: `published`, maintainer notes, `assumed`,
//!   `unverifiable`, `claim`; the reader note of a declared conflict becomes `note: ~`,
//!   to be written again if the new figures disagree too.

use super::edits::Edits;
use super::tree::{Kind, Node, Trouble};
use crate::model::years::is_year_key;
use crate::model::{Fact, Table};
use std::collections::BTreeMap;

/// What the roll did, summed over files, for the summary and the tests.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Figures left to fill in (`~`), new ones and ones that already were.
    pub to_fill: usize,
    /// Figures of past years carried over.
    pub carried: usize,
    /// Facts kept by `next_year: keep`.
    pub kept: usize,
    /// Entries removed because they belong to last year's print, by key.
    pub removed: BTreeMap<&'static str, usize>,
    /// Declared conflicts whose reader note is now `~`.
    pub conflict_notes: usize,
    /// Reader texts to read again: `file:line: why`.
    pub review: Vec<String>,
}

/// Keys of a table or a fact that describe last year's printed source.
const LAST_PRINT: [&str; 8] = [
    "published",
    "maintainer_notes",
    "data_notes",
    "maintainer_note",
    "note",
    "assumed",
    "unverifiable",
    "claim",
];

/// `year: Y` → `Y + 1`; `date:` one year later (29 February → 28 February).
pub(super) fn report(root: &Node, e: &mut Edits, year: u32) -> Result<(), Trouble> {
    let node = root.get("year").ok_or("report.yaml has no `year`")?;
    e.replace(node, (year + 1).to_string());
    if let Some(node) = root.get("date") {
        let text = node.scalar().unwrap_or_default();
        let date = crate::date::IsoDate::parse(text)
            .ok_or_else(|| format!("`date: {text}` is not a date YYYY-MM-DD"))?;
        let day = if date.month() == 2 && date.day() == 29 {
            28
        } else {
            date.day()
        };
        e.replace(
            node,
            format!("{:04}-{:02}-{:02}", date.year() + 1, date.month(), day),
        );
    }
    Ok(())
}

/// One table file.
pub(super) fn table(
    root: &Node,
    e: &mut Edits,
    table: &Table,
    year: u32,
    file: &str,
    tally: &mut Tally,
) -> Result<(), Trouble> {
    remove_last_print(root, e, tally);
    if let Some(values) = root.get("values") {
        values_of(values, e, table, year, tally)?;
    }
    for check in root.get("checks").map_or(&[][..], Node::items) {
        let declared = check.get("on_fail").and_then(Node::scalar) == Some("warning");
        match check.get("note") {
            Some(note) if declared && !note.is_null() => {
                e.replace(note, "~".to_owned());
                tally.conflict_notes += 1;
            }
            _ => {}
        }
    }
    fixed_years_named_relatively(root, e, file, tally);
    for note in root.get("notes").map_or(&[][..], Node::items) {
        if quotes_figures(e.source(note)) {
            tally.review.push(format!(
                "{file}:{}: a note for readers names figures or dates: check it still holds",
                note.line
            ));
        }
    }
    Ok(())
}

/// A row or column whose key is a fixed year (`y2023`) but whose label names a year
/// relative to the report's (`{year-1}`): next year the label moves and the figures do
/// not, so the heading would stand over another year's figures.
fn fixed_years_named_relatively(root: &Node, e: &Edits, file: &str, tally: &mut Tally) {
    let lines = ["rows", "columns"]
        .iter()
        .flat_map(|k| root.get(k).map_or(&[][..], Node::items));
    for line in lines {
        let key = line.get("key").and_then(Node::scalar).unwrap_or_default();
        let relative = line
            .get("label")
            .is_some_and(|l| e.source(l).contains("{year"));
        if key_year(key).is_some() && relative {
            tally.review.push(format!(
                "{file}:{}: `{key}` is a fixed year, but its label names the report's year relatively: next year the label moves and the figures stay (write the label as a fixed year, or make the key a window of years with `each: years`)",
                line.line
            ));
        }
    }
}

/// A facts file: each fact's value to fill in, unless kept; last year's print removed.
pub(super) fn facts(
    root: &Node,
    e: &mut Edits,
    facts: &BTreeMap<&str, &Fact>,
    file: &str,
    tally: &mut Tally,
) -> Result<(), Trouble> {
    for (key, body) in root.entries() {
        let id = key.scalar().unwrap_or_default();
        facts
            .get(id)
            .ok_or_else(|| Trouble::at(key, format!("fact `{id}` is not in the model")))?;
        if let Some(claim) = body.get("claim") {
            tally.review.push(format!(
                "{file}:{}: fact `{id}` lost last year's claim ({}); the templates' words around it («более», «астам») may no longer hold",
                claim.line,
                e.source(claim).lines().next().unwrap_or_default().trim()
            ));
        }
        remove_last_print(body, e, tally);
        let Some(value) = body.get("value") else {
            continue;
        };
        if body.get("next_year").and_then(Node::scalar) == Some("keep") {
            tally.kept += 1;
        } else {
            if !value.is_null() {
                e.replace(value, "~".to_owned());
            }
            tally.to_fill += 1;
        }
    }
    Ok(())
}

fn remove_last_print(map: &Node, e: &mut Edits, tally: &mut Tally) {
    let mut gone = Vec::new();
    for (i, (k, _)) in map.entries().iter().enumerate() {
        if let Some(&key) = LAST_PRINT.iter().find(|&&w| k.scalar() == Some(w)) {
            gone.push(i);
            let key = match key {
                "data_notes" | "maintainer_note" | "note" => "maintainer_notes",
                other => other,
            };
            *tally.removed.entry(key).or_default() += 1;
        }
    }
    e.remove_entries(map, &gone);
}

/// Whether a reader's text names a figure or a date: digits outside `{year…}` placeholders.
fn quotes_figures(source: &str) -> bool {
    let mut depth = 0u32;
    source.chars().any(|c| {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        c.is_ascii_digit() && depth < 2
    })
}

/// The year a key stands for: `y2024`, `y2024.count`.
fn key_year(key: &str) -> Option<u32> {
    let head = key.split('.').next().unwrap_or(key);
    is_year_key(head).then(|| head[1..].parse().ok()).flatten()
}

/// A key of a window of years, one year later: `y2020.count` → `y2021.count`.
fn shifted(key: &str) -> String {
    match key_year(key) {
        Some(y) => {
            let rest = &key[key.split('.').next().unwrap_or(key).len()..];
            format!("y{}{rest}", y + 1)
        }
        None => key.to_owned(),
    }
}

/// The raw columns of a table, this year's keys and next year's.
struct RawColumns<'m> {
    this: Vec<&'m crate::model::Column>,
    next: Vec<String>,
    /// The report year being left.
    year: u32,
}

impl RawColumns<'_> {
    /// Whether a key names a year up to the report year: its value is known and stays.
    fn past(&self, key: &str) -> bool {
        key_year(key).is_some_and(|y| y <= self.year)
    }
}

/// The `values:` map of a table: each row rewritten for next year.
fn values_of(
    values: &Node,
    e: &mut Edits,
    table: &Table,
    year: u32,
    tally: &mut Tally,
) -> Result<(), Trouble> {
    let this: Vec<_> = table.columns.iter().filter(|c| c.rule.is_none()).collect();
    let next = this
        .iter()
        .map(|c| match c.window {
            true => shifted(&c.key),
            false => c.key.clone(),
        })
        .collect();
    let cols = RawColumns { this, next, year };
    // Rows of a window of years move too: the oldest goes, the new year's comes.
    let window_rows: Vec<&str> = table
        .rows
        .iter()
        .filter(|r| r.window)
        .map(|r| r.key.as_str())
        .collect();
    let new_window: Vec<String> = window_rows.iter().map(|k| shifted(k)).collect();
    for (i, (key, row)) in values.entries().iter().enumerate() {
        let row_key = key.scalar().unwrap_or_default();
        if !table.rows.iter().any(|r| r.key == row_key) {
            return Err(Trouble::at(
                key,
                format!("row `{row_key}` is not in the table"),
            ));
        }
        if window_rows.contains(&row_key) && !new_window.iter().any(|k| k == row_key) {
            e.remove_entry(values, i);
            continue;
        }
        let shifts = cols.this.iter().zip(&cols.next).any(|(c, n)| c.key != *n);
        if !shifts {
            row_in_place(row, row_key, &cols, e, tally)?;
        } else if let Some(text) = next_row(row, row_key, &cols, e, tally)? {
            e.replace_value(key, row, text);
        }
    }
    let added: Vec<&String> = new_window
        .iter()
        .filter(|k| !window_rows.contains(&k.as_str()))
        .collect();
    add_rows(values, &added, cols.this.len(), e, tally)
}

/// One row's figures for next year where no column moves: each cell changed by itself,
/// so the row keeps its layout, quoting and comments.
fn row_in_place(
    row: &Node,
    row_key: &str,
    cols: &RawColumns,
    e: &mut Edits,
    tally: &mut Tally,
) -> Result<(), Trouble> {
    for (p, cell) in cells_of(row, row_key, cols)?.into_iter().enumerate() {
        let Some(cell) = cell else { continue };
        if !cell.is_null() && (cols.past(row_key) || cols.past(&cols.this[p].key)) {
            tally.carried += 1;
            continue;
        }
        if !cell.is_null() {
            e.replace(cell, "~".to_owned());
        }
        tally.to_fill += 1;
    }
    Ok(())
}

/// This year's figure node per raw column: by position in a list, by key in a map.
fn cells_of<'n>(
    row: &'n Node,
    row_key: &str,
    cols: &RawColumns,
) -> Result<Vec<Option<&'n Node>>, Trouble> {
    Ok(match &row.kind {
        Kind::Seq { items, .. } => (0..cols.this.len()).map(|p| items.get(p)).collect(),
        Kind::Map { entries, .. } => cols
            .this
            .iter()
            .map(|c| {
                entries
                    .iter()
                    .find(|(k, _)| k.scalar() == Some(&c.key))
                    .map(|(_, v)| v)
            })
            .collect(),
        Kind::Scalar { .. } => {
            return Err(Trouble::at(
                row,
                format!("row `{row_key}` is not a list or a map"),
            ));
        }
    })
}

/// One row's figures for next year where columns move (a window of years), in the form it
/// was written in (a list stays a list, a map a map, both on one line); `None` for a row
/// without raw figures.
fn next_row(
    row: &Node,
    row_key: &str,
    cols: &RawColumns,
    e: &Edits,
    tally: &mut Tally,
) -> Result<Option<String>, Trouble> {
    let old = cells_of(row, row_key, cols)?;
    if cols.this.is_empty() || old.iter().all(Option::is_none) {
        return Ok(None);
    }
    let by_key = |key: &str| {
        let p = cols.this.iter().position(|c| c.key == key)?;
        old[p].filter(|v| !v.is_null())
    };
    let map = matches!(row.kind, Kind::Map { .. });
    let mut cells = Vec::new();
    for (p, key) in cols.next.iter().enumerate() {
        if map && old[p].is_none() {
            continue;
        }
        let carried = (cols.past(row_key) || cols.past(key))
            .then(|| by_key(key))
            .flatten();
        let text = match carried {
            Some(v) => {
                tally.carried += 1;
                e.source(v).to_owned()
            }
            None => {
                tally.to_fill += 1;
                "~".to_owned()
            }
        };
        cells.push(match map {
            true => format!("{key}: {text}"),
            false => text,
        });
    }
    Ok(Some(match map {
        true => format!("{{ {} }}", cells.join(", ")),
        false => format!("[{}]", cells.join(", ")),
    }))
}

/// The new year's rows of a table whose rows are a window of years, all to fill in.
fn add_rows(
    values: &Node,
    added: &[&String],
    raw: usize,
    e: &mut Edits,
    tally: &mut Tally,
) -> Result<(), Trouble> {
    let Some(last) = values.entries().last().filter(|_| !added.is_empty()) else {
        return Ok(());
    };
    if values.is_flow() {
        return Err(Trouble::at(
            values,
            "rows by year in a flow map `values: {…}` cannot move to next year; write `values:` as a block, one row a line".to_owned(),
        ));
    }
    let indent = " ".repeat(last.0.column);
    let cells = vec!["~"; raw].join(", ");
    for key in added {
        tally.to_fill += raw;
        e.insert_line_after(&last.1, format!("{indent}{key}: [{cells}]\n"));
    }
    Ok(())
}
