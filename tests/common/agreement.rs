//! Agreement of words with figures, for the tests that scan rendered text: the calls of
//! the templates, the word forms they declare, and the Russian rule written out.

use esep::{Category, Lang};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One template call: function name and its `key="value"` arguments.
#[derive(Debug, Clone)]
pub struct Call {
    pub text: String,
    pub name: String,
    pub args: BTreeMap<String, String>,
}

impl Call {
    pub fn forms(&self) -> BTreeMap<Category, &str> {
        self.args
            .iter()
            .filter_map(|(k, v)| Some((category(k)?, v.as_str())))
            .collect()
    }

    /// The form for `c`: given, or the stand-in esep documents (Russian `other` → `few`,
    /// Kazakh `other` → `one`).
    pub fn form(&self, lang: Lang, c: Category) -> &str {
        let forms = self.forms();
        let stand_in = match lang {
            Lang::Ru => Category::Few,
            Lang::Kk => Category::One,
        };
        forms
            .get(&c)
            .or_else(|| {
                (c == Category::Other)
                    .then(|| forms.get(&stand_in))
                    .flatten()
            })
            .copied()
            .unwrap_or_else(|| panic!("{}: no form for {c:?}", self.text))
    }
}

pub fn category(name: &str) -> Option<Category> {
    Category::ALL.into_iter().find(|c| c.name() == name)
}

/// Every `{{ name(key="value", …) }}` call of `text`.
pub fn calls(text: &str) -> Vec<Call> {
    let mut out = Vec::new();
    for (start, _) in text.match_indices("{{ ") {
        let Some(len) = text[start..].find(" }}") else {
            continue;
        };
        let inner = &text[start + 3..start + len];
        let Some((name, rest)) = inner.split_once('(') else {
            continue;
        };
        let mut args = BTreeMap::new();
        let mut rest = rest;
        while let Some((key, after)) = rest.split_once("=\"") {
            let Some((value, tail)) = after.split_once('"') else {
                break;
            };
            let key = key.trim_start_matches([',', ' ']).to_owned();
            args.insert(key, value.to_owned());
            rest = tail;
        }
        out.push(Call {
            text: text[start..start + len + 3].to_owned(),
            name: name.to_owned(),
            args,
        });
    }
    out
}

pub fn templates(lang: Lang) -> Vec<(String, String)> {
    templates_in(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        lang,
    )
}

pub fn templates_in(dir: &Path, lang: Lang) -> Vec<(String, String)> {
    let suffix = format!(".{}.md.tera", lang.code());
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(&suffix))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Every declared form, with the categories it serves in any call.
pub fn lexicon(calls: &[Call]) -> BTreeMap<String, BTreeSet<Category>> {
    let mut out: BTreeMap<String, BTreeSet<Category>> = BTreeMap::new();
    for call in calls.iter().filter(|c| c.name != "word") {
        for c in [
            Category::One,
            Category::Few,
            Category::Many,
            Category::Other,
        ] {
            if call.forms().is_empty() {
                continue;
            }
            out.entry(call.form(Lang::Ru, c).to_owned())
                .or_default()
                .insert(c);
        }
    }
    out
}

/// Each `<number> <word>` of `text` whose word starts a declared form: (number, form).
pub fn number_words<'a>(
    text: &'a str,
    lexicon: &'a BTreeMap<String, BTreeSet<Category>>,
) -> Vec<(String, &'a str)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, ch)) in chars.iter().enumerate() {
        let starts = ch.is_ascii_digit() && (i == 0 || !chars[i - 1].1.is_alphanumeric());
        if !starts || (i > 0 && (chars[i - 1].1.is_ascii_digit() || chars[i - 1].1 == ',')) {
            continue;
        }
        let rest = &text[at..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '\u{a0}'))
            .unwrap_or(rest.len());
        let number = rest[..end].trim_end_matches([',', '\u{a0}']);
        let Some(after) = rest[number.len()..].strip_prefix(' ') else {
            continue;
        };
        let whole =
            |f: &str| after.starts_with(f) && !after[f.len()..].starts_with(char::is_alphabetic);
        if let Some((form, _)) = lexicon
            .iter()
            .filter(|(f, _)| whole(f))
            .max_by_key(|(f, _)| f.len())
        {
            out.push((number.replace('\u{a0}', ""), form.as_str()));
        }
    }
    out
}

