//! The PDF output on the shipped data: geometry of the layout model, the text read back
//! from the files, metadata, size and byte-for-byte reproducibility.
//!
//! The text is read back twice, by independent readers: in-process by `common::pdf_text`
//! (lopdf and the fonts' `/ToUnicode` maps, lines rebuilt from text positions), always; and
//! by poppler's `pdftotext` when it is installed — required when
//! `ESEP_REQUIRE_EXTERNAL_CHECKERS=1`, as in CI (see `common::external`).

mod common;

use common::external;
use common::pdf_text::pdf_bytes_text;
use common::{shipped_analysis as analysed, shipped_inputs as inputs};

use esep::BuildOptions;
use esep::Diagnostics;
use esep::Lang;
use esep::NumberStyle;
use esep::Part;
use esep::pdf::style::Style;
use esep::pdf::{self, document};
use esep::{Chapter, HeaderCell, RowStyle, RowView, TableView, appendix};
use esep::{OutputFormat, Renderer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn views(lang: Lang) -> Vec<(String, TableView)> {
    let esep::Analysis {
        report, computed, ..
    } = analysed();
    let style = NumberStyle::for_report(report, lang);
    (0..report.tables.len())
        .map(|t| {
            (
                report.tables[t].section.clone(),
                esep::table_view(report, computed, t, &style),
            )
        })
        .collect()
}

/// The PDFs of one build: `<lang>/<name>.pdf` → bytes.
type Pdfs = BTreeMap<PathBuf, Vec<u8>>;

/// Builds the PDFs of the shipped data into a temporary directory and reads them in; the
/// directory is gone when this returns.
fn build_pdfs(langs: Vec<Lang>) -> Pdfs {
    let out = common::temp_dir();
    let opts = BuildOptions {
        draft: false,
        inputs: inputs(),
        out: out.path().to_path_buf(),
        langs,
        formats: vec![OutputFormat::Pdf],
    };
    match esep::build(&opts, &|_| {}) {
        Ok(_) => {}
        Err(esep::Failure::Data(d, _)) => panic!("the shipped data does not build: {d:?}"),
        Err(esep::Failure::Io(e)) => panic!("{e}"),
    }
    let mut pdfs = Pdfs::new();
    for lang in Lang::ALL {
        let Ok(dir) = std::fs::read_dir(out.path().join(lang.code())) else {
            continue;
        };
        for entry in dir {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(out.path()).unwrap().to_path_buf();
            pdfs.insert(rel, std::fs::read(&path).unwrap());
        }
    }
    pdfs
}

/// One build shared by the tests that only read it.
fn shared_build() -> &'static Pdfs {
    static CELL: OnceLock<Pdfs> = OnceLock::new();
    CELL.get_or_init(|| build_pdfs(Vec::new()))
}

/// The bytes of `<lang>/<name>.pdf` in `pdfs`.
fn pdf<'a>(pdfs: &'a Pdfs, lang: Lang, name: &str) -> (PathBuf, &'a [u8]) {
    let rel = Path::new(lang.code()).join(format!("{name}.pdf"));
    let bytes = pdfs
        .get(&rel)
        .unwrap_or_else(|| panic!("{} was not built", rel.display()));
    (rel, bytes)
}

/// A reader of a PDF's text: the bytes, and a name for messages.
type Reader = fn(&[u8], &str) -> String;

/// The text poppler's `pdftotext -layout` reads from the PDF `bytes`.
fn pdftotext(bytes: &[u8], name: &str) -> String {
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(file.path())
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("cannot run pdftotext ({e}): {}", external::PDFTOTEXT_HINT));
    assert!(
        out.status.success(),
        "pdftotext failed on {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("pdftotext gives UTF-8")
        .replace('\u{a0}', " ")
}

/// Where `needle` occurs in `line` at or after `from`, as a whole token (not inside a
/// longer number or word).
fn find_token(line: &str, needle: &str, from: usize) -> Option<usize> {
    let mut start = from;
    while let Some(pos) = line.get(start..)?.find(needle) {
        let at = start + pos;
        let before = line[..at].chars().next_back();
        let after = line[at + needle.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| c.is_whitespace());
        if boundary(before) && boundary(after) {
            return Some(at + needle.len());
        }
        start = at + needle.len().max(1);
    }
    None
}

