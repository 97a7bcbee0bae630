//! Plural agreement in the shipped templates, with figures other than this year's.
//!
//! 1. Every call that gives word forms (`fact`, `cell`, `word` with `one=` …) is rendered
//!    with 1, 2, 5, 11, 21, 22, 25, 101, 111 and 1,5; the word must be the form of the
//!    CLDR category, taken here from a hand table of CLDR's examples, not from esep.
//! 2. Every Russian template is rendered with every figure set to each of those numbers,
//!    and every `<number> <word>` whose word is a form some call declares must be a form
//!    of that number's category: a noun typed by hand after a figure is caught.

use esep::{Category, Figures, Lang, NumberStyle, Printed, render_text};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const NUMBERS: [(&str, u32); 10] = [
    ("1", 0),
    ("2", 0),
    ("5", 0),
    ("11", 0),
    ("21", 0),
    ("22", 0),
    ("25", 0),
    ("101", 0),
    ("111", 0),
    ("1.5", 1),
];

/// CLDR's categories for [`NUMBERS`] (plurals.xml samples), the oracle of this test.
fn cldr(lang: Lang, n: &str) -> Category {
    use Category::{Few, Many, One, Other};
    match (lang, n) {
        (Lang::Kk, "1") => One,
        (Lang::Kk, _) => Other,
        (Lang::Ru, "1" | "21" | "101") => One,
        (Lang::Ru, "2" | "22") => Few,
        (Lang::Ru, "1.5") => Other,
        (Lang::Ru, _) => Many,
    }
}

/// One template call: function name and its `key="value"` arguments.
#[derive(Debug, Clone)]
struct Call {
    text: String,
    name: String,
    args: BTreeMap<String, String>,
}

impl Call {
    fn forms(&self) -> BTreeMap<Category, &str> {
        self.args
            .iter()
            .filter_map(|(k, v)| Some((category(k)?, v.as_str())))
            .collect()
    }

