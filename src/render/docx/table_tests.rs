use super::*;
use crate::render::docx::style;
use crate::view::HeaderCell;

fn header(text: &str, col: usize, colspan: usize, rowspan: usize) -> HeaderCell {
    HeaderCell {
        text: text.into(),
        col,
        colspan,
        rowspan,
    }
}

fn row(style: RowStyle, label: &str, cells: &[&str]) -> RowView {
    RowView {
        style,
        label: label.into(),
        cells: cells.iter().map(|c| (*c).to_owned()).collect(),
        marks: Vec::new(),
    }
}

/// Total | Under 30 (people, %), one group heading, a body row, a total row with a mark.
fn view() -> TableView {
    let mut total = row(RowStyle::Total, "Барлығы", &["4\u{a0}495", "694", "15,44"]);
    total.marks = vec![vec![], vec![3], vec![]];
    TableView {
        id: "age".into(),
        caption: "Age <script> & \"x\" ]]>".into(),
        gri: vec!["GRI 405-1".into()],
        stub: "Бөлімше".into(),
        header_rows: vec![
            vec![header("Total", 0, 1, 2), header("Under 30", 1, 2, 1)],
            vec![header("people", 1, 1, 1), header("%", 2, 1, 1)],
        ],
        flat_headers: vec![
            "Total".into(),
            "Under 30, people".into(),
            "Under 30, %".into(),
        ],
        rows: vec![
            row(RowStyle::Heading, "Group", &[]),
            row(RowStyle::Body, "Ақмола <b>ЖЭТ</b>", &["558", "83", "14,87"]),
            total,
        ],
        notes: vec!["* Note & <i>".into()],
        caption_marks: vec![],
    }
}

/// The body XML of `t` written alone, wrapped to parse.
fn written(t: &TableView) -> String {
    let xml = crate::render::docx::body::written(&[3], |body| write(body, t));
    format!(
        "<w:body xmlns:w=\"{}\" xmlns:r=\"{}\">{xml}</w:body>",
        super::super::xml::W,
        super::super::xml::R
    )
}

fn attr<'a>(n: roxmltree::Node<'a, 'a>, child: &str) -> Option<&'a str> {
    let c = n.children().find(|c| c.tag_name().name() == child)?;
    Some(
        c.attributes()
            .find(|a| a.name() == "val")
            .map_or("", |a| a.value()),
    )
}

/// A cell read back: text, gridSpan, vMerge, paragraph style.
type ReadCell = (String, Option<String>, Option<String>, String);

/// Each row's cells.
fn rows(xml: &str) -> Vec<Vec<ReadCell>> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let tr = doc.descendants().filter(|n| n.tag_name().name() == "tr");
    tr.map(|tr| {
        let tcs = tr.children().filter(|n| n.tag_name().name() == "tc");
        tcs.map(|tc| {
            let pr = tc
                .children()
                .find(|n| n.tag_name().name() == "tcPr")
                .unwrap();
            let p = tc
                .descendants()
                .find(|n| n.tag_name().name() == "pPr")
                .unwrap();
            let text: String = tc
                .descendants()
                .filter(|n| n.tag_name().name() == "t")
                .filter_map(|n| n.text())
                .collect();
            (
                text,
                attr(pr, "gridSpan").map(str::to_owned),
                attr(pr, "vMerge").map(str::to_owned),
                attr(p, "pStyle").unwrap_or_default().to_owned(),
            )
        })
        .collect()
    })
    .collect()
}

