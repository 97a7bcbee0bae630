//! The report's rounding rules, the only place a computed figure loses digits.
//!
//! A figure is rounded **half-up** (a tie away from zero) to its printed precision
//! ([`round_half_up`]). Facts declared as a group (`rounding: { largest_remainder: name }`)
//! are instead **apportioned** ([`largest_remainder`]): each is rounded down, then the units
//! still missing to reach the group's rounded exact sum go to the largest remainders, so
//! shares of one whole print figures that add up to 100, as the source's charts do.
//! [`fact_figures`] gives every fact as it prints; the locale, the check and the CSV all
//! read it, so a fact cannot print one figure and be checked against another.

use super::{Computed, Value};
use crate::model::{Published, Report, RowKind};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeMap;

/// Rounds half-up (away from zero on a tie) to `dp` decimals and keeps exactly `dp`
/// decimals, so 100 at precision 2 prints as `100,00`. This is the report's rounding rule.
pub fn round_half_up(value: Decimal, dp: u32) -> Decimal {
    let mut r = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r
}

/// Whether a printed total agrees with the sum of its printed parts within their rounding,
/// where the total is printed more precisely than every part (`parts` are the parts'
/// printed precisions). Each part printed at `p` decimals may be off by half a unit of its
/// last digit, and so may the total: the figures agree when the total lies closer to `sum`
/// than these halves added up. Returns the parts' tolerance, or `None` when the total
/// is not more precise than its parts, already agrees at its precision, or lies outside.
pub(crate) fn within_rounding(sum: Decimal, parts: &[u32], printed: &Published) -> Option<Decimal> {
    if parts.is_empty() || parts.iter().any(|&p| p >= printed.scale) {
        return None;
    }
    let half = |dp: u32| Decimal::new(5, dp + 1);
    if round_half_up(sum, printed.scale) == round_half_up(printed.value, printed.scale) {
        return None;
    }
    let tolerance: Decimal = parts.iter().map(|&p| half(p)).sum();
    ((printed.value - sum).abs() < tolerance + half(printed.scale)).then_some(tolerance)
}

/// Largest-remainder (Hamilton) rounding of `values` to `dp` decimals: every value is
/// rounded down, then one unit of the last decimal is added to as many values as the
/// rounded-down figures fall short of `round_half_up(sum of values)`, largest remainder
/// first. Ties go to the larger value, then to the earlier value, so the result never
/// depends on anything but the input order. The result adds up to the rounded sum and each
/// figure is its value rounded down or up (never further off than one unit).
pub(crate) fn largest_remainder(values: &[Decimal], dp: u32) -> Vec<Decimal> {
    let floor = |v: Decimal| {
        let mut f = v.round_dp_with_strategy(dp, RoundingStrategy::ToNegativeInfinity);
        f.rescale(dp);
        f
    };
    let mut out: Vec<Decimal> = values.iter().map(|v| floor(*v)).collect();
    let unit = Decimal::new(1, dp);
    let target = round_half_up(values.iter().sum(), dp);
    let short = target - out.iter().sum::<Decimal>();
    // `short` is a whole number of units from 0 to values.len(): the floors lose less than
    // one unit each.
    let missing = (short / unit).trunc();
    // A stable sort: values with equal remainders and equal values keep their order.
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (values[a] - out[a], values[b] - out[b]);
        rb.cmp(&ra).then(values[b].cmp(&values[a]))
    });
    for &i in order.iter().take(usize::try_from(missing).unwrap_or(0)) {
        out[i] += unit;
    }
    out
}

/// Every fact as it prints: rounded to its precision, half-up on its own or apportioned
/// with its rounding group. Members that cannot be computed (a division by zero) stay
/// undefined and the others are apportioned among themselves.
pub(crate) fn fact_figures(report: &Report, computed: &Computed) -> Vec<Value> {
    let mut out: Vec<Value> = report
        .facts
        .iter()
        .zip(&computed.facts)
        .map(|(fact, v)| match v {
            Value::Num(d) => Value::Num(round_half_up(*d, fact.precision)),
            other => *other,
        })
        .collect();
    for group in &report.rounding_groups {
        let members: Vec<(usize, Decimal)> = group
            .facts
            .iter()
            .filter_map(|&f| computed.facts[f].num().map(|d| (f, d)))
            .collect();
        let values: Vec<Decimal> = members.iter().map(|m| m.1).collect();
        for ((f, _), r) in members
            .iter()
            .zip(largest_remainder(&values, group.precision))
        {
            out[*f] = Value::Num(r);
        }
    }
    out
}

