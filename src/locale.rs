//! The one place that turns a figure into text, for `kk` and `ru`, plus the few interface
//! strings the renderers need in both languages.
//!
//! CLDR (v46) gives the same number symbols for Kazakh and Russian: group separator U+00A0
//! NO-BREAK SPACE from four digits on (`4 495`), decimal comma (`14,87`), hyphen-minus.
//! They differ in the percent pattern: `#,##0%` for kk, `#,##0 %` (U+00A0) for ru. These
//! few rules are implemented here by hand instead of pulling in ICU4X (about 24 s of clean
//! build and 23 crates for the same bytes); the unit tests pin the CLDR output.
//!
//! Plural categories are not a few rules but a table per language: [`plural`] takes them
//! from CLDR through ICU4X's `icu_plurals`.

pub(crate) mod kk_case;
pub(crate) mod plural;

use crate::compute::{Value, round_half_up};
use crate::lang::Lang;
use crate::model::{Format, Report};
use rust_decimal::Decimal;

/// U+00A0, the CLDR grouping separator of kk and ru.
pub(crate) const GROUP_SEPARATOR: char = '\u{a0}';

/// Printed for a figure that cannot be computed (a division by zero).
pub(crate) const UNDEFINED_MARK: &str = "–";

/// Printed in a draft for a figure still to fill in, or derived from one: visible in every
/// format, and never mistaken for a figure.
pub(crate) const PENDING_MARK: &str = "[…]";

/// Put before the chapter's title in a draft (a build with figures still to fill in): it
/// heads every PDF page and the HTML title, so no page can pass for the finished chapter.
pub(crate) fn draft_mark(lang: Lang) -> &'static str {
    match lang {
        Lang::Kk => "[ЖОБА]",
        Lang::Ru => "[ЧЕРНОВИК]",
    }
}

/// The paragraph under each section's heading in a draft.
pub(crate) fn draft_banner(lang: Lang) -> &'static str {
    match lang {
        Lang::Kk => {
            "**[ЖОБА]** Бұл – жоба: кейбір көрсеткіштер әлі толтырылмаған, олардың орнында […] тұр."
        }
        Lang::Ru => {
            "**[ЧЕРНОВИК]** Это черновик: часть показателей ещё не заполнена, на их месте стоит […]."
        }
    }
}

/// CLDR percent pattern; `{}` stands for the number.
pub(crate) fn default_percent_pattern(lang: Lang) -> &'static str {
    match lang {
        Lang::Kk => "{}%",
        Lang::Ru => "{}\u{a0}%",
    }
}

/// How one language prints figures.
#[derive(Clone, Debug)]
pub struct NumberStyle {
    pub lang: Lang,
    pub percent_pattern: String,
}

impl NumberStyle {
    /// How `report` prints figures in `lang`: the CLDR pattern unless `report.yaml`
    /// overrides it.
    pub fn for_report(report: &Report, lang: Lang) -> NumberStyle {
        let pattern = report.percent_overrides.get(&lang).map(String::as_str);
        NumberStyle::new(lang, pattern.unwrap_or(default_percent_pattern(lang)))
    }

    pub fn new(lang: Lang, percent_pattern: &str) -> NumberStyle {
        NumberStyle {
            lang,
            percent_pattern: percent_pattern.to_owned(),
        }
    }

    /// Formats a computed value at `precision` decimals, rounding half-up.
    /// `zero_mark` replaces an exact zero where the source prints a dash.
    pub fn value(
        &self,
        value: Value,
        precision: u32,
        format: Format,
        zero_mark: Option<&str>,
    ) -> String {
        match value {
            Value::Blank => String::new(),
            Value::Undefined => UNDEFINED_MARK.to_owned(),
            Value::Pending => PENDING_MARK.to_owned(),
            Value::Num(d) if d.is_zero() && zero_mark.is_some() => {
                zero_mark.unwrap_or_default().to_owned()
            }
            Value::Num(d) => self.number(d, precision, format),
        }
    }