/// Every row of every table, read back by `read` from its section's PDF in both languages,
/// is one line with its label and all its figures in order, the rows in table order.
fn assert_rows_read_back_in_order(read: Reader) {
    let pdfs = shared_build();
    for lang in Lang::ALL {
        let mut texts: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (section, t) in views(lang) {
            let lines = texts.entry(section.clone()).or_insert_with(|| {
                let (name, bytes) = pdf(pdfs, lang, &section);
                // Footnote marks (`24,1²`) follow the figures they mark.
                let unmarked = |c: &char| !"⁰¹²³⁴⁵⁶⁷⁸⁹·".contains(*c);
                read(bytes, &name.display().to_string())
                    .lines()
                    .map(|l| l.chars().filter(unmarked).collect::<String>())
                    .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect()
            });
            let first_word = t.caption.split_whitespace().next().unwrap_or_default();
            let mut at = lines
                .iter()
                .position(|l| l.contains(first_word))
                .unwrap_or_else(|| panic!("{lang} {}: caption not found", t.id));
            for row in &t.rows {
                let label_word = row.label.split_whitespace().next().unwrap_or_default();
                let cells: Vec<String> = row
                    .cells
                    .iter()
                    .filter(|c| !c.trim().is_empty())
                    .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect();
                let found = lines[at..].iter().position(|line| {
                    let Some(mut pos) = find_token(line, label_word, 0) else {
                        return false;
                    };
                    cells.iter().all(|c| match find_token(line, c, pos) {
                        Some(end) => {
                            pos = end;
                            true
                        }
                        None => false,
                    })
                });
                let Some(offset) = found else {
                    panic!(
                        "{lang} table `{}`: row {:?} with figures {cells:?} is not on one line, in order, after line {at} of {}.pdf:\n{}",
                        t.id,
                        row.label,
                        section,
                        lines[at.saturating_sub(3)..(at + 12).min(lines.len())].join("\n")
                    )
                };
                at += offset + 1;
            }
        }
    }
}

/// The Kazakh letters and the contents headings of both chapters read back as text.
fn assert_kazakh_letters_read_back(read: Reader) {
    let pdfs = shared_build();
    let (name, kk) = pdf(pdfs, Lang::Kk, "chapter");
    let text = read(kk, &name.display().to_string());
    for word in [
        "Әйелдер",
        "Ғ",
        "Қазақтар",
        "ң",
        "Өңір",
        "Ұлттық",
        "Үлес",
        "і",
        "Мазмұны",
    ] {
        let found = text.contains(word) || text.to_lowercase().contains(&word.to_lowercase());
        assert!(
            found,
            "{word:?} is missing from the extracted Kazakh chapter"
        );
    }
    for letter in ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'і'] {
        assert!(
            text.contains(letter),
            "{letter:?} is missing from the extracted text"
        );
    }
    let (name, ru) = pdf(pdfs, Lang::Ru, "chapter");
    assert!(read(ru, &name.display().to_string()).contains("Содержание"));
}

#[test]
fn every_table_row_reads_back_in_order_with_its_figures_in_both_languages() {
    assert_rows_read_back_in_order(pdf_bytes_text);
}

#[test]
fn kazakh_letters_and_ui_strings_extract_as_text() {
    assert_kazakh_letters_read_back(pdf_bytes_text);
}

/// The same read-back by an independent reader, poppler's `pdftotext`.
#[test]
fn pdftotext_reads_every_row_in_order_and_the_kazakh_letters() {
    if !external::available("pdftotext", "-v", external::PDFTOTEXT_HINT) {
        return;
    }
    assert_rows_read_back_in_order(pdftotext);
    assert_kazakh_letters_read_back(pdftotext);
}

#[test]
fn metadata_and_sizes() {
    let report = &analysed().report;
    let date = esep::document_date(&report.date).replace('-', "");
    let pdfs = shared_build();
    assert!(pdfs.len() >= 20, "only {} PDFs", pdfs.len());
    for (path, bytes) in pdfs {
        let lang = Lang::ALL
            .into_iter()
            .find(|l| path.starts_with(l.code()))
            .unwrap();
        let name = path.display();
        let limit = if path.ends_with("chapter.pdf") {
            400_000
        } else {
            120_000
        };
        assert!(
            bytes.len() < limit,
            "{name} is {} bytes: fonts not subset?",
            bytes.len()
        );
        let has = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(has(&format!("/Lang({})", lang.bcp47())), "{name}: no /Lang");
        assert!(
            has(&format!("D:{date}000000")),
            "{name}: creation date is not the report date"
        );
        assert!(!has("GTS_PDFXVersion"));
    }
}

