//! The GRI content index of one language: each disclosure `data/gri.yaml` lists, with its
//! official title in the reader's language and every place of the chapter that reports
//! it (a section's prose, a table, a figure of the text), in reading order. Built once
//! from the model; each renderer lays it out (a page in Markdown and HTML, the last part
//! of the chapter PDF with page numbers).

use super::SectionText;
use crate::lang::Lang;
use crate::locale::{Ui, ui};
use crate::model::Report;
use serde::Serialize;

/// The file name (without extension) of the index in each language's folder. A section id
/// cannot contain `-`, so no section takes it.
pub const GRI_INDEX_ID: &str = "gri-index";

/// The index: its title, introduction, column heads and one entry per disclosure.
#[derive(Clone, Debug, Serialize)]
pub struct GriIndex {
    pub title: String,
    pub intro: String,
    /// Column heads: disclosure, title, where reported, page.
    pub heads: GriHeads,
    pub entries: Vec<GriEntry>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GriHeads {
    pub code: String,
    pub title: String,
    pub place: String,
    pub page: String,
}

/// One disclosure.
#[derive(Clone, Debug, Serialize)]
pub struct GriEntry {
    /// `GRI 2-7`, `GRI EU14`.
    pub code: String,
    pub title: String,
    /// Where the chapter reports it; empty if nowhere (`esep check` warns).
    pub places: Vec<GriPlace>,
}

/// A place that reports a disclosure: a section, or a table or figure in it.
#[derive(Clone, Debug, Serialize)]
pub struct GriPlace {
    /// The section's id (its file) and title.
    pub section: String,
    pub section_title: String,
    /// The table's caption or the figure's label; `None` for the section's prose as a whole
    /// (or a figure without a label).
    pub item: Option<String>,
    /// The table's id, its anchor in the section's page.
    pub table: Option<String>,
}

/// `GRI 2-7`: how a code is printed.
pub(crate) fn printed_code(code: &str) -> String {
    format!("GRI {code}")
}

/// `GRI 2-12, 2-13`: several codes as the source prints them in prose.
pub(crate) fn printed_codes(codes: &[String]) -> String {
    printed_code(&codes.join(", "))
}

/// The index for `lang` over the rendered `sections` (tables in their placement order), or
/// `None` when the report lists no disclosures.
pub fn gri_index(report: &Report, sections: &[SectionText], lang: Lang) -> Option<GriIndex> {
    if report.gri.is_empty() {
        return None;
    }
    let entries = report
        .gri
        .iter()
        .map(|d| GriEntry {
            code: printed_code(&d.code),
            title: d.title.get(lang).to_owned(),
            places: places(report, sections, lang, &d.code),
        })
        .collect();
    Some(GriIndex {
        title: ui(Ui::GriIndex, lang).to_owned(),
        intro: ui(Ui::GriIntro, lang).to_owned(),
        heads: GriHeads {
            code: ui(Ui::GriDisclosure, lang).to_owned(),
            title: ui(Ui::GriTitle, lang).to_owned(),
            place: ui(Ui::GriWhere, lang).to_owned(),
            page: ui(Ui::GriPage, lang).to_owned(),
        },
        entries,
    })
}

/// Every place reporting `code`: per section, its prose, then its tables, then its facts
/// (by id); a place already listed (facts without a label are the section's text) once.
fn places(report: &Report, sections: &[SectionText], lang: Lang, code: &str) -> Vec<GriPlace> {
    let has = |codes: &[String]| codes.iter().any(|c| c == code);
    let mut out = Vec::new();
    for s in sections {
        let place = |item: Option<String>, table: Option<String>| GriPlace {
            section: s.id.clone(),
            section_title: s.title.clone(),
            item,
            table,
        };
        if report.sections.iter().any(|m| m.id == s.id && has(&m.gri)) {
            out.push(place(None, None));
        }
        for t in s.tables.iter().filter_map(|id| report.table(id)) {
            if has(&t.gri) {
                out.push(place(
                    Some(t.title.get(lang).to_owned()),
                    Some(t.id.clone()),
                ));
            }
        }
        for f in report
            .facts
            .iter()
            .filter(|f| f.section == s.id && has(&f.gri))
        {
            let label = f.label.as_ref().map(|l| l.get(lang).to_owned());
            out.push(place(label, None));
        }
    }
    let mut seen = Vec::new();
    out.retain(|p| {
        let key = (p.section.clone(), p.item.clone(), p.table.clone());
        let first = !seen.contains(&key);
        seen.push(key);
        first
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_project::{HEAD, SHARES, analysed};

    const GRI: &str = r#""405-1": { kk: "Әртүрлілік", ru: "Разнообразие" }
"2-7": { kk: "Қызметкерлер", ru: "Сотрудники" }
"EU15": { kk: "Зейнетке шығу", ru: "Выход на пенсию" }
"#;

    const FACTS: &str = r#"hc: { value: 5, gri: ["2-7", "EU15"], label: { kk: "саны", ru: "численность" } }
bare: { value: 1, gri: ["2-7"] }
twin: { value: 2, gri: ["2-7"] }
"#;

    #[test]
    fn each_disclosure_in_index_order_with_its_places_in_reading_order() {
        let table = format!("{HEAD}{SHARES}");
        let files = [
            ("t.yaml", table.as_str()),
            ("facts.yaml", FACTS),
            ("../gri.yaml", GRI),
        ];
        let (report, _, messages) = analysed(&files);
        assert!(!messages.iter().any(|m| m.contains("GRI")), "{messages:?}");
        let sections = [SectionText {
            id: "s".into(),
            title: "Раздел".into(),
            parts: Vec::new(),
            tables: vec!["t".into()],
            charts: Vec::new(),
        }];
        let index = gri_index(&report, &sections, Lang::Ru).expect("gri.yaml lists disclosures");
        assert_eq!(index.title, "Указатель содержания GRI");
        type Places<'a> = Vec<(Option<&'a str>, Option<&'a str>)>;
        let got: Vec<(&str, &str, Places)> = index
            .entries
            .iter()
            .map(|e| {
                let places = e
                    .places
                    .iter()
                    .map(|p| (p.item.as_deref(), p.table.as_deref()))
                    .collect();
                (e.code.as_str(), e.title.as_str(), places)
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "GRI 2-7",
                    "Сотрудники",
                    vec![(None, None), (Some("численность"), None)]
                ),
                (
                    "GRI 405-1",
                    "Разнообразие",
                    vec![(Some("Таблица"), Some("t"))]
                ),
                (
                    "GRI EU15",
                    "Выход на пенсию",
                    vec![(Some("численность"), None)]
                ),
            ]
        );
        assert!(
            index.entries[0]
                .places
                .iter()
                .all(|p| p.section == "s" && p.section_title == "Раздел")
        );
        let kk = gri_index(&report, &sections, Lang::Kk).unwrap();
        assert_eq!(kk.entries[0].title, "Қызметкерлер");
        assert_eq!(kk.title, "GRI көрсеткіштерінің индексі");
    }

    #[test]
    fn no_catalogue_no_index() {
        let table = format!("{HEAD}{SHARES}");
        let (report, _, _) = analysed(&[("t.yaml", table.as_str())]);
        assert!(gri_index(&report, &[], Lang::Kk).is_none());
    }
}
