//! GRI disclosures: the codes tables, facts and sections declare (`gri: ["405-1"]`), and
//! the catalogue of `data/gri.yaml` that says which disclosures the report covers and
//! their official titles. The content index is built from both in the view stage.

use crate::lang::Label;
use std::cmp::Ordering;

/// One disclosure the report covers, from `data/gri.yaml`.
pub struct Disclosure {
    /// `2-7`, `405-1`, `EU14`.
    pub code: String,
    /// The official title in each language.
    pub title: Label,
}

/// Whether `code` is written as GRI writes a disclosure: a standard's number and the
/// disclosure's (`2-7`, `202-2`, `405-1`), or a sector code, capital letters and a number
/// (`EU14`). `GRI 2-7`, `2.7`, `eu14` and `405-1a` are not.
pub(crate) fn is_code(code: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    if let Some((standard, number)) = code.split_once('-') {
        return digits(standard) && digits(number) && !standard.starts_with('0');
    }
    let letters = code.bytes().take_while(u8::is_ascii_uppercase).count();
    (1..=3).contains(&letters) && digits(&code[letters..])
}

/// The order of a content index: the universal standard (2), then topic standards by
/// number (202, 401 … 405), then sector disclosures (EU14, EU15), each by number.
pub(crate) fn index_order(a: &str, b: &str) -> Ordering {
    key(a).cmp(&key(b))
}

fn key(code: &str) -> (bool, String, Vec<u32>) {
    let prefix: String = code
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let numbers = code[prefix.len()..]
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    (!prefix.is_empty(), prefix, numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_as_gri_writes_them() {
        for ok in ["2-7", "2-30", "202-2", "405-1", "EU14", "EU15"] {
            assert!(is_code(ok), "{ok}");
        }
        for bad in [
            "", "GRI 2-7", "2.7", "2-", "-7", "eu14", "EU", "405-1a", "2 - 7", "02-7", "2-7-1",
            "4051-1",
        ] {
            assert!(!is_code(bad), "{bad}");
        }
    }

    #[test]
    fn index_order_is_numeric_and_sector_codes_last() {
        let mut codes = vec![
            "EU15", "405-2", "2-30", "EU14", "2-7", "202-2", "2-12", "401-1", "2-8",
        ];
        codes.sort_by(|a, b| index_order(a, b));
        assert_eq!(
            codes,
            [
                "2-7", "2-8", "2-12", "2-30", "202-2", "401-1", "405-2", "EU14", "EU15"
            ]
        );
    }
}
