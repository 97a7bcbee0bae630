//! Unit tests of column sizing, the wide-table rule and table flowables.

use super::*;
use crate::render::pdf::columns::*;
use crate::render::pdf::fonts::Family;
use crate::view::{HeaderCell, RowView};

fn cell(text: &str, col: usize, colspan: usize, rowspan: usize) -> HeaderCell {
    HeaderCell {
        text: text.into(),
        col,
        colspan,
        rowspan,
    }
}

/// A table of `groups` spanners over (count, %) pairs, plus a total column.
fn wide(groups: usize) -> TableView {
    let mut top = vec![cell("Барлығы", 0, 1, 2)];
    let mut leaves = Vec::new();
    let mut flat = vec!["Барлығы".to_owned()];
    for g in 0..groups {
        top.push(cell(&format!("Топ {g}"), 1 + 2 * g, 2, 1));
        leaves.push(cell("адам", 1 + 2 * g, 1, 1));
        leaves.push(cell("%", 2 + 2 * g, 1, 1));
        flat.push(format!("Топ {g}, адам"));
        flat.push(format!("Топ {g}, %"));
    }
    let row = |label: &str, style| RowView {
        marks: Vec::new(),
        style,
        label: label.into(),
        cells: std::iter::once("4\u{a0}495".to_owned())
            .chain((0..groups).flat_map(|_| ["3\u{a0}386".to_owned(), "75,33".to_owned()]))
            .collect(),
    };
    TableView {
        caption_marks: Vec::new(),
        id: "wide".into(),
        caption: "Жұмыскерлердің ұлттық құрамы".into(),
        gri: vec!["GRI 405-1".into()],
        stub: "Бөлімше".into(),
        header_rows: vec![top, leaves],
        flat_headers: flat,
        rows: vec![
            row("Ақмола ЖЭТ", RowStyle::Body),
            RowView {
                marks: Vec::new(),
                style: RowStyle::Heading,
                label: "Өңірлер".into(),
                cells: vec![],
            },
            row("Атқарушы дирекция", RowStyle::Body),
            row("Барлығы", RowStyle::Total),
        ],
        notes: vec!["* Басқалары".into()],
    }
}

#[test]
fn the_grid_puts_the_label_column_first() {
    let (depth, grid) = header_grid(&wide(2));
    assert_eq!(depth, 2);
    let got: Vec<(usize, usize, usize, usize, &str)> = grid
        .iter()
        .map(|h| (h.level, h.col, h.colspan, h.rowspan, h.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (0, 0, 1, 2, "Бөлімше"),
            (0, 1, 1, 2, "Барлығы"),
            (0, 2, 2, 1, "Топ 0"),
            (0, 4, 2, 1, "Топ 1"),
            (1, 2, 1, 1, "адам"),
            (1, 3, 1, 1, "%"),
            (1, 4, 1, 1, "адам"),
            (1, 5, 1, 1, "%"),
        ]
    );
}

#[test]
fn bounds_come_from_figures_headers_and_spanners() {
    let t = wide(1);
    let st = steps(&Style::default())[0];
    let b = column_bounds(&t, &st, 480.0);
    let pad2 = 2.0 * st.pad_x();
    let figure = measure::width(Face::SansBold, st.size, "3\u{a0}386");
    // The `адам` column: its widest figure is the bold total.
    assert!((b.min[2] - (figure + pad2)).abs() < 1e-3, "{b:?}");
    // The label column: at least STUB_SHARE of the width, or its longest label.
    let label = measure::width(Face::Sans, st.size, "Атқарушы дирекция") + pad2;
    assert!(
        (b.min[0] - label.min(480.0 * STUB_SHARE)).abs() < 1e-3,
        "{b:?}"
    );
    for c in 0..b.min.len() {
        assert!(
            b.max[c] >= b.compact[c] && b.compact[c] >= b.min[c],
            "{b:?}"
        );
    }
    // `Атқарушы дирекция` is one line in the label column's preference.
    assert!((b.max[0] - label).abs() < 1e-3, "{b:?}");
    // A spanner wider than its columns widens them equally.
    let mut t = wide(1);
    t.header_rows[0][1].text = "Өте ұзақ топ атауы".into();
    let b2 = column_bounds(&t, &st, 480.0);
    let need = measure::min_width(Face::Sans, st.size, "Өте ұзақ топ атауы") + pad2;
    assert!(b2.min[2] + b2.min[3] >= need - 1e-3);
}