#[test]
fn builds_are_byte_identical_whatever_was_built_before() {
    let first = shared_build();
    let second = build_pdfs(Vec::new());
    let ru_only = build_pdfs(vec![Lang::Ru]);
    assert!(first.len() >= 20, "only {} PDFs", first.len());
    assert!(
        first.keys().eq(second.keys()),
        "two builds made different files"
    );
    for (rel, bytes) in first {
        assert!(
            *bytes == second[rel],
            "{} differs between two builds",
            rel.display()
        );
        if rel.starts_with(Lang::Ru.code()) {
            assert!(
                *bytes == ru_only[rel],
                "{} differs when built alone",
                rel.display()
            );
        }
    }
    assert_eq!(
        ru_only.len() * 2,
        first.len(),
        "a Russian-only build makes the Russian half"
    );
}

#[test]
fn no_text_leaves_its_area_or_overlaps_in_any_table_or_section() {
    for lang in Lang::ALL {
        let views: BTreeMap<String, TableView> = views(lang)
            .into_iter()
            .map(|(_, t)| (t.id.clone(), t))
            .collect();
        for t in views.values() {
            let pages = pdf::table_pages(t, lang, &Style::default()).unwrap();
            let faults = pdf::geometry_faults(&pages);
            assert!(
                faults.is_empty(),
                "{lang} table `{}`:\n{}",
                t.id,
                faults.join("\n")
            );
        }
        let chapter = shipped_chapter(lang, &views);
        let sections = &chapter.sections;
        for (i, s) in sections.iter().enumerate() {
            let doc = document::section(&chapter, i, &Style::default()).unwrap();
            let faults = pdf::geometry_faults(&doc.pages);
            assert!(
                faults.is_empty(),
                "{lang} section `{}`:\n{}",
                s.id,
                faults.join("\n")
            );
        }
        let doc = document::chapter(&chapter, &Style::default()).unwrap();
        let faults = pdf::geometry_faults(&doc.pages);
        assert!(faults.is_empty(), "{lang} chapter:\n{}", faults.join("\n"));
        let top = doc.outline.iter().filter(|b| b.level == 0).count();
        assert_eq!(
            top,
            sections.len() + 2,
            "a bookmark per section, the data notes and the GRI index"
        );
        assert_eq!(doc.links.len(), top, "a link per contents entry");
        let pages: Vec<usize> = doc.outline.iter().map(|b| b.page).collect();
        assert!(
            pages.windows(2).all(|w| w[0] <= w[1]),
            "bookmarks in page order"
        );
    }
}

/// The shipped chapter in `lang`, as the build gives it to the renderers.
fn shipped_chapter(lang: Lang, views: &BTreeMap<String, TableView>) -> Chapter {
    let esep::Analysis {
        report,
        computed,
        findings,
    } = analysed();
    let inputs = inputs();
    let style = NumberStyle::for_report(report, lang);
    let mut diags = Diagnostics::default();
    let figures = esep::figures(report, computed, &style, &findings.marks());
    let sections = esep::render_sections(report, figures, lang, &inputs.templates, &mut diags);
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    Chapter {
        lang,
        languages: Lang::ALL.to_vec(),
        title: report.title.get(lang).to_owned(),
        date: "2025-01-01".into(),
        sections: sections.clone(),
        tables: views.clone(),
        charts: esep::chart_figures(report, computed, &style),
        appendix: appendix(report, findings, &style),
        gri: esep::gri_index(report, &sections, lang),
    }
}

/// A style with the same margins all round and the body text `body` pt.
fn style_with(margins_mm: f32, body: f32) -> Style {
    let mut style = Style::default();
    style.paper = style.paper.with_margins(margins_mm);
    // Small margins put the furniture near the paper's edge: check it stays on the paper.
    style.furniture.edge_mm = 0.0;
    style.body.size = body;
    style.body.leading = body * 1.4;
    style
}

