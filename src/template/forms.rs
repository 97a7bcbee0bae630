//! Word forms in template calls: `fact()`, `cell()` and `word()` take the forms of a noun,
//! verb or adjective by CLDR plural category (`one="работник", few="работника",
//! many="работников"`), and esep picks the one that agrees with the figure as printed.
//! Templates never choose an ending themselves, so other figures next year still read
//! right.
//!
//! A call must give a form for every category its language distinguishes (or one that
//! stands in for it, see [`Plurals::stand_in`]) whatever this year's figure, so a missing
//! form is an error today, not a wrong word next year.

use crate::lang::Lang;
use crate::locale::plural::{Category, Plurals};
use std::collections::BTreeMap;

/// The forms one call gave, by category.
#[derive(Debug, Default)]
pub(crate) struct Forms {
    given: BTreeMap<Category, String>,
}

impl Forms {
    /// Reads the forms from a call's arguments; `known` are the call's other arguments.
    /// An argument that is neither is an error naming it, so `fwe=` is not ignored.
    pub(crate) fn read(kwargs: &tera::Kwargs, known: &[&str]) -> tera::TeraResult<Forms> {
        let mut forms = Forms::default();
        for (key, value) in kwargs.iter() {
            let key = key.as_str().unwrap_or_default();
            if known.contains(&key) {
                continue;
            }
            let Some(category) = Category::from_name(key) else {
                return Err(tera::Error::message(format!(
                    "unknown argument `{key}`; word forms are given as one=, few=, many=, other= (CLDR plural categories)"
                )));
            };
            let Some(text) = value.as_str() else {
                return Err(tera::Error::message(format!(
                    "the `{key}` form must be a quoted word, like {key}=\"работник\""
                )));
            };
            forms.given.insert(category, text.to_owned());
        }
        Ok(forms)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.given.is_empty()
    }

    /// The form agreeing with a figure of `category` in `lang`, after checking that the
    /// forms cover every category of `lang` and name none it does not have.
    pub(crate) fn choose(&self, lang: Lang, category: Category) -> tera::TeraResult<&str> {
        let plurals = Plurals::new(lang);
        let needed = plurals.categories();
        // "one, few, many, other (other: the few form if not given)"
        let names = || {
            let n: Vec<String> = needed
                .iter()
                .map(|c| match plurals.stand_in(*c) {
                    Some(s) => format!("{} (the {} form if not given)", c.name(), s.name()),
                    None => c.name().to_owned(),
                })
                .collect();
            n.join(", ")
        };
        if let Some(extra) = self.given.keys().find(|c| !needed.contains(c)) {
            return Err(tera::Error::message(format!(
                "`{}` is not a plural category of `{lang}` (CLDR: {}); remove that form",
                extra.name(),
                names()
            )));
        }
        let form = |c: Category| {
            self.given
                .get(&c)
                .or_else(|| plurals.stand_in(c).and_then(|s| self.given.get(&s)))
        };
        if let Some(missing) = needed.iter().find(|c| form(**c).is_none()) {
            return Err(tera::Error::message(format!(
                "the `{}` form is missing: words in `{lang}` agree with figures by the CLDR plural categories {}; add {}=\"…\"",
                missing.name(),
                names(),
                missing.name()
            )));
        }
        Ok(form(category).map(String::as_str).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(pairs: &[(&str, &str)]) -> Forms {
        Forms {
            given: pairs
                .iter()
                .map(|(k, v)| (Category::from_name(k).unwrap(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn russian_fractions_take_the_few_form_unless_other_is_given() {
        let f = forms(&[("one", "час"), ("few", "часа"), ("many", "часов")]);
        assert_eq!(f.choose(Lang::Ru, Category::Other).unwrap(), "часа");
        assert_eq!(f.choose(Lang::Ru, Category::Many).unwrap(), "часов");
        let g = forms(&[("one", "a"), ("few", "b"), ("many", "c"), ("other", "d")]);
        assert_eq!(g.choose(Lang::Ru, Category::Other).unwrap(), "d");
    }

    #[test]
    fn kazakh_takes_one_form_for_every_figure() {
        let f = forms(&[("one", "қызметкер")]);
        assert_eq!(f.choose(Lang::Kk, Category::Other).unwrap(), "қызметкер");
    }

    #[test]
    fn a_missing_or_foreign_category_is_an_error_naming_it() {
        let f = forms(&[("one", "работник"), ("many", "работников")]);
        let err = f.choose(Lang::Ru, Category::One).unwrap_err().to_string();
        assert!(err.contains("the `few` form is missing"), "{err}");
        let f = forms(&[("one", "қызметкер"), ("few", "x")]);
        let err = f.choose(Lang::Kk, Category::One).unwrap_err().to_string();
        assert!(
            err.contains("`few` is not a plural category of `kk`"),
            "{err}"
        );
    }
}