/// The figures of every column declared `rounding: largest_remainder`: its body rows
/// apportioned at the column's precision, so they add up to their rounded sum (the total
/// row prints that sum). Cells that cannot be computed are left out.
pub(crate) fn apportion_columns(
    report: &Report,
    tables: &[Vec<Vec<Value>>],
) -> BTreeMap<(usize, usize, usize), Decimal> {
    let mut out = BTreeMap::new();
    for (t, table) in report.tables.iter().enumerate() {
        for (c, col) in table.columns.iter().enumerate() {
            if !col.apportioned {
                continue;
            }
            let members: Vec<(usize, Decimal)> = table
                .rows
                .iter()
                .enumerate()
                .filter(|(_, row)| row.kind == RowKind::Body)
                .filter_map(|(r, _)| tables[t][r][c].num().map(|d| (r, d)))
                .collect();
            let values: Vec<Decimal> = members.iter().map(|m| m.1).collect();
            for ((r, _), v) in members
                .iter()
                .zip(largest_remainder(&values, col.precision))
            {
                out.insert((t, *r, c), v);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn ds(v: &[&str]) -> Vec<Decimal> {
        v.iter().map(|s| d(s)).collect()
    }

    fn strings(v: Vec<Decimal>) -> Vec<String> {
        v.into_iter().map(|x| x.to_string()).collect()
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

    /// Shares of a whole, exactly as `share` computes them.
    fn shares(counts: &[i64]) -> Vec<Decimal> {
        let total: i64 = counts.iter().sum();
        counts
            .iter()
            .map(|&c| Decimal::from(c) * Decimal::ONE_HUNDRED / Decimal::from(total))
            .collect()
    }

    #[test]
    fn the_ethnicity_chart_adds_up_to_100() {
        // KEGOC 2024: Kazakhs, Russians, Germans, Ukrainians, Belarusians, Uzbeks, Koreans,
        // Tatars, others. Half-up prints 75, 16, 1, 3, 0, 1, 1, 1, 1 (99); the source's chart
        // prints 2 for others.
        let v = shares(&[3386, 729, 62, 113, 20, 37, 24, 59, 65]);
        let r = largest_remainder(&v, 0);
        assert_eq!(
            strings(r.clone()),
            ["75", "16", "1", "3", "0", "1", "1", "1", "2"]
        );
        assert_eq!(r.iter().sum::<Decimal>(), d("100"));
    }

    #[test]
    fn table_driven_cases() {
        let cases: [(&[&str], u32, &[&str]); 9] = [
            // Already whole: nothing moves.
            (&["50", "30", "20"], 0, &["50", "30", "20"]),
            // Thirds: two units to hand out at equal remainders and values, earlier first.
            (&["33.3333", "33.3333", "33.3334"], 0, &["33", "33", "34"]),
            (&["33.5", "33.5", "33"], 0, &["34", "33", "33"]),
            // Equal remainders: the larger value wins.
            (&["10.5", "20.5", "69"], 0, &["10", "21", "69"]),
            // Zeros stay zero.
            (&["0", "99.6", "0.4"], 0, &["0", "100", "0"]),
            // All zero: nothing to hand out.
            (&["0", "0", "0"], 0, &["0", "0", "0"]),
            // Precision 1: units of 0,1.
            (&["33.33", "33.33", "33.34"], 1, &["33.3", "33.3", "33.4"]),
            (&["12.25", "87.75"], 1, &["12.2", "87.8"]),
            // The target is the rounded sum, not always 100.
            (&["0.6", "0.6", "0.6"], 0, &["1", "1", "0"]),
        ];
        for (values, dp, want) in cases {
            let got = largest_remainder(&ds(values), dp);
            assert_eq!(strings(got), want.to_vec(), "{values:?} at {dp}");
        }
    }

    #[test]
    fn always_adds_up_and_stays_within_one_unit() {
        let samples: [&[i64]; 5] = [
            &[1, 1, 1],
            &[1, 2, 3, 4, 5, 6, 7],
            &[4495, 1, 1],
            &[7, 0, 0, 0],
            &[333, 333, 334, 1, 1, 1],
        ];
        for counts in samples {
            for dp in 0..3 {
                let v = shares(counts);
                let r = largest_remainder(&v, dp);
                assert_eq!(
                    r.iter().sum::<Decimal>(),
                    round_half_up(d("100"), dp),
                    "{counts:?}"
                );
                for (x, y) in v.iter().zip(&r) {
                    assert!((*x - *y).abs() < Decimal::new(1, dp), "{x} → {y}");
                    assert_eq!(y.scale(), dp);
                }
            }
        }
    }

    #[test]
    fn empty_group() {
        assert!(largest_remainder(&[], 0).is_empty());
    }
}
