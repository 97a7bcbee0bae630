//! The compute stage: evaluates every declared rule with exact decimals.
//!
//! In: the validated [`Report`]. Out: [`Computed`], a value for every table cell and fact.
//! Values stay exact here; rounding (half-up, or largest remainder for a declared group of
//! facts) happens once, in [`rounding`], when a figure is compared or printed. Division by
//! zero is not an error: it yields [`Value::Undefined`], printed as a dash.

mod eval;
mod rounding;

pub(crate) use eval::compute;
pub(crate) use rounding::fact_figures;
pub use rounding::round_half_up;

use rust_decimal::Decimal;

/// The value of one cell or fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// No figure (a heading row, or a column left blank in the total row).
    Blank,
    Num(Decimal),
    /// A division by zero somewhere in the derivation (e.g. a share of a unit with no staff).
    Undefined,
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
}