#[test]
fn the_shipped_chapter_lays_out_in_other_styles() {
    for (margins, body) in [(20.0, 12.0), (8.0, 9.5), (40.0, 11.0)] {
        let style = style_with(margins, body);
        for lang in Lang::ALL {
            let views: BTreeMap<String, TableView> = views(lang)
                .into_iter()
                .map(|(_, t)| (t.id.clone(), t))
                .collect();
            let chapter = shipped_chapter(lang, &views);
            let doc = document::chapter(&chapter, &style).unwrap();
            let faults = pdf::geometry_faults(&doc.pages);
            let at = format!("{lang}, {margins} mm, {body} pt");
            assert!(faults.is_empty(), "{at}:\n{}", faults.join("\n"));
            let body_text = doc
                .pages
                .iter()
                .flat_map(|p| &p.marks)
                .any(|m| matches!(m, pdf::layout::Mark::Text(t) if t.size == body));
            assert!(body_text, "{at}: the body text is set in the style's size");
        }
    }
}

#[test]
fn a_long_table_repeats_its_header_under_the_continued_label() {
    let rows: Vec<RowView> = (0..120)
        .map(|i| RowView {
            marks: Vec::new(),
            style: if i == 119 {
                RowStyle::Total
            } else {
                RowStyle::Body
            },
            label: format!("Бөлімше {i}"),
            cells: vec![format!("{i}\u{a0}000"), "12,5".into()],
        })
        .collect();
    let t = TableView {
        caption_marks: Vec::new(),
        id: "long".into(),
        caption: "Ұзын кесте".into(),
        gri: vec![],
        stub: "Бөлімше".into(),
        header_rows: vec![vec![
            HeaderCell {
                text: "Саны".into(),
                col: 0,
                colspan: 1,
                rowspan: 1,
            },
            HeaderCell {
                text: "Үлесі, %".into(),
                col: 1,
                colspan: 1,
                rowspan: 1,
            },
        ]],
        flat_headers: vec!["Саны".into(), "Үлесі, %".into()],
        rows,
        notes: vec![],
    };
    let pages = pdf::table_pages(&t, Lang::Kk, &Style::default()).unwrap();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    assert!(pdf::geometry_faults(&pages).is_empty());
    let texts = |p: &pdf::layout::Page| -> Vec<String> {
        p.marks
            .iter()
            .filter_map(|m| match m {
                pdf::layout::Mark::Text(t) => Some(t.text.clone()),
                _ => None,
            })
            .collect()
    };
    assert!(!texts(&pages[0]).contains(&"Кестенің жалғасы".to_owned()));
    for page in &pages[1..] {
        let t = texts(page);
        assert_eq!(t[0], "Кестенің жалғасы");
        assert!(
            t.contains(&"Саны".to_owned()) && t.contains(&"Үлесі, %".to_owned()),
            "{t:?}"
        );
    }
    let last = texts(pages.last().unwrap());
    assert!(
        last.contains(&"Бөлімше 118".to_owned()),
        "the total is not alone on its page"
    );
}

/// A table of `groups` spanners over (count, %) pairs: landscape from about 9 groups.
fn wide_table(groups: usize) -> TableView {
    let mut top = vec![HeaderCell {
        text: "Барлығы".into(),
        col: 0,
        colspan: 1,
        rowspan: 2,
    }];
    let mut leaves = Vec::new();
    let mut flat = vec!["Барлығы".to_owned()];
    for g in 0..groups {
        top.push(HeaderCell {
            text: format!("Топ {g}"),
            col: 1 + 2 * g,
            colspan: 2,
            rowspan: 1,
        });
        for (i, leaf) in ["адам", "%"].into_iter().enumerate() {
            leaves.push(HeaderCell {
                text: leaf.into(),
                col: 1 + 2 * g + i,
                colspan: 1,
                rowspan: 1,
            });
            flat.push(format!("Топ {g}, {leaf}"));
        }
    }
    TableView {
        caption_marks: Vec::new(),
        id: "wide".into(),
        caption: "Кең кесте".into(),
        gri: vec!["GRI 405-1".into()],
        stub: "Бөлімше".into(),
        header_rows: vec![top, leaves],
        flat_headers: flat,
        rows: (0..30)
            .map(|r| RowView {
                marks: Vec::new(),
                style: RowStyle::Body,
                label: format!("Өңір {r}"),
                cells: std::iter::once(format!("{r}\u{a0}495"))
                    .chain(
                        (0..groups).flat_map(|g| [format!("{}", 100 + g), format!("{g},{r:02}")]),
                    )
                    .collect(),
            })
            .collect(),
        notes: vec![],
    }
}

