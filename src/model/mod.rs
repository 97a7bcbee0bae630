//! The validated source model: what the data says, with every reference resolved.
//!
//! Built from the raw YAML by [`build`]; it cannot hold a dangling reference, a label without
//! a translation, or a table whose values do not fit its columns. Nothing is computed here:
//! derived cells carry their [`Rule`], and the compute stage evaluates them.

mod build;
pub(crate) mod chart;
pub(crate) mod gri;
pub(crate) mod number;
mod refs;
pub(crate) mod years;

pub(crate) use build::{KAZAKH_LETTER_HINT, build};

use crate::diag::Span;
use crate::lang::{Label, Lang, ProperNames};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub struct Report {
    pub title: Label,
    pub year: u32,
    /// Fixed document date `YYYY-MM-DD`, used when `SOURCE_DATE_EPOCH` is not set.
    pub date: String,
    pub languages: Vec<Lang>,
    /// Percent patterns `report.yaml` sets (`{}` is the number); the locale stage knows
    /// the CLDR default of the other languages.
    pub percent_overrides: BTreeMap<Lang, String>,
    pub sections: Vec<Section>,
    pub dimensions: BTreeMap<String, Dimension>,
    pub tables: Vec<Table>,
    pub facts: Vec<Fact>,
    /// The GRI disclosures `data/gri.yaml` lists, in index order; empty without the file.
    pub gri: Vec<gri::Disclosure>,
    /// The charts `data/<section>/charts.yaml` declare, in section order.
    pub charts: Vec<chart::Chart>,
    /// Groups of facts rounded together by largest remainder (`rounding:` in facts.yaml).
    pub rounding_groups: Vec<RoundingGroup>,
    /// `proper_names:`: names whose Kazakh letters Russian text may keep.
    pub proper_names: ProperNames,
    /// The same names with where they are declared, to warn about one no Russian text uses.
    pub(crate) declared_names: Vec<DeclaredName>,
    /// Table positions by id, made on the first lookup: the tables are fixed once the model
    /// is built, and a lookup per table by scanning the list made a few passes quadratic.
    pub(crate) table_ids: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
}

/// One name of `proper_names:`.
#[derive(Clone, Debug)]
pub(crate) struct DeclaredName {
    pub name: String,
    pub span: Span,
    /// Whether a `ru` label uses it (the templates are checked when they are rendered).
    pub in_labels: bool,
}

impl Report {
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables.get(self.table_index(id)?)
    }

    pub fn table_index(&self, id: &str) -> Option<usize> {
        let ids = self.table_ids.get_or_init(|| {
            let mut ids = std::collections::HashMap::with_capacity(self.tables.len());
            for (i, t) in self.tables.iter().enumerate() {
                ids.entry(t.id.clone()).or_insert(i);
            }
            ids
        });
        ids.get(id).copied()
    }

    pub fn fact_index(&self, id: &str) -> Option<usize> {
        self.facts.iter().position(|f| f.id == id)
    }

    pub fn chart_index(&self, id: &str) -> Option<usize> {
        self.charts.iter().position(|c| c.id == id)
    }
}

/// Where a figure is: a table cell or a fact; or a whole table, for what concerns all of
/// its figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// Table, row, column.
    Cell(usize, usize, usize),
    Fact(usize),
    Table(usize),
}

impl Report {
    /// The precision a figure prints at (a table: none).
    pub fn precision(&self, place: Place) -> Option<u32> {
        match place {
            Place::Cell(t, r, c) => {
                let table = &self.tables[t];
                Some(
                    table.rows[r]
                        .precision
                        .unwrap_or(table.columns[c].precision),
                )
            }
            Place::Fact(f) => Some(self.facts[f].precision),
            Place::Table(_) => None,
        }
    }

    /// How a figure prints (a table: as a number).
    pub fn format(&self, place: Place) -> Format {
        match place {
            Place::Cell(t, _, c) => self.tables[t].columns[c].format,
            Place::Fact(f) => self.facts[f].format,
            Place::Table(_) => Format::Number,
        }
    }