#[test]
fn sizes_columns_to_fill_the_width() {
    let b = |min: &[f32], compact: &[f32], max: &[f32]| Bounds {
        min: min.to_vec(),
        compact: compact.to_vec(),
        max: max.to_vec(),
        figures: vec![0.0; min.len()],
    };
    let (lo, wish) = ([10.0, 10.0, 10.0], [50.0, 20.0, 40.0]);
    let cases: &[(Bounds, f32, Option<&[f32]>)] = &[
        // Room for everything: figure columns even out at the widest, the label takes the rest.
        (b(&lo, &wish, &wish), 200.0, Some(&[120.0, 40.0, 40.0])),
        // Room to even out only partly: the narrow column rises to 30.
        (
            b(&lo, &[100.0, 20.0, 40.0], &[100.0, 20.0, 40.0]),
            170.0,
            Some(&[100.0, 30.0, 40.0]),
        ),
        // Less than preferred: minimum plus a share of what is left (7/8 of the wish).
        (b(&lo, &wish, &wish), 100.0, Some(&[45.0, 18.75, 36.25])),
        // Exactly the minimums.
        (b(&lo, &wish, &wish), 30.0, Some(&lo)),
        // Too narrow.
        (b(&lo, &wish, &wish), 29.0, None),
        // One-line headers when they fit, else the compact (two-line) ones.
        (
            b(&lo, &[30.0, 20.0, 20.0], &[30.0, 60.0, 60.0]),
            200.0,
            Some(&[80.0, 60.0, 60.0]),
        ),
        (
            b(&lo, &[30.0, 20.0, 20.0], &[30.0, 60.0, 60.0]),
            120.0,
            Some(&[80.0, 20.0, 20.0]),
        ),
    ];
    for (bounds, avail, want) in cases {
        let got = size_columns(bounds, *avail);
        match (got, want) {
            (None, None) => {}
            (Some(g), Some(w)) => {
                assert_eq!(g.len(), w.len());
                for (x, y) in g.iter().zip(w.iter()) {
                    assert!((x - y).abs() < 1e-2, "{avail}: {g:?} != {w:?}");
                }
                assert!((g.iter().sum::<f32>() - avail).abs() < 1e-2);
            }
            (g, w) => panic!("{avail}: {g:?} != {w:?}"),
        }
    }
}

#[test]
fn the_wide_table_rule_steps_through_faces_sizes_and_orientation() {
    let sans = |size, landscape| (Family::Sans, size, landscape);
    let cond = |size, landscape| (Family::Condensed, size, landscape);
    // (spanner groups: figure columns = 2 × groups + 1, the style chosen, last resort?)
    let cases = [
        (1, sans(8.0, false), false),
        (5, sans(8.0, false), false),
        (6, cond(8.0, false), false),
        (7, cond(7.0, false), false),
        (8, cond(6.5, false), false),
        (9, cond(8.0, true), false),
        (11, cond(7.0, true), false),
        (13, cond(6.5, true), false),
        (14, cond(6.5, true), true),
    ];
    for (groups, want, last_resort) in cases {
        let mut t = wide(groups);
        if groups == 14 {
            // Long spanner titles: the minimums no longer fit, the figures still do.
            for (g, cell) in t.header_rows[0].iter_mut().skip(1).enumerate() {
                cell.text = format!("Ұзақ топ атауы {g}");
            }
        }
        let choice = choose(&t, &Style::default()).unwrap();
        let st = choice.style;
        assert_eq!((st.family, st.size, st.landscape), want, "{groups} groups");
        let avail = choice.style.geometry().content_width();
        assert!(
            (choice.widths.iter().sum::<f32>() - avail).abs() < 0.05,
            "{groups}: the table fills the width exactly"
        );
        let b = column_bounds(&t, &choice.style, avail);
        assert_eq!(size_columns(&b, avail).is_none(), last_resort, "{groups}");
        let below_min = choice.widths.iter().zip(&b.min).any(|(w, m)| *w < m - 1e-3);
        assert_eq!(below_min, last_resort, "{groups}");
        for (w, f) in choice.widths.iter().zip(&b.figures) {
            assert!(
                *w >= f - 1e-3,
                "{groups}: a figure column narrower than its figures"
            );
        }
    }
    // Figures that do not fit even a landscape page: an error naming the table.
    let err = choose(&wide(40), &Style::default()).unwrap_err();
    assert!(
        err.starts_with("table `wide` is too wide for the PDF: its 81 figure columns need"),
        "{err}"
    );
}