#[test]
fn a_table_too_wide_for_portrait_gets_landscape_pages_and_reads_back() {
    let table = wide_table(12);
    let choice = pdf::columns::choose(&table, &Style::default()).unwrap();
    assert!(choice.style.landscape, "{choice:?}");
    let parts = vec![
        Part::Prose("# Бөлім\n\nКестенің алдындағы мәтін.\n".into()),
        Part::Table("wide".into()),
        Part::Prose("Кестеден кейінгі мәтін.\n".into()),
    ];
    let (pages, text) = table_section(&table, parts, "wide");
    let landscape: Vec<bool> = pages
        .iter()
        .map(|p| p.geometry.width > p.geometry.height)
        .collect();
    assert_eq!(landscape.first(), Some(&false), "the prose starts portrait");
    assert_eq!(
        landscape.last(),
        Some(&false),
        "the prose after the table is portrait"
    );
    assert!(landscape.iter().any(|l| *l), "{landscape:?}");
    for row in &table.rows {
        let line = text
            .lines()
            .find(|l| l.contains(&format!("{} ", row.label)))
            .unwrap_or_else(|| panic!("{} not found", row.label));
        assert_cells_in_order(line, &row.cells);
    }
}

/// `table` in a one-section chapter of `parts`: its laid-out pages (checked for geometry
/// faults) and the text read back from its PDF.
fn table_section(
    table: &TableView,
    parts: Vec<Part>,
    name: &str,
) -> (Vec<pdf::layout::Page>, String) {
    let sections = vec![esep::SectionText {
        id: "s".into(),
        title: "Бөлім".into(),
        parts,
        tables: vec![table.id.clone()],
        charts: Vec::new(),
    }];
    let tables = BTreeMap::from([(table.id.clone(), table.clone())]);
    let chapter = Chapter {
        lang: Lang::Kk,
        languages: Lang::ALL.to_vec(),
        title: "Есеп".into(),
        date: "2025-01-01".into(),
        sections,
        tables,
        charts: BTreeMap::new(),
        gri: None,
        appendix: esep::Appendix {
            title: String::new(),
            intro: String::new(),
            groups: Vec::new(),
        },
    };
    let doc = document::section(&chapter, 0, &Style::default()).unwrap();
    let faults = pdf::geometry_faults(&doc.pages);
    assert!(faults.is_empty(), "{}", faults.join("\n"));
    let bytes = pdf::Pdf.section(&chapter, 0).unwrap();
    (doc.pages, pdf_bytes_text(&bytes, name))
}

/// Each of `cells` occurs whole in `line`, in order.
fn assert_cells_in_order(line: &str, cells: &[String]) {
    let mut pos = 0;
    for cell in cells {
        pos = find_token(line, &cell.replace('\u{a0}', " "), pos)
            .unwrap_or_else(|| panic!("{cell} not in order in {line:?}"));
    }
}

#[test]
fn a_huge_label_and_overlong_words_read_back_whole() {
    let mut table = wide_table(9);
    // 3,000+ characters of label: taller than a landscape page in the label column.
    let words: Vec<String> = (0..500).map(|i| format!("сөз{i}")).collect();
    table.rows[0].label = words.join(" ");
    // 80 letters without a space, in a label and in a header; capitals used nowhere else.
    let word = "ҒҰҮӘ".repeat(20);
    table.rows[1].label = word.clone();
    table.header_rows[1][0].text = word.clone();
    let parts = vec![Part::Prose("# Бөлім\n".into()), Part::Table("wide".into())];
    let (_, text) = table_section(&table, parts, "huge");

    // Every word of the huge label, in order.
    let got: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.starts_with("сөз"))
        .collect();
    assert_eq!(got, words);
    // The long word: every letter, cut with hyphens, in the label and in each header.
    let pieces: String = text
        .split_whitespace()
        .filter(|w| w.contains(['Ғ', 'Ұ', 'Ү', 'Ә']))
        .map(|w| w.trim_end_matches('-'))
        .collect();
    assert!(
        pieces.len() >= 2 * word.len() && pieces.replace(&word, "").is_empty(),
        "{pieces}"
    );
    // Each row's figures, whole and in order, on the line where its label starts (the
    // header's pieces of the long word have no figures).
    for (row, start) in table.rows.iter().zip(["сөз0 ", "ҒҰҮ"]) {
        let first = row.cells[0].replace('\u{a0}', " ");
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(start) && l.contains(&first))
            .unwrap_or_else(|| panic!("{start} not found in\n{text}"));
        assert_cells_in_order(line, &row.cells);
    }
}
