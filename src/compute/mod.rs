//! The compute stage: evaluates every declared rule with exact decimals.
//!
//! In: the validated [`Report`]. Out: [`Computed`], a value for every table cell and fact.
//! Values stay exact here; rounding (half-up, or largest remainder for a declared group of
//! facts) happens once, in [`rounding`], when a figure is compared or printed. Division by
//! zero is not an error: it yields [`Value::Undefined`], printed as a dash.

mod eval;
mod rounding;

pub(crate) use eval::compute;
pub(crate) use eval::operand_place;
pub use rounding::round_half_up;
pub(crate) use rounding::{apportion_columns, fact_figures};

use crate::model::{Place, Report};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The value of one cell or fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// No figure (a heading row, or a column left blank in the total row).
    Blank,
    Num(Decimal),
    /// A division by zero somewhere in the derivation (e.g. a share of a unit with no staff).
    Undefined,
    /// A raw figure still to be filled in (`~` in the data), or one derived from it: shown
    /// as a placeholder in a draft, refused in a build for publication.
    Pending,
}

impl Value {
    pub fn num(self) -> Option<Decimal> {
        match self {
            Value::Num(d) => Some(d),
            _ => None,
        }
    }
}

/// Every computed figure of the report.
pub struct Computed {
    /// `tables[t][row][col]`, in the order of the model.
    pub tables: Vec<Vec<Vec<Value>>>,
    pub facts: Vec<Value>,
    /// Both sides of every declared identity, at every row (or column) it applies to.
    pub identities: Vec<IdentityResult>,
    /// Printed totals that stand instead of the sum of their parts (see
    /// [`rounding::within_rounding`]).
    pub pinned: Vec<Pinned>,
    /// The cells of columns rounded together (`rounding: largest_remainder`), as they print.
    pub apportioned: BTreeMap<(usize, usize, usize), Decimal>,
}

impl Computed {
    /// A cell as it prints: apportioned with its column, or its exact value (rounded
    /// half-up when formatted).
    pub fn figure(&self, t: usize, r: usize, c: usize) -> Value {
        match self.apportioned.get(&(t, r, c)) {
            Some(d) => Value::Num(*d),
            None => self.tables[t][r][c],
        }
    }
}

/// A printed total more precise than its printed parts, kept because it agrees with them
/// within their rounding: the cell or fact holds the printed figure, not `sum`.
#[derive(Clone, Debug)]
pub struct Pinned {
    pub place: Place,
    /// The sum of the parts as they are printed.
    pub sum: Decimal,
    /// How far the exact sum of the parts may lie from `sum`: half a unit of each part's
    /// last printed digit, added up.
    pub tolerance: Decimal,
}

/// One evaluation of a table's declared identity.
#[derive(Clone, Debug)]
pub struct IdentityResult {
    pub table: usize,
    pub check: usize,
    /// The row (per-row checks) or column (per-column checks) it was evaluated at.
    pub at: usize,
    pub expect: Value,
    pub equals: Value,
    /// The figure `equals` names, where it resolves to one.
    pub equals_at: Option<Place>,
}

impl IdentityResult {
    /// Whether both sides agree as printed: rounded to the precision `equals` prints at (a
    /// share recomputed exactly agrees with its printed 24,1), exactly when `equals` is a
    /// number.
    pub fn holds(&self, report: &Report) -> bool {
        let dp = self.equals_at.and_then(|p| report.precision(p));
        match (self.expect, self.equals, dp) {
            (Value::Num(a), Value::Num(b), Some(dp)) => {
                round_half_up(a, dp) == round_half_up(b, dp)
            }
            (a, b, _) => a == b,
        }
    }
}