    pub fn number(&self, d: Decimal, precision: u32, format: Format) -> String {
        let rounded = round_half_up(d, precision);
        match format {
            Format::Number => grouped(rounded),
            Format::Percent => self.percent_pattern.replacen("{}", &grouped(rounded), 1),
            Format::Year => ungrouped(rounded),
        }
    }
}

impl NumberStyle {
    /// How far a figure moved between two versions, both taken as printed (rounded to
    /// `precision`): the difference with its sign (`+10`, `−1,25`; a percent's in
    /// percentage points, `+1,2 п. п.`) and, for a number moving from a non-zero figure,
    /// the relative change (`+2,2 %`).
    pub fn change(
        &self,
        old: Decimal,
        new: Decimal,
        precision: u32,
        format: Format,
    ) -> (String, Option<String>) {
        let (old, new) = (round_half_up(old, precision), round_half_up(new, precision));
        let signed = |d: Decimal, text: String| match d {
            d if d.is_sign_negative() && !d.is_zero() => format!("\u{2212}{text}"),
            d if d.is_zero() => text,
            _ => format!("+{text}"),
        };
        let delta = new - old;
        let mut text = signed(delta, grouped(delta.abs()));
        if format == Format::Percent {
            text.push_str(match self.lang {
                Lang::Kk => "\u{a0}п.т.",
                Lang::Ru => "\u{a0}п.\u{a0}п.",
            });
            return (text, None);
        }
        let relative = (!old.is_zero()).then(|| {
            let r = round_half_up(delta / old.abs() * Decimal::ONE_HUNDRED, 1);
            signed(r, self.number(r.abs(), 1, Format::Percent))
        });
        (text, relative)
    }
}

/// `1234567.89` → `1 234 567,89` (U+00A0 groups, decimal comma). The digits come from
/// the decimal's integer mantissa and scale (every digit it holds, trailing zeros
/// included, as its `Display` would print them) without going through `Display`: this runs
/// for every figure of every table in every language.
fn grouped(d: Decimal) -> String {
    let scale = d.scale() as usize;
    let mut digits = d.mantissa().unsigned_abs().to_string();
    if digits.len() <= scale {
        digits.insert_str(0, &"0".repeat(scale + 1 - digits.len()));
    }
    let (int, frac) = digits.split_at(digits.len() - scale);
    let mut out = String::with_capacity(digits.len() + 2 * (int.len() / 3) + 2);
    if d.is_sign_negative() && !d.is_zero() {
        out.push('-');
    }
    for (i, ch) in int.char_indices() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(GROUP_SEPARATOR);
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// Without grouping, decimal comma: years in prose (`2024`) and figures inside diagnostic
/// messages (`25,9`, `4495`), which should be searchable in the data files.
pub(crate) fn ungrouped(d: Decimal) -> String {
    d.to_string().replace('.', ",")
}

/// Invariant form for CSV files: `4495`, `14.87`, `-3.5`; empty for no figure.
pub(crate) fn invariant(value: Value, precision: u32) -> String {
    match value {
        Value::Blank | Value::Undefined | Value::Pending => String::new(),
        Value::Num(d) => round_half_up(d, precision).to_string(),
    }
}

/// Interface strings shared by the renderers.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Ui {
    TableContinued,
    Contents,
    LanguageName,
    /// The GRI content index: its title, introduction and column heads.
    GriIndex,
    GriIntro,
    GriDisclosure,
    GriTitle,
    GriWhere,
    GriPage,
    /// The data-table fallback under a chart in HTML: its disclosure label and first head.
    ChartData,
    ChartCategory,
}