    /// The form for `c`: given, or the stand-in esep documents (Russian `other` → `few`,
    /// Kazakh `other` → `one`).
    fn form(&self, lang: Lang, c: Category) -> &str {
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

fn category(name: &str) -> Option<Category> {
    Category::ALL.into_iter().find(|c| c.name() == name)
}

/// Every `{{ name(key="value", …) }}` call of `text`.
fn calls(text: &str) -> Vec<Call> {
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

fn templates(lang: Lang) -> Vec<(String, String)> {
    templates_in(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        lang,
    )
}

fn templates_in(dir: &Path, lang: Lang) -> Vec<(String, String)> {
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

fn style(lang: Lang) -> NumberStyle {
    NumberStyle::new(lang, "{}\u{a0}%")
}

/// Figures where every fact and cell the calls name prints as `n`; a share prints as
/// a percent, as it does in the report, and a date (a year, a day of a month) stays a
/// year: `в 2019 году` is an ordinal, not a count.
fn figures_at(calls: &[Call], lang: Lang, n: &str, precision: u32) -> Figures {
    let units = fact_units();
    let mut figures = Figures::default();
    let value: Decimal = n.parse().unwrap();
    for call in calls {
        let mut printed = Printed::number(&style(lang), value, precision);
        match (call.args.get("id"), call.args.get("table")) {
            (Some(id), None) if call.name != "table" => {
                match units.get(id).map(String::as_str) {
                    Some("share" | "percent") => printed.text.push_str("\u{a0}%"),
                    Some("date") => printed = Printed::number(&style(lang), 2024.into(), 0),
                    _ => {}
                }
                figures.facts.insert(id.clone(), printed);
            }
            (None, Some(table)) => {
                let row = report_year(&call.args["row"]);
                let col = report_year(&call.args["col"]);
                let rows = figures.cells.entry(table.clone()).or_default();
                rows.entry(row).or_default().insert(col, printed);
            }
            _ => {}
        }
    }
    figures
}

/// A cell argument as `cell()` reads it for the shipped report year, 2024: `y{year}` is
/// `y2024`, `y{year-1}` is `y2023`.
fn report_year(arg: &str) -> String {
    let Some(open) = arg.find("{year") else {
        return arg.to_owned();
    };
    let close = open + arg[open..].find('}').unwrap();
    let offset: i32 = match &arg[open + 5..close] {
        "" => 0,
        n => n.parse().unwrap(),
    };
    format!("{}{}{}", &arg[..open], 2024 + offset, &arg[close + 1..])
}

/// The unit of every fact (`people`, `share`, `date` …), from the shipped facts.yaml files.
fn fact_units() -> BTreeMap<String, String> {
    #[derive(serde::Deserialize)]
    struct Fact {
        unit: Option<String>,
    }
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut out = BTreeMap::new();
    for section in std::fs::read_dir(data).unwrap() {
        let path = section.unwrap().path().join("facts.yaml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let facts: BTreeMap<String, Fact> = serde_saphyr::from_str(&text).unwrap();
        out.extend(facts.into_iter().filter_map(|(id, f)| Some((id, f.unit?))));
    }
    out
}

fn tables(calls: &[Call]) -> Vec<String> {
    calls
        .iter()
        .filter(|c| c.name == "table")
        .filter_map(|c| c.args.get("id").cloned())
        .collect()
}

#[test]
fn every_slot_with_forms_agrees_with_every_category() {
    let mut slots = 0;
    for lang in Lang::ALL {
        for (path, text) in templates(lang) {
            for call in calls(&text).into_iter().filter(|c| !c.forms().is_empty()) {
                slots += 1;
                for (n, p) in NUMBERS {
                    let figures = figures_at(std::slice::from_ref(&call), lang, n, p);
                    let got = render_text(&call.text, figures, Vec::new(), lang, 2024)
                        .unwrap_or_else(|e| panic!("{path}: {}: {e}", call.text));
                    let form = call.form(lang, cldr(lang, n));
                    let shown = n.replace('.', ",");
                    let want = if call.name == "word" {
                        form.to_owned()
                    } else {
                        format!("{shown} {form}")
                    };
                    assert_eq!(got, want, "{path}: {} with {n}", call.text);
                }
            }
        }
    }
    assert!(slots >= 40, "only {slots} slots with forms");
}

/// Every declared form, with the categories it serves in any call.
fn lexicon(calls: &[Call]) -> BTreeMap<String, BTreeSet<Category>> {
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
fn number_words<'a>(
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

#[test]
fn a_word_after_any_figure_in_russian_agrees_with_it() {
    let all: Vec<(String, Vec<Call>)> = templates(Lang::Ru)
        .into_iter()
        .map(|(p, t)| {
            let c = calls(&t);
            (p, c)
        })
        .collect();
    let every: Vec<Call> = all.iter().flat_map(|(_, c)| c.clone()).collect();
    let lexicon = lexicon(&every);
    let mut wrong = Vec::new();
    let mut seen = 0;
    // ESEP_AGREEMENT_SCAN=<dir> scans other templates with the shipped lexicon: how this
    // test was shown to catch the hand-typed nouns of the templates before `word()`.
    let scanned = match std::env::var_os("ESEP_AGREEMENT_SCAN") {
        Some(dir) => templates_in(Path::new(&dir), Lang::Ru),
        None => templates(Lang::Ru),
    };
    for (path, text) in scanned {
        let calls = calls(&text);
        for (n, p) in NUMBERS {
            let figures = figures_at(&calls, Lang::Ru, n, p);
            let out = render_text(&text, figures, tables(&calls), Lang::Ru, 2024)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            for (number, form) in number_words(&out, &lexicon) {
                if number != n.replace('.', ",") {
                    continue; // a figure typed in the template (a year), not a slot
                }
                seen += 1;
                let c = cldr(Lang::Ru, n);
                if !lexicon[form].contains(&c) {
                    wrong.push(format!("{path}: «{number} {form}» ({c:?})"));
                }
            }
        }
    }
    assert!(seen > 100, "only {seen} number-word pairs found");
    assert!(
        wrong.is_empty(),
        "{} disagree:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Russian's CLDR cardinal rule written out (plurals.xml: one `v = 0 and i % 10 = 1 and
/// i % 100 != 11`, few `v = 0 and i % 10 = 2..4 and i % 100 != 12..14`, many for other
/// integers, other for fractions): the oracle for figures of any size.
fn ru_rule(printed: &str) -> Category {
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

/// `text` with every figure of a `values:` row and every `value:` of a head-count fact
/// multiplied by `k`, and last year's `published` figures removed (they would no longer
/// agree): the tables stay consistent (sums and shares are linear in their parts), only
/// the figures change.
fn scaled(text: &str, k: u32, facts: bool) -> String {
    let times = |n: &str| -> String {
        let d: rust_decimal::Decimal = n.parse().unwrap();
        (d * rust_decimal::Decimal::from(k)).normalize().to_string()
    };
    let numbers = |line: &str| -> String {
        let mut out = String::new();
        let mut token = String::new();
        let flush = |token: &mut String, out: &mut String| {
            if !token.is_empty() {
                out.push_str(&times(token));
                token.clear();
            }
        };
        for (i, c) in line.char_indices() {
            let starts = token.is_empty()
                && (c.is_ascii_digit() || c == '-')
                && !line[..i].ends_with(|p: char| p.is_alphanumeric() || p == '_');
            if (c.is_ascii_digit() || c == '.') && !token.is_empty() || starts {
                token.push(c);
            } else {
                flush(&mut token, &mut out);
                out.push(c);
            }
        }
        flush(&mut token, &mut out);
        out
    };
    // The facts that count people or things (`unit: people`, or no unit and no year or
    // percent format), written in one line or over several.
    let mut blocks: BTreeMap<&str, String> = BTreeMap::new();
    let mut fact = "";
    for line in text.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            fact = line.split(':').next().unwrap_or("");
        }
        blocks.entry(fact).or_default().push_str(line);
    }
    let people: BTreeSet<&str> = blocks
        .iter()
        .filter(|(_, b)| {
            b.contains("unit: people")
                || !(b.contains("unit:")
                    || b.contains("format: year")
                    || b.contains("format: percent"))
        })
        .map(|(f, _)| *f)
        .collect();
    let mut out = String::new();
    let mut block = "";
    for line in text.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            block = line.split(':').next().unwrap_or("");
        }
        if block == "published" {
            continue;
        }
        let line = if block == "values" && line.starts_with(' ') {
            let (key, rest) = line.split_once(':').unwrap();
            format!("{key}:{}", numbers(rest.split('#').next().unwrap()))
        } else if facts && people.contains(block) && line.contains("value: ") {
            let at = line.find("value: ").unwrap() + 7;
            let end = at
                + line[at..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(line.len() - at);
            format!("{}{}{}", &line[..at], times(&line[at..end]), &line[end..])
        } else {
            line.to_owned()
        };
        // A fact's printed figure: `published: "…"` in a flow map or on its own line.
        let line = match line.find(", published: \"") {
            Some(at) => {
                let end = at + 15 + line[at + 15..].find('"').unwrap() + 1;
                format!("{}{}", &line[..at], &line[end..])
            }
            None if line.trim_start().starts_with("published: \"") => continue,
            None => line,
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn the_russian_agrees_with_the_figures_whatever_the_data() {
    let every: Vec<Call> = templates(Lang::Ru)
        .into_iter()
        .flat_map(|(_, t)| calls(&t))
        .collect();
    let lexicon = lexicon(&every);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut wrong = Vec::new();
    let mut seen = 0;
    for k in [3, 7, 11] {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        for entry in walkdir::WalkDir::new(root.join("data")) {
            let entry = entry.unwrap();
            let to = dir.join(entry.path().strip_prefix(root).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                let facts = entry.path().ends_with("facts.yaml");
                let table = !facts && entry.path().parent() != Some(&root.join("data"));
                let text = if facts || table {
                    scaled(&text, k, facts)
                } else {
                    text
                };
                std::fs::write(&to, text).unwrap();
            }
        }
        let out = dir.join("out");
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_esep"))
            .current_dir(dir)
            .args(["build", "--lang", "ru", "--format", "md", "--out"])
            .arg(&out)
            .arg("--templates")
            .arg(root.join("templates"))
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "×{k}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        for entry in std::fs::read_dir(out.join("ru")).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            // What the shipped chapter prints too is text, not a figure that moved with
            // the data («в расчёте на 1 человека»); a year is an ordinal («за 2024 год»).
            let name = path.file_name().unwrap();
            let shipped =
                std::fs::read_to_string(root.join("output/ru").join(name)).unwrap_or_default();
            let fixed = number_words(&shipped, &lexicon);
            for (number, form) in number_words(&text, &lexicon) {
                let year = number.len() == 4 && (1900..2100).contains(&number.parse().unwrap_or(0));
                if year || fixed.contains(&(number.clone(), form)) {
                    continue;
                }
                seen += 1;
                let c = ru_rule(&number);
                if !lexicon[form].contains(&c) {
                    wrong.push(format!(
                        "×{k} {}: «{number} {form}» ({c:?})",
                        path.display()
                    ));
                }
            }
        }
    }
    assert!(seen > 100, "only {seen} number-word pairs found");
    assert!(
        wrong.is_empty(),
        "{} disagree:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
