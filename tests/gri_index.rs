//! The GRI content index of the shipped chapter, in both languages: every disclosure of
//! data/gri.yaml with its title and at least one place, GRI 2-30 at the collective
//! agreement, and the index as the last part of chapter.pdf with the pages of its places.
//! The PDF is read through esep's own layout (no `pdftotext` needed).

use esep::pdf::document;
use esep::pdf::layout::Mark;
use esep::pdf::style::Style;
use esep::{Chapter, Diagnostics, GriIndex, Inputs, Lang, NumberStyle};
use std::collections::BTreeMap;
use std::path::Path;

fn inputs() -> Inputs {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Inputs {
        data: root.join("data"),
        templates: root.join("templates"),
    }
}

/// data/gri.yaml as written: code → language → title.
fn catalogue() -> BTreeMap<String, BTreeMap<String, String>> {
    let path = inputs().data.join("gri.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut diags = Diagnostics::default();
    esep::parse_str(&path, &text, &mut diags).expect("data/gri.yaml parses")
}

fn chapter(analysis: &esep::Analysis, lang: Lang) -> Chapter {
    let esep::Analysis {
        report,
        computed,
        findings,
    } = analysis;
    let style = NumberStyle::for_report(report, lang);
    let mut diags = Diagnostics::default();
    let figures = esep::figures(report, computed, &style, &findings.marks());
    let sections = esep::render_sections(report, figures, lang, &inputs().templates, &mut diags);
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    let tables = (0..report.tables.len())
        .map(|t| {
            let v = esep::table_view(report, computed, t, &style);
            (v.id.clone(), v)
        })
        .collect();
    Chapter {
        lang,
        languages: Lang::ALL.to_vec(),
        title: report.title.get(lang).to_owned(),
        date: "2025-01-01".into(),
        gri: esep::gri_index(report, &sections, lang),
        sections,
        tables,
        charts: esep::chart_figures(report, computed, &style),
        appendix: esep::appendix(report, findings, &style),
    }
}

#[test]
fn the_index_lists_every_disclosure_of_gri_yaml_in_both_languages() {
    let mut diags = Diagnostics::default();
    let analysis = esep::analyse(&inputs(), &mut diags).expect("the shipped data loads");
    let gri_warnings: Vec<_> = diags
        .sorted()
        .into_iter()
        .filter(|d| d.kind.name().starts_with("gri"))
        .collect();
    assert!(gri_warnings.is_empty(), "{gri_warnings:?}");
    let catalogue = catalogue();
    assert!(catalogue.contains_key("2-30"), "GRI 2-30 is declared");
    for lang in Lang::ALL {
        let chapter = chapter(&analysis, lang);
        let index: &GriIndex = chapter.gri.as_ref().expect("the chapter has a GRI index");
        assert_eq!(index.entries.len(), catalogue.len(), "{lang}");
        for (code, titles) in &catalogue {
            let entry = index
                .entries
                .iter()
                .find(|e| e.code == format!("GRI {code}"))
                .unwrap_or_else(|| panic!("{lang}: GRI {code} is not in the index"));
            assert_eq!(
                &entry.title,
                &titles[lang.code()],
                "{lang}: title of {code}"
            );
            assert!(
                !entry.places.is_empty(),
                "{lang}: GRI {code} is reported nowhere"
            );
            for p in &entry.places {
                assert!(
                    chapter.sections.iter().any(|s| s.id == p.section),
                    "{lang}: {code} points at a section that is not rendered: {p:?}"
                );
                if let Some(t) = &p.table {
                    let s = chapter.sections.iter().find(|s| s.id == p.section).unwrap();
                    assert!(
                        s.tables.contains(t),
                        "{lang}: {code}: table {t} is not in {}",
                        s.id
                    );
                }
            }
        }
        let cba = index.entries.iter().find(|e| e.code == "GRI 2-30").unwrap();
        assert!(
            cba.places.iter().any(|p| p.section == "labour_relations"),
            "{lang}: GRI 2-30 is reported with the collective agreement: {:?}",
            cba.places
        );
        pdf_has_the_index(&chapter, index);
    }
}

/// The chapter PDF ends with the index: a bookmark of its title, every code on its pages,
/// and the page a place starts on printed (the 2-30 entry points at its section's page).
fn pdf_has_the_index(chapter: &Chapter, index: &GriIndex) {
    let lang = chapter.lang;
    let doc = document::chapter(chapter, &Style::default()).unwrap();
    let tops: Vec<_> = doc.outline.iter().filter(|b| b.level == 0).collect();
    let last = tops.last().unwrap();
    assert_eq!(
        last.title, index.title,
        "{lang}: the index is the last part"
    );
    let texts: Vec<String> = doc.pages[last.page..]
        .iter()
        .flat_map(|p| &p.marks)
        .filter_map(|m| match m {
            Mark::Text(t) => Some(t.text.clone()),
            _ => None,
        })
        .collect();
    for e in &index.entries {
        assert!(
            texts.contains(&e.code),
            "{lang}: {} is not in the PDF index",
            e.code
        );
    }
    let section = &chapter
        .sections
        .iter()
        .find(|s| s.id == "labour_relations")
        .unwrap()
        .title;
    let page = tops.iter().find(|b| &b.title == section).unwrap().page + 1;
    assert!(
        texts.contains(&page.to_string()),
        "{lang}: the page of «{section}» ({page}) is not printed in the index"
    );
    let faults = esep::pdf::geometry_faults(&doc.pages);
    assert!(faults.is_empty(), "{lang}:\n{}", faults.join("\n"));
}
