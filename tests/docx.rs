//! The Word output on the shipped chapter: every table row read back from the `.docx` files
//! in order, against the model's formatted figures, in both languages; the Word structure
//! the issue asks for (spanned header cells, repeated header rows, styles of figures and
//! totals, the document language); the same bytes on a rebuild; escaping of hostile text;
//! and a real reader — LibreOffice converting each chapter to PDF — when it is installed
//! (required when `ESEP_REQUIRE_EXTERNAL_CHECKERS=1`, as in CI; see `common::external`).

mod common;

use common::external;
use common::{shipped_analysis as analysed, shipped_inputs as inputs};
use esep::{Chapter, Lang, Part, RowStyle, TableView};
use roxmltree::{Document, Node};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const SOFFICE_HINT: &str = "apt-get install libreoffice-writer-nogui";

/// One language's chapter as the model makes it: sections, table views, charts.
fn chapter(lang: Lang) -> Chapter {
    esep::stages::chapter(analysed(), lang, &inputs().templates).expect("the chapter renders")
}

/// The `.docx` files of a build: `<lang>/<name>.docx` → bytes.
type Files = BTreeMap<PathBuf, Vec<u8>>;

/// Builds the shipped chapter with `--format docx` (the `esep` binary) and reads the
/// `.docx` files in; the output directory is gone when this returns.
fn build() -> Files {
    let out = common::fresh_build(&["--format", "docx"]);
    let mut files = Files::new();
    for lang in Lang::ALL {
        for e in std::fs::read_dir(out.path().join(lang.code())).unwrap() {
            let path = e.unwrap().path();
            let rel = path.strip_prefix(out.path()).unwrap().to_path_buf();
            assert_eq!(rel.extension().unwrap(), "docx", "{}", rel.display());
            files.insert(rel, std::fs::read(&path).unwrap());
        }
    }
    files
}

fn shared() -> &'static Files {
    static CELL: OnceLock<Files> = OnceLock::new();
    CELL.get_or_init(build)
}

fn file<'a>(files: &'a Files, lang: Lang, name: &str) -> &'a [u8] {
    let rel = Path::new(lang.code()).join(format!("{name}.docx"));
    files
        .get(&rel)
        .unwrap_or_else(|| panic!("{} was not built", rel.display()))
}

/// One part of a `.docx`, unzipped.
fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn is(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is(c, name))
}

/// The `w:val` of child `name` of `n` (`""` for a child without one).
fn val<'a>(n: Node<'a, 'a>, name: &str) -> Option<&'a str> {
    let c = child(n, name)?;
    Some(
        c.attributes()
            .find(|a| a.name() == "val")
            .map_or("", |a| a.value()),
    )
}

/// A cell read back: its text (footnote marks apart), its marks, its paragraph style and
/// its spans.
#[derive(Debug)]
struct ReadCell {
    text: String,
    marks: String,
    style: String,
    grid_span: Option<String>,
    v_merge: Option<String>,
}

/// A row read back: whether it is a repeated header row, and its cells.
#[derive(Debug)]
struct ReadRow {
    header: bool,
    cells: Vec<ReadCell>,
}

/// Every table of a document, in order: its caption (the table's title) and rows.
fn tables(document_xml: &str) -> Vec<(String, Vec<ReadRow>)> {
    let doc = Document::parse(document_xml).expect("document.xml is well-formed XML");
    let tbls = doc.descendants().filter(|n| is(n, "tbl"));
    tbls.map(|tbl| {
        let pr = child(tbl, "tblPr").unwrap();
        let caption = val(pr, "tblCaption").unwrap_or_default().to_owned();
        let rows = tbl
            .children()
            .filter(|n| is(n, "tr"))
            .map(read_row)
            .collect();
        (caption, rows)
    })
    .collect()
}

fn read_row(tr: Node) -> ReadRow {
    let header = child(tr, "trPr").is_some_and(|p| child(p, "tblHeader").is_some());
    let cells = tr.children().filter(|n| is(n, "tc")).map(|tc| {
        let pr = child(tc, "tcPr").unwrap();
        let ppr = tc.descendants().find(|n| is(n, "pPr")).unwrap();
        let (mut text, mut marks) = (String::new(), String::new());
        for r in tc.descendants().filter(|n| is(n, "r")) {
            let mark = child(r, "rPr").and_then(|p| val(p, "rStyle")) == Some("FootnoteMark");
            let t: String = r
                .children()
                .filter(|n| is(n, "t"))
                .filter_map(|n| n.text())
                .collect();
            if mark { &mut marks } else { &mut text }.push_str(&t);
        }
        ReadCell {
            text,
            marks,
            style: val(ppr, "pStyle").unwrap_or_default().to_owned(),
            grid_span: val(pr, "gridSpan").map(str::to_owned),
            v_merge: val(pr, "vMerge").map(str::to_owned),
        }
    });
    ReadRow {
        header,
        cells: cells.collect(),
    }
}