pub(crate) fn ui(key: Ui, lang: Lang) -> &'static str {
    use Lang::{Kk, Ru};
    match (key, lang) {
        (Ui::TableContinued, Kk) => "Кестенің жалғасы",
        (Ui::TableContinued, Ru) => "Продолжение таблицы",
        (Ui::Contents, Kk) => "Мазмұны",
        (Ui::Contents, Ru) => "Содержание",
        (Ui::LanguageName, Kk) => "Қазақша",
        (Ui::LanguageName, Ru) => "Русский",
        (Ui::GriIndex, Kk) => "GRI көрсеткіштерінің индексі",
        (Ui::GriIndex, Ru) => "Указатель содержания GRI",
        (Ui::GriIntro, Kk) => {
            "Тарауда ашылған GRI стандарттарының көрсеткіштері және олардың есептегі орны."
        }
        (Ui::GriIntro, Ru) => {
            "Раскрытия стандартов GRI, представленные в главе, и их расположение в отчёте."
        }
        (Ui::GriDisclosure, Kk) => "Көрсеткіш",
        (Ui::GriDisclosure, Ru) => "Раскрытие",
        (Ui::GriTitle, Kk) => "Атауы",
        (Ui::GriTitle, Ru) => "Название",
        (Ui::GriWhere, Kk) => "Есептегі орны",
        (Ui::GriWhere, Ru) => "Расположение в отчёте",
        (Ui::GriPage, Kk) => "Бет",
        (Ui::GriPage, Ru) => "Стр.",
        (Ui::ChartData, Kk) => "Диаграмма деректері",
        (Ui::ChartData, Ru) => "Данные диаграммы",
        (Ui::ChartCategory, Kk) => "Көрсеткіш",
        (Ui::ChartCategory, Ru) => "Показатель",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_change_is_signed_and_relative_to_the_old_figure() {
        let ru = NumberStyle::new(Lang::Ru, default_percent_pattern(Lang::Ru));
        assert_eq!(
            ru.change(d("450"), d("460"), 0, Format::Number),
            ("+10".to_owned(), Some("+2,2\u{a0}%".to_owned()))
        );
        assert_eq!(
            ru.change(d("4495"), d("3000"), 0, Format::Number),
            (
                "\u{2212}1\u{a0}495".to_owned(),
                Some("\u{2212}33,3\u{a0}%".to_owned())
            )
        );
        assert_eq!(
            ru.change(d("0"), d("5"), 0, Format::Number),
            ("+5".to_owned(), None)
        );
        // Both sides as printed: 14,874 → 14,866 prints 14,87 → 14,87, no change.
        assert_eq!(
            ru.change(d("14.874"), d("14.866"), 2, Format::Number).0,
            "0,00"
        );
        let kk = NumberStyle::new(Lang::Kk, default_percent_pattern(Lang::Kk));
        assert_eq!(
            kk.change(d("12.5"), d("13.75"), 1, Format::Percent),
            ("+1,3\u{a0}п.т.".to_owned(), None)
        );
    }

    #[test]
    fn formats_numbers_as_cldr_does_for_kk_and_ru() {
        for lang in Lang::ALL {
            let st = NumberStyle::new(lang, default_percent_pattern(lang));
            let cases = [
                ("4495", 0, "4\u{a0}495"),
                ("495", 0, "495"),
                ("1234567.891", 2, "1\u{a0}234\u{a0}567,89"),
                ("14.874551971", 2, "14,87"),
                ("-1234.5", 2, "-1\u{a0}234,50"),
                ("100", 2, "100,00"),
                ("0", 0, "0"),
                ("-0.001", 2, "0,00"),
            ];
            for (v, p, want) in cases {
                assert_eq!(st.number(d(v), p, Format::Number), want, "{v} {lang}");
            }
        }
    }

    /// The digits read from the mantissa and scale are those `Display` prints: the old
    /// implementation, kept here as the oracle over values at every scale and sign.
    #[test]
    fn grouped_digits_equal_the_decimals_own_text() {
        fn by_display(d: Decimal) -> String {
            let text = d.abs().to_string();
            let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
            let mut out = String::new();
            if d.is_sign_negative() && !d.is_zero() {
                out.push('-');
            }
            for (i, ch) in int.chars().enumerate() {
                if i > 0 && (int.len() - i).is_multiple_of(3) {
                    out.push(GROUP_SEPARATOR);
                }
                out.push(ch);
            }
            if !frac.is_empty() {
                out.push(',');
                out.push_str(frac);
            }
            out
        }
        let mut values: Vec<Decimal> = ["0", "-0", "0.00", "-0.05", "0.5", "1000", "999.999"]
            .iter()
            .map(|v| d(v))
            .collect();
        values.extend([
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(1, 28),
            Decimal::new(-7, 3),
        ]);
        for m in [
            1_i64,
            12,
            123,
            1234,
            98_765,
            4_495_000,
            -120_000_007,
            i64::MAX,
        ] {
            for scale in [0, 1, 2, 3, 5, 9, 12] {
                values.push(Decimal::new(m, scale));
            }
        }
        for v in values {
            assert_eq!(grouped(v), by_display(v), "{v:?}");
        }
    }

    /// ICU4X (CLDR data) is the oracle: our hand-written rules give its bytes for kk and ru.
    #[test]
    fn matches_icu4x_for_kk_and_ru() {
        use fixed_decimal::{SignedRoundingMode, UnsignedRoundingMode};
        use icu_decimal::DecimalFormatter;
        use icu_decimal::input::Decimal as IcuDecimal;
        use icu_locale_core::locale;
        let cases = [
            ("4495", 0),
            ("495", 0),
            ("1234567.891", 2),
            ("14.874551971", 2),
            ("-1234.5", 2),
            ("2.665", 2),
            ("12.5", 0),
            ("100", 2),
            ("0", 0),
            ("105003", 0),
            ("43600000000.25", 1),
        ];
        for (lang, loc) in [(Lang::Kk, locale!("kk")), (Lang::Ru, locale!("ru"))] {
            let icu = DecimalFormatter::try_new(loc.into(), Default::default()).unwrap();
            let ours = NumberStyle::new(lang, default_percent_pattern(lang));
            for (v, dp) in cases {
                let mut x: IcuDecimal = v.parse().unwrap();
                let position = -i16::try_from(dp).unwrap();
                x.round_with_mode(
                    position,
                    SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand),
                );
                x.pad_end(position);
                assert_eq!(
                    ours.number(d(v), dp, Format::Number),
                    icu.format(&x).to_string(),
                    "{v} at {dp} in {lang}"
                );
            }
        }
    }

    #[test]
    fn percent_sign_follows_the_language() {
        let kk = NumberStyle::new(Lang::Kk, default_percent_pattern(Lang::Kk));
        let ru = NumberStyle::new(Lang::Ru, default_percent_pattern(Lang::Ru));
        assert_eq!(kk.number(d("14.874"), 2, Format::Percent), "14,87%");
        assert_eq!(ru.number(d("14.874"), 2, Format::Percent), "14,87\u{a0}%");
        let custom = NumberStyle::new(Lang::Ru, "{}%");
        assert_eq!(custom.number(d("6.21"), 2, Format::Percent), "6,21%");
    }

    #[test]
    fn years_are_not_grouped() {
        let kk = NumberStyle::new(Lang::Kk, "{}%");
        assert_eq!(kk.number(d("2024"), 0, Format::Year), "2024");
    }

    #[test]
    fn marks_blank_undefined_and_zero() {
        let kk = NumberStyle::new(Lang::Kk, "{}%");
        assert_eq!(kk.value(Value::Blank, 2, Format::Number, None), "");
        assert_eq!(kk.value(Value::Undefined, 2, Format::Number, None), "–");
        assert_eq!(
            kk.value(Value::Num(Decimal::ZERO), 0, Format::Number, Some("-")),
            "-"
        );
        assert_eq!(
            kk.value(Value::Num(Decimal::ZERO), 0, Format::Number, None),
            "0"
        );
    }

    #[test]
    fn invariant_form_for_csv() {
        assert_eq!(invariant(Value::Num(d("14.874")), 2), "14.87");
        assert_eq!(invariant(Value::Num(d("4495")), 0), "4495");
        assert_eq!(invariant(Value::Undefined, 2), "");
    }
}
