//! A generated project of N tables for benchmarks (`esep workload --tables N DIR`, hidden):
//! shaped like the shipped tables (twelve units and a total row; a total column and bands of
//! count and share), bilingual labels with Kazakh letters, 25 tables a section, and the same
//! bytes for the same N so timings compare across machines and versions.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// Tables laid out in one section, as the issue that asked for the benchmark measured them.
pub(crate) const TABLES_PER_SECTION: usize = 25;

/// A member of a dimension: key, Kazakh label, Russian label.
type Member = (&'static str, &'static str, &'static str);

const UNITS: [Member; 12] = [
    ("akmola", "Ақмола ЖЭТ", "Акмолинские МЭС"),
    ("aktobe", "Ақтөбе ЖЭТ", "Актюбинские МЭС"),
    ("almaty", "Алматы ЖЭТ", "Алматинские МЭС"),
    ("east", "Шығыс ЖЭТ", "Восточные МЭС"),
    ("west", "Батыс ЖЭТ", "Западные МЭС"),
    ("sarbai", "Сарбай ЖЭТ", "Сарбайские МЭС"),
    ("north", "Солтүстік ЖЭТ", "Северные МЭС"),
    ("central", "Орталық ЖЭТ", "Центральные МЭС"),
    ("south", "Оңтүстік ЖЭТ", "Южные МЭС"),
    ("ndc", "ЖО ҰДО", "Филиал НДЦ СО"),
    ("office", "Атқарушы дирекция", "Исполнительная дирекция"),
    ("inform", "«Энергоинформ» АҚ", "АО «Энергоинформ»"),
];

const BANDS: [Member; 4] = [
    ("under_30", "30 жасқа дейін", "До 30 лет"),
    ("age_30_40", "31–40 жас", "31–40 лет"),
    ("age_41_50", "41–50 жас", "41–50 лет"),
    ("over_50", "50 жастан жоғары", "Старше 50 лет"),
];

/// Writes the project of `tables` tables under `dir` (its `data/` and `templates/` must not
/// exist yet); returns how many files were written.
pub(crate) fn write(dir: &Path, tables: usize) -> io::Result<usize> {
    let files = files(tables);
    crate::files::write_new_project(dir, &files)?;
    Ok(files.len())
}

/// Every file of the project, by path relative to its root.
pub(crate) fn files(tables: usize) -> Vec<(String, Vec<u8>)> {
    let sections = tables.div_ceil(TABLES_PER_SECTION).max(1);
    let mut files = vec![
        ("data/report.yaml".to_owned(), report(sections)),
        ("data/dimensions.yaml".to_owned(), dimensions()),
    ];
    for s in 0..sections {
        let ids: Vec<usize> =
            (s * TABLES_PER_SECTION..((s + 1) * TABLES_PER_SECTION).min(tables)).collect();
        for &t in &ids {
            files.push((format!("data/s{s:03}/t{t:05}.yaml"), table(t)));
        }
        for lang in ["kk", "ru"] {
            files.push((
                format!("templates/s{s:03}.{lang}.md.tera"),
                template(lang, &ids),
            ));
        }
    }
    files.extend(
        crate::embedded::FILES
            .iter()
            .filter(|(p, _)| p.starts_with("templates/html/") || p.starts_with("templates/docx/"))
            .map(|(p, b)| ((*p).to_owned(), b.to_vec())),
    );
    files.sort();
    files
}

fn report(sections: usize) -> Vec<u8> {
    let mut y = String::from(
        "title: { kk: \"Жүктеме есебі\", ru: \"Нагрузочный отчёт\" }\nyear: 2024\ndate: 2025-05-30\nlanguages: [kk, ru]\nsections:\n",
    );
    for s in 0..sections {
        let _ = writeln!(
            y,
            "  - id: s{s:03}\n    title: {{ kk: \"Бөлім {n}. Қызметкерлер құрылымы\", ru: \"Раздел {n}. Структура работников\" }}",
            n = s + 1
        );
    }
    y.into_bytes()
}

fn dimensions() -> Vec<u8> {
    let mut y = String::new();
    let dims: [(&str, (&str, &str), &[Member]); 2] = [
        ("units", ("Бөлімше", "Подразделение"), &UNITS),
        ("bands", ("Жас тобы", "Возрастная группа"), &BANDS),
    ];
    for (name, label, members) in dims {
        let _ = writeln!(
            y,
            "{name}:\n  label: {{ kk: \"{}\", ru: \"{}\" }}\n  members:",
            label.0, label.1
        );
        for (key, kk, ru) in members {
            let _ = writeln!(
                y,
                "    - {{ key: {key}, label: {{ kk: \"{kk}\", ru: \"{ru}\" }} }}"
            );
        }
    }
    y.into_bytes()
}

/// Table `t`: counts from a fixed hash of (table, row, column), so no two tables are alike
/// but every run writes the same figures.
fn table(t: usize) -> Vec<u8> {
    let mut y = format!(
        "title: {{ kk: \"{n}-кесте. Қызметкерлердің жас құрылымы, адам\", ru: \"Таблица {n}. Возрастная структура работников, человек\" }}\n\
         stub: {{ kk: \"Бөлімше\", ru: \"Подразделение\" }}\n\
         rows:\n  - units\n\
         total_row: {{ label: {{ kk: \"Барлығы\", ru: \"Итого\" }} }}\n\
         columns:\n\
         \x20 - key: total\n    label: {{ kk: \"Барлығы\", ru: \"Всего\" }}\n    derive: {{ sum: [\"*.count\"] }}\n\
         \x20 - group: {{ kk: \"Соның ішінде (жас)\", ru: \"В том числе (возраст)\" }}\n    columns:\n\
         \x20     - each: bands\n        columns:\n\
         \x20         - {{ key: count, label: {{ kk: \"адам\", ru: \"чел.\" }} }}\n\
         \x20         - key: share\n            label: {{ kk: \"%\", ru: \"%\" }}\n            derive: {{ share: count, of: total }}\n            precision: 1\n\
         values:\n",
        n = t + 1
    );
    for (r, (key, _, _)) in UNITS.iter().enumerate() {
        let cells: Vec<String> = (0..BANDS.len())
            .map(|c| (10 + mix(t, r, c) % 490).to_string())
            .collect();
        let _ = writeln!(y, "  {key}: [{}]", cells.join(", "));
    }
    y.into_bytes()
}

/// A small fixed hash (splitmix64's finaliser): deterministic on every machine.
fn mix(t: usize, r: usize, c: usize) -> u64 {
    let mut z = (t as u64) << 16 ^ (r as u64) << 8 ^ c as u64;
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn template(lang: &str, ids: &[usize]) -> Vec<u8> {
    let para = match lang {
        "kk" => "Төмендегі кестеде бөлімшелер бойынша қызметкерлердің жас құрылымы көрсетілген.",
        _ => "В таблице ниже приведена возрастная структура работников по подразделениям.",
    };
    let mut md = String::from("# {{ section.title }}\n");
    for t in ids {
        let _ = write!(md, "\n{para}\n\n{{{{ table(id=\"t{t:05}\") }}}}\n");
    }
    md.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lays_out_twenty_five_tables_a_section_and_is_the_same_every_time() {
        let a = files(60);
        assert_eq!(a, files(60));
        let data = |p: &str| p.starts_with("data/") && p.ends_with(".yaml");
        let tables = a.iter().filter(|(p, _)| data(p)).count() - 2;
        assert_eq!(tables, 60);
        let templates = a.iter().filter(|(p, _)| p.ends_with(".md.tera")).count();
        assert_eq!(templates, 3 * 2, "three sections, two languages");
        assert!(a.iter().any(|(p, _)| p == "templates/html/style.css"));
        assert!(a.iter().any(|(p, _)| p == "templates/docx/styles.yaml"));
        let last = &a
            .iter()
            .find(|(p, _)| p == "templates/s002.kk.md.tera")
            .unwrap()
            .1;
        let last = std::str::from_utf8(last).unwrap();
        assert_eq!(last.matches("table(id=").count(), 10);
        assert!(last.contains("t00059") && !last.contains("t00060"));
    }

    #[test]
    fn figures_differ_between_tables_and_stay_in_range() {
        let figures: Vec<u64> = (0..50).map(|t| 10 + mix(t, 3, 1) % 490).collect();
        assert!(figures.iter().all(|f| (10..500).contains(f)));
        let mut distinct = figures.clone();
        distinct.sort();
        distinct.dedup();
        assert!(distinct.len() > 40, "{figures:?}");
    }
}
