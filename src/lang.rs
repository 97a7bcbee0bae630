//! Languages of the report and bilingual text.
//!
//! Every human-readable string in the data is a [`Label`] holding both languages; a missing
//! or empty translation is rejected by the loader, so later stages never fall back silently.

use serde::Serialize;
use std::fmt;

/// A report language. The order of the variants is the order of output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Kk,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Kk, Lang::Ru];

    /// The code used in file names, YAML keys and the `--lang` option.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
        }
    }

    /// The BCP 47 tag used in HTML `lang` and PDF metadata.
    pub fn bcp47(self) -> &'static str {
        match self {
            Lang::Kk => "kk-KZ",
            Lang::Ru => "ru-RU",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The other language of the pair (for the kk↔ru switch).
    pub fn other(self) -> Lang {
        match self {
            Lang::Kk => Lang::Ru,
            Lang::Ru => Lang::Kk,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Text in both report languages.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
pub struct Label {
    pub kk: String,
    pub ru: String,
}

impl Label {
    pub fn new(kk: impl Into<String>, ru: impl Into<String>) -> Label {
        Label {
            kk: kk.into(),
            ru: ru.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Kk => &self.kk,
            Lang::Ru => &self.ru,
        }
    }
}

/// Letters of the Kazakh alphabet that Russian does not have. Russian text containing one
/// of them is almost always an untranslated Kazakh fragment.
pub(crate) const KAZAKH_ONLY_LETTERS: &[char] = &[
    'Ә', 'ә', 'Ғ', 'ғ', 'Қ', 'қ', 'Ң', 'ң', 'Ө', 'ө', 'Ұ', 'ұ', 'Ү', 'ү', 'Һ', 'һ', 'І', 'і',
];

/// The first Kazakh-only letter in `text`, if any.
pub fn kazakh_only_letter(text: &str) -> Option<char> {
    text.chars().find(|c| KAZAKH_ONLY_LETTERS.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_kazakh_only_letters() {
        assert_eq!(kazakh_only_letter("Акмолинские МЭС"), None);
        assert_eq!(kazakh_only_letter("Ақмола"), Some('қ'));
        assert_eq!(kazakh_only_letter("Іле"), Some('І'));
    }

    #[test]
    fn parses_codes() {
        assert_eq!(Lang::parse("kk"), Some(Lang::Kk));
        assert_eq!(Lang::parse("ru"), Some(Lang::Ru));
        assert_eq!(Lang::parse("en"), None);
        assert_eq!(Lang::Kk.other(), Lang::Ru);
    }
}
