//! The compute stage: evaluates every declared rule with exact decimals.
//!
//! In: the validated [`Report`]. Out: [`Computed`], a value for every table cell and fact.
//! Values stay exact here; rounding (half-up, at the printed precision) happens once, in
//! [`round_half_up`], when a figure is compared or printed. Division by zero is not an error:
//! it yields [`Value::Undefined`], printed as a dash.

mod eval;

pub(crate) use eval::compute;

use rust_decimal::{Decimal, RoundingStrategy};

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

/// Rounds half-up (away from zero on a tie) to `dp` decimals and keeps exactly `dp`
/// decimals, so 100 at precision 2 prints as `100,00`. This is the report's rounding rule.
pub fn round_half_up(value: Decimal, dp: u32) -> Decimal {
    let mut r = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rounds_half_up_at_the_printed_precision() {
        let cases = [
            ("2.665", 2, "2.67"),
            ("2.675", 2, "2.68"),
            ("12.5", 0, "13"),
            ("6.25", 1, "6.3"),
            ("-6.25", 1, "-6.3"),
            ("14.874551971", 2, "14.87"),
            ("100", 2, "100.00"),
            ("0.005", 2, "0.01"),
            ("0.0049999", 2, "0.00"),
        ];
        for (v, dp, want) in cases {
            assert_eq!(round_half_up(d(v), dp).to_string(), want, "{v} at {dp}");
        }
    }
}
