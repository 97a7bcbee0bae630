//! Reading numbers from the data: raw inputs (`4495`, `14.87`) and printed figures
//! (`"4 495"`, `"14,87"`, `"87,7%"`, `"-"`). Exact decimals only.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Parses a raw input as written in YAML: digits with an optional `.` and sign.
/// Grouping spaces and decimal commas are refused so a value is never misread.
pub(crate) fn parse_raw(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let ok = !t.is_empty()
        && t.chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-'))
        && t.chars().any(|c| c.is_ascii_digit());
    if !ok {
        return Err(format!(
            "expected a number such as 4495 or 14.87, found `{t}`"
        ));
    }
    Decimal::from_str(t).map_err(|e| format!("`{t}` is not a number: {e}"))
}

/// A printed figure: its value and how many decimals the source printed.
pub(crate) fn parse_printed(text: &str) -> Result<(Decimal, u32), String> {
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let compact = compact.trim_end_matches('%');
    if matches!(compact, "-" | "–" | "—") {
        return Ok((Decimal::ZERO, 0));
    }
    let normal = compact.replace(',', ".").replace('−', "-");
    let value = parse_raw(&normal).map_err(|_| {
        format!("expected a printed figure such as \"4 495\", \"14,87\" or \"-\", found \"{text}\"")
    })?;
    let scale = normal.split_once('.').map_or(0, |(_, f)| f.len() as u32);
    Ok((value, scale))
}

/// A non-negative integer such as a precision or a year.
pub(crate) fn parse_small(text: &str, max: u32) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!(
            "expected a whole number from 0 to {max}, found `{text}`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::dec;

    mod rust_decimal_macros_free {
        pub(super) fn dec(s: &str) -> rust_decimal::Decimal {
            s.parse().unwrap()
        }
    }

    #[test]
    fn raw_numbers() {
        for (text, want) in [
            ("4495", "4495"),
            ("14.87", "14.87"),
            ("-3", "-3"),
            ("0", "0"),
        ] {
            assert_eq!(parse_raw(text).unwrap(), dec(want), "{text}");
        }
        for bad in ["4 495", "14,87", "", "abc", "1e5", "--1", "."] {
            assert!(parse_raw(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn printed_figures() {
        let cases = [
            ("4 495", "4495", 0),
            ("4\u{a0}495", "4495", 0),
            ("14,87", "14.87", 2),
            ("87,7%", "87.7", 1),
            ("100", "100", 0),
            ("-", "0", 0),
            ("0,00", "0", 2),
        ];
        for (text, value, scale) in cases {
            assert_eq!(parse_printed(text).unwrap(), (dec(value), scale), "{text}");
        }
        assert!(parse_printed("n/a").is_err());
    }

    #[test]
    fn small_numbers() {
        assert_eq!(parse_small("2", 6), Ok(2));
        assert!(parse_small("7", 6).is_err());
        assert!(parse_small("-1", 6).is_err());
    }
}
