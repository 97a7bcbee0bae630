//! Calendar dates, in one place: `report.yaml`'s document date (`YYYY-MM-DD`), the date of
//! `SOURCE_DATE_EPOCH`, and the date in the PDF metadata all go through [`IsoDate`].
//!
//! Built on the `time` crate, which printpdf already compiles into esep with its `std`
//! feature only; esep asks for no further feature (no parsing or formatting macros), so it
//! adds nothing to the build. The `YYYY-MM-DD` shape is checked here; `time` checks that
//! the day exists (`2024-02-30` does not).

use std::fmt;
use time::{Date, Month, OffsetDateTime};

/// A calendar day, printed `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct IsoDate(Date);

impl IsoDate {
    /// `YYYY-MM-DD`, a day that exists.
    pub(crate) fn parse(text: &str) -> Option<IsoDate> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let number = |from: usize, to: usize| {
            let part = &text[from..to];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse::<u16>().ok())
                .flatten()
        };
        let year = i32::from(number(0, 4)?);
        let month = Month::try_from(u8::try_from(number(5, 7)?).ok()?).ok()?;
        let day = u8::try_from(number(8, 10)?).ok()?;
        Date::from_calendar_date(year, month, day).ok().map(IsoDate)
    }

    /// The UTC day of a Unix timestamp; `None` outside the years 1–9999 that `time` and
    /// `YYYY-MM-DD` cover.
    pub(crate) fn from_unix(seconds: i64) -> Option<IsoDate> {
        let date = OffsetDateTime::from_unix_timestamp(seconds).ok()?.date();
        (date.year() >= 1).then_some(IsoDate(date))
    }

    pub(crate) fn year(self) -> i32 {
        self.0.year()
    }

    /// 1–12.
    pub(crate) fn month(self) -> u8 {
        self.0.month().into()
    }

    pub(crate) fn day(self) -> u8 {
        self.0.day()
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

/// The document date: from `SOURCE_DATE_EPOCH` (reproducible builds) if set to a usable
/// timestamp, else the fixed date of `report.yaml`. Never the clock, so the same input
/// gives the same bytes.
pub fn document_date(fixed: &str) -> String {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(IsoDate::from_unix)
        .map_or_else(|| fixed.to_owned(), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::IsoDate;

    #[test]
    fn days_of_unix_timestamps() {
        for (seconds, want) in [
            (0, "1970-01-01"),
            (1_735_689_600, "2025-01-01"),
            (951_782_400, "2000-02-29"),
            (-86_400, "1969-12-31"),
        ] {
            assert_eq!(IsoDate::from_unix(seconds).unwrap().to_string(), want);
        }
        assert_eq!(IsoDate::from_unix(i64::MAX), None);
    }

    #[test]
    fn parses_only_days_that_exist() {
        assert_eq!(
            IsoDate::parse("2025-03-14").unwrap().to_string(),
            "2025-03-14"
        );
        assert!(IsoDate::parse("2024-02-29").is_some());
        for bad in [
            "2023-02-29",
            "2025-13-01",
            "2025-04-31",
            "2025-00-10",
            "2025-3-14",
            "25-03-14xx",
            "2025/03/14",
            "+025-03-14",
            "2025-03-1٤",
            "",
        ] {
            assert_eq!(IsoDate::parse(bad), None, "{bad:?}");
        }
    }
}