#[test]
fn spanned_headers_styles_of_rows_and_marks() {
    let xml = written(&view());
    let rows = rows(&xml);
    let cell = |t: &str, span: Option<&str>, merge: Option<&str>, style: &str| {
        (
            t.to_owned(),
            span.map(str::to_owned),
            merge.map(str::to_owned),
            style.to_owned(),
        )
    };
    let h = "TableHeader";
    assert_eq!(
        rows[0],
        [
            cell("Бөлімше", None, Some("restart"), h),
            cell("Total", None, Some("restart"), h),
            cell("Under 30", Some("2"), None, h),
        ]
    );
    assert_eq!(
        rows[1],
        [
            cell("", None, Some(""), h),
            cell("", None, Some(""), h),
            cell("people", None, None, h),
            cell("%", None, None, h),
        ]
    );
    assert_eq!(rows[2], [cell("Group", Some("4"), None, "TableGroup")]);
    assert_eq!(rows[3][1], cell("558", None, None, "TableFigure"));
    assert_eq!(rows[3][0].0, "Ақмола <b>ЖЭТ</b>");
    assert_eq!(rows[4][0], cell("Барлығы", None, None, "TableTotal"));
    assert_eq!(rows[4][2], cell("694³", None, None, "TableTotalFigure"));
    assert_eq!(xml.matches("<w:tblHeader/>").count(), 2);
    assert!(xml.contains("<w:hyperlink w:anchor=\"r_3\" w:history=\"1\"><w:r><w:rPr><w:rStyle w:val=\"FootnoteMark\"/></w:rPr><w:t xml:space=\"preserve\">³</w:t>"));
    assert!(
        xml.contains("<w:tblCaption w:val=\"Age &lt;script&gt; &amp; &quot;x&quot; ]]&gt;\"/>")
    );
    assert!(xml.contains("<w:pStyle w:val=\"Caption\"/><w:keepNext/>"));
    assert!(xml.contains("<w:t xml:space=\"preserve\"> (GRI\u{a0}405-1)</w:t>"));
    assert!(xml.contains("<w:pStyle w:val=\"TableNote\"/></w:pPr><w:r><w:t xml:space=\"preserve\">* Note &amp; &lt;i&gt;</w:t>"));
}

#[test]
fn widths_fill_the_text_width_and_a_wide_table_turns_the_page() {
    let look = style::built_in(&mut Default::default()).unwrap();
    let narrow = Layout::of(&view(), &look);
    assert_eq!(narrow.widths.iter().sum::<u32>(), look.text_width(false));
    assert!(!narrow.landscape && narrow.font.is_none());
    let mut wide = view();
    wide.header_rows = Vec::new();
    wide.flat_headers = (0..18).map(|i| format!("Column {i}")).collect();
    for r in &mut wide.rows {
        if r.style != RowStyle::Heading {
            r.cells = vec!["12\u{a0}345,67".into(); 18];
        }
    }
    let layout = Layout::of(&wide, &look);
    assert!(layout.landscape);
    assert_eq!(layout.widths.len(), 19);
    assert_eq!(layout.widths.iter().sum::<u32>(), look.text_width(true));
    let (face, scale) = layout.font.clone().unwrap();
    assert_eq!(face, "DejaVu Sans Condensed");
    assert!(scale <= 1.0);
    let xml = written(&wide);
    assert!(xml.contains("w:orient=\"landscape\""), "{xml}");
    assert!(xml.contains("<w:rFonts w:ascii=\"DejaVu Sans Condensed\""));
}

#[test]
fn a_chart_is_its_data_as_a_table() {
    use crate::chart::{ChartKind, ChartView, Point, Role, SeriesView};
    let view = ChartView {
        id: "c".into(),
        lang: crate::lang::Lang::Ru,
        kind: ChartKind::Donut,
        title: "Доля, %".into(),
        categories: vec!["Мужчины".into(), "Женщины".into()],
        series: vec![SeriesView {
            label: None,
            role: Role::Primary,
            points: vec![
                Point {
                    printed: "78,0".into(),
                    value: Some(78.0),
                },
                Point {
                    printed: "22,0".into(),
                    value: Some(22.0),
                },
            ],
        }],
        axis_format: crate::model::Format::Number,
        style: crate::locale::NumberStyle::new(
            crate::lang::Lang::Ru,
            crate::locale::default_percent_pattern(crate::lang::Lang::Ru),
        ),
    };
    let figure = ChartFigure {
        geometry: crate::chart::layout(&view),
        view,
    };
    let t = chart_table(&figure);
    assert_eq!(t.caption, "Доля, %");
    assert_eq!(t.stub, "Показатель");
    assert_eq!(t.flat_headers, ["Доля, %"]);
    assert_eq!(t.rows[1].cells, ["22,0"]);
}
