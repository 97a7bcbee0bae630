//! Plural agreement, the locale stage's second half: which CLDR plural category a figure
//! falls in *as printed*, and which word form a template gave stands for it.
//!
//! The rules themselves are CLDR's, compiled into ICU4X's `icu_plurals` (no condition is
//! written here): Russian distinguishes one / few / many / other (`21` is one, `11` many,
//! `1,5` other), Kazakh one / other. The category is taken from the printed figure, its
//! shown decimals included, so `2,0` agrees as a fraction, exactly as a reader reads it.

use crate::compute::{Value, round_half_up};
use crate::lang::Lang;
use fixed_decimal::UnsignedDecimal;
use icu_locale_core::locale;
use icu_plurals::{PluralCategory, PluralOperands, PluralRules};
use rust_decimal::Decimal;

/// A CLDR plural category. Own type, so ICU4X stays inside this module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Zero,
        Category::One,
        Category::Two,
        Category::Few,
        Category::Many,
        Category::Other,
    ];

    /// The CLDR name, which is also the template argument (`one="работник"`).
    pub fn name(self) -> &'static str {
        match self {
            Category::Zero => "zero",
            Category::One => "one",
            Category::Two => "two",
            Category::Few => "few",
            Category::Many => "many",
            Category::Other => "other",
        }
    }

    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }

    fn from_icu(c: PluralCategory) -> Category {
        match c {
            PluralCategory::Zero => Category::Zero,
            PluralCategory::One => Category::One,
            PluralCategory::Two => Category::Two,
            PluralCategory::Few => Category::Few,
            PluralCategory::Many => Category::Many,
            PluralCategory::Other => Category::Other,
        }
    }
}

/// The cardinal plural rules of one language.
#[derive(Debug)]
pub(crate) struct Plurals {
    lang: Lang,
    rules: PluralRules,
}

impl Plurals {
    /// The rules of `lang` from the CLDR data compiled into `icu_plurals`.
    pub(crate) fn new(lang: Lang) -> Plurals {
        let loc = match lang {
            Lang::Kk => locale!("kk"),
            Lang::Ru => locale!("ru"),
        };
        // Both locales are in the compiled data (a unit test pins it); ICU4X would fall back
        // to the root rules (everything `other`) rather than fail for a missing one.
        let rules = PluralRules::try_new_cardinal(loc.into())
            .expect("CLDR compiled data has plural rules for kk and ru");
        Plurals { lang, rules }
    }

    /// The category of `value` printed at `precision` decimals (rounded half-up, as
    /// printed). A figure with no number (blank, or a dash for a division by zero) agrees
    /// as zero does: "– работников".
    pub(crate) fn of_value(&self, value: Value, precision: u32) -> Category {
        match value {
            Value::Num(d) => self.of_printed(round_half_up(d, precision)),
            Value::Blank | Value::Undefined | Value::Pending => self.of_printed(Decimal::ZERO),
        }
    }

    /// The category of a number whose scale is the number of decimals shown.
    pub(crate) fn of_printed(&self, printed: Decimal) -> Category {
        let mut digits = UnsignedDecimal::from(printed.mantissa().unsigned_abs());
        // A rust_decimal scale is at most 28, so it always fits.
        digits.multiply_pow10(-i16::try_from(printed.scale()).unwrap_or(0));
        Category::from_icu(self.rules.category_for(PluralOperands::from(&digits)))
    }

    /// The categories the language distinguishes, in CLDR order.
    pub(crate) fn categories(&self) -> Vec<Category> {
        self.rules.categories().map(Category::from_icu).collect()
    }

    /// The form that serves `category` when a template gives none for it: Russian puts a
    /// fraction with the genitive singular (`1,5 работника`, the `few` form); Kazakh puts
    /// the singular after every numeral (`5 қызметкер`), so `one` serves all.
    pub(crate) fn stand_in(&self, category: Category) -> Option<Category> {
        match (self.lang, category) {
            (Lang::Ru, Category::Other) => Some(Category::Few),
            (Lang::Kk, Category::Other) => Some(Category::One),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// CLDR's own examples (plurals.xml, `@integer` / `@decimal` samples) for kk and ru.
    #[test]
    fn categories_follow_cldr_examples() {
        use Category::{Few, Many, One, Other};
        let cases = [
            ("0", Many, Other),
            ("1", One, One),
            ("2", Few, Other),
            ("5", Many, Other),
            ("11", Many, Other),
            ("12", Many, Other),
            ("21", One, Other),
            ("22", Few, Other),
            ("25", Many, Other),
            ("101", One, Other),
            ("111", Many, Other),
            ("1.5", Other, Other),
            ("0.5", Other, Other),
            ("1.0", Other, One),
            ("4495", Many, Other),
            ("1991", One, Other),
        ];
        let (ru, kk) = (Plurals::new(Lang::Ru), Plurals::new(Lang::Kk));
        for (n, want_ru, want_kk) in cases {
            assert_eq!(ru.of_printed(d(n)), want_ru, "ru {n}");
            assert_eq!(kk.of_printed(d(n)), want_kk, "kk {n}");
        }
    }

    #[test]
    fn the_category_is_that_of_the_printed_figure() {
        let ru = Plurals::new(Lang::Ru);
        // 20,6 printed at 0 decimals is "21": one; at 1 decimal a fraction: other.
        assert_eq!(ru.of_value(Value::Num(d("20.6")), 0), Category::One);
        assert_eq!(ru.of_value(Value::Num(d("20.6")), 1), Category::Other);
        // Shown zeros count: "2,00" is a fraction.
        assert_eq!(ru.of_value(Value::Num(d("2")), 2), Category::Other);
        assert_eq!(ru.of_value(Value::Undefined, 0), Category::Many);
        assert_eq!(ru.of_value(Value::Num(d("-3")), 0), Category::Few);
    }

    #[test]
    fn each_language_has_its_cldr_categories() {
        use Category::{Few, Many, One, Other};
        assert_eq!(Plurals::new(Lang::Ru).categories(), [One, Few, Many, Other]);
        assert_eq!(Plurals::new(Lang::Kk).categories(), [One, Other]);
    }

    #[test]
    fn names_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::from_name(c.name()), Some(c));
        }
        assert_eq!(Category::from_name("several"), None);
    }
}