#[test]
fn keeps_the_caption_with_the_header_and_two_rows_and_repeats_the_header() {
    let t = wide(2);
    let f = flowable(&t, Lang::Ru, &Style::default()).unwrap();
    let caption_lines = 1;
    assert_eq!(f.min_first, caption_lines + 1 + 2);
    assert_eq!(f.min_last, 2 + 1, "two rows and the note line");
    assert!(f.chunks[0].keep_with_next && f.chunks[1].keep_with_next);
    let label = match &f.continuation[0].marks[0] {
        Mark::Text(m) => m.text.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(label, "Продолжение таблицы");
    assert_eq!(
        f.continuation[1].marks, f.chunks[1].marks,
        "the same header"
    );
    // The heading row keeps with the row under it.
    assert!(f.chunks[3].keep_with_next);
}

/// The text marks of laid-out pages, page by page.
fn page_texts(pages: &[crate::render::pdf::layout::Page]) -> Vec<Vec<String>> {
    pages
        .iter()
        .map(|p| {
            p.marks
                .iter()
                .filter_map(|m| match m {
                    Mark::Text(t) => Some(t.text.clone()),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// Each figure of `t` appears whole, as one text mark, once per row that has it.
fn assert_every_figure_whole(t: &TableView, texts: &[Vec<String>]) {
    let all: Vec<&String> = texts.iter().flatten().collect();
    for figure in t.rows.iter().flat_map(|r| &r.cells) {
        let want = t
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| *c == figure)
            .count();
        let got = all.iter().filter(|m| **m == figure).count();
        assert_eq!(got, want, "{figure:?} whole on one line, once per cell");
    }
}

#[test]
fn a_row_taller_than_a_page_continues_on_the_next_pages() {
    for groups in [1, 9] {
        let mut t = wide(groups);
        // About 3,900 or 10,800 characters: taller than a page in the label column.
        let words: Vec<String> = (0..if groups == 1 { 1500 } else { 600 })
            .map(|i| format!("сөз{i}"))
            .collect();
        t.rows[0].label = words.join(" ");
        let pages = crate::render::pdf::table_pages(&t, Lang::Kk, &Style::default()).unwrap();
        let faults = crate::render::pdf::geometry_faults(&pages);
        assert!(faults.is_empty(), "{groups}: {}", faults.join("\n"));
        let texts = page_texts(&pages);
        // Every word of the label, in order.
        let got: Vec<&str> = texts
            .iter()
            .flatten()
            .flat_map(|m| m.split(' '))
            .filter(|w| w.starts_with("сөз"))
            .collect();
        assert_eq!(got, words, "{groups}");
        assert!(pages.len() >= 2, "{groups}");
        assert_every_figure_whole(&t, &texts);
        // The row's figures stand on its first line, on the first page.
        let first = pages[0]
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text(t) => Some(t),
                _ => None,
            })
            .collect::<Vec<_>>();
        let start = first.iter().find(|m| m.text.starts_with("сөз0 ")).unwrap();
        assert!(
            first
                .iter()
                .any(|m| m.text == "4\u{a0}495" && (m.baseline - start.baseline).abs() < 0.01),
            "{groups}"
        );
        // Under text, the table starts where it is placed; it does not leave the rest of
        // the page empty because its first row is long.
        let f = flowable(&t, Lang::Kk, &Style::default()).unwrap();
        let text = crate::render::pdf::flow::Flowable::new(
            f.geometry,
            vec![crate::render::pdf::layout::Chunk {
                height: 200.0,
                ..Default::default()
            }],
        );
        let mut flow = crate::render::pdf::flow::Flow::new();
        let starts = flow.place_all(&[text, f]);
        assert_eq!(starts, [0, 0], "{groups}");
    }
}

#[test]
fn an_overlong_word_never_squeezes_figures_and_breaks_with_a_hyphen() {
    // Capitals that appear nowhere else in the table.
    let word = "ҒҰҮӘ".repeat(30);
    let ours = |m: &String| m.contains(['Ғ', 'Ұ', 'Ү', 'Ә']);
    for (groups, in_label) in [(1, true), (9, true), (13, true), (1, false), (9, false)] {
        let mut t = wide(groups);
        if in_label {
            t.rows[0].label = word.clone();
        } else {
            t.header_rows[1][0].text = word.clone();
        }
        let choice = choose(&t, &Style::default()).unwrap();
        let b = column_bounds(&t, &choice.style, choice.style.geometry().content_width());
        for (c, w) in choice.widths.iter().enumerate().skip(1) {
            assert!(
                *w >= b.figures[c] - 1e-3,
                "{groups}: column {c} {w} < {b:?}"
            );
        }
        let pages = crate::render::pdf::table_pages(&t, Lang::Kk, &Style::default()).unwrap();
        let faults = crate::render::pdf::geometry_faults(&pages);
        assert!(faults.is_empty(), "{groups}: {}", faults.join("\n"));
        let texts = page_texts(&pages);
        assert_every_figure_whole(&t, &texts);
        // All the letters, in order; every cut ends its line with a hyphen.
        let pieces: Vec<&String> = texts[0].iter().filter(|m| ours(m)).collect();
        let (last, init) = pieces.split_last().unwrap();
        let mut letters: String = init
            .iter()
            .map(|p| p.strip_suffix('-').expect("a hyphen at the cut"))
            .collect();
        letters.push_str(last);
        assert_eq!(letters, word, "{groups} {in_label}");
    }
}