    /// What the source printed at a figure, if it was transcribed.
    pub fn published(&self, place: Place) -> Option<&Published> {
        match place {
            Place::Cell(t, r, c) => self.tables[t].rows[r]
                .published
                .as_ref()
                .and_then(|p| p.get(c))
                .and_then(Option::as_ref),
            Place::Fact(f) => self.facts[f].published.as_ref(),
            Place::Table(_) => None,
        }
    }

    /// The section a figure belongs to, as an index into `sections`.
    pub fn section_of(&self, place: Place) -> Option<usize> {
        let id = match place {
            Place::Cell(t, ..) | Place::Table(t) => &self.tables[t].section,
            Place::Fact(f) => &self.facts[f].section,
        };
        self.sections.iter().position(|s| &s.id == id)
    }
}

pub struct Section {
    pub id: String,
    pub title: Label,
    /// GRI disclosures its prose reports as a whole.
    pub gri: Vec<String>,
    pub span: Span,
}

pub struct Dimension {
    pub label: Label,
    pub members: Vec<Member>,
}

pub struct Member {
    pub key: String,
    pub label: Label,
    /// Generated by `years: { last: N }`: the member moves with the report year.
    pub window: bool,
}

/// How a figure is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Grouped digits, decimal comma: `4 495`, `14,87`.
    Number,
    /// A number followed by the language's percent sign: `87,7%` (kk), `87,7 %` (ru).
    Percent,
    /// An integer without grouping, for years and dates in prose: `2024`.
    Year,
}

pub struct Table {
    pub id: String,
    pub section: String,
    pub file: PathBuf,
    pub title: Label,
    pub gri: Vec<String>,
    /// Header of the row-label column.
    pub stub: Label,
    /// The column header tree, for spanned headers.
    pub header: Vec<HeaderNode>,
    /// Leaf columns in order.
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub zero_mark: Option<String>,
    pub notes: Vec<Label>,
    /// For whoever edits the data; never printed.
    pub maintainer_notes: Vec<Label>,
    pub checks: Vec<Identity>,
    /// Why the printed figures cannot be recomputed, for readers.
    pub unverifiable: Option<Label>,
}

/// A declared identity between figures, checked in every row or every column.
pub struct Identity {
    pub expect: Rule,
    pub equals: Operand,
    pub per: Per,
    /// Row or column indexes the check applies to (`None`: all).
    pub at: Option<Vec<usize>>,
    pub severity: crate::diag::Severity,
    pub note: Option<Label>,
    /// Where `note: ~` leaves the reader note still to write: needed once the identity
    /// fails, since a reader is owed the reason for a disagreement the chapter prints.
    pub note_to_fill: Option<Span>,
    pub span: Span,
}

/// Where an identity is evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Per {
    /// In every row; bare names are columns.
    Row,
    /// In every column; bare names are rows.
    Column,
    /// Once; every reference names its row (`col@row`).
    Once,
}

impl Table {
    pub fn column_index(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    pub fn row_index(&self, key: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.key == key)
    }

    /// The depth of the header tree (rows of column headers).
    pub fn header_depth(&self) -> usize {
        fn depth(n: &HeaderNode) -> usize {
            1 + n.children.iter().map(depth).max().unwrap_or(0)
        }
        self.header.iter().map(depth).max().unwrap_or(1)
    }
}

/// A node of the column header tree: a spanner with children, or a leaf column.
pub struct HeaderNode {
    pub label: Label,
    pub children: Vec<HeaderNode>,
    /// Index into [`Table::columns`] for a leaf.
    pub leaf: Option<usize>,
}