/// The tables a section shows, in order, as the model has them: its data tables, and its
/// charts as their data (category, a figure per series).
fn expected(ch: &Chapter, parts: &[Part]) -> Vec<TableView> {
    parts
        .iter()
        .filter_map(|p| match p {
            Part::Table(id) => Some(ch.tables[id].clone()),
            Part::Chart(id) => Some(chart_view(&ch.charts[id])),
            Part::Prose(_) => None,
        })
        .collect()
}

fn chart_view(c: &esep::ChartFigure) -> TableView {
    let v = &c.view;
    TableView {
        id: v.id.clone(),
        caption: v.title.clone(),
        gri: vec![],
        stub: String::new(),
        header_rows: vec![],
        flat_headers: v
            .series
            .iter()
            .map(|s| s.label.clone().unwrap_or_default())
            .collect(),
        rows: (0..v.categories.len())
            .map(|i| esep::RowView {
                style: RowStyle::Body,
                label: v.categories[i].clone(),
                cells: v
                    .series
                    .iter()
                    .map(|s| s.points[i].printed.clone())
                    .collect(),
                marks: vec![],
            })
            .collect(),
        notes: vec![],
        caption_marks: vec![],
    }
}

/// Checks one table read back against its view: the header's texts in order with their
/// spans, every body row's label and figures in order (the marks apart, each where the
/// view puts it), the styles of figures, totals and group headings. Returns the rows read.
fn check_table(name: &str, t: &TableView, read: &[ReadRow]) -> usize {
    assert!(
        read.iter().all(|r| !r.cells.is_empty()),
        "{name}: an empty row"
    );
    let depth = t.header_rows.len().max(1);
    let (head, body) = read.split_at(depth.min(read.len()));
    assert!(
        head.iter().all(|r| r.header),
        "{name}: a header row does not repeat"
    );
    assert!(
        body.iter().all(|r| !r.header),
        "{name}: a body row repeats as a header"
    );
    // The header: the stub, then each level's cells, spans as the view has them; a cell a
    // span from above covers is an empty vMerge continuation.
    for (level, row) in head.iter().enumerate() {
        let shown: Vec<&ReadCell> = row
            .cells
            .iter()
            .filter(|c| c.v_merge.as_deref() != Some(""))
            .collect();
        let mut want: Vec<(String, usize, usize)> = Vec::new();
        if level == 0 {
            want.push((t.stub.clone(), 1, depth));
        }
        match t.header_rows.get(level) {
            Some(cells) => {
                want.extend(cells.iter().map(|c| (c.text.clone(), c.colspan, c.rowspan)))
            }
            None => want.extend(t.flat_headers.iter().map(|h| (h.clone(), 1, 1))),
        }
        let got: Vec<(String, usize, usize)> = shown
            .iter()
            .map(|c| {
                let span = c.grid_span.as_deref().map_or(1, |s| s.parse().unwrap());
                let down = if c.v_merge.as_deref() == Some("restart") {
                    depth - level
                } else {
                    1
                };
                (c.text.clone(), span, down)
            })
            .collect();
        // A chart's stub and unnamed series are the renderer's words; compare the spans.
        if t.stub.is_empty() {
            assert_eq!(got.len(), want.len(), "{name}: header row {level}");
            continue;
        }
        assert_eq!(got, want, "{name}: header row {level}");
    }
    assert_eq!(body.len(), t.rows.len(), "{name}: body rows");
    for (r, (row, read)) in t.rows.iter().zip(body).enumerate() {
        let texts: Vec<&str> = read.cells.iter().map(|c| c.text.as_str()).collect();
        let mut want = vec![row.label.as_str()];
        want.extend(row.cells.iter().map(String::as_str));
        assert_eq!(texts, want, "{name}: row {r}");
        for (c, cell) in read.cells.iter().enumerate().skip(1) {
            let marks = esep::mark(row.marks_of(c - 1));
            assert_eq!(
                cell.marks, marks,
                "{name}: row {r}, the marks of column {c}"
            );
        }
        let styles: Vec<&str> = read.cells.iter().map(|c| c.style.as_str()).collect();
        let n = t.flat_headers.len();
        let want: Vec<&str> = match row.style {
            RowStyle::Heading => vec!["TableGroup"],
            RowStyle::Body => std::iter::once("TableText")
                .chain(std::iter::repeat_n("TableFigure", n))
                .collect(),
            RowStyle::Total => std::iter::once("TableTotal")
                .chain(std::iter::repeat_n("TableTotalFigure", n))
                .collect(),
        };
        assert_eq!(styles, want, "{name}: row {r}");
        if row.style == RowStyle::Heading {
            assert_eq!(
                read.cells[0].grid_span,
                Some((n + 1).to_string()),
                "{name}: row {r}"
            );
        }
    }
    read.len()
}