/// Russian's CLDR cardinal rule written out (plurals.xml: one `v = 0 and i % 10 = 1 and
/// i % 100 != 11`, few `v = 0 and i % 10 = 2..4 and i % 100 != 12..14`, many for other
/// integers, other for fractions): the oracle for figures of any size.
pub fn ru_rule(printed: &str) -> Category {
    if printed.contains(',') {
        return Category::Other;
    }
    let i: u64 = printed.parse().unwrap_or(0);
    match (i % 10, i % 100) {
        (1, m) if m != 11 => Category::One,
        (2..=4, m) if !(12..=14).contains(&m) => Category::Few,
        _ => Category::Many,
    }
}

/// Every `<number> <word>` of the Russian files in `dir` whose word is a declared form and
/// disagrees with the number (the Russian rule), skipping years and pairs the shipped
/// chapter prints too (text, not a figure: «в расчёте на 1 человека»). (pairs seen, wrong)
pub fn russian_disagreements(dir: &Path, shipped: &Path) -> (usize, Vec<String>) {
    let every: Vec<Call> = templates(Lang::Ru)
        .into_iter()
        .flat_map(|(_, t)| calls(&t))
        .collect();
    let lexicon = lexicon(&every);
    let (mut seen, mut wrong) = (0, Vec::new());
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap();
        let fixed = number_words(
            &std::fs::read_to_string(shipped.join(name)).unwrap_or_default(),
            &lexicon,
        )
        .into_iter()
        .map(|(n, f)| (n, f.to_owned()))
        .collect::<Vec<_>>();
        for (number, form) in number_words(&text, &lexicon) {
            let year = number.len() == 4 && (1900..2100).contains(&number.parse().unwrap_or(0));
            if year || fixed.contains(&(number.clone(), form.to_owned())) {
                continue;
            }
            seen += 1;
            let c = ru_rule(&number);
            if !lexicon[form].contains(&c) {
                wrong.push(format!("{}: «{number} {form}» ({c:?})", path.display()));
            }
        }
    }
    (seen, wrong)
}

/// Every `<number> <noun>` of the Kazakh files in `dir` whose noun is plural: after a
/// numeral Kazakh keeps the noun singular («5 қызметкер», not «5 қызметкерлер»). A figure
/// followed by a percent sign qualifies something else and is skipped, as are years, the
/// month «қаңтар» (its own -тар) and the verb «болар». (pairs seen, wrong)
pub fn kazakh_plurals(dir: &Path) -> (usize, Vec<String>) {
    const PLURAL: [&str; 6] = ["лар", "лер", "дар", "дер", "тар", "тер"];
    let (mut seen, mut wrong) = (0, Vec::new());
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let words: Vec<&str> = text.split([' ', '\n']).collect();
        for pair in words.windows(2) {
            let number = pair[0].trim_start_matches(['(', '«', '—', '–', '|', '*']);
            let figure = !number.is_empty()
                && number
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '\u{a0}')
                && number.starts_with(|c: char| c.is_ascii_digit());
            let year = number.len() == 4 && (1900..2100).contains(&number.parse().unwrap_or(0));
            if !figure || year {
                continue;
            }
            let noun = pair[1].trim_end_matches(|c: char| !c.is_alphabetic());
            if noun.is_empty() || !noun.starts_with(char::is_alphabetic) {
                continue;
            }
            seen += 1;
            let plural = (0..noun.len())
                .filter(|i| noun.is_char_boundary(*i))
                .any(|i| PLURAL.iter().any(|p| noun[i..].starts_with(p)) && i > 0);
            if plural && !noun.starts_with("қаңтар") && noun != "болар" {
                wrong.push(format!("{}: «{number} {noun}»", path.display()));
            }
        }
    }
    (seen, wrong)
}