pub struct Column {
    /// Unique in the table; inside an `each` it is `<member>.<key>`.
    pub key: String,
    /// Labels from the outermost spanner down to the column's own label.
    pub label_path: Vec<Label>,
    pub rule: Option<Rule>,
    pub precision: u32,
    pub format: Format,
    /// Left blank in the total row.
    pub blank_in_total: bool,
    /// Raw values may be negative.
    pub signed: bool,
    /// The body rows' figures are rounded together by largest remainder, so they add up
    /// to the rounded sum (shares printing 100); otherwise each is rounded half-up.
    pub apportioned: bool,
    /// Made by `each` over a generated years dimension: its year moves with the report's.
    pub window: bool,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// An ordinary row: raw values, or derived by its own rule.
    Body,
    /// A group heading with no figures.
    Heading,
    /// The total row: raw columns summed over the body rows, derived columns re-derived.
    Total,
}

pub struct Row {
    pub key: String,
    pub label: Label,
    pub kind: RowKind,
    pub rule: Option<Rule>,
    /// Overrides the column precision for this row (tables with years as columns).
    pub precision: Option<u32>,
    /// Raw input per column (None for derived columns and rule rows).
    pub raw: Vec<Option<Decimal>>,
    /// Raw columns whose value is still to fill in (`~`), with where.
    pub to_fill: Vec<(usize, Span)>,
    /// What the printed source showed, per column (`None` where it printed nothing).
    pub published: Option<Vec<Option<Published>>>,
    /// A member of a generated years dimension: its year moves with the report's.
    pub window: bool,
    pub span: Span,
}

/// A figure as the printed source showed it.
#[derive(Clone, Debug)]
pub struct Published {
    pub text: String,
    pub value: Decimal,
    /// Decimals printed.
    pub scale: u32,
    pub span: Span,
}

pub struct Fact {
    pub id: String,
    pub section: String,
    pub value: Option<Decimal>,
    /// Where `value: ~` marks the figure as still to fill in.
    pub to_fill: Option<Span>,
    pub rule: Option<Rule>,
    pub precision: u32,
    pub format: Format,
    /// What the figure counts, if declared; it decides the checks a value must pass.
    pub unit: Option<Unit>,
    /// A raw value of a counting unit may be negative.
    pub signed: bool,
    /// Index into [`Report::rounding_groups`] when the fact is rounded with others so the
    /// printed figures add up; `None`: rounded half-up on its own.
    pub rounding_group: Option<usize>,
    pub published: Option<Published>,
    /// For whoever edits the data; never printed.
    pub maintainer_note: Option<Label>,
    /// What the figure is, for readers of the reconciliation appendix.
    pub label: Option<Label>,
    /// Not printed by the source, inferred so printed figures reproduce: how, for readers.
    pub assumed: Option<Label>,
    /// Printed without the inputs to recompute it: why, for readers.
    pub unverifiable: Option<Label>,
    /// A qualifier the prose puts on the figure, checked against its exact value.
    pub claim: Option<Claim>,
    /// GRI disclosures the figure reports.
    pub gri: Vec<String>,
    pub span: Span,
}

/// "More than 94 %": the prose's qualifier on a figure, and its words in each language.
#[derive(Clone, Debug)]
pub struct Claim {
    pub relation: Relation,
    pub bound: Decimal,
    pub printed: Label,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    MoreThan,
    LessThan,
    AtLeast,
    AtMost,
}

impl Relation {
    /// Whether `value` bears this relation to `bound`.
    pub fn holds(self, value: Decimal, bound: Decimal) -> bool {
        match self {
            Relation::MoreThan => value > bound,
            Relation::LessThan => value < bound,
            Relation::AtLeast => value >= bound,
            Relation::AtMost => value <= bound,
        }
    }

    /// The key written in the data.
    pub fn name(self) -> &'static str {
        match self {
            Relation::MoreThan => "more_than",
            Relation::LessThan => "less_than",
            Relation::AtLeast => "at_least",
            Relation::AtMost => "at_most",
        }
    }
}

/// What a fact counts (`unit:` in facts.yaml). Counts, amounts and durations may not be
/// negative (unless the fact is `signed`), people are whole, a share lies in 0–100.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A head count: whole and not negative.
    People,
    Tenge,
    ThousandTenge,
    MillionTenge,
    Hours,
    Days,
    Months,
    /// A duration or an age in years.
    Years,
    /// Per cent of a whole: from 0 to 100.
    Share,
    /// Per cent that is not a share of a whole: a raise, a growth, an index.
    Percent,
    /// A plain ratio or average.
    Ratio,
    /// A calendar year, or a day or month of a date.
    Date,
}