/// Checks every table of a document against `want`, then `extra` (the captions of the
/// tables only this document has); the number of tables and rows compared.
fn check_document(name: &str, docx: &[u8], want: &[TableView], extra: &[&str]) -> (usize, usize) {
    let read = tables(&part(docx, "word/document.xml"));
    let found: Vec<&str> = read.iter().map(|(c, _)| c.as_str()).collect();
    let mut captions: Vec<&str> = want.iter().map(|t| t.caption.as_str()).collect();
    captions.extend(extra);
    assert_eq!(found, captions, "{name}: the tables, in order");
    let rows = want
        .iter()
        .zip(&read)
        .map(|(t, (_, rows))| check_table(&format!("{name} `{}`", t.id), t, rows))
        .sum();
    (want.len(), rows)
}

#[test]
fn every_table_row_reads_back_in_order_in_both_languages() {
    let files = shared();
    for lang in Lang::ALL {
        let ch = chapter(lang);
        let mut all = Vec::new();
        let (mut tables, mut rows) = (0, 0);
        for s in &ch.sections {
            let want = expected(&ch, &s.parts);
            let name = format!("{lang}/{}.docx", s.id);
            let (t, r) = check_document(&name, file(files, lang, &s.id), &want, &[]);
            tables += t;
            rows += r;
            all.extend(want);
        }
        let gri: Vec<&str> = ch.gri.iter().map(|g| g.title.as_str()).collect();
        let name = format!("{lang}/chapter.docx");
        let (t, r) = check_document(&name, file(files, lang, "chapter"), &all, &gri);
        assert_eq!(t, all.len());
        assert!(t > 30 && r > 250, "{lang}: only {t} tables, {r} rows");
        // Shown with --nocapture: how much was compared.
        println!(
            "{lang}: {t} tables, {r} rows in chapter.docx; {tables} tables, {rows} rows in the section files"
        );
    }
}

#[test]
fn headers_span_and_repeat_figures_align_right_totals_are_bold_and_the_language_is_set() {
    let files = shared();
    for lang in Lang::ALL {
        let docx = file(files, lang, "chapter");
        let xml = part(docx, "word/document.xml");
        let ch = chapter(lang);
        let spanned = ch
            .tables
            .values()
            .filter(|t| t.header_rows.iter().flatten().any(|c| c.colspan > 1))
            .count();
        assert!(spanned > 5, "{lang}: {spanned} tables with spanners");
        assert!(xml.matches("<w:gridSpan w:val=").count() >= spanned);
        assert!(xml.contains("<w:vMerge w:val=\"restart\"/>") && xml.contains("<w:vMerge/>"));
        let styles = part(docx, "word/styles.xml");
        let doc = Document::parse(&styles).unwrap();
        let style = |id: &str| {
            doc.descendants()
                .find(|n| {
                    is(n, "style")
                        && n.attributes()
                            .any(|a| a.name() == "styleId" && a.value() == id)
                })
                .unwrap_or_else(|| panic!("no style {id}"))
        };
        let ppr = |id: &str| child(style(id), "pPr").unwrap();
        let rpr = |id: &str| child(style(id), "rPr").unwrap();
        assert_eq!(val(ppr("TableFigure"), "jc"), Some("right"));
        assert_eq!(val(ppr("TableTotalFigure"), "jc"), Some("right"));
        assert_eq!(val(rpr("TableTotal"), "b"), Some(""));
        assert_eq!(val(rpr("TableTotalFigure"), "b"), Some(""));
        for (id, name, level) in [
            ("Heading1", "heading 1", "0"),
            ("Heading2", "heading 2", "1"),
        ] {
            assert_eq!(val(style(id), "name"), Some(name));
            assert_eq!(val(ppr(id), "outlineLvl"), Some(level));
        }
        let tag = lang.bcp47();
        assert!(
            styles.contains(&format!("<w:lang w:val=\"{tag}\"")),
            "{styles}"
        );
        assert!(styles.contains("<w:rFonts w:ascii=\"DejaVu Sans\" w:hAnsi=\"DejaVu Sans\" w:cs=\"DejaVu Sans\" w:eastAsia=\"DejaVu Sans\"/>"));
        assert!(
            part(docx, "word/settings.xml")
                .contains(&format!("<w:themeFontLang w:val=\"{tag}\"/>"))
        );
        assert!(part(docx, "word/fontTable.xml").contains("<w:altName w:val=\"Arial\"/>"));
        assert!(xml.contains(" TOC \\o \"1-3\" \\h "));
        assert!(
            part(docx, "docProps/core.xml").contains(&format!("<dc:language>{tag}</dc:language>"))
        );
    }
}

