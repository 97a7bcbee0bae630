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

/// Proper names (a programme, a campaign, a tournament) that keep their Kazakh spelling in
/// the Russian edition: `proper_names:` in `report.yaml`. Inside one of them a Kazakh-only
/// letter is allowed in Russian text; everywhere else it is still refused.
///
/// A name matches exactly (same letters, same case) and as a whole: the text just before
/// and just after it is not a letter or digit, so `Қадам` does not cover `Қадамдар`.
/// Occurrences may overlap; a letter is allowed when any occurrence of any name covers it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProperNames {
    names: Vec<String>,
}

impl ProperNames {
    pub fn new<S: Into<String>>(names: impl IntoIterator<Item = S>) -> ProperNames {
        ProperNames {
            names: names.into_iter().map(Into::into).collect(),
        }
    }

    /// The declared names, in the order of the declaration.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The first Kazakh-only letter of `text` that no declared name covers.
    pub fn kazakh_letter_outside(&self, text: &str) -> Option<char> {
        self.find_outside(text).map(|(_, c)| c)
    }

    /// The same letter with its byte offset in `text`.
    pub(crate) fn find_outside(&self, text: &str) -> Option<(usize, char)> {
        let covered = self.covered(text);
        text.char_indices().find(|(i, c)| {
            KAZAKH_ONLY_LETTERS.contains(c) && !covered.iter().any(|r| r.contains(i))
        })
    }

    /// Whether `name` occurs in `text` as a whole (see the type's documentation).
    pub fn occurs_in(name: &str, text: &str) -> bool {
        !occurrences(name, text).is_empty()
    }

    /// The byte ranges of `text` the declared names cover.
    fn covered(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        self.names
            .iter()
            .flat_map(|n| occurrences(n, text))
            .collect()
    }
}

/// Every occurrence of `name` in `text` not glued to a letter or digit on either side,
/// overlapping ones included.
fn occurrences(name: &str, text: &str) -> Vec<std::ops::Range<usize>> {
    if name.is_empty() {
        return Vec::new();
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.char_indices()
        .map(|(i, _)| i)
        .filter(|&i| text[i..].starts_with(name))
        .map(|i| i..i + name.len())
        .filter(|r| {
            !word(text[..r.start].chars().next_back()) && !word(text[r.end..].chars().next())
        })
        .collect()
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
    fn a_declared_name_keeps_its_kazakh_letters() {
        let names = ProperNames::new(["Жеті Қадам", "Таза Қазақстан"]);
        let cases: &[(&str, Option<char>)] = &[
            // the name allowed, in the middle, at the start, at the end, alone
            ("программа «Жеті Қадам» Фонда", None),
            ("Жеті Қадам — программа", None),
            ("программа Жеті Қадам", None),
            ("Жеті Қадам", None),
            ("«Жеті Қадам» и «Таза Қазақстан»", None),
            // the same letters outside the name are refused
            ("«Жеті Қадам» и Қадам", Some('Қ')),
            ("Қазақстан", Some('Қ')),
            ("ұ «Жеті Қадам»", Some('ұ')),
            // exact match: case, spelling, a whole word
            ("жеті қадам", Some('і')),
            ("ЖЕТІ ҚАДАМ", Some('І')),
            ("Жеті  Қадам", Some('і')),
            ("Жеті Қадамдар", Some('і')),
            ("АЖеті Қадам", Some('і')),
            ("Жеті Қадам2", Some('і')),
            // no name, no Kazakh letter
            ("Жети Кадам", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(names.kazakh_letter_outside(text), *expected, "{text}");
        }
        assert_eq!(
            ProperNames::default().kazakh_letter_outside("Жеті Қадам"),
            Some('і')
        );
    }

    #[test]
    fn overlapping_names_cover_their_union() {
        // «Қазақстан» inside «Таза Қазақстан», and two names sharing a word.
        let names = ProperNames::new(["Таза Қазақстан", "Қазақстан", "Қадам Жеті", "Жеті Қадам"]);
        for text in [
            "акция «Таза Қазақстан»",
            "Қазақстан",
            "Жеті Қадам Жеті",
            "Қадам Жеті Қадам",
        ] {
            assert_eq!(names.kazakh_letter_outside(text), None, "{text}");
        }
        // Overlapping occurrences of one name: «Қа Қа Қа» is «Қа Қа» twice.
        let names = ProperNames::new(["Қа Қа"]);
        assert_eq!(names.kazakh_letter_outside("Қа Қа Қа"), None);
        assert_eq!(names.kazakh_letter_outside("Қа Қа Қ"), Some('Қ'));
    }

    #[test]
    fn occurs_in_needs_a_whole_match() {
        assert!(ProperNames::occurs_in(
            "Көктем-23",
            "по мини-футболу «Көктем-23»."
        ));
        assert!(!ProperNames::occurs_in("Көктем-23", "«Көктем-234»"));
        assert!(!ProperNames::occurs_in("Көктем-23", "«Коктем-23»"));
        assert!(!ProperNames::occurs_in("", "текст"));
    }

    #[test]
    fn parses_codes() {
        assert_eq!(Lang::parse("kk"), Some(Lang::Kk));
        assert_eq!(Lang::parse("ru"), Some(Lang::Ru));
        assert_eq!(Lang::parse("en"), None);
        assert_eq!(Lang::Kk.other(), Lang::Ru);
    }
}