impl Unit {
    pub const ALL: [Unit; 12] = [
        Unit::People,
        Unit::Tenge,
        Unit::ThousandTenge,
        Unit::MillionTenge,
        Unit::Hours,
        Unit::Days,
        Unit::Months,
        Unit::Years,
        Unit::Share,
        Unit::Percent,
        Unit::Ratio,
        Unit::Date,
    ];

    /// The name written in the data and the CSV.
    pub fn name(self) -> &'static str {
        match self {
            Unit::People => "people",
            Unit::Tenge => "tenge",
            Unit::ThousandTenge => "thousand_tenge",
            Unit::MillionTenge => "million_tenge",
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::Months => "months",
            Unit::Years => "years",
            Unit::Share => "share",
            Unit::Percent => "percent",
            Unit::Ratio => "ratio",
            Unit::Date => "date",
        }
    }

    pub fn parse(name: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.name() == name)
    }

    /// Whether a value is a count, an amount or a duration, which cannot be negative
    /// unless declared `signed` (a share has its own range, 0–100).
    pub fn is_counted(self) -> bool {
        !matches!(self, Unit::Share | Unit::Percent | Unit::Ratio | Unit::Date)
    }
}

/// Facts printed so that their rounded figures add up to their rounded exact sum
/// (shares of one whole printing 100): `rounding: { largest_remainder: <name> }`.
pub struct RoundingGroup {
    pub name: String,
    /// Member facts, in declaration order (the last tie-break).
    pub facts: Vec<usize>,
    /// The precision every member prints at.
    pub precision: u32,
}

/// A declared derivation.
#[derive(Clone, Debug)]
pub struct Rule {
    pub op: Op,
    /// Multiplies the result (e.g. 1000 to turn million tenge into thousand tenge).
    pub scale: Option<Decimal>,
    pub span: Span,
}

impl Rule {
    pub fn operands(&self) -> Vec<&Operand> {
        match &self.op {
            Op::Sum(v) => v.iter().collect(),
            Op::Difference(a, b)
            | Op::Ratio(a, b)
            | Op::Share(a, b)
            | Op::Deviation(a, b)
            | Op::PerCapita(a, b) => vec![a, b],
        }
    }
}

#[derive(Clone, Debug)]
pub enum Op {
    Sum(Vec<Operand>),
    Difference(Operand, Operand),
    Ratio(Operand, Operand),
    /// `a / b * 100`
    Share(Operand, Operand),
    /// `(a / b - 1) * 100`
    Deviation(Operand, Operand),
    /// `a / b`, an average per person.
    PerCapita(Operand, Operand),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    Const(Decimal),
    Fact(usize),
    Cell {
        table: usize,
        row: RowSel,
        col: ColSel,
    },
}

/// Which row a cell reference reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowSel {
    /// The row being computed.
    Current,
    /// The row with the same key as the row being computed (in another table).
    SameKey,
    Fixed(usize),
}

/// Which column a cell reference reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColSel {
    Current,
    Fixed(usize),
}

#[cfg(test)]
mod tests {
    use crate::test_project::{HEAD, SHARES, analysed};

    #[test]
    fn tables_are_found_by_id_in_file_order() {
        let table = format!("{HEAD}{SHARES}");
        let (report, _, problems) =
            analysed(&[("b.yaml", &table), ("a.yaml", &table), ("c.yaml", &table)]);
        assert!(problems.is_empty(), "{problems:?}");
        let ids: Vec<&str> = report.tables.iter().map(|t| t.id.as_str()).collect();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(report.table_index(id), Some(i));
            assert_eq!(report.table(id).map(|t| t.id.as_str()), Some(*id));
        }
        assert_eq!(report.table_index("d"), None);
        assert!(report.table("").is_none());
    }
}
