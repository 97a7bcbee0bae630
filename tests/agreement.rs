//! Plural agreement in the shipped templates, with figures other than this year's.
//!
//! 1. Every call that gives word forms (`fact`, `cell`, `word` with `one=` …) is rendered
//!    with 1, 2, 5, 11, 21, 22, 25, 101, 111 and 1,5; the word must be the form of the
//!    CLDR category, taken here from a hand table of CLDR's examples, not from esep.
//! 2. Every Russian template is rendered with every figure set to each of those numbers,
//!    and every `<number> <word>` whose word is a form some call declares must be a form
//!    of that number's category: a noun typed by hand after a figure is caught.

mod common;
use common::agreement::{
    Call, calls, lexicon, number_words, russian_disagreements, templates, templates_in,
};
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

/// The ids the text places with `table()` or `chart()`.
fn tables(calls: &[Call]) -> Vec<String> {
    calls
        .iter()
        .filter(|c| c.name == "table" || c.name == "chart")
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
        let (n, w) = russian_disagreements(&out.join("ru"), &root.join("output/ru"));
        seen += n;
        wrong.extend(w.into_iter().map(|w| format!("×{k} {w}")));
    }
    assert!(seen > 100, "only {seen} number-word pairs found");
    assert!(
        wrong.is_empty(),
        "{} disagree:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