#[test]
fn a_rebuild_gives_the_same_bytes() {
    let again = build();
    let first = shared();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        again.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in first {
        assert!(
            again[path] == *bytes,
            "{} differs on a rebuild",
            path.display()
        );
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(
        &first[Path::new("kk/chapter.docx")][..],
    ))
    .unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        assert_eq!(
            f.last_modified(),
            Some(zip::DateTime::default()),
            "{:?}",
            f.name()
        );
    }
}

#[test]
fn hostile_text_in_a_label_stays_text() {
    let p = common::Project::new();
    let hostile = r#"</w:t><w:b/>&amp; ]]> "q" 'a' <x>"#;
    p.edit(
        "data/people/headcount.yaml",
        "total_row: { label: { kk: \"Барлығы\"",
        &format!(
            "total_row: {{ label: {{ kk: '{}'",
            hostile.replace('\'', "''")
        ),
    );
    let o = p.run(&["build", "--format", "docx", "--out", "out"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    // A project made before Word output: the built-in styles, and a note saying so.
    assert!(
        common::stderr(&o).contains("built-in styles"),
        "{}",
        common::stderr(&o)
    );
    let docx = std::fs::read(p.dir.join("out/kk/people.docx")).unwrap();
    let xml = part(&docx, "word/document.xml");
    let read = tables(&xml);
    let labels: Vec<&str> = read
        .iter()
        .flat_map(|(_, rows)| rows)
        .map(|r| r.cells[0].text.as_str())
        .collect();
    assert!(labels.contains(&hostile), "{labels:?}");
    assert!(!xml.contains("<w:b/>&amp;amp;") && !xml.contains("<x>"));
}

/// LibreOffice opens each language's chapter and converts it to PDF; its text has every
/// figure of every table. A file LibreOffice cannot read, or reads as something else, fails.
#[test]
fn libreoffice_reads_each_chapter() {
    if !external::available("soffice", "--version", SOFFICE_HINT)
        || !external::available("pdftotext", "-v", external::PDFTOTEXT_HINT)
    {
        return;
    }
    let files = shared();
    let dir = common::temp_dir();
    std::thread::scope(|s| {
        for lang in Lang::ALL {
            let dir = dir.path();
            s.spawn(move || convert_and_read(files, lang, dir));
        }
    });
}

fn convert_and_read(files: &Files, lang: Lang, dir: &Path) {
    let work = dir.join(lang.code());
    std::fs::create_dir_all(&work).unwrap();
    let docx = work.join("chapter.docx");
    std::fs::write(&docx, file(files, lang, "chapter")).unwrap();
    // A profile of its own, so parallel conversions (and a user's LibreOffice) never clash.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        work.join("profile").display()
    );
    let started = std::time::Instant::now();
    let o = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&work)
        .arg(&docx)
        .output()
        .unwrap();
    let pdf = work.join("chapter.pdf");
    assert!(
        o.status.success() && pdf.exists(),
        "soffice failed on {lang}: {}{}",
        common::stdout(&o),
        common::stderr(&o)
    );
    println!(
        "{lang}: LibreOffice converted chapter.docx in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout)
        .unwrap()
        .replace('\u{a0}', " ");
    let ch = chapter(lang);
    let contents = match lang {
        Lang::Kk => "Мазмұны",
        Lang::Ru => "Содержание",
    };
    assert!(
        text.contains(contents),
        "{lang}: no contents in LibreOffice's PDF"
    );
    let mut checked = 0;
    for t in ch.tables.values() {
        for row in &t.rows {
            for cell in row.cells.iter().filter(|c| !c.is_empty()) {
                let figure = cell.replace('\u{a0}', " ");
                assert!(
                    text.contains(&figure),
                    "{lang}: `{figure}` of table `{}` is not in LibreOffice's PDF",
                    t.id
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{lang}: only {checked} figures checked");
    println!("{lang}: {checked} figures found in LibreOffice's PDF");
}
